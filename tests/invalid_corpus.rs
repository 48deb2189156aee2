//! The invalid corpus: every `tests/invalid/*.yaml` carries its expected diagnostics as
//! `# expect: <severity> <code> <line>:<column>` comment lines, and this test checks that
//! `check` reports exactly those: no more, no fewer, at those positions.

use axumgen::validate::{check_file, rules};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn corpus() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid"))
            .expect("tests/invalid exists")
            .map(|entry| entry.expect("readable entry").path())
            .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
            .collect();
    files.sort();
    files
}

/// The `# expect:` lines of a corpus file, read as bytes so non-UTF-8 cases work too.
fn expectations(path: &Path) -> BTreeSet<String> {
    let bytes = std::fs::read(path).expect("readable corpus file");
    String::from_utf8_lossy(&bytes)
        .lines()
        .filter_map(|line| line.trim().strip_prefix("# expect:"))
        .map(|e| e.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn every_corpus_spec_reports_exactly_its_expected_diagnostics() {
    let files = corpus();
    assert!(
        files.len() >= 40,
        "the invalid corpus has {} specs; it needs at least 40",
        files.len()
    );
    let mut failures = Vec::new();
    for path in &files {
        let expected = expectations(path);
        assert!(
            !expected.is_empty(),
            "{} has no `# expect:` line",
            path.display()
        );
        let checked = check_file(path).expect("corpus files are readable");
        assert!(
            checked.errors() > 0 || checked.warnings() > 0,
            "{} is valid",
            path.display()
        );
        let actual: BTreeSet<String> = checked
            .diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{} {} {}:{}",
                    d.severity, d.code, d.span.line, d.span.column
                )
            })
            .collect();
        if actual != expected {
            failures.push(format!(
                "{}\n  expected: {:?}\n  actual:   {:?}\n  messages: {:?}",
                path.display(),
                expected,
                actual,
                checked
                    .diagnostics
                    .iter()
                    .map(|d| &d.message)
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} corpus mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_a_corpus_case() {
    // spec-too-large needs an 8 MiB file; tests/hostile.rs builds one at run time.
    let covered: BTreeSet<String> = corpus()
        .iter()
        .flat_map(|path| expectations(path))
        .filter_map(|e| e.split_whitespace().nth(1).map(str::to_string))
        .chain(["spec-too-large".to_string()])
        .collect();
    // The importer's rules are about OpenAPI documents: tests/import.rs covers each of them.
    let import: BTreeSet<&str> = axumgen::import::RULES.iter().map(|r| r.code).collect();
    let missing: Vec<&str> = rules::all()
        .iter()
        .map(|r| r.code)
        .filter(|code| !covered.contains(*code) && !import.contains(code))
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a corpus case: {missing:?}"
    );
}

#[test]
fn rule_codes_are_unique_kebab_case() {
    let all = rules::all();
    let codes: BTreeSet<&str> = all.iter().map(|r| r.code).collect();
    assert_eq!(codes.len(), all.len(), "duplicate rule codes");
    for code in codes {
        assert!(
            code.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{code}"
        );
    }
}
