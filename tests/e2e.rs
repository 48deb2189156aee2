//! End to end: every spec in `specs/` (and the valid fixtures in `tests/valid/`) is generated,
//! and the generated project must pass `cargo test`, `cargo clippy --all-targets -- -D warnings`
//! and `cargo fmt --check`, and generate byte-identical files a second time.
//!
//! All generated projects share one target directory (`target/e2e`, or `$CARGO_TARGET_DIR/e2e`),
//! so axum, tokio and tower-http compile once for the whole suite.

mod common;

use common::{root, shared_target};
use std::path::{Path, PathBuf};
use std::process::Command;

fn axumgen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_axumgen"))
}

/// Runs a command, failing the test with its output if it fails; returns (stdout, stderr).
fn run(command: &mut Command, what: &str) -> (String, String) {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{what} failed:\n{stdout}{stderr}");
    (stdout, stderr)
}

fn cargo(project: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO"));
    command
        .args(args)
        .current_dir(project)
        .env("CARGO_TARGET_DIR", shared_target())
        .env_remove("RUSTFLAGS")
        .env("CARGO_TERM_COLOR", "never");
    command
}

/// Generates `spec` into a fresh directory and returns it.
pub fn generate(spec: &Path, name: &str) -> PathBuf {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("e2e-projects")
        .join(name);
    let _ = std::fs::remove_dir_all(&out);
    run(
        axumgen().arg("generate").arg(spec).arg("--out").arg(&out),
        &format!("generate {}", spec.display()),
    );
    out
}

fn check_project(spec: &str) -> PathBuf {
    check_project_with(spec, &[], 2)
}

/// Generates `spec`, adds `extra_tests` (paths under axumgen's root) to the project's `tests/`,
/// and checks the project, which must have at least `min_generated` generated tests.
fn check_project_with(spec: &str, extra_tests: &[&str], min_generated: usize) -> PathBuf {
    let spec_path = root().join(spec);
    let name = Path::new(spec)
        .file_stem()
        .expect("a file name")
        .to_string_lossy()
        .into_owned();
    let project = generate(&spec_path, &name);
    for extra in extra_tests {
        let file = Path::new(extra).file_name().expect("a file name");
        std::fs::copy(root().join(extra), project.join("tests").join(file)).expect("copied");
    }
    let tests = run(
        &mut cargo(&project, &["test"]),
        &format!("cargo test in the {name} project"),
    );
    let written =
        std::fs::read_to_string(project.join("tests/generated.rs")).expect("generated tests");
    // `#[tokio::test]`, or `#[tokio::test(start_paused = true)]` for the timeout tests.
    let declared = written.matches("#[tokio::test").count();
    assert!(
        declared >= min_generated,
        "{name}: only {declared} generated tests"
    );
    assert_eq!(
        passed_in(&tests, "tests/generated.rs"),
        declared,
        "every generated test ran and passed:\n{}",
        tests.0
    );
    // The real binary: on BIND, on PORT, after SIGTERM, with JSON logs, and (with secrets or
    // settings) refusing to start without them. Every smoke test the project declares ran and passed, and the secret one is
    // there exactly when the project has secrets.
    let smoke = std::fs::read_to_string(project.join("tests/smoke.rs")).expect("smoke tests");
    let declared = smoke.matches("#[test]").count() + smoke.matches("#[tokio::test").count();
    let config = std::fs::read_to_string(project.join("src/config.rs")).expect("config");
    let secrets = config.contains("read.required::<String>(");
    let settings = std::fs::read_to_string(&spec_path)
        .expect("the spec")
        .contains("\nsettings:");
    assert_eq!(
        smoke.contains("fn the_binary_refuses_to_start_without_a_secret"),
        secrets,
        "{name}: the secret smoke test is there exactly when the project has secrets"
    );
    // BIND, PORT, SIGTERM and JSON logs; plus the secret and the settings tests.
    assert_eq!(
        declared,
        4 + usize::from(secrets) + usize::from(settings),
        "{name}: smoke tests"
    );
    assert_eq!(passed_in(&tests, "tests/smoke.rs"), declared, "{}", tests.0);
    run(
        &mut cargo(
            &project,
            &["clippy", "--all-targets", "--", "-D", "warnings"],
        ),
        &format!("clippy in {name}"),
    );
    run(
        &mut cargo(&project, &["fmt", "--check"]),
        &format!("cargo fmt --check in {name}"),
    );
    // Nothing is compiled that the generated code does not use: no `#[instrument]` macro (and
    // with it a second major version of `syn`), no `log` bridge.
    let (tree, _) = run(
        &mut cargo(
            &project,
            &[
                "tree",
                "--offline",
                "-e",
                "normal,build",
                "--prefix",
                "none",
            ],
        ),
        &format!("cargo tree in {name}"),
    );
    let crates: std::collections::BTreeSet<&str> = tree.lines().collect();
    for unwanted in ["tracing-attributes ", "tracing-log "] {
        assert!(
            !crates.iter().any(|c| c.starts_with(unwanted)),
            "{name} builds {unwanted}:\n{tree}"
        );
    }
    let syn_versions = crates
        .iter()
        .filter(|c| c.starts_with("syn v"))
        .filter_map(|c| c.split_whitespace().nth(1))
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    assert!(
        syn_versions <= 1,
        "{name} builds {syn_versions} versions of syn:\n{tree}"
    );
    // Deterministic: generating again into another directory gives the same bytes, manifest included.
    let again = generate(&spec_path, &format!("{name}-again"));
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(project.join(".axumgen/manifest.json")).expect("a manifest"),
    )
    .expect("JSON");
    let mut paths: Vec<String> = manifest["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["path"].as_str().expect("path").to_string())
        .collect();
    paths.push(".axumgen/manifest.json".into());
    for path in paths {
        assert_eq!(
            std::fs::read(project.join(&path)).expect("readable"),
            std::fs::read(again.join(&path)).unwrap_or_default(),
            "{path} differs between two generations"
        );
    }
    project
}

