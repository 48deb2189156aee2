"""The benchmark service in FastAPI, with the seeds' middleware: TrustedHost, CORS, GZip, and
`@app.middleware("http")` functions for timing, marker headers and the bearer token.

FastAPI runs the last added middleware first, so they are added innermost first, giving the
same order as bench/service.yaml: trusted host, CORS, timing, gzip, headers, bearer.
The routes are in routes.py.

Run: TASKS_API_TOKEN=... TASKS_JSON=... uvicorn app:app --port 8000 (from this directory).
"""

import os
import time

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.middleware.trustedhost import TrustedHostMiddleware
from fastapi.responses import JSONResponse

from routes import router

TOKEN = os.environ["TASKS_API_TOKEN"]
PUBLIC = {"/", "/ping", "/openapi.json", "/tasks/all"}

app = FastAPI()
app.include_router(router)


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
