//! [`ProjectPath`]: a path inside the generated project, checked when it is made.
//!
//! The emitter writes only to `out_dir.join(project_path)`, and a `ProjectPath` can only hold
//! relative components of `[A-Za-z0-9_.-]` that are not `.` or `..`: nothing in a spec can make
//! axumgen write outside `--out`.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct ProjectPath(String);

#[derive(Debug, thiserror::Error)]
#[error("`{0}` is not a safe project path")]
pub struct UnsafePath(pub String);

impl ProjectPath {
    pub fn new(path: impl Into<String>) -> Result<Self, UnsafePath> {
        let path = path.into();
        let safe = !path.is_empty()
            && path.split('/').all(|part| {
                !part.is_empty()
                    && part != "."
                    && part != ".."
                    && part
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
            });
        if safe {
            Ok(ProjectPath(path))
        } else {
            Err(UnsafePath(path))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The path on disk under `root`.
    pub fn under(&self, root: &std::path::Path) -> std::path::PathBuf {
        self.0
            .split('/')
            .fold(root.to_path_buf(), |path, part| path.join(part))
    }

    pub fn is_rust(&self) -> bool {
        self.0.ends_with(".rs")
    }
}

impl fmt::Display for ProjectPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_accepted() {
        assert!(ProjectPath::new("src/handlers/get_task.rs").is_ok());
        assert!(ProjectPath::new(".axumgen/manifest.json").is_ok());
        for bad in [
            "../x",
            "/etc/passwd",
            "src//a",
            "src/./a",
            "a/../../b",
            "src/a b.rs",
            "src/é.rs",
            "",
        ] {
            assert!(ProjectPath::new(bad).is_err(), "{bad}");
        }
    }
}
