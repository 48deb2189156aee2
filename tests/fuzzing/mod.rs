//! The fuzzing engine shared by `examples/fuzz.rs` (long runs) and `tests/fuzz_smoke.rs` (a short
//! deterministic run in `cargo test`).
//!
//! Inputs are mutated seeds (every spec in the repository) and specs generated from a small
//! grammar of the format. Each goes through parse → check → plan → render, and for valid specs
//! OpenAPI, `diff` against itself and `explain`. A finding is a panic, a valid spec that fails to
//! render, a non-empty self-diff, or an input that takes too long.
#![allow(dead_code)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::{Duration, Instant};

/// xorshift64*: small, deterministic, good enough to pick mutations.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Every spec in the repository: the examples, the invalid corpus, the fixtures.
pub fn seeds(root: &Path) -> Vec<Vec<u8>> {
    let mut seeds = Vec::new();
    for dir in [
        "specs",
        "tests/invalid",
        "tests/valid",
        "tests/conformance",
        "tests/browser",
        "tests/hostile",
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut paths: Vec<_> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        paths.sort();
        for path in paths {
            if let Ok(bytes) = std::fs::read(&path) {
                seeds.push(bytes);
            }
        }
    }
    seeds
}

const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    "- ",
    "  ",
    "\n",
    "\"",
    "'",
    "*",
    "&a ",
    "*a",
    "!!str ",
    "%",
    "\r\n",
    "\t",
    "\0",
    "é",
    "✓",
    "~",
    "null",
    ".inf",
    "-1",
    "0",
    "65536",
    "18446744073709551616",
    "\"); std::process::exit(1); (\"",
    "/{*rest}",
    "/{id}",
    "/:id",
    "//",
    "https://",
    "http://localhost:3000",
    "\"*\"",
    "^.*$",
    "(?=x)",
    "<<: *a",
    "---\n",
    "...\n",
    "#",
    "type",
    "fn",
    "self",
    "_",
    "1abc",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
];

const KEYS: &[&str] = &[
    "axumgen",
    "service",
    "name",
    "version",
    "listen",
    "middleware",
    "endpoints",
    "routers",
    "mounts",
    "prefix",
    "path",
    "method",
    "params",
    "query",
    "response",
    "status",
    "body",
    "headers",
    "content_type",
    "cors",
    "allow_origins",
    "allow_origin_regex",
    "allow_credentials",
    "gzip",
    "minimum_size",
    "timing",
    "set_headers",
    "bearer_auth",
    "token_env",
    "public_paths",
    "trusted_host",
    "allowed_hosts",
    "https_redirect",
    "trusted_proxies",
    "custom",
];

/// One mutation of one seed (sometimes spliced with another).
pub fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut data = rng.pick(seeds).clone();
    for _ in 0..=rng.below(4) {
        let len = data.len().max(1);
        match rng.below(9) {
            0 => {
                let at = rng.below(len).min(data.len().saturating_sub(1));
                if let Some(byte) = data.get_mut(at) {
                    *byte ^= 1 << rng.below(8);
                }
            }
            1 | 2 => {
                let at = rng.below(len).min(data.len());
                let token = rng.pick(TOKENS).as_bytes().to_vec();
                data.splice(at..at, token);
            }
            3 => {
                let at = rng.below(len).min(data.len());
                let end = (at + rng.below(16)).min(data.len());
                data.drain(at..end);
            }
            4 | 5 => {
                // Line-level: duplicate, drop, or take a line from another seed.
                let mut lines: Vec<Vec<u8>> =
                    data.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
                let at = rng.below(lines.len());
                match rng.below(3) {
                    0 => {
                        let line = lines[at].clone();
                        lines.insert(at, line);
                    }
                    1 => {
                        lines.remove(at);
                    }
                    _ => {
                        let other = rng.pick(seeds);
                        let other_lines: Vec<&[u8]> = other.split(|b| *b == b'\n').collect();
                        lines.insert(at, rng.pick(&other_lines).to_vec());
                    }
                }
                data = lines.join(&b'\n');
            }
            6 => {
                // Re-indent a line.
                let mut lines: Vec<Vec<u8>> =
                    data.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
                let at = rng.below(lines.len());
                let spaces = vec![b' '; rng.below(12)];
                let trimmed: Vec<u8> = lines[at]
                    .iter()
                    .copied()
                    .skip_while(|b| *b == b' ')
                    .collect();
                lines[at] = [spaces, trimmed].concat();
                data = lines.join(&b'\n');
            }
            7 => {
                // Replace a key with another.
                let text = String::from_utf8_lossy(&data).into_owned();
                let from = rng.pick(KEYS);
                let to = rng.pick(KEYS);
                data = text
                    .replacen(&format!("{from}:"), &format!("{to}:"), 1)
                    .into_bytes();
            }
            _ => {
                data.truncate(rng.below(len));
            }
        }
    }
    data
}

