//! Regeneration scenarios on real generated projects: user code survives, added endpoints work
//! without touching anything, removed ones are reported, edits to generated files are refused,
//! `--check` reports each kind of drift, interrupted writes leave the project intact, and a
//! no-op run writes nothing.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

const BASE: &str = "axumgen: 1
service: { name: NAME }
middleware:
  - set_headers: { X-Handled-By: regen }
endpoints:
  - { name: ping, method: GET, path: /ping, response: { body: { ok: true } } }
  - name: get_item
    method: GET
    path: /items/{item_id}
    params: { item_id: u64 }
    response: { body: { id: 1 } }
";

const ADDED: &str = "  - { name: health, method: GET, path: /health, response: { status: 200, body: { healthy: true } } }\n";

/// A spec file and an output directory for one scenario.
struct Scenario {
    dir: PathBuf,
    spec: PathBuf,
    out: PathBuf,
}

impl Scenario {
    /// `name` becomes the package name: scenarios that build share a target directory, and two
    /// packages with one name in one target directory overwrite each other's binaries.
    fn new(name: &str) -> Scenario {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("regenerate")
            .join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scenario dir");
        let scenario = Scenario {
            spec: dir.join("spec.yaml"),
            out: dir.join("project"),
            dir,
        };
        scenario.write_spec(&BASE.replace("NAME", name));
        scenario
    }

    fn write_spec(&self, text: &str) {
        std::fs::write(&self.spec, text).expect("spec written");
    }

    fn spec_text(&self) -> String {
        std::fs::read_to_string(&self.spec).expect("spec")
    }

    /// `axumgen generate SPEC --out PROJECT EXTRA…`, to run.
    fn command(&self, extra: &[&str]) -> Command {
        let mut command = Command::cargo_bin("axumgen").expect("binary");
        command
            .arg("generate")
            .arg(&self.spec)
            .arg("--out")
            .arg(&self.out)
            .args(extra);
        command
    }

    fn generate(&self, extra: &[&str]) -> assert_cmd::assert::Assert {
        self.command(extra).assert()
    }

    fn file(&self, path: &str) -> PathBuf {
        self.out.join(path)
    }

    fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.file(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn cargo(&self, args: &[&str]) -> std::process::Output {
        let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .parent()
            .expect("target")
            .join("e2e");
        std::process::Command::new(env!("CARGO"))
            .args(args)
            .current_dir(&self.out)
            .env("CARGO_TARGET_DIR", target)
            .env("CARGO_TERM_COLOR", "never")
            .output()
            .expect("cargo runs")
    }
}

fn mtimes(root: &Path) -> Vec<(PathBuf, SystemTime)> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(root).expect("readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "target") {
                all.extend(mtimes(&path));
            }
        } else {
            all.push((
                path.clone(),
                entry
                    .metadata()
                    .expect("metadata")
                    .modified()
                    .expect("mtime"),
            ));
        }
    }
    all.sort();
    all
}

#[test]
fn a_no_op_regeneration_writes_nothing() {
    let s = Scenario::new("regen-noop");
    s.generate(&[]).success();
    let before = mtimes(&s.out);
    s.generate(&[])
        .success()
        .stderr(predicate::str::contains("up to date: no file written"));
    assert_eq!(mtimes(&s.out), before, "no file was touched");
}

/// One `generate` run with stage timings on: whether it took the no-op fast path (compared the
/// project with its manifest) instead of running the pipeline (reading and checking the spec).
fn took_fast_path(s: &Scenario, extra: &[&str]) -> bool {
    let output = s
        .command(extra)
        .env("AXUMGEN_TIMINGS", "1")
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let fast = stderr.contains("timing: compare with manifest");
    let slow = stderr.contains("timing: read and check");
    assert!(fast != slow, "exactly one path is taken:\n{stderr}");
    fast
}

