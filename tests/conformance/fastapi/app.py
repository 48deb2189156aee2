"""FastAPI twin of the axumgen conformance contract (see README.md beside this file).

The spec it mirrors:

    models:
      User: { fields: { name: { type: string, min_length: 1 }, email: email } }
      NewTask:
        fields:
          title: { type: string, min_length: 1, max_length: 100 }
          done: { type: bool, default: false }
          priority: { type: string, enum: [low, normal, high], default: normal }
          tags: { type: "[string]", max_items: 5, default: [] }
          estimate: { type: "f64?", ge: 0 }
          due: "date-time?"
          owner: "User?"
          labels: { type: "{string: string}", default: {} }
          id_hint: { type: "uuid?" }
          start: { type: "date?" }
          count: { type: "u32?", le: 1000 }
    endpoints:
      - POST /tasks  body NewTask, answers 201 with {"ok": true}
      - GET /tasks   query: limit: { type: "u32?", ge: 1, le: 100 }; flag: "bool?"
      - GET /tasks/{task_id}  path: task_id: u64
      - PUT /tasks/{task_id}  path task_id: u64 and body NewTask

and the union part of the contract:

    models:
      Cat: { fields: { pet_type: { type: string, enum: [cat] }, meows: i64 } }
      Dog: { fields: { pet_type: { type: string, enum: [dog] }, barks: f64 } }
      Pet: { one_of: [Cat, Dog], discriminator: pet_type }
      IdOrName: { one_of: [i64, string] }
      NamesOrName: { one_of: ["[string]", string] }
      CatOrFlag: { one_of: [Cat, bool] }
      Zoo:
        fields:
          pet: Pet
          pets: { type: "[Pet]", default: [] }
          id: IdOrName
          names: "NamesOrName?"
          cat_or_flag: "CatOrFlag?"
          counts: { type: "{string: IdOrName}", default: {} }
    endpoints:
      - POST /zoo  body Zoo, answers 201 with {"ok": true}

and the part on choosing between model members of a plain union:

    models:
      A: { fields: { x: i64, y: "string?" } }
      B: { fields: { x: i64, z: bool } }
      C: { fields: { name: string } }
      AOrB: { one_of: [A, B] }
      BOrA: { one_of: [B, A] }
      AOrC: { one_of: [A, C] }
      AOrStr: { one_of: [A, string] }
      Shapes:
        fields:
          ab: AOrB
          ba: BOrA
          ac: "AOrC?"
          a_or_str: { type: AOrStr, default: none }
    endpoints:
      - POST /shapes  body Shapes, answers 201 with {"ok": true}

Type mapping: u32 -> int with ge=0, le=2**32-1, narrowed by the spec's own bounds (the tighter
bound wins); u64 -> int with ge=0, le=2**64-1; `T?` -> Optional[T] = None; string enum ->
Literal; max_items -> Field(max_length); i64 -> int with ge=-2**63, le=2**63-1; f64 -> float;
`one_of` with a discriminator -> Annotated[Union[...], Field(discriminator=...)]; `one_of` without
one -> a plain Union in the spec's member order. FastAPI defaults everywhere else: no custom
exception handlers, no middleware.

One route is outside the contract: GET /probe/{task_id}?limit=..., which exists only so that the
recording can show the order of path vs query errors (no contract endpoint has both).

The handlers answer the contract's {"ok": true}; what Pydantic parsed is kept in
`app.state.last_parsed` so record.py can note the coerced values (never sent over the wire).
"""

from datetime import date, datetime
from typing import Annotated, Literal, Optional, Union
from uuid import UUID

from fastapi import FastAPI, Path, Query
from pydantic import BaseModel, ConfigDict, EmailStr, Field

U32_MAX = 2**32 - 1
U64_MAX = 2**64 - 1

# i64: a bounded int, like u32/u64 above
I64 = Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]


class User(BaseModel):
    name: Annotated[str, Field(min_length=1)]
    email: EmailStr


class NewTask(BaseModel):
    title: Annotated[str, Field(min_length=1, max_length=100)]
    done: bool = False
    priority: Literal["low", "normal", "high"] = "normal"
    tags: Annotated[list[str], Field(max_length=5)] = []
    estimate: Optional[Annotated[float, Field(ge=0)]] = None
    due: Optional[datetime] = None
    owner: Optional[User] = None
    labels: dict[str, str] = {}
    id_hint: Optional[UUID] = None
    start: Optional[date] = None
    # u32 (ge=0, le=4294967295) narrowed by the spec's le: 1000
    count: Optional[Annotated[int, Field(ge=0, le=1000)]] = None


class Counter(BaseModel):
    n: int


class StrictTask(BaseModel):
    """`strict: true` in the spec: Pydantic's strict mode, JSON types only."""

    model_config = ConfigDict(strict=True)
    title: str = ""
    done: bool = False
    priority: Literal["low", "normal", "high"] = "normal"
    # u32 (ge=0, le=4294967295)
    count: Optional[Annotated[int, Field(ge=0, le=U32_MAX)]] = None
    estimate: Optional[float] = None
    due: Optional[datetime] = None
    start: Optional[date] = None
    id_hint: Optional[UUID] = None
    email: Optional[EmailStr] = None
    tags: list[int] = []
    labels: dict[str, bool] = {}
    counter: Optional[Counter] = None


# Cat: { fields: { pet_type: { type: string, enum: [cat] }, meows: i64 } }
class Cat(BaseModel):
    pet_type: Literal["cat"]  # pet_type: { type: string, enum: [cat] }
    meows: I64  # meows: i64