const KINDS: &[&str] = &[
    "trusted_host: { allowed_hosts: [localhost, \"*.example.com\"] }",
    "https_redirect: { trusted_proxies: [127.0.0.1] }",
    "cors: { allow_origins: [https://example.com], allow_credentials: true, allow_methods: [\"*\"] }",
    "cors: { allow_origin_regex: '^https://[a-z]+\\.example\\.com$', expose_headers: [X-A] }",
    "cors: { allow_origins: [\"*\"] }",
    "gzip: { minimum_size: 10 }",
    "timing: {}",
    "set_headers: { X-A: \"1\", X-B: { value: two, mode: if_absent } }",
    "request_id: {}",
    "logging: {}",
    "bearer_auth: { token_env: TOKEN, public_paths: [/a] }",
    "timeout: { seconds: 1 }",
    "body_limit: { max_bytes: 100 }",
    "custom: { name: audit }",
];
const NAMES: &[&str] = &[
    "a", "b", "list", "get_one", "type", "x1", "Bad-Name", "self", "ok_name", "c",
];
const PATHS: &[&str] = &[
    "/", "/a", "/{id}", "/{id}/x", "/{*rest}", "/a/b", "/:id", "/é", "/{name}", "//x", "a",
];
const METHODS: &[&str] = &[
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "get", "TRACE",
];
const TYPES: &[&str] = &["u64", "string", "bool", "i32", "f64", "u46"];

fn stack(rng: &mut Rng, indent: &str) -> String {
    let mut text = String::new();
    for _ in 0..rng.below(5) {
        text.push_str(&format!("{indent}- {}\n", rng.pick(KINDS)));
    }
    text
}

fn endpoints(rng: &mut Rng, indent: &str) -> String {
    let mut text = String::new();
    for _ in 0..rng.below(4) {
        let path = *rng.pick(PATHS);
        let mut line = format!(
            "{indent}- {{ name: {}, method: {}, path: \"{path}\"",
            rng.pick(NAMES),
            rng.pick(METHODS)
        );
        if path.contains('{') && rng.chance(70) {
            let param = if path.contains("name") {
                "name"
            } else if path.contains("rest") {
                "rest"
            } else {
                "id"
            };
            line.push_str(&format!(", params: {{ {param}: {} }}", rng.pick(TYPES)));
        }
        if rng.chance(50) {
            line.push_str(&format!(
                ", response: {{ status: {}, body: {{ ok: true }} }}",
                rng.pick(&[200, 201, 204, 404, 99])
            ));
        }
        line.push_str(" }\n");
        text.push_str(&line);
    }
    text
}