#[test]
fn an_unchanged_project_skips_the_pipeline_and_any_change_to_its_inputs_or_files_does_not() {
    let s = Scenario::new("regen-fast");
    s.generate(&[]).success();
    let manifest = s.read(".axumgen/manifest.json");
    assert!(manifest.contains("\"inputs_sha256\""), "{manifest}");
    assert!(took_fast_path(&s, &[]), "nothing changed");
    assert!(took_fast_path(&s, &["--check"]));

    // An edit to a generated file: the pipeline runs and refuses it, as before.
    let lib = s.file("src/lib.rs");
    let original = s.read("src/lib.rs");
    std::fs::write(&lib, format!("{original}// mine\n")).expect("edited");
    assert!(!took_fast_path(&s, &[]));
    s.generate(&[])
        .code(1)
        .stderr(predicate::str::contains("src/lib.rs (edited by hand)"));
    std::fs::write(&lib, &original).expect("restored");
    assert!(took_fast_path(&s, &[]));

    // A deleted handler (the user's file) is written again.
    std::fs::remove_file(s.file("src/handlers/ping.rs")).expect("deleted");
    assert!(!took_fast_path(&s, &[]));
    assert!(s.file("src/handlers/ping.rs").exists(), "written again");
    assert!(took_fast_path(&s, &[]));

    // A template override, and then the spec itself.
    let templates = s.dir.join("templates");
    std::fs::create_dir_all(&templates).expect("dir");
    std::fs::write(templates.join("gitignore.j2"), "/target\n/private\n").expect("override");
    let with_templates = ["--templates", templates.to_str().expect("UTF-8 path")];
    assert!(!took_fast_path(&s, &with_templates));
    assert_eq!(s.read(".gitignore"), "/target\n/private\n");
    assert!(took_fast_path(&s, &with_templates));
    std::fs::write(templates.join("gitignore.j2"), "/target\n").expect("override");
    assert!(!took_fast_path(&s, &with_templates));
    assert_eq!(s.read(".gitignore"), "/target\n");
    s.write_spec(&format!("{}{ADDED}", s.spec_text()));
    assert!(!took_fast_path(&s, &with_templates));
    assert!(
        s.file("src/handlers/health.rs").exists(),
        "the added endpoint is written"
    );
}

#[test]
fn a_run_with_something_to_say_is_never_skipped() {
    let s = Scenario::new("regen-notes");
    s.generate(&[]).success();
    // Removing an endpoint leaves its handler to the user, with a note every run.
    let without_item = s.spec_text().replace(
        "  - name: get_item\n    method: GET\n    path: /items/{item_id}\n    params: { item_id: u64 }\n    response: { body: { id: 1 } }\n",
        "",
    );
    assert_ne!(without_item, s.spec_text());
    s.write_spec(&without_item);
    for _ in 0..2 {
        assert!(!took_fast_path(&s, &[]));
        s.generate(&[])
            .success()
            .stderr(predicate::str::contains("src/handlers/get_item.rs is kept"));
    }
    let manifest = s.read(".axumgen/manifest.json");
    assert!(!manifest.contains("inputs_sha256"), "{manifest}");
}

#[test]
fn a_handler_edit_survives_regeneration_and_the_project_builds() {
    let s = Scenario::new("regen-edit");
    s.generate(&[]).success();
    let handler = s.file("src/handlers/ping.rs");
    let edited = s.read("src/handlers/ping.rs").replace(
        "crate::examples::ping()",
        "// my logic\n    axum::response::IntoResponse::into_response(\"pong\")",
    );
    std::fs::write(&handler, &edited).expect("edited");
    // Change the spec so that generated files are rewritten around the edit.
    s.write_spec(
        &s.spec_text()
            .replace("X-Handled-By: regen", "X-Handled-By: regen-2"),
    );
    s.generate(&[]).success();
    assert_eq!(
        s.read("src/handlers/ping.rs"),
        edited,
        "the user's edit is intact"
    );
    assert!(
        s.read("src/app.rs").contains("regen-2"),
        "generated code followed the spec"
    );
    let build = s.cargo(&["build"]);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    // The generated tests prove the stack with example handlers, so the edit does not break them.
    let test = s.cargo(&["test"]);
    assert!(
        test.status.success(),
        "{}",
        String::from_utf8_lossy(&test.stdout)
    );
}

#[test]
fn an_added_endpoint_builds_and_passes_its_generated_tests_untouched() {
    let s = Scenario::new("regen-add");
    s.generate(&[]).success();
    s.write_spec(&format!("{}{ADDED}", s.spec_text()));
    s.generate(&[]).success();
    assert!(
        s.file("src/handlers/health.rs").is_file(),
        "a handler for the new endpoint"
    );
    assert!(
        s.read("tests/generated.rs")
            .contains("fn health_answers_with_its_example")
    );
    let test = s.cargo(&["test"]);
    let stdout = String::from_utf8_lossy(&test.stdout);
    assert!(
        test.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&test.stderr)
    );
    assert!(
        stdout.contains("test health_answers_with_its_example ... ok"),
        "{stdout}"
    );
}

