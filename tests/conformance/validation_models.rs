//! What axumgen would generate for the conformance contract of `fastapi/app.py` (see
//! `fastapi/README.md`), written by hand: the models `User` and `NewTask` (fields in the
//! spec's order), the path and query types of the four endpoints, their handlers (all answer
//! `{"ok": true}`, 201 for `POST`) and the router. It uses only the validation runtime, found
//! at `crate::validation` (`templates/src/validation/`).
//!
//! ```yaml
//! models:
//!   User: { fields: { name: { type: string, min_length: 1 }, email: email } }
//!   NewTask:
//!     fields:
//!       title: { type: string, min_length: 1, max_length: 100 }
//!       done: { type: bool, default: false }
//!       priority: { type: string, enum: [low, normal, high], default: normal }
//!       tags: { type: "[string]", max_items: 5, default: [] }
//!       estimate: { type: "f64?", ge: 0 }
//!       due: "date-time?"
//!       owner: "User?"
//!       labels: { type: "{string: string}", default: {} }
//!       id_hint: { type: "uuid?" }
//!       start: { type: "date?" }
//!       count: { type: "u32?", le: 1000 }
//!   Counter: { fields: { n: i64 } }
//!   StrictTask:
//!     strict: true
//!     fields:
//!       title: { type: string, default: "" }
//!       done: { type: bool, default: false }
//!       priority: { type: string, enum: [low, normal, high], default: normal }
//!       count: "u32?"
//!       estimate: "f64?"
//!       due: "date-time?"
//!       start: "date?"
//!       id_hint: "uuid?"
//!       email: "email?"
//!       tags: { type: "[i64]", default: [] }
//!       labels: { type: "{string: bool}", default: {} }
//!       counter: "Counter?"
//! endpoints:
//!   - POST /tasks  body NewTask, answers 201 with {"ok": true}
//!   - GET /tasks   query: limit: { type: "u32?", ge: 1, le: 100 }; flag: "bool?"
//!   - GET /tasks/{task_id}  path: task_id: u64
//!   - PUT /tasks/{task_id}  path task_id: u64 and body NewTask
//!   - POST /strict  body StrictTask, answers 201 with {"ok": true}
//!   - POST /zoo  body Zoo (the unions of `fastapi/README.md`), answers 201 with {"ok": true}
//!   - POST /shapes  body Shapes (unions of several models), answers 201 with {"ok": true}
//!   - GET /search  query (lists and defaults; `SearchQuery` is what axumgen generates for
//!     `search` in `tests/valid/typed-models.yaml`):
//!       need: "[u32]"
//!       tag: { type: "[string]", max_items: 3, default: [] }
//!       ids: "[i64]?"
//!       pair: { type: "[f64]?", min_items: 2 }
//!       page: { type: u32, ge: 1, default: 1 }
//!       order: { type: string, enum: [asc, desc], default: desc }
//! ```

use crate::validation::{
    Bool, Choice, Date, DateTime, DateTimeV, DateV, Email, Errors, Fields, Float, FromInput,
    FromParams, Int, List, Loc, Map, Model, Params, Str, Strict, Uuid, UuidV, Valid, Value,
    method_not_allowed, not_found,
};
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use std::collections::BTreeMap;

/// `User`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct User {
    pub name: String,
    pub email: String,
}

impl FromInput for User {
    fn from_input(input: &Value, loc: &Loc<'_>, errors: &mut Errors) -> Option<Self> {
        let mut fields = Fields::new(input, loc, errors)?;
        let name = fields.required("name", &Str::new().min_length(1));
        let email = fields.required("email", &Email);
        Some(User {
            name: name?,
            email: email?,
        })
    }
}

/// `NewTask`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NewTask {
    pub title: String,
    pub done: bool,
    pub priority: String,
    pub tags: Vec<String>,
    pub estimate: Option<f64>,
    pub due: Option<DateTime>,
    pub owner: Option<User>,
    pub labels: BTreeMap<String, String>,
    pub id_hint: Option<Uuid>,
    pub start: Option<Date>,
    pub count: Option<u32>,
}

