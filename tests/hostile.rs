//! Hostile input never panics and never hangs: each case gets a clear error, exit 1 (a bad
//! spec) or 2 (cannot read it), well within a generous timeout.

use assert_cmd::Command;
use predicates::prelude::*;
use std::time::{Duration, Instant};

fn check(path: &std::path::Path) -> assert_cmd::assert::Assert {
    Command::cargo_bin("axumgen")
        .expect("the binary is built")
        .arg("check")
        .arg(path)
        .timeout(Duration::from_secs(20))
        .assert()
        .stderr(predicate::str::contains("panicked").not())
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("temp file");
    path
}

fn spec_with_body(body: &str) -> String {
    format!(
        "axumgen: 1\nservice: {{ name: x }}\nendpoints:\n  - name: a\n    method: GET\n    path: /a\n    response:\n      body: {body}\n"
    )
}

#[test]
fn alias_bomb_is_stopped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut bomb = String::from("{ a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]");
    for (name, previous) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        bomb.push_str(&format!(
            ", {name}: &{name} [{}]",
            vec![format!("*{previous}"); 9].join(", ")
        ));
    }
    bomb.push_str(" }");
    let path = write(&dir, "bomb.yaml", spec_with_body(&bomb).as_bytes());
    let start = Instant::now();
    check(&path)
        .code(1)
        .stderr(predicate::str::contains("error[yaml-limit]"));
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "took {:?}",
        start.elapsed()
    );
}

/// libFuzzer's one finding (2026-11-23, `tests/hostile/nested-anchors-timeout.yaml`): 740 bytes of
/// nested anchors made serde-saphyr retain up to a million copies of anchored events before the
/// node limit tripped (0.2 s and 55 MB in release, over 5 s instrumented). The retained-copies
/// budget now stops it first.
#[test]
fn nested_anchors_are_stopped_by_the_retained_copies_budget() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hostile/nested-anchors-timeout.yaml");
    check(&path).code(1).stderr(predicate::str::contains(
        "error[yaml-limit]: aliases repeat anchored content too often",
    ));
}

#[test]
fn hundred_thousand_deep_sequences_are_stopped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(
        &dir,
        "deep.yaml",
        spec_with_body(&"[".repeat(100_000)).as_bytes(),
    );
    check(&path).code(1).stderr(
        predicate::str::contains("error[yaml-limit]").and(predicate::str::contains("nested")),
    );
}

#[test]
fn hundred_thousand_deep_mappings_are_stopped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(
        &dir,
        "deep.yaml",
        spec_with_body(&"{a: ".repeat(100_000)).as_bytes(),
    );
    check(&path)
        .code(1)
        .stderr(predicate::str::contains("error[yaml-limit]"));
}

#[test]
fn thousand_level_block_indentation_is_stopped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut yaml = spec_with_body("");
    for depth in 0..1000 {
        yaml.push_str(&format!("{}k{depth}:\n", " ".repeat(8 + depth * 2)));
    }
    let path = write(&dir, "indent.yaml", yaml.as_bytes());
    check(&path)
        .code(1)
        .stderr(predicate::str::contains("error[yaml-limit]"));
}

#[test]
fn fifty_megabyte_file_is_refused_quickly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let line =
        "# padding padding padding padding padding padding padding padding padding padding\n";
    let path = write(
        &dir,
        "huge.yaml",
        line.repeat(50 * 1024 * 1024 / line.len()).as_bytes(),
    );
    let start = Instant::now();
    check(&path)
        .code(1)
        .stderr(predicate::str::contains("error[spec-too-large]"));
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn bytes_that_are_not_utf8_are_located() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(
        &dir,
        "latin1.yaml",
        b"axumgen: 1\nservice: { name: caf\xe9 }\n",
    );
    check(&path).code(1).stderr(
        predicate::str::contains("error[not-utf8]").and(predicate::str::contains("latin1.yaml:2:")),
    );
}

#[test]
fn an_empty_file_is_an_invalid_spec() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(&dir, "empty.yaml", b"");
    check(&path)
        .code(1)
        .stderr(predicate::str::contains("error[empty-spec]"));
}

#[test]
fn a_directory_is_an_io_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    check(dir.path())
        .code(2)
        .stderr(predicate::str::contains("is a directory"));
}

#[test]
fn a_missing_file_is_an_io_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    check(&dir.path().join("nope.yaml"))
        .code(2)
        .stderr(predicate::str::contains("no such file"));
}

#[test]
fn binary_garbage_never_panics() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A deterministic pseudo-random byte soup, valid UTF-8 and not.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state & 0x7f) as u8
        })
        .collect();
    let path = write(&dir, "garbage.yaml", &bytes);
    let output = check(&path).get_output().clone();
    assert!(matches!(output.status.code(), Some(1)), "{output:?}");
}