# Dog: { fields: { pet_type: { type: string, enum: [dog] }, barks: f64 } }
class Dog(BaseModel):
    pet_type: Literal["dog"]  # pet_type: { type: string, enum: [dog] }
    barks: float  # barks: f64


# Pet: { one_of: [Cat, Dog], discriminator: pet_type }
Pet = Annotated[Union[Cat, Dog], Field(discriminator="pet_type")]
# IdOrName: { one_of: [i64, string] }
IdOrName = Union[I64, str]
# NamesOrName: { one_of: ["[string]", string] }
NamesOrName = Union[list[str], str]
# CatOrFlag: { one_of: [Cat, bool] }
CatOrFlag = Union[Cat, bool]


class Zoo(BaseModel):
    pet: Pet  # pet: Pet
    pets: list[Pet] = []  # pets: { type: "[Pet]", default: [] }
    id: IdOrName  # id: IdOrName
    names: Optional[NamesOrName] = None  # names: "NamesOrName?"
    cat_or_flag: Optional[CatOrFlag] = None  # cat_or_flag: "CatOrFlag?"
    counts: dict[str, IdOrName] = {}  # counts: { type: "{string: IdOrName}", default: {} }


# A: { fields: { x: i64, y: "string?" } }
class A(BaseModel):
    x: I64  # x: i64
    y: Optional[str] = None  # y: "string?"


# B: { fields: { x: i64, z: bool } }
class B(BaseModel):
    x: I64  # x: i64
    z: bool  # z: bool


# C: { fields: { name: string } }
class C(BaseModel):
    name: str  # name: string


# AOrB: { one_of: [A, B] }
AOrB = Union[A, B]
# BOrA: { one_of: [B, A] }
BOrA = Union[B, A]
# AOrC: { one_of: [A, C] }
AOrC = Union[A, C]
# AOrStr: { one_of: [A, string] }
AOrStr = Union[A, str]


class Shapes(BaseModel):
    ab: AOrB  # ab: AOrB
    ba: BOrA  # ba: BOrA
    ac: Optional[AOrC] = None  # ac: "AOrC?"
    a_or_str: AOrStr = "none"  # a_or_str: { type: AOrStr, default: none }


app = FastAPI()
app.state.last_parsed = None


def _keep(value):
    app.state.last_parsed = value
    return {"ok": True}


@app.post("/tasks", status_code=201)
def create_task(task: NewTask):
    return _keep({"task": task.model_dump(mode="json")})


@app.get("/tasks")
def list_tasks(
    # u32 (ge=0, le=4294967295) narrowed by the spec's ge: 1, le: 100
    limit: Annotated[Optional[int], Query(ge=1, le=100)] = None,
    flag: Annotated[Optional[bool], Query()] = None,
):
    return _keep({"limit": limit, "flag": flag})


# GET /search  query:
#   need: "[u32]"
#   tag: { type: "[string]", max_items: 3, default: [] }
#   ids: "[i64]?"
#   pair: { type: "[f64]?", min_items: 2 }
#   page: { type: u32, ge: 1, default: 1 }
#   order: { type: string, enum: [asc, desc], default: desc }
# A list (`[T]`) is a parameter given once per item (`?need=1&need=2`); `default` is the value
# when the parameter is absent. Keyword-only, so that a required parameter may follow one with
# a default, as in a spec.
@app.get("/search")
def search(
    *,
    need: Annotated[list[Annotated[int, Field(ge=0, le=U32_MAX)]], Query()],
    tag: Annotated[list[str], Query(max_length=3)] = [],
    ids: Annotated[Optional[list[I64]], Query()] = None,
    pair: Annotated[Optional[list[float]], Query(min_length=2)] = None,
    # u32 (ge=0, le=4294967295) narrowed by the spec's ge: 1
    page: Annotated[int, Query(ge=1, le=U32_MAX)] = 1,
    order: Annotated[Literal["asc", "desc"], Query()] = "desc",
):
    return _keep(
        {"need": need, "tag": tag, "ids": ids, "pair": pair, "page": page, "order": order}
    )


@app.get("/tasks/{task_id}")
def get_task(task_id: Annotated[int, Path(ge=0, le=U64_MAX)]):
    return _keep({"task_id": task_id})


@app.put("/tasks/{task_id}")
def put_task(task_id: Annotated[int, Path(ge=0, le=U64_MAX)], task: NewTask):
    return _keep({"task_id": task_id, "task": task.model_dump(mode="json")})


@app.post("/strict", status_code=201)
def create_strict(task: StrictTask):
    return _keep({"task": task.model_dump(mode="json")})


# POST /zoo  body Zoo, answers 201 with {"ok": true}
@app.post("/zoo", status_code=201)
def create_zoo(zoo: Zoo):
    return _keep({"zoo": zoo.model_dump(mode="json")})


# POST /shapes  body Shapes, answers 201 with {"ok": true}
@app.post("/shapes", status_code=201)
def create_shapes(shapes: Shapes):
    return _keep({"shapes": shapes.model_dump(mode="json")})


# Outside the contract: only to record the order of path vs query errors.
@app.get("/probe/{task_id}")
def probe(
    task_id: Annotated[int, Path(ge=0, le=U64_MAX)],
    limit: Annotated[Optional[int], Query(ge=1, le=100)] = None,
):
    return _keep({"task_id": task_id, "limit": limit})
