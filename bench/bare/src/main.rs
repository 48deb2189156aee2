//! A bare axum server: `/ping` with the generated server's body and content type, and
//! `/tasks/all` with the JSON file named by `TASKS_JSON` (uncompressed); no middleware.

use axum::Router;
use axum::http::header;
use axum::routing::get;

#[tokio::main]
async fn main() {
    let all_tasks: &'static str = match std::env::var("TASKS_JSON") {
        Ok(path) => std::fs::read_to_string(path).expect("TASKS_JSON is readable").leak(),
        Err(_) => "[]",
    };
    let app = Router::new()
        .route("/ping", get(|| async { ([(header::CONTENT_TYPE, "application/json")], "{\n  \"ok\": true\n}\n") }))
        .route("/tasks/all", get(move || async move { ([(header::CONTENT_TYPE, "application/json")], all_tasks) }));
    let address = std::env::var("BIND").unwrap_or_else(|_| "127.0.0.1:8000".into());
    let listener = tokio::net::TcpListener::bind(address).await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
