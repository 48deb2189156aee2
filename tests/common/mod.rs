//! What the test binaries that build generated projects share: where axumgen's sources are, and
//! the one target directory every generated project builds in, so axum, tokio and tower-http
//! compile once for the whole suite.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// axumgen's own directory.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The target directory the generated projects share (`target/e2e`, or
/// `$CARGO_TARGET_DIR/e2e`).
pub fn shared_target() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target/tmp has a parent")
        .join("e2e")
}

/// GitHub's REST API document (`AXUMGEN_GITHUB_OPENAPI`, which `.ci/run` fetches from npm's
/// `@octokit/openapi`). `None` when it is not set, which only a run outside CI may do; `what`
/// says what is skipped then.
pub fn github_openapi(what: &str) -> Option<PathBuf> {
    let Some(path) = std::env::var_os("AXUMGEN_GITHUB_OPENAPI") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI sets AXUMGEN_GITHUB_OPENAPI (.ci/run fetches @octokit/openapi)"
        );
        eprintln!("AXUMGEN_GITHUB_OPENAPI is not set: {what}");
        return None;
    };
    Some(PathBuf::from(path))
}

/// GitHub's REST API ([`github_openapi`]) imported: the spec text `axumgen import` writes.
pub fn github_spec(what: &str) -> Option<String> {
    let bytes = std::fs::read(github_openapi(what)?).expect("GitHub's document");
    let imported = axumgen::import::import(&bytes, "api.github.com.json");
    Some(imported.spec.expect("GitHub's document imports"))
}
