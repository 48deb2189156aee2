//! A short, deterministic fuzzing run in every `cargo test` (the long run is
//! `cargo run --release --example fuzz`): no panic, no valid spec that fails to render, no input
//! slower than two seconds.

#[path = "fuzzing/mod.rs"]
mod fuzzing;

use std::path::Path;
use std::time::Duration;

#[test]
fn fuzzing_finds_nothing_in_a_short_deterministic_run() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let stats = fuzzing::run(
        root,
        20_261_122,
        Duration::from_secs(60),
        4_000,
        Duration::from_secs(2),
    );
    assert_eq!(stats.executions, 4_000, "the run finished its inputs");
    assert!(
        stats.valid > 100,
        "enough inputs were valid specs to reach render: {}",
        stats.valid
    );
    let findings: Vec<String> = stats
        .findings
        .iter()
        .map(|(what, input)| format!("{what}\n{}", String::from_utf8_lossy(input)))
        .collect();
    assert!(findings.is_empty(), "{}", findings.join("\n---\n"));
}

/// Inputs the fuzzer once found failing, kept as fixtures in `tests/valid/`: each is a valid
/// spec that must now go through the whole pipeline.
#[test]
fn past_findings_pass_the_pipeline() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/valid");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/valid") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let bytes = std::fs::read(&path).expect("readable");
        match fuzzing::exercise(&bytes, Duration::from_secs(2)) {
            fuzzing::Outcome::Valid => checked += 1,
            other => panic!("{}: {other:?}", path.display()),
        }
    }
    assert!(checked >= 2, "only {checked} fixtures");
}