impl FromInput for NewTask {
    fn from_input(input: &Value, loc: &Loc<'_>, errors: &mut Errors) -> Option<Self> {
        let mut fields = Fields::new(input, loc, errors)?;
        let title = fields.required("title", &Str::new().min_length(1).max_length(100));
        let done = fields.with_default("done", &Bool, || false);
        let priority =
            fields.with_default("priority", &Choice::new(&["low", "normal", "high"]), || {
                "normal".to_string()
            });
        let tags = fields.with_default("tags", &List::new(Str::new()).max_items(5), Vec::new);
        let estimate = fields.optional("estimate", &Float::new().ge(0.0));
        let due = fields.optional("due", &DateTimeV);
        let owner = fields.optional("owner", &Model::<User>::new());
        let labels = fields.with_default("labels", &Map::new(Str::new()), BTreeMap::new);
        let id_hint = fields.optional("id_hint", &UuidV);
        let start = fields.optional("start", &DateV);
        let count = fields.optional("count", &Int::<u32>::new().le(1000));
        Some(NewTask {
            title: title?,
            done: done?,
            priority: priority?,
            tags: tags?,
            estimate: estimate?,
            due: due?,
            owner: owner?,
            labels: labels?,
            id_hint: id_hint?,
            start: start?,
            count: count?,
        })
    }
}

/// `Counter`: lax (a model nested in a strict one keeps its own mode).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Counter {
    pub n: i64,
}

impl FromInput for Counter {
    fn from_input(input: &Value, loc: &Loc<'_>, errors: &mut Errors) -> Option<Self> {
        let mut fields = Fields::new(input, loc, errors)?;
        let n = fields.required("n", &Int::<i64>::new());
        Some(Counter { n: n? })
    }
}

/// `StrictTask` (`strict: true`): JSON types only.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StrictTask {
    pub title: String,
    pub done: bool,
    pub priority: String,
    pub count: Option<u32>,
    pub estimate: Option<f64>,
    pub due: Option<DateTime>,
    pub start: Option<Date>,
    pub id_hint: Option<Uuid>,
    pub email: Option<String>,
    pub tags: Vec<i64>,
    pub labels: BTreeMap<String, bool>,
    pub counter: Option<Counter>,
}

impl FromInput for StrictTask {
    fn from_input(input: &Value, loc: &Loc<'_>, errors: &mut Errors) -> Option<Self> {
        let mut fields = Fields::new(input, loc, errors)?;
        let title = fields.with_default("title", &Str::new(), String::new);
        let done = fields.with_default("done", &Strict(Bool), || false);
        let priority =
            fields.with_default("priority", &Choice::new(&["low", "normal", "high"]), || {
                "normal".to_string()
            });
        let count = fields.optional("count", &Strict(Int::<u32>::new()));
        let estimate = fields.optional("estimate", &Strict(Float::new()));
        let due = fields.optional("due", &Strict(DateTimeV));
        let start = fields.optional("start", &Strict(DateV));
        let id_hint = fields.optional("id_hint", &UuidV);
        let email = fields.optional("email", &Email);
        let tags = fields.with_default("tags", &List::new(Strict(Int::<i64>::new())), Vec::new);
        let labels = fields.with_default("labels", &Map::new(Strict(Bool)), BTreeMap::new);
        let counter = fields.optional("counter", &Model::<Counter>::new());
        Some(StrictTask {
            title: title?,
            done: done?,
            priority: priority?,
            count: count?,
            estimate: estimate?,
            due: due?,
            start: start?,
            id_hint: id_hint?,
            email: email?,
            tags: tags?,
            labels: labels?,
            counter: counter?,
        })
    }
}

/// Query of `GET /tasks`.
#[derive(Debug, Clone, PartialEq)]
pub struct ListTasksQuery {
    pub limit: Option<u32>,
    pub flag: Option<bool>,
}

impl FromParams for ListTasksQuery {
    fn from_params(params: &Params, errors: &mut Errors) -> Option<Self> {
        let limit = params.optional("limit", &Int::<u32>::new().ge(1).le(100), errors);
        let flag = params.optional("flag", &Bool, errors);
        Some(ListTasksQuery {
            limit: limit?,
            flag: flag?,
        })
    }
}

/// Path of `GET /tasks/{task_id}` and `PUT /tasks/{task_id}`.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskPath {
    pub task_id: u64,
}

impl FromParams for TaskPath {
    fn from_params(params: &Params, errors: &mut Errors) -> Option<Self> {
        let task_id = params.required("task_id", &Int::<u64>::new(), errors);
        Some(TaskPath { task_id: task_id? })
    }
}

