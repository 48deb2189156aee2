"""The benchmark routes in FastAPI with no middleware at all: the ceiling for FastAPI, so the
cost of the seeds' stack in app.py can be read off (bench/server's "FastAPI, no middleware").

Run: TASKS_JSON=... uvicorn bare:app --port 8000 (from this directory).
"""

from fastapi import FastAPI

from routes import router

app = FastAPI()
app.include_router(router)
