//! Files that generation does not pass through rustfmt must already be what rustfmt makes of
//! them: the runtime middleware copied verbatim, and every handler file, whatever the length of
//! its names and whichever extractors it takes. Skipping rustfmt for them is what keeps a cold
//! generation of a large spec fast; these tests are what make that safe.

use axumgen::plan::{PlanOptions, plan};
use axumgen::render::{Templates, render};
use axumgen::source::SourceFile;
use axumgen::validate::check_source;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// rustfmt's output for `text`, as `cargo fmt` in a generated project (edition 2024) gives it.
fn rustfmt(text: &str) -> String {
    let mut child = Command::new(std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".into()))
        .args(["--edition", "2024", "--emit", "stdout", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rustfmt runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("written");
    let output = child.wait_with_output().expect("rustfmt finishes");
    assert!(
        output.status.success(),
        "rustfmt rejected:\n{text}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn verbatim_middleware_files_are_shipped_formatted() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/src/middleware");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("templates/src/middleware") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("readable");
            assert_eq!(
                rustfmt(&text),
                text,
                "{} is not rustfmt-clean",
                path.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 8, "only {checked} middleware files found");
}

/// A spec with one endpoint per case: names from 1 to 110 characters, every combination of
/// path parameters, query parameters and a JSON body, with and without a summary.
fn spec() -> String {
    let mut yaml = String::from(
        "axumgen: 1\nservice: { name: preformatted, version: 0.1.0 }\nrouters:\n  - name: cases\n    prefix: /cases\n    endpoints:\n",
    );
    let lengths: [usize; 18] = [
        1, 2, 8, 20, 30, 40, 45, 50, 55, 58, 60, 62, 65, 70, 75, 80, 90, 110,
    ];
    for (n, &length) in lengths.iter().enumerate() {
        for shape in 0..8 {
            let stem = format!("h{n}x{shape}_");
            let name = format!("{stem}{}", "a".repeat(length.saturating_sub(stem.len())));
            let mut line = format!("      - name: {name}\n        method: POST\n");
            if shape & 1 == 1 {
                line.push_str(&format!(
                    "        path: /{name}/{{item_id}}\n        params: {{ item_id: u64 }}\n"
                ));
            } else {
                line.push_str(&format!("        path: /{name}\n"));
            }
            if shape & 2 == 2 {
                line.push_str("        query: { page: u32?, q: string }\n");
            }
            if shape & 4 == 4 {
                line.push_str("        request: { body: { title: x } }\n");
            }
            if n % 3 == 0 {
                line.push_str(&format!(
                    "        summary: \"A summary\\tof {length} characters, with ✓ and `ticks` and a very long tail that goes past the width\"\n"
                ));
            }
            line.push_str("        response: { status: 201, body: { id: 1 } }\n");
            yaml.push_str(&line);
        }
    }
    yaml
}

#[test]
fn handler_files_are_rendered_formatted() {
    let checked = check_source(SourceFile::new("cases.yaml", spec()));
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    let model = checked
        .model
        .unwrap_or_else(|| panic!("the case spec is valid: {errors:?}"));
    let plan = plan(
        &model,
        &PlanOptions {
            spec_name: "cases.yaml".into(),
        },
    );
    let files = render(&plan, &Templates::embedded()).expect("renders");
    let handlers: Vec<_> = files
        .iter()
        .filter(|f| {
            f.path.as_str().starts_with("src/handlers/") && f.path.as_str() != "src/handlers/mod.rs"
        })
        .collect();
    assert_eq!(handlers.len(), 18 * 8, "one handler file per case");
    let (mut tall, mut left_to_rustfmt) = (0, 0);
    for file in handlers {
        if !file.preformatted {
            // Only declarations with an argument too wide for a line of its own are left to
            // rustfmt, and rustfmt does change them.
            assert!(
                file.contents.lines().any(|l| l.len() > 100),
                "{}",
                file.path
            );
            assert_ne!(rustfmt(&file.contents), file.contents, "{}", file.path);
            left_to_rustfmt += 1;
            continue;
        }
        assert_eq!(
            rustfmt(&file.contents),
            file.contents,
            "{} differs from rustfmt's layout",
            file.path
        );
        tall += usize::from(file.contents.contains("(\n"));
    }
    // Every layout was exercised, and all but the extreme names skip rustfmt.
    assert!(tall > 10, "{tall} tall declarations");
    assert!(
        (1..18 * 8 / 4).contains(&left_to_rustfmt),
        "{left_to_rustfmt} files left to rustfmt"
    );
}

#[test]
fn an_overridden_template_is_formatted_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let handlers = dir.path().join("src/handlers");
    std::fs::create_dir_all(&handlers).expect("dir");
    std::fs::write(
        handlers.join("_handler_.rs.j2"),
        "pub async fn {{ item.name | ident }}() -> axum::response::Response { crate::examples::{{ item.name | ident }}() }\n",
    )
    .expect("written");
    let checked = check_source(SourceFile::new(
        "one.yaml",
        "axumgen: 1\nservice: { name: one, version: 0.1.0 }\nendpoints:\n  - { name: ping, method: GET, path: /ping, response: { body: { ok: true } } }\n",
    ));
    let plan = plan(
        &checked.model.expect("valid"),
        &PlanOptions {
            spec_name: "one.yaml".into(),
        },
    );
    let mut files = render(&plan, &Templates::with_overrides(dir.path())).expect("renders");
    let handler = files
        .iter()
        .position(|f| f.path.as_str() == "src/handlers/ping.rs")
        .expect("a handler");
    assert!(
        !files[handler].preformatted,
        "an override is not trusted to be formatted"
    );
    axumgen::format::format(&mut files).expect("formats");
    assert_eq!(
        files[handler].contents,
        "pub async fn ping() -> axum::response::Response {\n    crate::examples::ping()\n}\n"
    );
}
