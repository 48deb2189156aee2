//! Real, independent clients against a running generated server: schemathesis (PyPI, installed
//! by `.ci/run`) fuzzes the (typed) Task Manager through its own `/openapi.json`, with positive
//! and negative data and its stateful phase: no 5xx, every status documented, every response
//! conforming to the document, invalid requests refused.

mod common;

use common::{root, shared_target};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Generates and builds the Task Manager under its own package name (projects sharing a target
/// directory must not share one), returning the server binary.
fn build_task_manager(package: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("clients")
        .join(package);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let spec = std::fs::read_to_string(root().join("specs/task-manager.yaml"))
        .expect("spec")
        .replacen("name: task-manager", &format!("name: {package}"), 1);
    std::fs::write(dir.join("spec.yaml"), spec).expect("written");
    let status = Command::new(env!("CARGO_BIN_EXE_axumgen"))
        .arg("generate")
        .arg(dir.join("spec.yaml"))
        .arg("--out")
        .arg(dir.join("project"))
        .status()
        .expect("axumgen runs");
    assert!(status.success());
    let output = Command::new(env!("CARGO"))
        .arg("build")
        .current_dir(dir.join("project"))
        .env("CARGO_TARGET_DIR", shared_target())
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    shared_target().join("debug").join(package)
}

/// A running server, stopped on drop.
struct Server {
    child: Child,
    address: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(binary: &Path, token: &str) -> Server {
    let address = TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("address");
    let child = Command::new(binary)
        .env("BIND", address.to_string())
        .env("TASKS_API_TOKEN", token)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");
    let server = Server { child, address };
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(mut stream) = TcpStream::connect(address) {
            let request = "GET /ping HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n";
            stream.write_all(request.as_bytes()).expect("sent");
            let mut response = String::new();
            let _ = stream.read_to_string(&mut response);
            if response.starts_with("HTTP/1.1 200") {
                return server;
            }
        }
        assert!(Instant::now() < deadline, "the server did not answer /ping");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn schemathesis_finds_no_server_errors_and_no_nonconforming_responses() {
    let binary = build_task_manager("task-manager-fuzzed");
    let server = start(&binary, "fuzz-token");
    // schemathesis keeps a cache in its working directory: not in the checkout.
    let workdir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("schemathesis");
    std::fs::create_dir_all(&workdir).expect("a working directory");
    let output = Command::new("schemathesis")
        .current_dir(&workdir)
        .arg("run")
        .arg(format!("http://{}/openapi.json", server.address))
        .args([
            "-H",
            "Authorization: Bearer fuzz-token",
            "--max-examples",
            "50",
            "--seed",
            "20261122",
            // Every check, positive and negative data. Negative-data rejection holds because
            // the Task Manager's `NewTask` is `strict: true` (a lax model reads `"done": 0` as
            // Pydantic does, which the JSON Schema calls a schema-violating request accepted).
            "--checks",
            "all",
            "--mode",
            "all",
        ])
        .env("NO_COLOR", "1")
        .output();
    let output = match output {
        Ok(output) => output,
        Err(error) => panic!(
            "schemathesis is needed (pip install schemathesis; .ci/run installs it): {error}"
        ),
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "schemathesis found problems:\n{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("No issues found"), "{stdout}");
    // It really exercised every operation.
    assert!(stdout.contains("Tested: 6"), "{stdout}");
}