/// A spec from the format's grammar, valid or nearly so.
pub fn structured(rng: &mut Rng) -> Vec<u8> {
    let mut text = String::from("axumgen: 1\nservice: { name: fuzzed }\n");
    text.push_str("middleware:\n");
    text.push_str(&stack(rng, "  "));
    text.push_str("endpoints:\n");
    text.push_str(&endpoints(rng, "  "));
    text.push_str("routers:\n");
    for i in 0..rng.below(3) {
        text.push_str(&format!(
            "  - name: r{i}\n    prefix: /r{}\n    middleware:\n",
            rng.below(3)
        ));
        text.push_str(&stack(rng, "      "));
        text.push_str("    endpoints:\n");
        text.push_str(&endpoints(rng, "      "));
    }
    if rng.chance(50) {
        text.push_str("mounts:\n  - name: m\n    path: /m\n    middleware:\n");
        text.push_str(&stack(rng, "      "));
        text.push_str("    endpoints:\n");
        text.push_str(&endpoints(rng, "      "));
    }
    text.into_bytes()
}

/// What one input did.
#[derive(Debug)]
pub enum Outcome {
    Invalid,
    Valid,
    Finding(String),
}

/// Runs one input through the pipeline.
pub fn exercise(bytes: &[u8], slow: Duration) -> Outcome {
    let start = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| pipeline(bytes)));
    let outcome = match result {
        Ok(outcome) => outcome,
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Outcome::Finding(format!("panic: {message}"))
        }
    };
    if start.elapsed() > slow {
        return Outcome::Finding(format!("slow: {:?}", start.elapsed()));
    }
    outcome
}

/// One input through parse → check → plan → render, OpenAPI, self-diff and diagnostics rendering.
/// Panics propagate (the libFuzzer target in `fuzz/` relies on it); [`exercise`] catches them.
pub fn pipeline(bytes: &[u8]) -> Outcome {
    let source = match axumgen::spec::from_bytes("fuzz.yaml".into(), bytes.to_vec()) {
        axumgen::spec::Loaded::Source(source) => source,
        axumgen::spec::Loaded::Invalid(source, diagnostic) => {
            // Rendering diagnostics must work for every input.
            let _ = axumgen::diagnostic::render::human(&diagnostic, &source, false);
            return Outcome::Invalid;
        }
    };
    let checked = axumgen::validate::check_source(source);
    for diagnostic in &checked.diagnostics {
        let _ = axumgen::diagnostic::render::human(diagnostic, &checked.source, false);
        let _ = axumgen::diagnostic::render::github(diagnostic, &checked.source);
    }
    let Some(model) = &checked.model else {
        return Outcome::Invalid;
    };
    let plan = axumgen::plan::plan(
        model,
        &axumgen::plan::PlanOptions {
            spec_name: "fuzz.yaml".into(),
        },
    );
    if let Err(error) = axumgen::render::render(plan, &axumgen::render::Templates::embedded()) {
        return Outcome::Finding(format!("a valid spec failed to render: {error}"));
    }
    let _ = axumgen::plan::openapi::document(model);
    let changes = axumgen::diff::diff(model, model);
    if !changes.is_empty() {
        return Outcome::Finding(format!("a spec differs from itself: {changes:?}"));
    }
    Outcome::Valid
}

/// Statistics of a run.
#[derive(Default, Debug)]
pub struct Stats {
    pub executions: u64,
    pub valid: u64,
    pub findings: Vec<(String, Vec<u8>)>,
}

/// Runs until `budget` is spent or `max` inputs were tried.
pub fn run(root: &Path, seed: u64, budget: Duration, max: u64, slow: Duration) -> Stats {
    let seeds = seeds(root);
    let mut rng = Rng::new(seed);
    let mut stats = Stats::default();
    let start = Instant::now();
    // Silence the default panic printout: panics are findings, reported once at the end.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    while start.elapsed() < budget && stats.executions < max {
        let input = if rng.chance(25) {
            structured(&mut rng)
        } else {
            mutate(&mut rng, &seeds)
        };
        stats.executions += 1;
        match exercise(&input, slow) {
            Outcome::Valid => stats.valid += 1,
            Outcome::Invalid => {}
            Outcome::Finding(what) => {
                if !stats.findings.iter().any(|(w, _)| *w == what) {
                    stats.findings.push((what, input));
                }
            }
        }
    }
    std::panic::set_hook(previous);
    stats
}
