//! The service against a real database: the one `TEST_DATABASE_URL` names (CI sets a
//! PostgreSQL one), else a fresh SQLite file per test. Each test runs the real binary and talks
//! HTTP to it. Written by hand, beside the generated tests (which prove the middleware stack
//! with the spec's examples and need no database).
//!
//! On a shared database (PostgreSQL) run them one at a time: `cargo test --test database --
//! --test-threads=1`, as the "writes nothing" test counts rows.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BINARY: &str = env!("CARGO_BIN_EXE_task-service");

/// Where a test's tasks live.
fn database(test: &str) -> String {
    if let Ok(url) = std::env::var("TEST_DATABASE_URL") {
        return url;
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("database-tests");
    std::fs::create_dir_all(&dir).expect("a directory for the databases");
    let file = dir.join(format!("{test}.db"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
    format!("sqlite://{}?mode=rwc", file.display())
}

/// The server, running on a free port; stopped with SIGTERM when dropped.
struct Server {
    child: Child,
    address: SocketAddr,
}

impl Server {
    fn start(database_url: &str) -> Server {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let mut child = Command::new(BINARY)
            .env("DATABASE_URL", database_url)
            .env("BIND", format!("127.0.0.1:{port}"))
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the server starts");
        // It says where it listens once the database is ready.
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            assert!(Instant::now() < deadline, "the server did not start");
            match lines.next() {
                Some(Ok(line)) if line.contains("listening on") => break,
                Some(_) => {}
                None => panic!("the server ended before it listened: {:?}", child.wait()),
            }
        }
        std::thread::spawn(move || lines.for_each(drop));
        Server {
            child,
            address: SocketAddr::from(([127, 0, 0, 1], port)),
        }
    }

    /// One request; the status and the body.
    fn send(&self, method: &str, path: &str, body: Option<&str>) -> (u16, String) {
        let mut stream = TcpStream::connect(self.address).expect("connected");
        let body = body.unwrap_or("");
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .expect("sent");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).expect("answered");
        let status = answer[9..12].parse().expect("a status");
        let body = answer
            .split_once("\r\n\r\n")
            .map(|(_, body)| body.to_string())
            .unwrap_or_default();
        (status, body)
    }

    fn stop(mut self) {
        let pid = self.child.id().to_string();
        let killed = Command::new("kill").args(["-TERM", &pid]).status();
        assert!(killed.is_ok_and(|status| status.success()));
        let status = self.child.wait().expect("it ends");
        assert_eq!(status.code(), Some(0), "a graceful stop");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|_| panic!("not JSON: {text}"))
}

/// Creates a task and returns its id.
fn create(server: &Server, title: &str) -> u64 {
    let (status, body) = server.send("POST", "/tasks", Some(&format!(r#"{{"title":"{title}"}}"#)));
    assert_eq!(status, 201, "{body}");
    let task = json(&body);
    assert_eq!(task["title"], title);
    assert_eq!(task["done"], false);
    task["id"].as_u64().expect("an id")
}

#[test]
fn a_created_task_is_read_back_listed_updated_and_deleted() {
    let server = Server::start(&database("lifecycle"));
    let id = create(&server, "Write docs");
    let (status, body) = server.send("GET", &format!("/tasks/{id}"), None);
    assert_eq!(status, 200);
    assert_eq!(
        json(&body),
        serde_json::json!({"id": id, "title": "Write docs", "done": false})
    );
    let (status, body) = server.send("GET", "/tasks", None);
    assert_eq!(status, 200);
    assert!(
        json(&body)
            .as_array()
            .expect("a list")
            .iter()
            .any(|t| t["id"] == id)
    );
    let (status, body) = server.send("GET", "/tasks?limit=1", None);
    assert_eq!(status, 200);
    assert_eq!(json(&body).as_array().expect("a list").len(), 1);
    let (status, body) = server.send(
        "PUT",
        &format!("/tasks/{id}"),
        Some(r#"{"title":"Write better docs","done":true}"#),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        json(&body),
        serde_json::json!({"id": id, "title": "Write better docs", "done": true})
    );
    let (status, _) = server.send("DELETE", &format!("/tasks/{id}"), None);
    assert_eq!(status, 204);
    for (method, body) in [
        ("GET", None),
        ("PUT", Some(r#"{"title":"x"}"#)),
        ("DELETE", None),
    ] {
        let (status, answer) = server.send(method, &format!("/tasks/{id}"), body);
        assert_eq!(
            (status, answer.as_str()),
            (404, r#"{"detail":"Task not found"}"#),
            "{method}"
        );
    }
    server.stop();
}

#[test]
fn a_task_survives_a_restart() {
    let url = database("restart");
    let server = Server::start(&url);
    let id = create(&server, "Survive");
    server.stop();
    let server = Server::start(&url);
    let (status, body) = server.send("GET", &format!("/tasks/{id}"), None);
    assert_eq!(status, 200);
    assert_eq!(json(&body)["title"], "Survive");
    server.stop();
}

#[test]
fn a_bad_body_answers_422_and_writes_nothing() {
    let server = Server::start(&database("bad-body"));
    create(&server, "Before");
    let count = |server: &Server| {
        let (status, body) = server.send("GET", "/tasks", None);
        assert_eq!(status, 200);
        json(&body).as_array().expect("a list").len()
    };
    let before = count(&server);
    for bad in [
        r#"{"title":""}"#,
        r#"{"title":"x","done":0}"#,
        r#"{"done":true}"#,
        "{",
    ] {
        let (status, body) = server.send("POST", "/tasks", Some(bad));
        assert_eq!(status, 422, "{bad}: {body}");
        assert!(json(&body)["detail"].is_array(), "{body}");
    }
    assert_eq!(count(&server), before, "nothing was written");
    server.stop();
}

#[test]
fn an_unreachable_database_stops_start_up_with_a_clear_message() {
    let output = Command::new(BINARY)
        .env("DATABASE_URL", "sqlite:///nonexistent-dir/tasks.db?mode=rw")
        .env("BIND", "127.0.0.1:0")
        .output()
        .expect("it runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: start-up failed: cannot open the database (sqlite)"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}
