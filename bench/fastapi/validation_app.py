"""POST /tasks of tests/valid/typed-models.yaml in FastAPI, for bench/validation: the NewTask
model with its constraints (as in tests/conformance/fastapi/app.py, less the fields that spec
does not have), answered with the spec's example Task in a 201, or FastAPI's own 422.

With the spec's middleware, outermost first: CORS, timing (X-Process-Time), a set header
(X-Handled-By) and gzip over 200 bytes. FastAPI runs the last added middleware first, so they
are added innermost first. STACK=off leaves them out.

Run: uvicorn validation_app:app --port 8000 (from this directory).
"""

import os
import time
from datetime import datetime
from typing import Annotated, Literal, Optional

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from pydantic import BaseModel, Field


class NewTask(BaseModel):
    title: Annotated[str, Field(min_length=1, max_length=100)]
    done: bool = False
    priority: Literal["low", "normal", "high"] = "normal"
    tags: Annotated[list[str], Field(max_length=5)] = []
    estimate: Optional[Annotated[float, Field(ge=0)]] = None
    due: Optional[datetime] = None


class User(BaseModel):
    name: Annotated[str, Field(min_length=1)]
    # `email` in the spec: a plain string here, so the benchmark needs no email-validator; the
    # response is the same example either way.
    email: str


class Task(BaseModel):
    id: int
    title: str
    owner: User
    labels: dict[str, str]


app = FastAPI()


@app.post("/tasks", status_code=201)
def create_task(task: NewTask) -> Task:
    return Task(id=3, title="Write docs", owner=User(name="Ada", email="ada@example.com"), labels={})


if os.environ.get("STACK") != "off":
    app.add_middleware(GZipMiddleware, minimum_size=200)

    @app.middleware("http")
    async def set_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["X-Handled-By"] = "typed-models"
        return response

    @app.middleware("http")
    async def timing(request: Request, call_next):
        start = time.perf_counter()
        response = await call_next(request)
        response.headers["X-Process-Time"] = f"{(time.perf_counter() - start) * 1000:.3f}"
        return response

    app.add_middleware(
        CORSMiddleware,
        allow_origins=["https://app.example.com"],
        allow_methods=["*"],
        allow_headers=["Content-Type"],
        max_age=600,
    )
