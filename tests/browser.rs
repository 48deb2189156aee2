//! A real browser (Debian's headless Chromium, installed by `.ci/run`) against a generated
//! server. A page served from one origin fetches the API on another and writes what it could
//! read into the DOM; the test asserts what the page saw, not what the server sent.
//!
//! Origins: `http://localhost:18601` is allowed; `http://app.localhost:18601` is not (the seeds'
//! exercise: `app.datatweets.com` against `allow_origins: [https://datatweets.com]`);
//! `http://ok-app.localhost:18601` is allowed only by `allow_origin_regex`, and a look-alike of
//! it is not. Chromium resolves every `*.localhost` name to the loopback interface.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PAGE_PORT: u16 = 18601;
const API: &str = "127.0.0.1:18602";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn build_api() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    let _ = std::fs::remove_dir_all(&dir);
    let status = Command::new(env!("CARGO_BIN_EXE_axumgen"))
        .arg("generate")
        .arg(root().join("tests/browser/spec.yaml"))
        .arg("--out")
        .arg(&dir)
        .status()
        .expect("axumgen runs");
    assert!(status.success());
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target")
        .join("e2e");
    let output = Command::new(env!("CARGO"))
        .arg("build")
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("cargo");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    target.join("debug/browser-api")
}

struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn wait_for(address: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(address).is_err() {
        assert!(Instant::now() < deadline, "{address} never answered");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Serves the probe page for every request, on IPv6 and IPv4 loopback (Chromium may resolve
/// `localhost` to either).
fn serve_page() {
    let page = std::fs::read_to_string(root().join("tests/browser/page.html")).expect("page");
    for address in [
        format!("[::1]:{PAGE_PORT}"),
        format!("127.0.0.1:{PAGE_PORT}"),
    ] {
        let Ok(listener) = TcpListener::bind(&address) else {
            continue;
        };
        let page = page.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(stream);
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let mut stream = reader.into_inner();
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{page}",
                    page.len()
                );
            }
        });
    }
}

/// What the page at `origin` saw, as the JSON it wrote into the DOM.
fn visit(origin: &str) -> serde_json::Value {
    let profile = tempfile::tempdir().expect("a profile dir");
    let mut child = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=10000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("{origin}/"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("chromium is needed (apt-get install chromium; .ci/run installs it): {e}")
        });
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish for {origin}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut dom = String::new();
    child
        .stdout
        .take()
        .expect("stdout")
        .read_to_string(&mut dom)
        .expect("DOM");
    let start = dom
        .find("<pre id=\"result\">")
        .unwrap_or_else(|| panic!("no result in the DOM:\n{dom}"))
        + 17;
    let end = start + dom[start..].find("</pre>").expect("closing tag");
    serde_json::from_str(&dom[start..end]).unwrap_or_else(|e| panic!("{e}: {}", &dom[start..end]))
}

#[test]
fn a_real_browser_enforces_the_specs_cors_policy() {
    let binary = build_api();
    let _api = Process(
        Command::new(binary)
            .env("API_TOKEN", "browser-token")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starts"),
    );
    wait_for(API);
    serve_page();

    let allowed = visit(&format!("http://localhost:{PAGE_PORT}"));
    assert_eq!(allowed["simple_get"]["status"], 200, "{allowed}");
    assert_eq!(
        allowed["simple_get"]["body"]["ok"], true,
        "a simple GET is readable"
    );
    assert_eq!(
        allowed["preflighted_put"]["status"], 200,
        "a preflighted PUT with Authorization and JSON succeeds: {allowed}"
    );
    assert_eq!(allowed["preflighted_put"]["body"]["title"], "Write docs");
    assert_eq!(
        allowed["credentials"]["status"], 200,
        "credentials: include works: {allowed}"
    );
    assert_eq!(
        allowed["headers"]["exposed"], true,
        "an exposed header is readable"
    );
    assert_eq!(
        allowed["headers"]["unexposed"],
        serde_json::Value::Null,
        "an unexposed header is not"
    );

    let other = visit(&format!("http://app.localhost:{PAGE_PORT}"));
    for probe in ["simple_get", "preflighted_put", "credentials", "headers"] {
        assert_eq!(
            other[probe], "blocked: TypeError",
            "{probe} from a disallowed origin: {other}"
        );
    }

    let by_regex = visit(&format!("http://ok-app.localhost:{PAGE_PORT}"));
    assert_eq!(
        by_regex["simple_get"]["status"], 200,
        "an origin matched by the regex is allowed: {by_regex}"
    );
    assert_eq!(by_regex["preflighted_put"]["status"], 200, "{by_regex}");

    let look_alike = visit(&format!(
        "http://ok-app.localhost.evil.localhost:{PAGE_PORT}"
    ));
    assert_eq!(
        look_alike["simple_get"], "blocked: TypeError",
        "a look-alike is not: {look_alike}"
    );
}
