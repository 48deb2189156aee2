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

/// A seeded xorshift generator: the soups below are the same on every run.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// ASCII that means something to YAML or to the spec format.
const ASCII: &[&str] = &[
    "axumgen: 1\n",
    "service: ",
    "{ name: x }",
    "endpoints:\n",
    "  - ",
    "name: ",
    "path: /",
    "method: GET",
    ": ",
    ", ",
    "{",
    "}",
    "[",
    "]",
    "&a ",
    "*a",
    "!!str ",
    "'",
    "\"",
    "# ",
    "\n",
    "\r\n",
    "\t",
    "  ",
    "---\n",
    "|\n",
    ">-\n",
    "? ",
    "%YAML 1.2\n",
    "\\",
    "\0",
    "x",
];

/// Valid UTF-8 outside ASCII: accents, CJK, emoji, a BOM, the Unicode line and paragraph
/// separators, NEL, no-break and zero-width spaces, a combining accent, a right-to-left override.
const MULTIBYTE: &[&str] = &[
    "é",
    "ñ",
    "日本",
    "🦀",
    "😀",
    "\u{FEFF}",
    "\u{2028}",
    "\u{2029}",
    "\u{85}",
    "\u{A0}",
    "\u{200B}",
    "e\u{301}",
    "\u{202E}",
    "\u{10FFFF}",
];

/// Bytes that are not UTF-8: continuation bytes alone, a lead byte with nothing after it, bytes
/// UTF-8 never uses, an overlong `/`, a UTF-16 surrogate, a truncated emoji, a code point past
/// U+10FFFF.
const INVALID: &[&[u8]] = &[
    b"\x80",
    b"\xbf\xbf",
    b"\xc3",
    b"\xff",
    b"\xfe",
    b"\xc0\xaf",
    b"\xed\xa0\x80",
    b"\xf0\x9f\xa6",
    b"\xf4\x90\x80\x80",
];

/// `pieces` pieces drawn from `kinds` (0 ASCII, 1 multi-byte UTF-8, 2 invalid UTF-8, 3 any byte).
fn soup(rng: &mut Rng, pieces: usize, kinds: &[usize]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for _ in 0..pieces {
        match rng.pick(kinds) {
            0 => bytes.extend_from_slice(rng.pick(ASCII).as_bytes()),
            1 => bytes.extend_from_slice(rng.pick(MULTIBYTE).as_bytes()),
            2 => bytes.extend_from_slice(rng.pick(INVALID)),
            _ => bytes.push(rng.next() as u8),
        }
    }
    bytes
}

/// Runs `check` on `bytes` and holds its answer to what the bytes are: if they are not UTF-8,
/// exit 1 with `not-utf8` naming the first bad byte and its `file:line:column` (columns count
/// characters); if they are, exit `allowed` (never 2: the file is readable) and every location
/// named lies inside the text. Returns the exit code.
fn check_soup(dir: &tempfile::TempDir, name: &str, bytes: &[u8], allowed: &[i32]) -> i32 {
    let path = write(dir, name, bytes);
    let output = check(&path).get_output().clone();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let code = output.status.code();
    let context = || format!("{name} ({:?}):\n{stderr}", String::from_utf8_lossy(bytes));
    match std::str::from_utf8(bytes) {
        Err(error) => {
            let valid = &bytes[..error.valid_up_to()];
            let valid = std::str::from_utf8(valid).expect("valid up to there");
            let line = valid.matches('\n').count() + 1;
            let column = valid[valid.rfind('\n').map_or(0, |i| i + 1)..]
                .chars()
                .count()
                + 1;
            assert_eq!(code, Some(1), "{}", context());
            let expected = format!(
                "error[not-utf8]: the spec is not UTF-8: invalid byte 0x{:02x}",
                bytes[error.valid_up_to()]
            );
            assert!(stderr.contains(&expected), "{expected} in {}", context());
            let location = format!("--> {}:{line}:{column}\n", path.display());
            assert!(stderr.contains(&location), "{location} in {}", context());
        }
        Ok(text) => {
            assert!(
                code.is_some_and(|code| allowed.contains(&code)),
                "exit {code:?}, expected one of {allowed:?}: {}",
                context()
            );
            if code == Some(1) {
                assert!(stderr.contains("error["), "a diagnostic: {}", context());
            }
            assert!(!stderr.contains("not-utf8"), "{}", context());
            let lines: Vec<&str> = text.split('\n').collect();
            let prefix = format!("--> {}:", path.display());
            for located in stderr
                .lines()
                .filter_map(|l| l.trim().strip_prefix(&prefix))
            {
                let (line, column) = located.split_once(':').expect("line:column");
                let line: usize = line.parse().expect("a line number");
                let column: usize = column.parse().expect("a column number");
                assert!(
                    (1..=lines.len()).contains(&line)
                        && (1..=lines[line - 1].chars().count() + 1).contains(&column),
                    "{line}:{column} is outside the text: {}",
                    context()
                );
            }
        }
    }
    code.expect("an exit code")
}