/// Query of `GET /search`.
// Generated for `search` (tests/valid/typed-models.yaml): begin
#[derive(Debug, Clone, serde::Deserialize)]
pub struct SearchQuery {
    pub need: Vec<u32>,
    #[serde(default = "SearchQuery::default_tag")]
    pub tag: Vec<String>,
    pub ids: Option<Vec<i64>>,
    pub pair: Option<Vec<f64>>,
    #[serde(default = "SearchQuery::default_page")]
    pub page: u32,
    #[serde(default = "SearchQuery::default_order")]
    pub order: String,
}

impl SearchQuery {
    fn default_tag() -> Vec<String> {
        Vec::new()
    }

    fn default_page() -> u32 {
        1
    }

    fn default_order() -> String {
        "desc".to_string()
    }
}

impl crate::validation::FromParams for SearchQuery {
    fn from_params(
        params: &crate::validation::Params,
        errors: &mut crate::validation::Errors,
    ) -> Option<Self> {
        #[allow(unused_imports)]
        use crate::validation as v;
        let need = params.required("need", &v::List::new(v::Int::<u32>::new()), errors);
        let tag = params.with_default(
            "tag",
            &v::List::new(v::Str::new()).max_items(3),
            errors,
            Self::default_tag,
        );
        let ids = params.optional("ids", &v::List::new(v::Int::<i64>::new()), errors);
        let pair = params.optional("pair", &v::List::new(v::Float::new()).min_items(2), errors);
        let page = params.with_default(
            "page",
            &v::Int::<u32>::new().ge(1),
            errors,
            Self::default_page,
        );
        let order = params.with_default(
            "order",
            &v::Choice::new(&["asc", "desc"]),
            errors,
            Self::default_order,
        );
        Some(Self {
            need: need?,
            tag: tag?,
            ids: ids?,
            pair: pair?,
            page: page?,
            order: order?,
        })
    }
}
// Generated for `search`: end

fn ok(status: StatusCode) -> Response {
    (status, Json(serde_json::json!({"ok": true}))).into_response()
}

/// `POST /tasks`.
pub async fn create_task(_: Valid<(), (), NewTask>) -> Response {
    ok(StatusCode::CREATED)
}

/// `GET /tasks`.
pub async fn list_tasks(_: Valid<(), ListTasksQuery>) -> Response {
    ok(StatusCode::OK)
}

/// `GET /tasks/{task_id}`.
pub async fn get_task(_: Valid<TaskPath>) -> Response {
    ok(StatusCode::OK)
}

/// `PUT /tasks/{task_id}`.
pub async fn put_task(_: Valid<TaskPath, (), NewTask>) -> Response {
    ok(StatusCode::OK)
}

/// `POST /strict`.
pub async fn create_strict(_: Valid<(), (), StrictTask>) -> Response {
    ok(StatusCode::CREATED)
}

/// `GET /search`.
pub async fn search(_: Valid<(), SearchQuery>) -> Response {
    ok(StatusCode::OK)
}

pub async fn create_zoo(_: Valid<(), (), zoo::Zoo>) -> Response {
    ok(StatusCode::CREATED)
}

pub async fn create_shapes(_: Valid<(), (), zoo::Shapes>) -> Response {
    ok(StatusCode::CREATED)
}

