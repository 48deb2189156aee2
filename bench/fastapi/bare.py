"""The same two routes in FastAPI with no middleware at all: the ceiling for FastAPI, so the
cost of the seeds' stack in app.py can be read off (bench/server's "FastAPI, no middleware").

Run: TASKS_JSON=... uvicorn bare:app --port 8000 (from this directory).
"""

import os
import pathlib

from fastapi import FastAPI
from fastapi.responses import Response

TASKS = pathlib.Path(os.environ["TASKS_JSON"]).read_bytes()

app = FastAPI()


@app.get("/ping")
async def ping():
    return {"ok": True}


@app.get("/tasks/all")
async def all_tasks():
    return Response(content=TASKS, media_type="application/json")