#[test]
fn a_removed_endpoint_keeps_and_reports_the_users_file() {
    let s = Scenario::new("regen-remove");
    s.write_spec(&format!("{}{ADDED}", s.spec_text()));
    s.generate(&[]).success();
    std::fs::write(
        s.file("src/handlers/health.rs"),
        "// my health check, still needed elsewhere\n",
    )
    .expect("edited");
    s.write_spec(&s.spec_text().replace(ADDED, ""));
    s.generate(&[]).success().stderr(
        predicate::str::contains("note: src/handlers/health.rs is kept")
            .and(predicate::str::contains("deleted 1 stale file")),
    );
    assert_eq!(
        s.read("src/handlers/health.rs"),
        "// my health check, still needed elsewhere\n"
    );
    assert!(
        !s.file("src/examples/health.json").exists(),
        "the unchanged generated example is removed"
    );
    assert!(
        !s.read("src/handlers/mod.rs").contains("health"),
        "and no longer compiled"
    );
    // It stays reported on later runs.
    s.generate(&[]).success().stderr(predicate::str::contains(
        "note: src/handlers/health.rs is kept",
    ));
}

#[test]
fn an_edited_generated_file_is_refused_until_forced() {
    let s = Scenario::new("regen-force");
    s.generate(&[]).success();
    let app = s.file("src/app.rs");
    let edited = format!("{}\n// a hand edit\n", s.read("src/app.rs"));
    std::fs::write(&app, &edited).expect("edited");
    s.write_spec(&format!("{}{ADDED}", s.spec_text()));
    s.generate(&[]).code(1).stderr(
        predicate::str::contains("src/app.rs (edited by hand)")
            .and(predicate::str::contains("--force"))
            .and(predicate::str::contains("src/handlers/")),
    );
    assert_eq!(s.read("src/app.rs"), edited, "nothing overwritten");
    assert!(
        !s.file("src/handlers/health.rs").exists(),
        "nothing written at all"
    );
    s.generate(&["--force"]).success();
    assert!(!s.read("src/app.rs").contains("a hand edit"));
    assert!(s.read("src/app.rs").contains("health"));
}

/// What `cargo add uuid` and a hand edit do to a manifest: a dependency with a comment, a
/// feature and a release profile.
const USERS_LINES: &str = "# ids for our own records
uuid = { version = \"1\", features = [\"v4\"] }   # added by cargo add
";
const USERS_TABLES: &str = "
[features]
slow-tests = []

[profile.release]
lto = \"thin\"
";

#[test]
fn cargo_toml_is_shared_the_users_entries_survive_and_axumgens_follow_the_spec() {
    let s = Scenario::new("regen-cargo-toml");
    s.generate(&[]).success();
    let written = s.read("Cargo.toml");
    assert!(
        !written.contains("serde_json"),
        "no models yet, no serde_json"
    );
    let mine = written.replacen(
        "[dev-dependencies]",
        &format!("{USERS_LINES}\n[dev-dependencies]"),
        1,
    ) + USERS_TABLES;
    std::fs::write(s.file("Cargo.toml"), &mine).expect("edited");
    // The user's additions are not drift.
    s.generate(&["--check"]).success();
    // A spec change that needs new crates: a typed body.
    s.write_spec(&s.spec_text().replace(
        "endpoints:",
        "models: { Item: { fields: { name: string } } }\nendpoints:\n  - { name: add_item, method: POST, path: /items, request: { model: Item } }",
    ));
    s.generate(&[]).success();
    let merged = s.read("Cargo.toml");
    assert!(merged.contains(USERS_LINES), "{merged}");
    assert!(merged.ends_with(USERS_TABLES), "{merged}");
    assert!(
        merged.contains("serde_json = "),
        "axumgen's new entry: {merged}"
    );
    // Nothing else moved: the old text, with axumgen's new lines taken out, is the user's file.
    let without_new: String = merged
        .lines()
        .filter(|line| !mine.contains(line))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        without_new.lines().all(|line| line.starts_with("serde")),
        "only serde entries are new: {without_new}"
    );
    s.generate(&["--check"]).success();
    // The spec drops the typed body again: axumgen's entries go, the user's stay.
    s.write_spec(&BASE.replace("NAME", "regen-cargo-toml"));
    s.generate(&[]).success();
    assert_eq!(
        s.read("Cargo.toml"),
        mine,
        "back to the user's file, byte for byte"
    );
}

