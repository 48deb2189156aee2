//! `POST /tasks` of tests/valid/typed-models.yaml, written by hand with garde: the `NewTask`
//! model and its constraints, every error of a body reported at once in a 422 JSON list
//! (`[{"path":"tags[1]","message":"..."}]`), and the spec's example `Task` in a 201.
//!
//! garde validates values that serde has already built, and serde stops at the first value of
//! the wrong type. So that a number in `tags` is one error among the others and not the only
//! one, each field is a [`Lenient`]: the value when it has the field's type, else serde's
//! message, which the `typed` rule reports; garde's other rules look inside through `inner`.
//!
//! Behind the spec's middleware (CORS, timing, a set header, gzip over 200 bytes at level 9),
//! as an axum user writes them: tower-http layers and `from_fn`. `STACK=off` leaves them out.

use axum::extract::{FromRequest, Request};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{Next, from_fn};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use chrono::{DateTime, FixedOffset};
use garde::Validate;
use serde::de::{Deserialize, DeserializeOwned, Deserializer};
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use tower::ServiceBuilder;
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::SizeAbove;
use tower_http::cors::{Any, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;

/// A field as the body has it: its value when that has the field's type; `Missing` when a
/// required field is absent; `Wrong` with serde's message when the value has another type.
#[derive(Debug)]
enum Lenient<T> {
    Ok(T),
    Missing,
    Wrong(String),
}

impl<T> Lenient<T> {
    fn missing() -> Self {
        Lenient::Missing
    }
}

/// An absent field with a default is its type's default.
impl<T: Default> Default for Lenient<T> {
    fn default() -> Self {
        Lenient::Ok(T::default())
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        Ok(match T::deserialize(value) {
            Ok(value) => Lenient::Ok(value),
            Err(error) => Lenient::Wrong(error.to_string()),
        })
    }
}

/// garde's rules inside `inner(...)` check the value when there is one, as for an `Option`.
impl<T> garde::rules::inner::Inner<T> for Lenient<T> {
    type Key = garde::error::NoKey;

    fn validate_inner<F: FnMut(&T, &Self::Key)>(&self, mut f: F) {
        if let Lenient::Ok(value) = self {
            f(value, &garde::error::NoKey::default());
        }
    }
}

/// The rule every field has: present when required, and of its type.
fn typed<T>(value: &Lenient<T>, _: &()) -> garde::Result {
    match value {
        Lenient::Ok(_) => Ok(()),
        Lenient::Missing => Err(garde::Error::new("field required")),
        Lenient::Wrong(message) => Err(garde::Error::new(message)),
    }
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
enum Priority {
    Low,
    #[default]
    Normal,
    High,
}

/// What a client sends to create a task (tests/valid/typed-models.yaml).
#[derive(Debug, serde::Deserialize, Validate)]
struct NewTask {
    #[serde(default = "Lenient::missing")]
    #[garde(custom(typed), inner(length(chars, min = 1, max = 100)))]
    title: Lenient<String>,
    #[serde(default)]
    #[garde(custom(typed))]
    done: Lenient<bool>,
    #[serde(default)]
    #[garde(custom(typed))]
    priority: Lenient<Priority>,
    #[serde(default)]
    #[garde(custom(typed), inner(length(max = 5), inner(custom(typed))))]
    tags: Lenient<Vec<Lenient<String>>>,
    #[serde(default)]
    #[garde(custom(typed), inner(range(min = 0.0)))]
    estimate: Lenient<Option<f64>>,
    #[serde(default)]
    #[garde(custom(typed))]
    due: Lenient<Option<DateTime<FixedOffset>>>,
}

#[derive(Serialize)]
struct User {
    name: String,
    email: String,
}

#[derive(Serialize)]
struct Task {
    id: u64,
    title: String,
    owner: User,
    labels: BTreeMap<String, String>,
}

/// One error of a request: where (`tags[1]`; empty for the body as a whole) and what.
struct Problem<'a> {
    path: &'a dyn std::fmt::Display,
    message: &'a str,
}

impl Serialize for Problem<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut problem = serializer.serialize_struct("Problem", 2)?;
        problem.serialize_field("path", &self.path.to_string())?;
        problem.serialize_field("message", self.message)?;
        problem.end()
    }
}

fn unprocessable(problems: &[Problem<'_>]) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, Json(problems)).into_response()
}

/// A JSON body that garde found valid; else a 422 listing every error.
struct Validated<T>(T);

impl<S: Send + Sync, T: DeserializeOwned + Validate<Context = ()>> FromRequest<S> for Validated<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Response> {
        let Json(value) = Json::<T>::from_request(request, state).await.map_err(|rejection| {
            let message = rejection.body_text();
            unprocessable(&[Problem { path: &"", message: &message }])
        })?;
        match value.validate() {
            Ok(()) => Ok(Validated(value)),
            Err(report) => {
                let problems: Vec<Problem<'_>> = report
                    .iter()
                    .map(|(path, error)| Problem { path, message: error.message() })
                    .collect();
                Err(unprocessable(&problems))
            }
        }
    }
}

async fn create_task(Validated(_task): Validated<NewTask>) -> (StatusCode, Json<Task>) {
    let task = Task {
        id: 3,
        title: "Write docs".into(),
        owner: User { name: "Ada".into(), email: "ada@example.com".into() },
        labels: BTreeMap::new(),
    };
    (StatusCode::CREATED, Json(task))
}

async fn timing(request: Request, next: Next) -> Response {
    let start = Instant::now();
    let mut response = next.run(request).await;
    let millis = start.elapsed().as_secs_f64() * 1000.0;
    response
        .headers_mut()
        .insert("x-process-time", HeaderValue::from_str(&format!("{millis:.3}")).unwrap());
    response
}

#[tokio::main]
async fn main() {
    let routes = Router::new().route("/tasks", post(create_task));
    let app = if std::env::var("STACK").as_deref() == Ok("off") {
        routes
    } else {
        let cors = CorsLayer::new()
            .allow_origin(HeaderValue::from_static("https://app.example.com"))
            .allow_methods(Any)
            .allow_headers([header::CONTENT_TYPE])
            .max_age(Duration::from_secs(600));
        routes.layer(
            ServiceBuilder::new()
                .layer(cors)
                .layer(from_fn(timing))
                .layer(SetResponseHeaderLayer::overriding(
                    HeaderName::from_static("x-handled-by"),
                    HeaderValue::from_static("typed-models"),
                ))
                .layer(
                    CompressionLayer::new()
                        .quality(CompressionLevel::Precise(9))
                        .compress_when(SizeAbove::new(200)),
                ),
        )
    };
    let address = std::env::var("BIND").unwrap_or_else(|_| "127.0.0.1:8000".into());
    let listener = tokio::net::TcpListener::bind(address).await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