/// The contract's routes, with FastAPI's 404 and 405 answers.
pub fn router() -> Router {
    Router::new()
        .route("/tasks", post(create_task).get(list_tasks))
        .route("/tasks/{task_id}", get(get_task).put(put_task))
        .route("/strict", post(create_strict))
        .route("/zoo", post(create_zoo))
        .route("/shapes", post(create_shapes))
        .route("/search", get(search))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

/// The union contract (`POST /zoo`, `POST /shapes`), exactly as axumgen generates
/// `src/models.rs` for `tests/valid/unions.yaml` (which also has `Tree` and `Branch`, not part
/// of the contract).
pub mod zoo {
    #[allow(unused_imports)]
    use crate::validation as v;

    /// The `Cat` model.
    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    pub struct Cat {
        pub pet_type: CatPetType,
        pub meows: i64,
    }

    /// The `Dog` model.
    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    pub struct Dog {
        pub pet_type: DogPetType,
        pub barks: f64,
    }

    /// The `Zoo` model.
    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    pub struct Zoo {
        pub pet: Pet,
        #[serde(default = "self::default_zoo_pets")]
        pub pets: Vec<Pet>,
        pub id: IdOrName,
        pub names: Option<NamesOrName>,
        pub cat_or_flag: Option<CatOrFlag>,
        #[serde(default = "self::default_zoo_counts")]
        pub counts: std::collections::BTreeMap<String, IdOrName>,
    }

    /// The `A` model.
    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    pub struct A {
        pub x: i64,
        pub y: Option<String>,
    }

    /// The `B` model.
    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    pub struct B {
        pub x: i64,
        pub z: bool,
    }

    /// The `C` model.
    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    pub struct C {
        pub name: String,
    }

    /// The `Shapes` model.
    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    pub struct Shapes {
        pub ab: AOrB,
        pub ba: BOrA,
        pub ac: Option<AOrC>,
        #[serde(default = "self::default_shapes_a_or_str")]
        pub a_or_str: AOrStr,
    }

    /// The `Profile` model.
    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    pub struct Profile {
        pub name: String,
        pub email: String,
        pub bio: String,
        pub site: String,
        pub city: String,
        pub country: String,
        pub company: String,
        pub team: String,
        pub title: String,
        pub phone: String,
    }

    /// The `Branch` model.
    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    pub struct Branch {
        pub children: Vec<Tree>,
        pub weight: Option<f64>,
    }

    impl v::FromInput for Cat {
        const FIELDS: &'static [&'static str] = &["pet_type", "meows"];

        fn from_input(input: &v::Value, loc: &v::Loc<'_>, errors: &mut v::Errors) -> Option<Self> {
            let mut fields = v::Fields::new(input, loc, errors)?;
            let pet_type = fields.required("pet_type", &v::Enum::new());
            let meows = fields.required("meows", &v::Int::<i64>::new());
            Some(Self {
                pet_type: pet_type?,
                meows: meows?,
            })
        }
    }

    impl v::FromInput for Dog {
        const FIELDS: &'static [&'static str] = &["pet_type", "barks"];

        fn from_input(input: &v::Value, loc: &v::Loc<'_>, errors: &mut v::Errors) -> Option<Self> {
            let mut fields = v::Fields::new(input, loc, errors)?;
            let pet_type = fields.required("pet_type", &v::Enum::new());
            let barks = fields.required("barks", &v::Float::new());
            Some(Self {
                pet_type: pet_type?,
                barks: barks?,
            })
        }
    }

    impl v::FromInput for Zoo {
        fn from_input(input: &v::Value, loc: &v::Loc<'_>, errors: &mut v::Errors) -> Option<Self> {
            let mut fields = v::Fields::new(input, loc, errors)?;
            let pet = fields.required("pet", &v::Model::new());
            let pets =
                fields.with_default("pets", &v::List::new(v::Model::new()), default_zoo_pets);
            let id = fields.required("id", &v::Model::new());
            let names = fields.optional("names", &v::Model::new());
            let cat_or_flag = fields.optional("cat_or_flag", &v::Model::new());
            let counts = fields.with_default(
                "counts",
                &v::Map::<_, std::collections::BTreeMap<String, _>>::new(v::Model::new()),
                default_zoo_counts,
            );
            Some(Self {
                pet: pet?,
                pets: pets?,
                id: id?,
                names: names?,
                cat_or_flag: cat_or_flag?,
                counts: counts?,
            })
        }
    }

    impl v::FromInput for A {
        const FIELDS: &'static [&'static str] = &["x", "y"];

        fn from_input(input: &v::Value, loc: &v::Loc<'_>, errors: &mut v::Errors) -> Option<Self> {
            let mut fields = v::Fields::new(input, loc, errors)?;
            let x = fields.required("x", &v::Int::<i64>::new());
            let y = fields.optional("y", &v::Str::new());
            Some(Self { x: x?, y: y? })
        }
    }

    impl v::FromInput for B {
        const FIELDS: &'static [&'static str] = &["x", "z"];

        fn from_input(input: &v::Value, loc: &v::Loc<'_>, errors: &mut v::Errors) -> Option<Self> {
            let mut fields = v::Fields::new(input, loc, errors)?;
            let x = fields.required("x", &v::Int::<i64>::new());
            let z = fields.required("z", &v::Bool);
            Some(Self { x: x?, z: z? })
        }
    }

    impl v::FromInput for C {
        const FIELDS: &'static [&'static str] = &["name"];

        fn from_input(input: &v::Value, loc: &v::Loc<'_>, errors: &mut v::Errors) -> Option<Self> {
            let mut fields = v::Fields::new(input, loc, errors)?;
            let name = fields.required("name", &v::Str::new());
            Some(Self { name: name? })
        }
    }

    impl v::FromInput for Shapes {
        fn from_input(input: &v::Value, loc: &v::Loc<'_>, errors: &mut v::Errors) -> Option<Self> {
            let mut fields = v::Fields::new(input, loc, errors)?;
            let ab = fields.required("ab", &v::Model::new());
            let ba = fields.required("ba", &v::Model::new());
            let ac = fields.optional("ac", &v::Model::new());
            let a_or_str =
                fields.with_default("a_or_str", &v::Model::new(), default_shapes_a_or_str);
            Some(Self {
                ab: ab?,
                ba: ba?,
                ac: ac?,
                a_or_str: a_or_str?,
            })
        }
    }

    impl v::FromInput for Profile {
        const FIELDS: &'static [&'static str] = &[
            "name", "email", "bio", "site", "city", "country", "company", "team", "title", "phone",
        ];

        fn from_input(input: &v::Value, loc: &v::Loc<'_>, errors: &mut v::Errors) -> Option<Self> {
            let mut fields = v::Fields::new(input, loc, errors)?;
            let name = fields.required("name", &v::Str::new());
            let email = fields.required("email", &v::Str::new());
            let bio = fields.required("bio", &v::Str::new());
            let site = fields.required("site", &v::Str::new());
            let city = fields.required("city", &v::Str::new());
            let country = fields.required("country", &v::Str::new());
            let company = fields.required("company", &v::Str::new());
            let team = fields.required("team", &v::Str::new());
            let title = fields.required("title", &v::Str::new());
            let phone = fields.required("phone", &v::Str::new());
            Some(Self {
                name: name?,
                email: email?,
                bio: bio?,
                site: site?,
                city: city?,
                country: country?,
                company: company?,
                team: team?,
                title: title?,
                phone: phone?,
            })
        }
    }

    impl v::FromInput for Branch {
        const FIELDS: &'static [&'static str] = &["children", "weight"];

        fn from_input(input: &v::Value, loc: &v::Loc<'_>, errors: &mut v::Errors) -> Option<Self> {
            let mut fields = v::Fields::new(input, loc, errors)?;
            let children = fields.required("children", &v::List::new(v::Model::new()));
            let weight = fields.optional("weight", &v::Float::new().ge(0.0));
            Some(Self {
                children: children?,
                weight: weight?,
            })
        }
    }

    /// A cat or a dog, told apart by `pet_type`.
    // A member is held as it is (not boxed), so building one is `Pet::Cat(cat)`.
    #[allow(clippy::large_enum_variant)]
    #[derive(Debug, Clone, PartialEq, serde::Serialize)]
    #[serde(untagged)]
    pub enum Pet {
        Cat(Cat),
        Dog(Dog),
    }

    /// Read as a request's body is (see `FromInput`), so both readings pick the same member.
    impl<'de> serde::Deserialize<'de> for Pet {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            v::deserialize_by_reading(deserializer)
        }
    }

    impl v::FromInput for Pet {
        fn from_input(input: &v::Value, loc: &v::Loc<'_>, errors: &mut v::Errors) -> Option<Self> {
            let mut union = v::Tagged::new(input, loc, errors, "pet_type");
            union.model("cat", Self::Cat);
            union.model("dog", Self::Dog);
            union.finish()
        }
    }

    /// The `IdOrName` model: one of `i64`, `string`.
    // A member is held as it is (not boxed), so building one is `Pet::Cat(cat)`.
    #[allow(clippy::large_enum_variant)]
    #[derive(Debug, Clone, PartialEq, serde::Serialize)]
    #[serde(untagged)]
    pub enum IdOrName {
        I64(i64),
        String(String),
    }

    /// Read as a request's body is (see `FromInput`), so both readings pick the same member.
    impl<'de> serde::Deserialize<'de> for IdOrName {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            v::deserialize_by_reading(deserializer)
        }
    }

    impl v::FromInput for IdOrName {
        fn from_input(input: &v::Value, loc: &v::Loc<'_>, errors: &mut v::Errors) -> Option<Self> {
            let mut union = v::OneOf::new(input, loc, errors);
            union.member(
                "constrained-int",
                v::Kind::Integer,
                v::Int::<i64>::new(),
                Self::I64,
            );
            union.member("str", v::Kind::String, v::Str::new(), Self::String);
            union.finish()
        }
    }

    /// The `NamesOrName` model: one of `[string]`, `string`.
    // A member is held as it is (not boxed), so building one is `Pet::Cat(cat)`.
    #[allow(clippy::large_enum_variant)]
    #[derive(Debug, Clone, PartialEq, serde::Serialize)]
    #[serde(untagged)]
    pub enum NamesOrName {
        List(Vec<String>),
        String(String),
    }

    /// Read as a request's body is (see `FromInput`), so both readings pick the same member.
    impl<'de> serde::Deserialize<'de> for NamesOrName {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            v::deserialize_by_reading(deserializer)
        }
    }

    impl v::FromInput for NamesOrName {
        fn from_input(input: &v::Value, loc: &v::Loc<'_>, errors: &mut v::Errors) -> Option<Self> {
            let mut union = v::OneOf::new(input, loc, errors);
            union.member(
                "list[str]",
                v::Kind::Array,
                v::List::new(v::Str::new()),
                Self::List,
            );
            union.member("str", v::Kind::String, v::Str::new(), Self::String);
            union.finish()
        }
    }

    /// The `CatOrFlag` model: one of `Cat`, `bool`.
    // A member is held as it is (not boxed), so building one is `Pet::Cat(cat)`.
    #[allow(clippy::large_enum_variant)]
    #[derive(Debug, Clone, PartialEq, serde::Serialize)]
    #[serde(untagged)]
    pub enum CatOrFlag {
        Cat(Cat),
        Bool(bool),
    }

    /// Read as a request's body is (see `FromInput`), so both readings pick the same member.
    impl<'de> serde::Deserialize<'de> for CatOrFlag {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            v::deserialize_by_reading(deserializer)
        }
    }

    impl v::FromInput for CatOrFlag {
        fn from_input(input: &v::Value, loc: &v::Loc<'_>, errors: &mut v::Errors) -> Option<Self> {
            let mut union = v::OneOf::new(input, loc, errors);
            union.model("Cat", Self::Cat);
            union.member("bool", v::Kind::Bool, v::Bool, Self::Bool);
            union.finish()
        }
    }

    /// The `AOrB` model: one of `A`, `B`.
    // A member is held as it is (not boxed), so building one is `Pet::Cat(cat)`.
    #[allow(clippy::large_enum_variant)]
    #[derive(Debug, Clone, PartialEq, serde::Serialize)]
    #[serde(untagged)]
    pub enum AOrB {
        A(A),
        B(B),
    }

    /// Read as a request's body is (see `FromInput`), so both readings pick the same member.
    impl<'de> serde::Deserialize<'de> for AOrB {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            v::deserialize_by_reading(deserializer)
        }
    }

    impl v::FromInput for AOrB {
        fn from_input(input: &v::Value, loc: &v::Loc<'_>, errors: &mut v::Errors) -> Option<Self> {
            let mut union = v::OneOf::new(input, loc, errors);
            union.model("A", Self::A);
            union.model("B", Self::B);
            union.finish()
        }
    }

    /// The `BOrA` model: one of `B`, `A`.
    // A member is held as it is (not boxed), so building one is `Pet::Cat(cat)`.
    #[allow(clippy::large_enum_variant)]
    #[derive(Debug, Clone, PartialEq, serde::Serialize)]
    #[serde(untagged)]
    pub enum BOrA {
        B(B),
        A(A),
    }

    /// Read as a request's body is (see `FromInput`), so both readings pick the same member.
    impl<'de> serde::Deserialize<'de> for BOrA {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            v::deserialize_by_reading(deserializer)
        }
    }

    impl v::FromInput for BOrA {
        fn from_input(input: &v::Value, loc: &v::Loc<'_>, errors: &mut v::Errors) -> Option<Self> {
            let mut union = v::OneOf::new(input, loc, errors);
            union.model("B", Self::B);
            union.model("A", Self::A);
            union.finish()
        }
    }

    /// The `AOrC` model: one of `A`, `C`.
    // A member is held as it is (not boxed), so building one is `Pet::Cat(cat)`.
    #[allow(clippy::large_enum_variant)]
    #[derive(Debug, Clone, PartialEq, serde::Serialize)]
    #[serde(untagged)]
    pub enum AOrC {
        A(A),
        C(C),
    }

    /// Read as a request's body is (see `FromInput`), so both readings pick the same member.
    impl<'de> serde::Deserialize<'de> for AOrC {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            v::deserialize_by_reading(deserializer)
        }
    }

    impl v::FromInput for AOrC {
        fn from_input(input: &v::Value, loc: &v::Loc<'_>, errors: &mut v::Errors) -> Option<Self> {
            let mut union = v::OneOf::new(input, loc, errors);
            union.model("A", Self::A);
            union.model("C", Self::C);
            union.finish()
        }
    }

    /// The `AOrStr` model: one of `A`, `string`.
    // A member is held as it is (not boxed), so building one is `Pet::Cat(cat)`.
    #[allow(clippy::large_enum_variant)]
    #[derive(Debug, Clone, PartialEq, serde::Serialize)]
    #[serde(untagged)]
    pub enum AOrStr {
        A(A),
        String(String),
    }

    /// Read as a request's body is (see `FromInput`), so both readings pick the same member.
    impl<'de> serde::Deserialize<'de> for AOrStr {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            v::deserialize_by_reading(deserializer)
        }
    }

    impl v::FromInput for AOrStr {
        fn from_input(input: &v::Value, loc: &v::Loc<'_>, errors: &mut v::Errors) -> Option<Self> {
            let mut union = v::OneOf::new(input, loc, errors);
            union.model("A", Self::A);
            union.member("str", v::Kind::String, v::Str::new(), Self::String);
            union.finish()
        }
    }

    /// The `ProfileOrId` model: one of `Profile`, `i64`.
    // A member is held as it is (not boxed), so building one is `Pet::Cat(cat)`.
    #[allow(clippy::large_enum_variant)]
    #[derive(Debug, Clone, PartialEq, serde::Serialize)]
    #[serde(untagged)]
    pub enum ProfileOrId {
        Profile(Profile),
        I64(i64),
    }

    /// Read as a request's body is (see `FromInput`), so both readings pick the same member.
    impl<'de> serde::Deserialize<'de> for ProfileOrId {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            v::deserialize_by_reading(deserializer)
        }
    }

    impl v::FromInput for ProfileOrId {
        fn from_input(input: &v::Value, loc: &v::Loc<'_>, errors: &mut v::Errors) -> Option<Self> {
            let mut union = v::OneOf::new(input, loc, errors);
            union.model("Profile", Self::Profile);
            union.member(
                "constrained-int",
                v::Kind::Integer,
                v::Int::<i64>::new(),
                Self::I64,
            );
            union.finish()
        }
    }

    /// The `Tree` model: one of `string`, `Branch`.
    // A member is held as it is (not boxed), so building one is `Pet::Cat(cat)`.
    #[allow(clippy::large_enum_variant)]
    #[derive(Debug, Clone, PartialEq, serde::Serialize)]
    #[serde(untagged)]
    pub enum Tree {
        String(String),
        Branch(Branch),
    }

    /// Read as a request's body is (see `FromInput`), so both readings pick the same member.
    impl<'de> serde::Deserialize<'de> for Tree {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            v::deserialize_by_reading(deserializer)
        }
    }

    impl v::FromInput for Tree {
        fn from_input(input: &v::Value, loc: &v::Loc<'_>, errors: &mut v::Errors) -> Option<Self> {
            let mut union = v::OneOf::new(input, loc, errors);
            union.member("str", v::Kind::String, v::Str::new(), Self::String);
            union.model("Branch", Self::Branch);
            union.finish()
        }
    }

    impl v::WireEnum for CatPetType {
        const VALUES: &'static [&'static str] = &["cat"];

        fn from_wire(_value: &str) -> Self {
            Self::Cat
        }
    }

    impl v::WireEnum for DogPetType {
        const VALUES: &'static [&'static str] = &["dog"];

        fn from_wire(_value: &str) -> Self {
            Self::Dog
        }
    }

    /// The values of `Cat.pet_type`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
    pub enum CatPetType {
        #[serde(rename = "cat")]
        Cat,
    }

    /// The values of `Dog.pet_type`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
    pub enum DogPetType {
        #[serde(rename = "dog")]
        Dog,
    }

    fn default_zoo_pets() -> Vec<Pet> {
        serde_json::from_str("[]").expect("axumgen check validated this default")
    }

    fn default_zoo_counts() -> std::collections::BTreeMap<String, IdOrName> {
        serde_json::from_str("{}").expect("axumgen check validated this default")
    }

    fn default_shapes_a_or_str() -> AOrStr {
        serde_json::from_str("\"none\"").expect("axumgen check validated this default")
    }
}