#[test]
fn an_edited_cargo_toml_entry_is_reported_by_name_and_forced_back_alone() {
    let s = Scenario::new("regen-cargo-entry");
    s.generate(&[]).success();
    let written = s.read("Cargo.toml");
    let edited = written
        .replace("axum = \"0.8.9\"", "axum = \"0.8.1\"")
        .replacen(
            "[dev-dependencies]",
            &format!("{USERS_LINES}\n[dev-dependencies]"),
            1,
        );
    assert_ne!(edited, written, "the template still pins axum 0.8.9");
    std::fs::write(s.file("Cargo.toml"), &edited).expect("edited");
    s.generate(&["--check"])
        .code(1)
        .stderr(predicate::str::contains(
            "edited by hand: Cargo.toml (dependencies.axum)",
        ));
    s.generate(&[]).code(1).stderr(predicate::str::contains(
        "Cargo.toml (axumgen's entry edited by hand: dependencies.axum)",
    ));
    assert_eq!(s.read("Cargo.toml"), edited, "nothing overwritten");
    s.generate(&["--force"]).success();
    let forced = s.read("Cargo.toml");
    assert_eq!(
        forced,
        edited.replace("axum = \"0.8.1\"", "axum = \"0.8.9\""),
        "the entry alone is restored"
    );
    s.generate(&["--check"]).success();
}

#[test]
fn check_reports_each_kind_of_drift() {
    let s = Scenario::new("regen-check");
    s.generate(&[]).success();
    s.generate(&["--check"])
        .code(0)
        .stderr(predicate::str::contains("is up to date"));

    // A generated file deleted: missing.
    std::fs::remove_file(s.file("src/api.rs")).expect("removed");
    s.generate(&["--check"])
        .code(1)
        .stderr(predicate::str::contains("missing: src/api.rs"));
    s.generate(&[]).success();

    // A generated file edited by hand.
    std::fs::write(s.file("src/config.rs"), "// mine\n").expect("edited");
    s.generate(&["--check"])
        .code(1)
        .stderr(predicate::str::contains("edited by hand: src/config.rs"));
    s.generate(&["--force"]).success();

    // The spec changed: changed files, and a file the spec no longer produces is stale.
    s.write_spec(
        &s.spec_text()
            .replace("X-Handled-By: regen", "X-Handled-By: changed")
            .replace("    response: { body: { id: 1 } }\n", ""),
    );
    s.generate(&["--check"])
        .code(1)
        .stderr(
            predicate::str::contains("changed: src/app.rs").and(predicate::str::contains(
                "stale: src/examples/get_item.json",
            )),
        );
    s.generate(&[]).success();
    s.generate(&["--check"]).code(0);

    // A file in the way that axumgen did not write.
    std::fs::remove_file(s.out.join(".axumgen/manifest.json")).expect("manifest removed");
    std::fs::write(s.file("src/lib.rs"), "// someone else's\n").expect("written");
    s.generate(&["--check"])
        .code(1)
        .stderr(predicate::str::contains(
            "not written by axumgen: src/lib.rs",
        ));
}

#[test]
fn a_different_axumgen_version_alone_is_not_drift() {
    let s = Scenario::new("regen-version");
    s.generate(&[]).success();
    let manifest = s.out.join(".axumgen/manifest.json");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    let older = text.replace(
        &format!("\"axumgen\": \"{}\"", env!("CARGO_PKG_VERSION")),
        "\"axumgen\": \"0.0.1\"",
    );
    assert_ne!(text, older, "the manifest records the version");
    std::fs::write(&manifest, older).expect("written");
    s.generate(&["--check"])
        .code(0)
        .stderr(predicate::str::contains("is up to date"));
}

#[test]
fn diff_prints_the_unified_diff_and_writes_nothing() {
    let s = Scenario::new("regen-diff");
    s.generate(&[]).success();
    s.write_spec(
        &s.spec_text()
            .replace("X-Handled-By: regen", "X-Handled-By: diffed"),
    );
    let before = mtimes(&s.out);
    s.generate(&["--diff"]).code(1).stdout(
        predicate::str::contains("--- a/src/app.rs")
            .and(predicate::str::contains("+++ b/src/app.rs"))
            .and(predicate::str::contains("+                \"diffed\"")),
    );
    assert_eq!(mtimes(&s.out), before);
}

