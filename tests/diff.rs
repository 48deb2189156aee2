//! `axumgen diff` on a table of spec pairs: each edit to a base spec and the changes (class and
//! code) it must produce, nothing more. Plus the command's formats and `--fail-on`.

use assert_cmd::Command;
use axumgen::diff::{Class, diff};
use axumgen::source::SourceFile;
use axumgen::validate::check_source;
use predicates::prelude::*;

const BASE: &str = "axumgen: 1
service: { name: api }
middleware:
  - trusted_host: { allowed_hosts: [api.example.com] }
  - cors:
      allow_origins: [https://app.example.com, https://admin.example.com]
      allow_credentials: true
  - bearer_auth: { token_env: API_TOKEN, public_paths: [/ping] }
endpoints:
  - { name: ping, method: GET, path: /ping }
  - name: get_task
    method: GET
    path: /tasks/{task_id}
    params: { task_id: u64 }
    query: { verbose: bool? }
  - { name: delete_task, method: DELETE, path: \"/tasks/{task_id}\", params: { task_id: u64 }, response: { status: 204 } }
";

fn model(text: &str) -> axumgen::model::Model {
    let checked = check_source(SourceFile::new("spec.yaml", text));
    checked
        .model
        .unwrap_or_else(|| panic!("invalid spec: {:?}\n{text}", checked.diagnostics))
}

fn changes(edit: impl Fn(&str) -> String) -> Vec<(Class, &'static str)> {
    let new = edit(BASE);
    assert_ne!(new, BASE, "the edit changed nothing");
    diff(&model(BASE), &model(&new))
        .into_iter()
        .map(|c| (c.class, c.code))
        .collect()
}

use Class::{Breaking, Change, Security};

/// One row of the table: a name, an edit to the base spec, the changes it must produce.
type Case = (
    &'static str,
    Box<dyn Fn(&str) -> String>,
    Vec<(Class, &'static str)>,
);

#[test]
fn the_same_spec_has_no_changes() {
    assert!(diff(&model(BASE), &model(BASE)).is_empty());
}

#[test]
fn classification_table() {
    let cases: Vec<Case> = vec![
        (
            "endpoint removed",
            Box::new(|s| {
                s.replace("  - { name: ping, method: GET, path: /ping }\n", "")
                    .replace("public_paths: [/ping]", "public_paths: []")
            }),
            vec![(Breaking, "endpoint-removed")],
        ),
        (
            "method changed",
            Box::new(|s| {
                s.replace(
                    "name: delete_task, method: DELETE",
                    "name: delete_task, method: POST",
                )
            }),
            vec![(Breaking, "endpoint-moved")],
        ),
        (
            "path changed",
            Box::new(|s| {
                s.replace(
                    "name: delete_task, method: DELETE, path: \"/tasks/{task_id}\"",
                    "name: delete_task, method: DELETE, path: \"/todo/{task_id}\"",
                )
            }),
            vec![(Breaking, "endpoint-moved")],
        ),
        (
            "param type changed",
            Box::new(|s| s.replacen("params: { task_id: u64 }", "params: { task_id: string }", 1)),
            vec![(Breaking, "param-type-changed")],
        ),
        (
            "optional query parameter made required",
            Box::new(|s| s.replace("verbose: bool?", "verbose: bool")),
            vec![(Breaking, "query-param-required")],
        ),
        (
            "status changed",
            Box::new(|s| s.replace("response: { status: 204 }", "response: { status: 200 }")),
            vec![(Breaking, "status-changed")],
        ),
        (
            "origin removed from CORS",
            Box::new(|s| s.replace(", https://admin.example.com]", "]")),
            vec![(Breaking, "cors-origin-removed")],
        ),
        (
            "credentials turned off",
            Box::new(|s| s.replace("allow_credentials: true", "allow_credentials: false")),
            vec![(Breaking, "cors-credentials-off")],
        ),
        (
            "auth added to a public path",
            Box::new(|s| s.replace("public_paths: [/ping]", "public_paths: []")),
            vec![(Breaking, "auth-added")],
        ),
        (
            "origin added",
            Box::new(|s| {
                s.replace(
                    ", https://admin.example.com]",
                    ", https://admin.example.com, https://partner.example.org]",
                )
            }),
            vec![(Security, "cors-origin-added")],
        ),
        (
            "a path made public",
            Box::new(|s| {
                s.replace(
                    "public_paths: [/ping]",
                    "public_paths: [/ping, \"/tasks/{task_id}\"]",
                )
            }),
            vec![(Security, "path-made-public")],
        ),
        (
            "a middleware removed",
            Box::new(|s| {
                s.replace(
                    "  - trusted_host: { allowed_hosts: [api.example.com] }\n",
                    "",
                )
            }),
            vec![(Security, "middleware-removed")],
        ),
        (
            "an endpoint added behind auth",
            Box::new(|s| format!("{s}  - {{ name: list_tasks, method: GET, path: /tasks }}\n")),
            vec![(Change, "endpoint-added")],
        ),
        (
            "a public endpoint added",
            Box::new(|s| {
                format!("{s}  - {{ name: health, method: GET, path: /health }}\n")
                    .replace("public_paths: [/ping]", "public_paths: [/ping, /health]")
            }),
            vec![(Security, "path-made-public"), (Change, "endpoint-added")],
        ),
    ];
    let mut failures = Vec::new();
    for (name, edit, expected) in cases {
        let actual = changes(edit);
        let expected: Vec<(Class, &str)> = expected;
        if actual != expected {
            failures.push(format!("{name}: expected {expected:?}, got {actual:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn credentials_turned_on_is_a_security_change() {
    let old = BASE.replace("allow_credentials: true", "allow_credentials: false");
    let found: Vec<_> = diff(&model(&old), &model(BASE))
        .into_iter()
        .map(|c| (c.class, c.code))
        .collect();
    assert_eq!(found, vec![(Security, "cors-credentials-on")]);
}

#[test]
fn an_app_wide_change_is_reported_once_for_all_routes() {
    let new = BASE.replace(", https://admin.example.com]", "]");
    let found = diff(&model(BASE), &model(&new));
    assert_eq!(found.len(), 1);
    assert!(
        found[0].message.contains("and 2 other routes"),
        "{}",
        found[0].message
    );
}

fn write_pair(
    edit: impl Fn(&str) -> String,
) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (old, new) = (dir.path().join("old.yaml"), dir.path().join("new.yaml"));
    std::fs::write(&old, BASE).expect("written");
    std::fs::write(&new, edit(BASE)).expect("written");
    (dir, old, new)
}

fn axumgen() -> Command {
    Command::cargo_bin("axumgen").expect("binary")
}

#[test]
fn command_formats_and_fail_on() {
    let (_dir, old, new) = write_pair(|s| {
        s.replace(
            "public_paths: [/ping]",
            "public_paths: [/ping, \"/tasks/{task_id}\"]",
        )
        .replace(", https://admin.example.com]", "]")
    });
    axumgen()
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("breaking[cors-origin-removed]:")
                .and(predicate::str::contains("security[path-made-public]: `GET /tasks/{task_id}` and `DELETE /tasks/{task_id}`: now answers without a token"))
                .and(predicate::str::contains("1 breaking, 1 security, 0 other")),
        );
    axumgen()
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .args(["--fail-on", "breaking"])
        .assert()
        .code(1);
    axumgen()
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .args(["--fail-on", "security"])
        .assert()
        .code(1);
    let output = axumgen()
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .args(["--format", "json"])
        .assert()
        .code(0);
    let document: serde_json::Value =
        serde_json::from_slice(&output.get_output().stdout).expect("JSON");
    assert_eq!(
        (document["breaking"].as_u64(), document["security"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(document["changes"][0]["code"], "cors-origin-removed");
    let output = axumgen()
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .args(["--format", "github"])
        .assert()
        .code(0);
    let stdout = String::from_utf8(output.get_output().stdout.clone()).expect("UTF-8");
    assert!(
        stdout.lines().any(|l| l.starts_with("::error file=")
            && l.contains("title=axumgen diff breaking cors-origin-removed::")),
        "{stdout}"
    );
    assert!(
        stdout.lines().any(|l| l.starts_with("::warning file=")),
        "{stdout}"
    );
}

#[test]
fn fail_on_security_ignores_plain_changes_and_any_does_not() {
    let (_dir, old, new) =
        write_pair(|s| format!("{s}  - {{ name: list_tasks, method: GET, path: /tasks }}\n"));
    axumgen()
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .args(["--fail-on", "security"])
        .assert()
        .code(0);
    axumgen()
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .args(["--fail-on", "any"])
        .assert()
        .code(1);
}

#[test]
fn an_invalid_spec_is_reported_not_diffed() {
    let (_dir, old, new) = write_pair(|s| s.replace("method: DELETE", "method: delete"));
    axumgen()
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error[method-invalid]"));
    axumgen()
        .arg("diff")
        .arg(&old)
        .arg("missing.yaml")
        .assert()
        .code(2);
}
