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
            "param type widened: old clients still send valid values",
            Box::new(|s| s.replacen("params: { task_id: u64 }", "params: { task_id: string }", 1)),
            vec![(Change, "param-type-widened")],
        ),
        (
            "param type narrowed",
            Box::new(|s| s.replacen("params: { task_id: u64 }", "params: { task_id: u8 }", 1)),
            vec![(Breaking, "param-type-narrowed")],
        ),
        (
            "param type changed to one that takes other values",
            Box::new(|s| s.replacen("params: { task_id: u64 }", "params: { task_id: bool }", 1)),
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

/// Every change from `old` to `new`: class, code and message.
fn found(old: &str, new: &str) -> Vec<(Class, &'static str, String)> {
    diff(&model(old), &model(new))
        .into_iter()
        .map(|c| (c.class, c.code, c.message))
        .collect()
}

/// `text` with each `(from, to)` replaced once; `from` must be there.
fn edited(text: &str, edits: &[(&str, &str)]) -> String {
    edits.iter().fold(text.to_string(), |text, (from, to)| {
        assert!(text.contains(from), "`{from}` is not in the spec");
        text.replacen(from, to, 1)
    })
}

/// One row of a message table: a name, edits to a base spec, the changes they must produce.
type Row = (
    &'static str,
    Vec<(&'static str, &'static str)>,
    Vec<(Class, &'static str, &'static str)>,
);

fn check_rows(base: &str, rows: Vec<Row>) {
    assert!(
        found(base, base).is_empty(),
        "the base spec differs from itself"
    );
    let mut failures = Vec::new();
    for (name, edits, expected) in rows {
        let mut expected: Vec<(Class, &str, String)> = expected
            .into_iter()
            .map(|(class, code, message)| (class, code, message.to_string()))
            .collect();
        expected.sort();
        let actual = found(base, &edited(base, &edits));
        if actual != expected {
            failures.push(format!(
                "{name}:\n  expected {expected:#?}\n  got {actual:#?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A list query parameter made one value breaks clients that send several: only the last is
/// read. Its default dropped makes it required.
#[test]
fn a_list_query_parameter_made_one_value_or_required_breaks_clients() {
    let list = edited(
        BASE,
        &[(
            "query: { verbose: bool? }",
            "query: { verbose: { type: \"[bool]\", default: [] } }",
        )],
    );
    let one = edited(
        BASE,
        &[("query: { verbose: bool? }", "query: { verbose: \"bool?\" }")],
    );
    assert_eq!(
        found(&list, &one),
        [(
            Breaking,
            "query-param-not-list",
            "`GET /tasks/{task_id}`: query parameter `verbose` is no longer a list: only its last value is read".to_string()
        )]
    );
    let required = edited(
        BASE,
        &[(
            "query: { verbose: bool? }",
            "query: { verbose: \"[bool]\" }",
        )],
    );
    assert_eq!(
        found(&list, &required),
        [(
            Breaking,
            "query-param-required",
            "`GET /tasks/{task_id}`: query parameter `verbose` is now required".to_string()
        )]
    );
}

/// NewTask is only sent, Task only received, User both (NewTask.owner, Task.owner), and User
/// names itself (`manager`).
const MODELS: &str = "axumgen: 1
service: { name: api }
models:
  NewTask:
    fields:
      title: { type: string, min_length: 1, max_length: 100 }
      owner: User
      status: { type: string, enum: [open, done], default: open }
      tags: { type: \"[string]\", max_items: 5, default: [] }
      estimate: { type: \"f64?\", ge: 0 }
  Task:
    fields:
      id: u32
      title: string
      owner: User
      priority: { type: string, enum: [low, high] }
      due: \"date-time?\"
  User:
    fields:
      name: { type: string, max_length: 100 }
      email: email
      manager: \"User?\"
endpoints:
  - name: create_task
    method: POST
    path: /tasks
    request: { model: NewTask }
    response: { status: 201, model: Task }
  - name: get_task
    method: GET
    path: /tasks/{task_id}
    params: { task_id: u64 }
    query: { verbose: bool? }
    response: { status: 200, model: Task }
";

const ESTIMATE: &str = "      estimate: { type: \"f64?\", ge: 0 }\n";
const NEW_TITLE: &str = "title: { type: string, min_length: 1, max_length: 100 }";
const STATUS: &str = "enum: [open, done], default: open";

#[test]
fn request_body_changes_break_clients_when_they_accept_less() {
    let rows: Vec<Row> = vec![
        (
            "a new required field",
            vec![(
                ESTIMATE,
                "      estimate: { type: \"f64?\", ge: 0 }\n      project: u64\n",
            )],
            vec![(
                Breaking,
                "field-added",
                "`POST /tasks`: request body `project`: new required field of type u64",
            )],
        ),
        (
            "a new optional field",
            vec![(
                ESTIMATE,
                "      estimate: { type: \"f64?\", ge: 0 }\n      notes: \"string?\"\n",
            )],
            vec![(
                Change,
                "field-added",
                "`POST /tasks`: request body `notes`: new optional field of type string?",
            )],
        ),
        (
            "a new field with a default is optional",
            vec![(
                ESTIMATE,
                "      estimate: { type: \"f64?\", ge: 0 }\n      urgent: { type: bool, default: false }\n",
            )],
            vec![(
                Change,
                "field-added",
                "`POST /tasks`: request body `urgent`: new optional field of type bool",
            )],
        ),
        (
            "a removed field: the server ignores what it does not know",
            vec![(ESTIMATE, "")],
            vec![(
                Change,
                "field-removed",
                "`POST /tasks`: request body `estimate`: field removed (the server ignores it now)",
            )],
        ),
        (
            "min_length raised",
            vec![(
                NEW_TITLE,
                "title: { type: string, min_length: 3, max_length: 100 }",
            )],
            vec![(
                Breaking,
                "constraint-narrowed",
                "`POST /tasks`: request body `title`: min_length raised from 1 to 3",
            )],
        ),
        (
            "max_length lowered",
            vec![(
                NEW_TITLE,
                "title: { type: string, min_length: 1, max_length: 50 }",
            )],
            vec![(
                Breaking,
                "constraint-narrowed",
                "`POST /tasks`: request body `title`: max_length lowered from 100 to 50",
            )],
        ),
        (
            "ge raised",
            vec![("ge: 0 }", "ge: 1 }")],
            vec![(
                Breaking,
                "constraint-narrowed",
                "`POST /tasks`: request body `estimate`: lower bound raised from `ge 0` to `ge 1`",
            )],
        ),
        (
            "le added",
            vec![("ge: 0 }", "ge: 0, le: 100 }")],
            vec![(
                Breaking,
                "constraint-narrowed",
                "`POST /tasks`: request body `estimate`: upper bound `le 100` added",
            )],
        ),
        (
            "ge 0 to gt 0 excludes 0",
            vec![("ge: 0 }", "gt: 0 }")],
            vec![(
                Breaking,
                "constraint-narrowed",
                "`POST /tasks`: request body `estimate`: lower bound raised from `ge 0` to `gt 0`",
            )],
        ),
        (
            "max_items lowered and min_items added",
            vec![(
                "max_items: 5, default: []",
                "min_items: 1, max_items: 3, default: [x]",
            )],
            vec![
                (
                    Breaking,
                    "constraint-narrowed",
                    "`POST /tasks`: request body `tags`: max_items lowered from 5 to 3",
                ),
                (
                    Breaking,
                    "constraint-narrowed",
                    "`POST /tasks`: request body `tags`: min_items 1 added",
                ),
                (
                    Change,
                    "default-changed",
                    "`POST /tasks`: request body `tags`: default changed from `[]` to `[\"x\"]`",
                ),
            ],
        ),
        (
            "a new pattern",
            vec![(
                NEW_TITLE,
                "title: { type: string, min_length: 1, max_length: 100, pattern: \"^[A-Z]\" }",
            )],
            vec![(
                Breaking,
                "constraint-narrowed",
                "`POST /tasks`: request body `title`: pattern `^[A-Z]` added",
            )],
        ),
        (
            "an enum value removed",
            vec![(STATUS, "enum: [open], default: open")],
            vec![(
                Breaking,
                "enum-value-removed",
                "`POST /tasks`: request body `status`: enum value `done` removed",
            )],
        ),
        (
            "optional made required",
            vec![(ESTIMATE, "      estimate: { type: f64, ge: 0 }\n")],
            vec![(
                Breaking,
                "field-required",
                "`POST /tasks`: request body `estimate`: is now required",
            )],
        ),
        (
            "a default removed makes the field required",
            vec![(STATUS, "enum: [open, done]")],
            vec![(
                Breaking,
                "field-required",
                "`POST /tasks`: request body `status`: is now required",
            )],
        ),
        (
            "a type that accepts less",
            vec![(ESTIMATE, "      estimate: { type: \"u32?\", ge: 0 }\n")],
            vec![(
                Breaking,
                "type-narrowed",
                "`POST /tasks`: request body `estimate`: type narrowed from f64 to u32",
            )],
        ),
        (
            "a type that accepts other values",
            vec![(
                "      tags: { type: \"[string]\", max_items: 5, default: [] }\n",
                "      tags: { type: string, default: \"\" }\n",
            )],
            vec![
                (
                    Breaking,
                    "type-changed",
                    "`POST /tasks`: request body `tags`: type changed from [string] to string",
                ),
                (
                    Change,
                    "default-changed",
                    "`POST /tasks`: request body `tags`: default changed from `[]` to `\"\"`",
                ),
            ],
        ),
        (
            "max_length raised (widened)",
            vec![(
                NEW_TITLE,
                "title: { type: string, min_length: 1, max_length: 200 }",
            )],
            vec![(
                Change,
                "constraint-widened",
                "`POST /tasks`: request body `title`: max_length raised from 100 to 200",
            )],
        ),
        (
            "constraints dropped (widened)",
            vec![(NEW_TITLE, "title: string")],
            vec![
                (
                    Change,
                    "constraint-widened",
                    "`POST /tasks`: request body `title`: max_length 100 dropped",
                ),
                (
                    Change,
                    "constraint-widened",
                    "`POST /tasks`: request body `title`: min_length 1 dropped",
                ),
            ],
        ),
        (
            "an enum value added (widened)",
            vec![(STATUS, "enum: [open, done, archived], default: open")],
            vec![(
                Change,
                "enum-value-added",
                "`POST /tasks`: request body `status`: enum value `archived` added",
            )],
        ),
        (
            "required made optional (widened)",
            vec![(
                NEW_TITLE,
                "title: { type: \"string?\", min_length: 1, max_length: 100 }",
            )],
            vec![(
                Change,
                "field-optional",
                "`POST /tasks`: request body `title`: is now optional",
            )],
        ),
        (
            "a default changed",
            vec![(STATUS, "enum: [open, done], default: done")],
            vec![(
                Change,
                "default-changed",
                "`POST /tasks`: request body `status`: default changed from `\"open\"` to `\"done\"`",
            )],
        ),
    ];
    check_rows(MODELS, rows);
}

const BOTH: &str = "`POST /tasks` and `GET /tasks/{task_id}`";

#[test]
fn response_body_changes_break_clients_when_they_may_receive_more() {
    let rows: Vec<Row> = vec![
        (
            "a removed field",
            vec![("      title: string\n", "")],
            vec![(
                Breaking,
                "field-removed",
                "`POST /tasks` and `GET /tasks/{task_id}`: response body `title`: field removed",
            )],
        ),
        (
            "a removed optional field: clients already handle its absence",
            vec![("      due: \"date-time?\"\n", "")],
            vec![(
                Change,
                "field-removed",
                "`POST /tasks` and `GET /tasks/{task_id}`: response body `due`: optional field removed (clients already handle its absence)",
            )],
        ),
        (
            "required made optional",
            vec![("id: u32", "id: \"u32?\"")],
            vec![(
                Breaking,
                "field-optional",
                "`POST /tasks` and `GET /tasks/{task_id}`: response body `id`: may now be absent or null",
            )],
        ),
        (
            "optional made required (narrowed)",
            vec![("due: \"date-time?\"", "due: date-time")],
            vec![(
                Change,
                "field-required",
                "`POST /tasks` and `GET /tasks/{task_id}`: response body `due`: is now always present",
            )],
        ),
        (
            "a new field",
            vec![(
                "      due: \"date-time?\"\n",
                "      due: \"date-time?\"\n      created: date-time\n",
            )],
            vec![(
                Change,
                "field-added",
                "`POST /tasks` and `GET /tasks/{task_id}`: response body `created`: new field of type date-time",
            )],
        ),
        (
            "an enum value removed: clients never see it again",
            vec![("enum: [low, high]", "enum: [low]")],
            vec![(
                Change,
                "enum-value-removed",
                "`POST /tasks` and `GET /tasks/{task_id}`: response body `priority`: enum value `high` removed",
            )],
        ),
        (
            "a new enum value: strict clients reject it",
            vec![("enum: [low, high]", "enum: [low, high, urgent]")],
            vec![(
                Breaking,
                "enum-value-added",
                "`POST /tasks` and `GET /tasks/{task_id}`: response body `priority`: enum value `urgent` added",
            )],
        ),
        (
            "a narrower type",
            vec![("id: u32", "id: u16")],
            vec![(
                Change,
                "type-narrowed",
                "`POST /tasks` and `GET /tasks/{task_id}`: response body `id`: type narrowed from u32 to u16",
            )],
        ),
        (
            "a wider type",
            vec![("id: u32", "id: u64")],
            vec![(
                Breaking,
                "type-widened",
                "`POST /tasks` and `GET /tasks/{task_id}`: response body `id`: type widened from u32 to u64",
            )],
        ),
        (
            "a typed response no longer typed",
            vec![(
                "response: { status: 200, model: Task }",
                "response: { status: 200, body: { id: 1 } }",
            )],
            vec![(
                Breaking,
                "body-untyped",
                "`GET /tasks/{task_id}`: response body is no longer typed (was `Task`)",
            )],
        ),
        (
            "a request body where there was none",
            vec![(
                "    query: { verbose: bool? }\n",
                "    query: { verbose: bool? }\n    request: { model: NewTask }\n",
            )],
            vec![(
                Breaking,
                "body-added",
                "`GET /tasks/{task_id}`: now requires a `NewTask` request body",
            )],
        ),
        (
            "a list instead of one",
            vec![(
                "response: { status: 200, model: Task }",
                "response: { status: 200, model: \"[Task]\" }",
            )],
            vec![(
                Breaking,
                "type-changed",
                "`GET /tasks/{task_id}`: response body: type changed from Task to [Task]",
            )],
        ),
    ];
    check_rows(MODELS, rows);
}

#[test]
fn a_change_in_a_nested_model_shows_under_every_route_with_its_path() {
    let new = edited(MODELS, &[("email: email", "email: string")]);
    assert_eq!(
        found(MODELS, &new),
        vec![
            (
                Breaking,
                "type-widened",
                format!("{BOTH}: response body `owner.email`: type widened from email to string")
            ),
            (
                Change,
                "type-widened",
                "`POST /tasks`: request body `owner.email`: type widened from email to string"
                    .to_string()
            ),
        ]
    );
    // Through a list of models, and the recursion through `manager` stops.
    let list = edited(
        MODELS,
        &[(
            "response: { status: 200, model: Task }",
            "response: { status: 200, model: \"[Task]\" }",
        )],
    );
    let new = edited(
        &list,
        &[(
            "name: { type: string, max_length: 100 }",
            "name: { type: string, max_length: 50 }",
        )],
    );
    assert_eq!(
        found(&list, &new),
        vec![
            (
                Breaking,
                "constraint-narrowed",
                "`POST /tasks`: request body `owner.name`: max_length lowered from 100 to 50".to_string()
            ),
            (
                Change,
                "constraint-narrowed",
                "`GET /tasks/{task_id}`: response body `[].owner.name`: max_length lowered from 100 to 50".to_string()
            ),
            (
                Change,
                "constraint-narrowed",
                "`POST /tasks`: response body `owner.name`: max_length lowered from 100 to 50".to_string()
            ),
        ]
    );
}

#[test]
fn a_renamed_model_with_the_same_shape_is_no_change() {
    let renamed = MODELS
        .replace("User", "Person")
        .replace("  Task:", "  Todo:")
        .replace("model: Task", "model: Todo")
        .replace("NewTask", "CreateTodo");
    assert_ne!(renamed, MODELS);
    assert_eq!(found(MODELS, &renamed), vec![]);
}

#[test]
fn parameter_changes_are_classed_as_the_client_sends_them() {
    let rows: Vec<Row> = vec![
        (
            "path parameter widened from u64 to string: old clients still work",
            vec![("task_id: u64", "task_id: string")],
            vec![(
                Change,
                "param-type-widened",
                "`GET /tasks/{task_id}`: path parameter `task_id` widened from u64 to string",
            )],
        ),
        (
            "path parameter narrowed",
            vec![("task_id: u64", "task_id: u32")],
            vec![(
                Breaking,
                "param-type-narrowed",
                "`GET /tasks/{task_id}`: path parameter `task_id` narrowed from u64 to u32",
            )],
        ),
        (
            "a renamed path parameter is the same route",
            vec![
                ("path: /tasks/{task_id}", "path: /tasks/{id}"),
                ("task_id: u64", "id: u64"),
            ],
            vec![],
        ),
        (
            "a new required query parameter",
            vec![(
                "query: { verbose: bool? }",
                "query: { verbose: bool?, limit: u32 }",
            )],
            vec![(
                Breaking,
                "query-param-required",
                "`GET /tasks/{task_id}`: new required query parameter `limit`",
            )],
        ),
        (
            "a new query parameter with a default is not required",
            vec![(
                "query: { verbose: bool? }",
                "query: { verbose: bool?, limit: { type: u32, default: 10 } }",
            )],
            vec![(
                Change,
                "query-param-added",
                "`GET /tasks/{task_id}`: new optional query parameter `limit`",
            )],
        ),
        (
            "an optional query parameter given a default stays optional",
            vec![(
                "query: { verbose: bool? }",
                "query: { verbose: { type: bool, default: false } }",
            )],
            vec![],
        ),
        (
            "a query parameter made a list, then one value again",
            vec![(
                "query: { verbose: bool? }",
                "query: { verbose: \"[bool]?\" }",
            )],
            vec![(
                Change,
                "query-param-list",
                "`GET /tasks/{task_id}`: query parameter `verbose` is now a list (each value an item)",
            )],
        ),
        (
            "a new optional query parameter",
            vec![(
                "query: { verbose: bool? }",
                "query: { verbose: bool?, limit: u32? }",
            )],
            vec![(
                Change,
                "query-param-added",
                "`GET /tasks/{task_id}`: new optional query parameter `limit`",
            )],
        ),
        (
            "a query parameter removed",
            vec![("    query: { verbose: bool? }\n", "")],
            vec![(
                Change,
                "query-param-removed",
                "`GET /tasks/{task_id}`: query parameter `verbose` removed (the server ignores it now)",
            )],
        ),
        (
            "a query parameter widened",
            vec![("query: { verbose: bool? }", "query: { verbose: string? }")],
            vec![(
                Change,
                "param-type-widened",
                "`GET /tasks/{task_id}`: query parameter `verbose` widened from bool to string",
            )],
        ),
    ];
    check_rows(MODELS, rows);
}

/// All twelve kinds on one route.
const LAYERS: &str = "axumgen: 1
service: { name: api }
middleware:
  - trusted_host: { allowed_hosts: [api.example.com, www.example.com] }
  - https_redirect: { trusted_proxies: [10.0.0.0/8] }
  - cors:
      allow_origins: [https://app.example.com]
      allow_methods: [GET, POST]
      allow_headers: [Authorization]
      expose_headers: [X-Total]
      max_age: 600
  - request_id: { header: X-Request-Id }
  - logging: {}
  - timing: { header: X-Process-Time }
  - gzip: { minimum_size: 500, compresslevel: 9 }
  - set_headers: { X-Frame-Options: DENY, X-Version: \"1\" }
  - bearer_auth: { token_env: API_TOKEN, public_paths: [/openapi.json] }
  - timeout: { seconds: 30 }
  - body_limit: { max_bytes: 1048576 }
  - custom: { name: audit }
endpoints:
  - { name: list_items, method: GET, path: /items }
";

#[test]
fn every_middleware_setting_is_compared() {
    let rows: Vec<Row> = vec![
        (
            "trusted_host: a host added",
            vec![("www.example.com]", "www.example.com, admin.example.com]")],
            vec![(
                Security,
                "trusted-host-added",
                "`GET /items`: trusted_host now accepts Host `admin.example.com`",
            )],
        ),
        (
            "trusted_host: a host removed",
            vec![("[api.example.com, www.example.com]", "[api.example.com]")],
            vec![(
                Breaking,
                "trusted-host-removed",
                "`GET /items`: trusted_host now answers 400 to Host `www.example.com`",
            )],
        ),
        (
            "trusted_host: www_redirect off",
            vec![(
                "www.example.com] }",
                "www.example.com], www_redirect: false }",
            )],
            vec![(
                Breaking,
                "trusted-host-www-redirect",
                "`GET /items`: trusted_host answers 400 to the apex of a `www.` host instead of redirecting (www_redirect off)",
            )],
        ),
        (
            "https_redirect: a proxy trusted",
            vec![("[10.0.0.0/8]", "[10.0.0.0/8, 192.168.0.0/16]")],
            vec![(
                Security,
                "proxy-trusted",
                "`GET /items`: https_redirect now trusts X-Forwarded-Proto from `192.168.0.0/16`",
            )],
        ),
        (
            "https_redirect: a proxy no longer trusted",
            vec![("[10.0.0.0/8]", "[]")],
            vec![(
                Breaking,
                "proxy-untrusted",
                "`GET /items`: https_redirect no longer trusts X-Forwarded-Proto from `10.0.0.0/8`: requests through it are redirected",
            )],
        ),
        (
            "cors: every origin, where one was listed",
            vec![(
                "allow_origins: [https://app.example.com]",
                "allow_origins: [\"*\"]",
            )],
            vec![(
                Security,
                "cors-origin-added",
                "`GET /items`: browsers at `*` can now read responses",
            )],
        ),
        (
            "cors: an origin moved from the list to the regex still reads",
            vec![(
                "allow_origins: [https://app.example.com]",
                "allow_origins: []\n      allow_origin_regex: '^https://[a-z]+\\.example\\.com$'",
            )],
            vec![(
                Security,
                "cors-regex-changed",
                "`GET /items`: browsers at origins matching `^https://[a-z]+\\.example\\.com$` can now read responses",
            )],
        ),
        (
            "cors: max_age",
            vec![("max_age: 600", "max_age: 3600")],
            vec![(
                Change,
                "cors-max-age-changed",
                "`GET /items`: CORS max_age changed from 600 to 3600",
            )],
        ),
        (
            "cors: a method allowed",
            vec![("[GET, POST]", "[GET, POST, DELETE]")],
            vec![(
                Security,
                "cors-method-added",
                "`GET /items`: cross-origin `DELETE` requests are now allowed",
            )],
        ),
        (
            "cors: a method no longer allowed",
            vec![("[GET, POST]", "[GET]")],
            vec![(
                Breaking,
                "cors-method-removed",
                "`GET /items`: cross-origin `POST` requests are no longer allowed",
            )],
        ),
        (
            "cors: every method allowed",
            vec![("[GET, POST]", "[\"*\"]")],
            vec![(
                Security,
                "cors-method-added",
                "`GET /items`: cross-origin `*` requests are now allowed",
            )],
        ),
        (
            "cors: a request header allowed",
            vec![("[Authorization]", "[Authorization, X-Api-Key]")],
            vec![(
                Security,
                "cors-header-allowed",
                "`GET /items`: cross-origin requests may now send `x-api-key`",
            )],
        ),
        (
            "cors: a response header no longer exposed",
            vec![("      expose_headers: [X-Total]\n", "")],
            vec![(
                Breaking,
                "cors-header-unexposed",
                "`GET /items`: browsers can no longer read `x-total`",
            )],
        ),
        (
            "cors: a response header exposed",
            vec![("[X-Total]", "[X-Total, X-Next]")],
            vec![(
                Security,
                "cors-header-exposed",
                "`GET /items`: browsers can now read `x-next`",
            )],
        ),
        (
            "cors: private network access on",
            vec![(
                "max_age: 600",
                "max_age: 600\n      allow_private_network: true",
            )],
            vec![(
                Security,
                "cors-private-network-on",
                "`GET /items`: public websites can now reach this server on a private network (allow_private_network)",
            )],
        ),
        (
            "gzip: minimum_size",
            vec![("minimum_size: 500", "minimum_size: 1000")],
            vec![(
                Change,
                "gzip-changed",
                "`GET /items`: gzip minimum_size changed from 500 to 1000",
            )],
        ),
        (
            "gzip: compresslevel",
            vec![("compresslevel: 9", "compresslevel: 6")],
            vec![(
                Change,
                "gzip-changed",
                "`GET /items`: gzip compresslevel changed from 9 to 6",
            )],
        ),
        (
            "timing: header",
            vec![("X-Process-Time", "X-Elapsed")],
            vec![(
                Change,
                "timing-header-changed",
                "`GET /items`: timing now sends the elapsed time in `x-elapsed` instead of `x-process-time`",
            )],
        ),
        (
            "request_id: header",
            vec![("X-Request-Id", "X-Correlation-Id")],
            vec![(
                Change,
                "request-id-header-changed",
                "`GET /items`: request_id now reads and sends the id in `x-correlation-id` instead of `x-request-id`",
            )],
        ),
        (
            "logging removed",
            vec![("  - logging: {}\n", "")],
            vec![(
                Security,
                "middleware-removed",
                "`GET /items`: is no longer behind `logging`",
            )],
        ),
        (
            "set_headers: a value changed",
            vec![("X-Frame-Options: DENY", "X-Frame-Options: SAMEORIGIN")],
            vec![(
                Change,
                "header-changed",
                "`GET /items`: set_headers sends `x-frame-options: SAMEORIGIN` instead of `DENY`",
            )],
        ),
        (
            "set_headers: a header added",
            vec![("X-Version: \"1\" }", "X-Version: \"1\", X-Team: core }")],
            vec![(
                Change,
                "header-added",
                "`GET /items`: set_headers now sends `x-team: core`",
            )],
        ),
        (
            "set_headers: a header removed",
            vec![("X-Frame-Options: DENY, ", "")],
            vec![(
                Security,
                "header-removed",
                "`GET /items`: set_headers no longer sends `x-frame-options`",
            )],
        ),
        (
            "bearer_auth: another token",
            vec![("token_env: API_TOKEN", "token_env: ITEMS_TOKEN")],
            vec![(
                Security,
                "auth-token-changed",
                "`GET /items`: bearer_auth now reads its token from $ITEMS_TOKEN instead of $API_TOKEN",
            )],
        ),
        (
            "bearer_auth: a public path that is no route",
            vec![("[/openapi.json]", "[/openapi.json, /items/7]")],
            vec![(
                Security,
                "public-path-added",
                "`GET /items`: bearer_auth now lets `/items/7` through without a token",
            )],
        ),
        (
            "timeout lowered",
            vec![("seconds: 30", "seconds: 2.5")],
            vec![(
                Breaking,
                "timeout-lowered",
                "`GET /items`: timeout lowered from 30 s to 2.5 s",
            )],
        ),
        (
            "timeout raised",
            vec![("seconds: 30", "seconds: 60")],
            vec![(
                Change,
                "timeout-raised",
                "`GET /items`: timeout raised from 30 s to 60 s",
            )],
        ),
        (
            "body_limit lowered",
            vec![("max_bytes: 1048576", "max_bytes: 1024")],
            vec![(
                Breaking,
                "body-limit-lowered",
                "`GET /items`: body_limit lowered from 1048576 to 1024 bytes",
            )],
        ),
        (
            "body_limit raised",
            vec![("max_bytes: 1048576", "max_bytes: 2097152")],
            vec![(
                Change,
                "body-limit-raised",
                "`GET /items`: body_limit raised from 1048576 to 2097152 bytes",
            )],
        ),
        (
            "custom: another one",
            vec![("name: audit", "name: audit_v2")],
            vec![
                (
                    Change,
                    "middleware-added",
                    "`GET /items`: is now behind custom middleware `audit_v2`",
                ),
                (
                    Security,
                    "middleware-removed",
                    "`GET /items`: is no longer behind custom middleware `audit`",
                ),
            ],
        ),
        (
            "order: two layers swapped",
            vec![(
                "  - request_id: { header: X-Request-Id }\n  - logging: {}\n",
                "  - logging: {}\n  - request_id: { header: X-Request-Id }\n",
            )],
            vec![(
                Change,
                "middleware-order-changed",
                "`GET /items`: layers now run as trusted_host → https_redirect → cors → logging → request_id → timing → gzip → set_headers → bearer_auth → timeout → body_limit → custom audit (outermost first; was trusted_host → https_redirect → cors → request_id → logging → timing → gzip → set_headers → bearer_auth → timeout → body_limit → custom audit)",
            )],
        ),
        (
            "a layer moved from the app to a router is compared, not removed",
            vec![
                ("  - body_limit: { max_bytes: 1048576 }\n", ""),
                (
                    "endpoints:\n  - { name: list_items, method: GET, path: /items }\n",
                    "routers:\n  - name: items\n    middleware: [ { body_limit: { max_bytes: 1024 } } ]\n    endpoints:\n      - { name: list_items, method: GET, path: /items }\n",
                ),
            ],
            vec![
                (
                    Breaking,
                    "body-limit-lowered",
                    "`GET /items`: body_limit lowered from 1048576 to 1024 bytes",
                ),
                (
                    Change,
                    "middleware-order-changed",
                    "`GET /items`: layers now run as trusted_host → https_redirect → cors → request_id → logging → timing → gzip → set_headers → bearer_auth → timeout → custom audit → body_limit (outermost first; was trusted_host → https_redirect → cors → request_id → logging → timing → gzip → set_headers → bearer_auth → timeout → body_limit → custom audit)",
                ),
            ],
        ),
    ];
    check_rows(LAYERS, rows);
}

#[test]
fn a_changed_setting_is_no_longer_zero_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (old, new) = (dir.path().join("old.yaml"), dir.path().join("new.yaml"));
    std::fs::write(&old, LAYERS).expect("written");
    std::fs::write(&new, LAYERS.replace("max_age: 600", "max_age: 60")).expect("written");
    axumgen()
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains(
                "change[cors-max-age-changed]: `GET /items`: CORS max_age changed from 600 to 60",
            )
            .and(predicate::str::contains("1 change from")),
        );
}

#[test]
fn fail_on_breaking_fails_for_a_breaking_model_change_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let old = dir.path().join("old.yaml");
    std::fs::write(&old, MODELS).expect("written");
    let breaking = dir.path().join("breaking.yaml");
    std::fs::write(
        &breaking,
        edited(
            MODELS,
            &[(ESTIMATE, "      estimate: { type: f64, ge: 0 }\n")],
        ),
    )
    .expect("written");
    let plain = dir.path().join("plain.yaml");
    std::fs::write(
        &plain,
        edited(
            MODELS,
            &[(
                "      due: \"date-time?\"\n",
                "      due: \"date-time?\"\n      created: date-time\n",
            )],
        ),
    )
    .expect("written");
    axumgen()
        .arg("diff")
        .arg(&old)
        .arg(&breaking)
        .args(["--fail-on", "breaking"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "breaking[field-required]: `POST /tasks`: request body `estimate`: is now required",
        ));
    axumgen()
        .arg("diff")
        .arg(&old)
        .arg(&plain)
        .args(["--fail-on", "breaking"])
        .assert()
        .code(0);
    axumgen()
        .arg("diff")
        .arg(&old)
        .arg(&plain)
        .args(["--fail-on", "any"])
        .assert()
        .code(1);
}

/// `Shape` is sent and received: a member removed takes values from both sides, a member added
/// gives clients a value they did not expect, and a change inside a member shows under it.
const UNIONS: &str = "axumgen: 1
service: { name: api }
models:
  Circle: { fields: { kind: { type: string, enum: [circle] }, radius: f64 } }
  Square: { fields: { kind: { type: string, enum: [square] }, side: f64 } }
  Shape: { one_of: [Circle, Square], discriminator: kind }
  Label: { one_of: [string, i64] }
  Drawing: { fields: { shape: Shape, label: Label } }
endpoints:
  - name: draw
    method: POST
    path: /drawings
    request: { model: Drawing }
    response: { status: 201, model: Drawing }
";

#[test]
fn union_members_added_removed_and_changed_are_classified_by_who_sends_them() {
    let rows: Vec<Row> = vec![
        (
            "a member removed: requests that used it are refused",
            vec![("one_of: [string, i64]", "one_of: [string, bool]")],
            vec![
                (
                    Breaking,
                    "member-removed",
                    "`POST /drawings`: request body `label`: union member i64 removed",
                ),
                (
                    Change,
                    "member-removed",
                    "`POST /drawings`: response body `label`: union member i64 removed",
                ),
                (
                    Change,
                    "member-added",
                    "`POST /drawings`: request body `label`: union member bool added",
                ),
                (
                    Breaking,
                    "member-added",
                    "`POST /drawings`: response body `label`: union member bool added",
                ),
            ],
        ),
        (
            "a change inside a member shows under the member's variant",
            vec![("side: f64", "side: { type: f64, ge: 1 }")],
            vec![
                (
                    Breaking,
                    "constraint-narrowed",
                    "`POST /drawings`: request body `shape.Square.side`: lower bound `ge 1` added",
                ),
                (
                    Change,
                    "constraint-narrowed",
                    "`POST /drawings`: response body `shape.Square.side`: lower bound `ge 1` added",
                ),
            ],
        ),
        (
            "a union replaced by an object",
            vec![(
                "  Label: { one_of: [string, i64] }",
                "  Label: { fields: { text: string } }",
            )],
            vec![
                (
                    Breaking,
                    "type-changed",
                    "`POST /drawings`: request body `label`: type changed from Label to Label (one is a union, the other an object)",
                ),
                (
                    Breaking,
                    "type-changed",
                    "`POST /drawings`: response body `label`: type changed from Label to Label (one is a union, the other an object)",
                ),
            ],
        ),
    ];
    check_rows(UNIONS, rows);
}
