"""The benchmark service in FastAPI, with the seeds' middleware: TrustedHost, CORS, GZip, and
`@app.middleware("http")` functions for timing, marker headers and the bearer token.

FastAPI runs the last added middleware first, so they are added innermost first, giving the
same order as bench/service.yaml: trusted host, CORS, timing, gzip, headers, bearer.
`GET /tasks/all` sends the bytes of the JSON file named by TASKS_JSON (read once at start-up),
the same bytes as the generated server, so the comparison measures the stack, not JSON encoding.

Run: TASKS_API_TOKEN=... TASKS_JSON=... uvicorn app:app --port 8000 (from this directory).
"""

import os
import pathlib
import time

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.middleware.trustedhost import TrustedHostMiddleware
from fastapi.responses import JSONResponse, Response

TOKEN = os.environ["TASKS_API_TOKEN"]
TASKS = pathlib.Path(os.environ["TASKS_JSON"]).read_bytes()
PUBLIC = {"/", "/ping", "/openapi.json", "/tasks/all"}

app = FastAPI()


@app.get("/ping")
async def ping():
    return {"ok": True}


@app.get("/tasks/all")
async def all_tasks():
    return Response(content=TASKS, media_type="application/json")


@app.get("/tasks/{task_id}")
async def get_task(task_id: int):
    return {"id": task_id, "title": "Write docs", "done": False}


@app.middleware("http")
async def bearer(request: Request, call_next):
    if request.url.path not in PUBLIC and request.headers.get("authorization") != f"Bearer {TOKEN}":
        return JSONResponse({"error": "missing token"}, status_code=401, headers={"WWW-Authenticate": "Bearer"})
    return await call_next(request)


@app.middleware("http")
async def marker(request: Request, call_next):
    response = await call_next(request)
    response.headers["X-Handled-By"] = "datatweets"
    response.headers["X-App-Version"] = "2.1"
    return response


app.add_middleware(GZipMiddleware, minimum_size=1000)


@app.middleware("http")
async def timing(request: Request, call_next):
    start = time.perf_counter()
    response = await call_next(request)
    response.headers["X-Process-Time"] = f"{(time.perf_counter() - start) * 1000:.3f}"
    return response


app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://datatweets.com", "http://localhost:3000"],
    allow_origin_regex=r"https://[a-z0-9-]+\.datatweets\.com",
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["Authorization", "Content-Type"],
    expose_headers=["X-Process-Time"],
    max_age=600,
)
app.add_middleware(TrustedHostMiddleware, allowed_hosts=["localhost", "127.0.0.1", "example.com", "*.example.com"])