/// Runs the project's library tests whose names contain `filter`: at least `at_least` pass.
fn lib_tests_pass(project: &Path, filter: &str, at_least: usize, what: &str) {
    let tests = run(&mut cargo(project, &["test", "--lib", filter]), what);
    assert!(
        passed_in(&tests, "unittests src/lib.rs") >= at_least,
        "{}",
        tests.0
    );
}

/// How many tests passed in the test binary built from `file`: cargo names the binaries on
/// stderr and prints their results on stdout, in the same order.
fn passed_in((stdout, stderr): &(String, String), file: &str) -> usize {
    let binaries: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("Running ") || l.starts_with("Doc-tests "))
        .collect();
    let index = binaries
        .iter()
        .position(|l| l.starts_with(&format!("Running {file}")))
        .unwrap_or_else(|| panic!("{file} did not run:\n{stderr}"));
    let results: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("test result:"))
        .collect();
    results[index]
        .split_whitespace()
        .nth(3)
        .and_then(|n| n.parse().ok())
        .expect("a passed count")
}

#[test]
fn task_manager_project_builds_tests_lints_and_formats() {
    check_project("specs/task-manager.yaml");
}

/// A fuzzer finding: no endpoints, and an https_redirect no proxy is trusted for, left the
/// generated tests without a single case to send; empty routers and mounts did not lint.
#[test]
fn a_project_with_nothing_routed_builds_tests_and_lints() {
    // Its only test is the unknown path's redirect.
    let project = check_project_with("tests/valid/nothing-routed.yaml", &[], 1);
    let tests = std::fs::read_to_string(project.join("tests/generated.rs")).expect("tests");
    assert!(
        tests.contains("async fn unknown_path_over_plain_http_is_redirected()"),
        "{tests}"
    );
}

#[test]
fn a_project_whose_only_typed_reply_needs_no_model_builds_tests_and_lints() {
    let project = check_project("tests/valid/typed-replies-without-models.yaml");
    let manifest = std::fs::read_to_string(project.join("Cargo.toml")).expect("Cargo.toml");
    assert!(
        manifest.contains("serde_json") && manifest.contains("serde ="),
        "{manifest}"
    );
}

/// A list query parameter without models: the project validates its requests with the runtime
/// (serde's query strings have no repeated names), defaults and enums included.
#[test]
fn a_project_with_list_query_parameters_and_no_model_builds_tests_and_lints() {
    let project = check_project("tests/valid/query-lists-without-models.yaml");
    let api = std::fs::read_to_string(project.join("src/api.rs")).expect("api");
    for expected in [
        "pub tag: Vec<String>,",
        "let tag = params.required(\"tag\", &v::List::new(v::Str::new()), errors);",
        "Self::default_size",
        "v::Choice::new(&[\"name\", \"price\"])",
    ] {
        assert!(api.contains(expected), "{expected}\n{api}");
    }
    lib_tests_pass(
        &project,
        "a_list_parameter_reads",
        1,
        "the runtime's list test",
    );
}

