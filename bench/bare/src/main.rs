//! A bare axum server: `/ping` with the generated server's body and content type, nothing else.

use axum::Router;
use axum::http::header;
use axum::routing::get;

#[tokio::main]
async fn main() {
    let app = Router::new().route("/ping", get(|| async { ([(header::CONTENT_TYPE, "application/json")], "{\n  \"ok\": true\n}\n") }));
    let address = std::env::var("BIND").unwrap_or_else(|_| "127.0.0.1:8000".into());
    let listener = tokio::net::TcpListener::bind(address).await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