#[test]
fn binary_garbage_never_panics() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Seeded byte soups over the whole byte range, with UTF-8 multi-byte characters and
    // malformed sequences mixed in.
    let mut invalid = 0;
    for seed in 0..24 {
        let mut rng = Rng::new(seed);
        let pieces = 1 + rng.below(600);
        let bytes = soup(&mut rng, pieces, &[0, 0, 1, 2, 3]);
        invalid += usize::from(std::str::from_utf8(&bytes).is_err());
        check_soup(&dir, &format!("garbage-{seed}.yaml"), &bytes, &[1]);
    }
    assert!(invalid >= 12, "most soups are not UTF-8 ({invalid} of 24)");
}

#[test]
fn multibyte_utf8_soup_never_panics() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Valid UTF-8 all through, so the YAML parser and the diagnostics (quoted lines, carets
    // under wide and zero-width characters) see every multi-byte character.
    for seed in 100..124 {
        let mut rng = Rng::new(seed);
        let pieces = 1 + rng.below(300);
        let bytes = soup(&mut rng, pieces, &[0, 0, 1]);
        check_soup(&dir, &format!("utf8-{seed}.yaml"), &bytes, &[1]);
    }
}

/// A valid spec with a multi-byte character or a malformed sequence inserted at a random place:
/// in a key, a name, a path, a header, a value or a comment. Some of these are still valid
/// specs (exit 0: `é` in a comment or a body is fine); the rest must be diagnosed.
#[test]
fn non_ascii_inside_a_valid_spec_is_diagnosed_or_accepted() {
    const SPEC: &str = "\
# a comment
axumgen: 1
service: { name: demo, description: Demo API }
middleware:
  - cors: { allow_origins: [https://example.com] }
  - set_headers: { X-Handled-By: demo }
endpoints:
  - name: get_item
    method: GET
    path: /items/{item_id}
    params: { item_id: u64 }
    response: { status: 200, body: { title: Write docs } }
";
    let dir = tempfile::tempdir().expect("temp dir");
    let mut codes = Vec::new();
    for seed in 200..260 {
        let mut rng = Rng::new(seed);
        let mut bytes = SPEC.as_bytes().to_vec();
        for _ in 0..1 + rng.below(3) {
            let at = rng.below(bytes.len() + 1);
            let piece: &[u8] = if rng.below(4) == 0 {
                rng.pick(INVALID)
            } else {
                rng.pick(MULTIBYTE).as_bytes()
            };
            bytes.splice(at..at, piece.iter().copied());
        }
        codes.push(check_soup(
            &dir,
            &format!("spec-{seed}.yaml"),
            &bytes,
            &[0, 1],
        ));
    }
    // The seeds reach both outcomes, so neither half of `check_soup` is vacuous.
    assert!(codes.contains(&0) && codes.contains(&1), "{codes:?}");
}

#[test]
fn a_byte_order_mark_and_unicode_separators_are_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = "\u{FEFF}axumgen: 1\nservice: { name: x, description: \"caf\u{e9} \u{2028} 日本 🦀\" }\nendpoints:\n  - { name: a, method: GET, path: /a, response: { body: \"\u{2029}\u{85}\" } }\n";
    check(&write(&dir, "bom.yaml", spec.as_bytes())).code(0);
}