#[test]
fn fields_and_parameters_named_as_the_readers_variables_build_tests_and_lint() {
    let project = check_project("tests/valid/reserved-names.yaml");
    let models = std::fs::read_to_string(project.join("src/models.rs")).expect("models");
    assert!(models.contains("let fields_ = fields."), "{models}");
    let api = std::fs::read_to_string(project.join("src/api.rs")).expect("api");
    assert!(api.contains("let errors_ = params."), "{api}");
    assert!(api.contains("let foo_ = params."), "{api}");
    assert!(models.contains("let baz_ = fields."), "{models}");
    let config = std::fs::read_to_string(project.join("src/config.rs")).expect("config");
    for local in [
        "let read_ = read.",
        "let lookup_ = read.",
        "let quux_ = read.",
    ] {
        assert!(config.contains(local), "{local}\n{config}");
    }
    // Enums whose usual names a model or another enum has.
    for renamed in [
        "pub enum FormKindValues {",
        "    SelfValue,",
        "pub kind: FormKindValues,",
        "pub enum FormA1 {",
        "pub enum FormA1Values {",
        "pub a1: Option<FormA1Values>,",
        "pub struct FormKind {",
    ] {
        assert!(models.contains(renamed), "{renamed}\n{models}");
    }
}

#[test]
fn full_stack_project_builds_tests_lints_and_formats() {
    check_project("specs/full-stack.yaml");
}

/// All twelve kinds at app, router and mount level (two of each kind on most routes).
/// `axumgen import` then `generate`: the project made from an OpenAPI document (every
/// construct the importer handles or notes) builds, passes its tests, lints and formats.
#[test]
fn an_imported_openapi_document_builds_tests_lints_and_formats() {
    // 3.0: every construct; 3.1: its spellings, and unions told apart by kind and by a tag.
    for (document, min_generated) in [("constructs-3.0.yaml", 10), ("constructs-3.1.json", 3)] {
        let stem = document.replace('.', "-");
        let spec = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("imported-{stem}.yaml"));
        run(
            axumgen()
                .arg("import")
                .arg(root().join("tests/import").join(document))
                .arg("--out")
                .arg(&spec)
                .arg("--force"),
            "axumgen import",
        );
        check_project_with(spec.to_str().expect("a UTF-8 path"), &[], min_generated);
    }
}

#[test]
fn every_kind_everywhere_project_builds_tests_lints_and_formats() {
    check_project("tests/valid/every-kind-everywhere.yaml");
}

/// Unions: a discriminated one and plain ones in bodies, lists, maps and optional fields, and
/// a recursive one; the runtime's own union tests run in the project's `cargo test`.
#[test]
fn unions_project_builds_tests_lints_and_formats() {
    let project = check_project("tests/valid/unions.yaml");
    let models = std::fs::read_to_string(project.join("src/models.rs")).expect("models.rs");
    assert!(
        models.contains("#[serde(untagged)]\npub enum Pet {"),
        "{models}"
    );
    lib_tests_pass(&project, "union", 3, "the runtime's union tests");
}

/// Typed bodies: models checked, examples derived from them, FastAPI's 422s. The project's
/// own copy of the validation runtime also replays every recorded FastAPI answer
/// (`tests/conformance/validation_replay.rs`).
#[test]
fn typed_models_project_builds_tests_lints_and_formats() {
    let project = check_project("tests/valid/typed-models.yaml");
    let conformance = root().join("tests/conformance");
    let replay = std::fs::read_to_string(conformance.join("validation_replay.rs"))
        .expect("the replay")
        .replace(
            "#[path = \"../../templates/src/validation/mod.rs\"]",
            "#[path = \"../src/validation/mod.rs\"]",
        );
    assert!(
        replay.contains("#[path = \"../src/validation/mod.rs\"]"),
        "the replay mounts the runtime elsewhere now; update this test"
    );
    std::fs::write(project.join("tests/validation_replay.rs"), replay).expect("written");
    for file in ["validation_models.rs", "fastapi_422.json"] {
        std::fs::copy(conformance.join(file), project.join("tests").join(file)).expect("copied");
    }
    let tests = run(
        &mut cargo(&project, &["test", "--test", "validation_replay"]),
        "the FastAPI replay",
    );
    assert!(
        passed_in(&tests, "tests/validation_replay.rs") >= 1,
        "{}",
        tests.0
    );
}

#[test]
fn minimal_project_builds_tests_lints_and_formats() {
    check_project("specs/minimal.yaml");
}

