"""The benchmark routes, shared by app.py (with the seeds' middleware) and bare.py (without).

`GET /tasks/all` sends the bytes of the JSON file named by TASKS_JSON (read once at start-up),
the same bytes as the generated server, so the comparison measures the stack, not JSON encoding.
"""

import os
import pathlib

from fastapi import APIRouter
from fastapi.responses import Response

TASKS = pathlib.Path(os.environ["TASKS_JSON"]).read_bytes()

router = APIRouter()


@router.get("/ping")
async def ping():
    return {"ok": True}


@router.get("/tasks/all")
async def all_tasks():
    return Response(content=TASKS, media_type="application/json")


@router.get("/tasks/{task_id}")
async def get_task(task_id: int):
    return {"id": task_id, "title": "Write docs", "done": False}