#[test]
fn a_new_project_appears_whole_or_not_at_all() {
    let s = Scenario::new("regen-new-crash");
    let hidden = s.dir.join(".project.axumgen-new");
    s.command(&[])
        .env("AXUMGEN_TEST_INTERRUPT", "staged")
        .assert()
        .code(86);
    assert!(!s.out.exists(), "killed before the rename: no project");
    assert!(
        hidden.join("src/lib.rs").exists(),
        "the files were written aside"
    );
    s.generate(&[])
        .success()
        .stderr(predicate::str::contains("wrote"));
    assert!(!hidden.exists(), "the leftover is gone");
    assert!(s.read(".axumgen/manifest.json").contains("src/lib.rs"));
    s.generate(&["--check"]).success();
}

#[test]
fn an_interrupted_write_leaves_the_old_project_intact() {
    let s = Scenario::new("regen-crash");
    s.generate(&[]).success();
    let before: Vec<(PathBuf, Vec<u8>)> = mtimes(&s.out)
        .into_iter()
        .map(|(p, _)| (p.clone(), std::fs::read(&p).expect("readable")))
        .collect();
    s.write_spec(&format!(
        "{}{ADDED}",
        s.spec_text()
            .replace("X-Handled-By: regen", "X-Handled-By: crashed")
    ));
    // Killed after staging, before the journal: nothing of the new run is visible.
    s.command(&[])
        .env("AXUMGEN_TEST_INTERRUPT", "staged")
        .assert()
        .code(86);
    for (path, bytes) in &before {
        assert_eq!(
            &std::fs::read(path).expect("still there"),
            bytes,
            "{} changed",
            path.display()
        );
    }
    assert!(!s.file("src/handlers/health.rs").exists());
    // Killed in the middle of the renames: the journal lets the next run finish the job.
    s.command(&[])
        .env("AXUMGEN_TEST_INTERRUPT", "renaming")
        .assert()
        .code(86);
    assert!(
        s.out.join(".axumgen/journal.json").exists(),
        "the journal survives the crash"
    );
    s.generate(&["--check"]).code(0);
    assert!(!s.out.join(".axumgen/journal.json").exists());
    assert!(s.read("src/app.rs").contains("crashed"));
    assert!(s.file("src/handlers/health.rs").exists());
    let leftovers: Vec<_> = mtimes(&s.out)
        .into_iter()
        .filter(|(p, _)| p.to_string_lossy().ends_with(".axumgen-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_changed_signature_is_reported_and_the_compiler_points_at_the_users_file() {
    let s = Scenario::new("regen-signature");
    s.generate(&[]).success();
    let handler = s.file("src/handlers/get_item.rs");
    let using_id = s.read("src/handlers/get_item.rs").replace(
        "crate::examples::get_item()",
        "let next: u64 = _path.item_id + 1;\n    let _ = next;\n    crate::examples::get_item()",
    );
    std::fs::write(&handler, &using_id).expect("edited");
    s.generate(&[]).success();
    // The parameter becomes a string: the user's arithmetic no longer fits.
    s.write_spec(
        &s.spec_text()
            .replace("params: { item_id: u64 }", "params: { item_id: string }"),
    );
    s.generate(&[]).success().stderr(
        predicate::str::contains("warning: src/handlers/get_item.rs no longer fits the spec")
            .and(predicate::str::contains("item_id: u64"))
            .and(predicate::str::contains("item_id: String")),
    );
    let build = s.cargo(&["build"]);
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(!build.status.success());
    assert!(
        stderr.contains("--> src/handlers/get_item.rs"),
        "the error points at the user's file:\n{stderr}"
    );
    // Reported until the user touches the file.
    s.generate(&[])
        .success()
        .stderr(predicate::str::contains("no longer fits"));
    std::fs::write(
        &handler,
        s.read("src/handlers/get_item.rs").replace(
            "let next: u64 = _path.item_id + 1;\n    let _ = next;\n    ",
            "",
        ),
    )
    .expect("fixed");
    s.generate(&[])
        .success()
        .stderr(predicate::str::contains("no longer fits").not());
    let build = s.cargo(&["build"]);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
}

#[test]
fn paths_never_leave_the_output_directory() {
    // Every written path comes from the plan's ProjectPath; a hostile spec name cannot reach it.
    let s = Scenario::new("regen-paths");
    s.write_spec(&s.spec_text().replace("name: ping", "name: ../../escape"));
    s.generate(&[])
        .code(1)
        .stderr(predicate::str::contains("error[name-invalid]"));
    assert!(!s.dir.join("escape.rs").exists() && !s.out.exists());
}

/// The state a user writes in `src/state.rs`: `init` fails when asked to, the handler reads the
/// state, `shutdown` leaves a mark.
const USER_STATE: &str = r#"use crate::config::Config;

#[derive(Debug, Clone, Default)]
pub struct AppState {
    pub greeting: String,
}

pub type StartError = Box<dyn std::error::Error + Send + Sync>;

pub async fn init(config: &Config) -> Result<AppState, StartError> {
    let _ = config;
    if std::env::var("FAIL_START").is_ok() {
        return Err("the database is unreachable".into());
    }
    Ok(AppState { greeting: "hello from init".into() })
}

pub async fn shutdown(state: AppState) {
    if let Ok(mark) = std::env::var("SHUTDOWN_MARK") {
        std::fs::write(mark, format!("closed after serving: {}", state.greeting)).expect("mark");
    }
}
"#;

#[test]
fn the_users_state_is_built_before_listening_shared_with_handlers_and_closed_after_shutdown() {
    let s = Scenario::new("regen-state");
    s.generate(&[]).success();
    assert!(s.read("src/state.rs").contains("pub async fn init"));
    std::fs::write(s.file("src/state.rs"), USER_STATE).expect("state written");
    let handler = s.read("src/handlers/ping.rs").replace(
        "pub async fn ping() -> Response {\n    crate::examples::ping()\n}",
        "pub async fn ping(\n    axum::extract::State(state): axum::extract::State<crate::AppState>,\n) -> Response {\n    axum::response::IntoResponse::into_response(state.greeting)\n}",
    );
    assert!(handler.contains("state.greeting"), "{handler}");
    std::fs::write(s.file("src/handlers/ping.rs"), &handler).expect("handler written");
    // Regeneration leaves both alone.
    s.write_spec(&format!("{}{ADDED}", s.spec_text()));
    s.generate(&[]).success();
    assert_eq!(s.read("src/state.rs"), USER_STATE);
    let build = s.cargo(&["build"]);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let test = s.cargo(&["test"]);
    assert!(
        test.status.success(),
        "{}",
        String::from_utf8_lossy(&test.stdout)
    );
    let binary = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target")
        .join("e2e/debug/regen-state");

    // A failing init: a clear message, exit 1, never a panic, and nothing listens.
    let failed = std::process::Command::new(&binary)
        .env("FAIL_START", "1")
        .env("BIND", "127.0.0.1:0")
        .output()
        .expect("the server runs");
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(failed.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: start-up failed: the database is unreachable"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");

    // init → serve (the handler sees the state) → SIGTERM → shutdown.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        listener.local_addr().expect("an address").port()
    };
    let mark = s.dir.join("shutdown-mark");
    let mut server = std::process::Command::new(&binary)
        .env("BIND", format!("127.0.0.1:{port}"))
        .env("SHUTDOWN_MARK", &mark)
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the server starts");
    let body = get(port, "/ping");
    assert!(body.ends_with("hello from init"), "{body}");
    assert!(!mark.exists(), "shutdown has not run while serving");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = server.wait().expect("the server ends");
    assert_eq!(status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(&mark).expect("shutdown ran"),
        "closed after serving: hello from init"
    );
}

/// A GET over a plain TCP connection, retried until the server listens; the whole answer.
fn get(port: u16, path: &str) -> String {
    use std::io::{Read, Write};
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        if let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            write!(
                stream,
                "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
            )
            .expect("sent");
            let mut answer = String::new();
            stream.read_to_string(&mut answer).expect("read");
            return answer;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the server never listened"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn a_cargo_toml_that_is_not_utf8_is_refused_and_left_as_it_is() {
    let s = Scenario::new("regen-cargo-bytes");
    s.generate(&[]).success();
    let mut bytes = std::fs::read(s.file("Cargo.toml")).expect("written");
    bytes.extend_from_slice(b"# \xff\xfe\n");
    std::fs::write(s.file("Cargo.toml"), &bytes).expect("edited");
    s.write_spec(&format!("{}{ADDED}", s.spec_text()));
    s.generate(&[])
        .code(2)
        .stderr(predicate::str::contains("`Cargo.toml` is not UTF-8"));
    assert_eq!(
        std::fs::read(s.file("Cargo.toml")).expect("still there"),
        bytes,
        "not rewritten"
    );
}