#[test]
fn cors_conformance_table_passes_against_the_generated_server() {
    let project = check_project_with(
        "tests/conformance/cors.yaml",
        &["tests/conformance/cors_table.rs"],
        2,
    );
    let tests = run(
        &mut cargo(&project, &["test", "--test", "cors_table"]),
        "the CORS table",
    );
    assert!(
        passed_in(&tests, "tests/cors_table.rs") >= 44,
        "{}",
        tests.0
    );
}

#[test]
fn hostile_strings_reach_generated_code_only_escaped() {
    let project = check_project("tests/valid/hostile-strings.yaml");
    // Outside comments and string literals, no generated file holds the injected code.
    for file in [
        "src/lib.rs",
        "src/app.rs",
        "src/api.rs",
        "src/models.rs",
        "src/examples.rs",
        "src/handlers/echo.rs",
        "src/handlers/create_hostile.rs",
        "tests/generated.rs",
    ] {
        let text = std::fs::read_to_string(project.join(file)).expect("generated file");
        let code = code_only(&text);
        for needle in ["injected", "process::exit"] {
            assert!(
                !code.contains(needle),
                "{file}: spec text outside a comment or literal:\n{}",
                code.lines()
                    .filter(|l| l.contains(needle))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
    }
}

/// Rust source without its comments and the contents of its string literals (plain, with their
/// escapes, and raw), so what is left is code.
fn code_only(source: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = source.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let rest = &chars[i..];
        if rest.starts_with(&['/', '/']) {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if rest.starts_with(&['r', '#']) || rest.starts_with(&['r', '"']) {
            // A raw string: r#"…"# with as many #s on both sides.
            let hashes = rest[1..].iter().take_while(|c| **c == '#').count();
            let close: String = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            i += 2 + hashes;
            let body: String = chars[i..].iter().collect();
            i += body.find(&close).map_or(body.chars().count(), |at| {
                body[..at].chars().count() + close.len()
            });
            out.push_str("\"\"");
        } else if chars[i] == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if chars[i] == '\''
            && i + 2 < chars.len()
            && (chars[i + 2] == '\'' || chars[i + 1] == '\\')
        {
            // A char literal ('"' or '\'').
            let end = chars[i + 1..]
                .iter()
                .position(|c| *c == '\'')
                .map_or(chars.len(), |p| i + 2 + p);
            i = end;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[test]
fn every_spec_in_specs_has_an_end_to_end_test() {
    let source = std::fs::read_to_string(root().join("tests/e2e.rs")).expect("readable");
    for entry in std::fs::read_dir(root().join("specs"))
        .expect("specs/")
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".yaml") {
            assert!(
                source.contains(&format!("\"specs/{name}\"")),
                "specs/{name} has no end-to-end test"
            );
        }
    }
}

#[test]
fn swapping_two_layers_fails_the_generated_order_tests() {
    // The tests generated for the real order, run against an app with two layers swapped.
    let original = std::fs::read_to_string(root().join("specs/task-manager.yaml")).expect("spec");
    let bearer = "  - bearer_auth:                   # inside cors, so preflights and 401s keep their CORS headers\n      token_env: TASKS_API_TOKEN   # the server refuses to start without it\n      public_paths: [/, /ping, /openapi.json]\n";
    assert!(
        original.contains(bearer),
        "the Task Manager spec changed; update this test"
    );
    let without = original.replace(bearer, "");
    // Its own package name: projects sharing a target directory must not share one.
    let swapped = without
        .replacen("  - cors:", &format!("{bearer}  - cors:"), 1)
        .replacen("name: task-manager", "name: task-manager-swapped", 1);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-swapped");
    std::fs::create_dir_all(&dir).expect("dir");
    let swapped_spec = dir.join("swapped.yaml");
    std::fs::write(&swapped_spec, swapped).expect("written");
    let real = generate(&root().join("specs/task-manager.yaml"), "order-real");
    let project = generate(&swapped_spec, "order-swapped");
    std::fs::copy(
        real.join("tests/generated.rs"),
        project.join("tests/generated.rs"),
    )
    .expect("copied");
    let output = cargo(&project, &["test", "--test", "generated"])
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        !output.status.success(),
        "the real order's tests passed against swapped layers:\n{stdout}"
    );
    for caught in [
        "list_tasks_is_401_without_a_token",
        "list_tasks_cors_preflight",
    ] {
        assert!(
            stdout.contains(&format!("test {caught} ... FAILED")),
            "{caught} should catch the swap:\n{stdout}"
        );
    }
}
