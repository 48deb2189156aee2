//! The Task Manager, written by hand: tower-http's CorsLayer, CompressionLayer and
//! SetResponseHeaderLayer, and `from_fn` for trusted host, timing and bearer auth.
//!
//! `GET /tasks/all` serves the JSON file named by `TASKS_JSON` (read once at start-up), so it
//! sends the same bytes as the generated server's example.

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{Next, from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::SizeAbove;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;

static ORIGIN_RE: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"^https://[a-z0-9-]+\.datatweets\.com$").unwrap());

async fn trusted_host(request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(|h| h.split(':').next().unwrap_or("").to_ascii_lowercase());
    match host.as_deref() {
        Some("localhost" | "127.0.0.1" | "example.com") => next.run(request).await,
        Some(h) if h.ends_with(".example.com") => next.run(request).await,
        _ => (StatusCode::BAD_REQUEST, "Invalid host header").into_response(),
    }
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

async fn bearer(State(token): State<Arc<String>>, request: Request, next: Next) -> Response {
    if matches!(request.uri().path(), "/" | "/ping" | "/openapi.json" | "/tasks/all") {
        return next.run(request).await;
    }
    let expected = format!("Bearer {token}");
    match request.headers().get(header::AUTHORIZATION) {
        Some(value) if value.as_bytes() == expected.as_bytes() => next.run(request).await,
        _ => (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")], r#"{"error":"missing token"}"#)
            .into_response(),
    }
}

#[tokio::main]
async fn main() {
    let token = Arc::new(std::env::var("TASKS_API_TOKEN").expect("TASKS_API_TOKEN"));
    let all_tasks: &'static str = match std::env::var("TASKS_JSON") {
        Ok(path) => std::fs::read_to_string(path).expect("TASKS_JSON is readable").leak(),
        Err(_) => "[]",
    };
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(|origin, _| {
            origin == "https://datatweets.com"
                || origin == "http://localhost:3000"
                || origin.to_str().is_ok_and(|o| ORIGIN_RE.is_match(o))
        }))
        .allow_credentials(true)
        .allow_methods([Method::DELETE, Method::GET, Method::HEAD, Method::OPTIONS, Method::PATCH, Method::POST, Method::PUT])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .expose_headers([HeaderName::from_static("x-process-time")])
        .max_age(Duration::from_secs(600));
    let tasks = Router::new()
        .route(
            "/tasks",
            get(|| async { Json(serde_json::json!([{"id": 1, "title": "Write docs", "done": false}])) })
                .post(|| async { (StatusCode::CREATED, Json(serde_json::json!({"id": 3}))) }),
        )
        .route("/tasks/all", get(move || async move { ([(header::CONTENT_TYPE, "application/json")], all_tasks) }))
        .route("/tasks/{task_id}", get(|| async { Json(serde_json::json!({"id": 1, "title": "Write docs"})) }))
        .layer(SetResponseHeaderLayer::overriding(HeaderName::from_static("x-router"), HeaderValue::from_static("tasks")));
    let metrics = Router::new()
        .route("/", get(|| async { Json(serde_json::json!({"uptime": "100%"})) }))
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
    let app = Router::new()
        .route("/", get(|| async { Json(serde_json::json!({"message": "Hello"})) }))
        .route("/ping", get(|| async { Json(serde_json::json!({"ok": true})) }))
        .merge(tasks)
        .nest("/metrics", metrics)
        .layer(
            ServiceBuilder::new()
                .layer(from_fn(trusted_host))
                .layer(cors)
                .layer(from_fn(timing))
                .layer(CompressionLayer::new().compress_when(SizeAbove::new(1000)))
                .layer(SetResponseHeaderLayer::overriding(
                    HeaderName::from_static("x-handled-by"),
                    HeaderValue::from_static("datatweets"),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    HeaderName::from_static("x-app-version"),
                    HeaderValue::from_static("2.1"),
                ))
                .layer(from_fn_with_state(token, bearer)),
        );
    let address = std::env::var("BIND").unwrap_or_else(|_| "127.0.0.1:8000".into());
    let listener = tokio::net::TcpListener::bind(address).await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
