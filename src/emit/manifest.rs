//! The manifest a generated project carries in `.axumgen/manifest.json`: what axumgen wrote,
//! who owns each file, and content hashes to tell an edited file from an unchanged one.

use crate::plan::Ownership;
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const MANIFEST_PATH: &str = ".axumgen/manifest.json";
pub const JOURNAL_PATH: &str = ".axumgen/journal.json";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The axumgen version that wrote the project.
    pub axumgen: String,
    /// The spec's path as given on the command line.
    pub spec: String,
    pub spec_sha256: String,
    /// What the last run read (spec path and text, generator build, template overrides), hashed:
    /// recorded only after a run with nothing to report, so an unchanged project with the same
    /// inputs can skip generation (see [`super::up_to_date`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inputs_sha256: Option<String>,
    pub files: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub ownership: Ownership,
    /// Hash of the rendered text before formatting: unchanged means nothing to regenerate.
    pub rendered_sha256: String,
    /// Hash of the bytes written to disk: a different hash on disk means an edit by hand.
    pub sha256: String,
    /// For user files: the shape the file was written for (a handler's signature), to report
    /// files that no longer fit the spec.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    /// For the shared `Cargo.toml`: the entries axumgen owns in it, as it wrote them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entries: Option<super::cargo_toml::Entries>,
}

#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("cannot read `{path}`: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("`{path}` is not a valid axumgen manifest: {source}")]
    Invalid {
        path: String,
        source: serde_json::Error,
    },
}

impl Manifest {
    /// Reads the manifest under `root`; `None` when the project has none yet.
    pub fn read(root: &Path) -> Result<Option<Manifest>, ManifestError> {
        let path = root.join(MANIFEST_PATH);
        match std::fs::read(&path) {
            Ok(bytes) => {
                serde_json::from_slice(&bytes)
                    .map(Some)
                    .map_err(|source| ManifestError::Invalid {
                        path: path.display().to_string(),
                        source,
                    })
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(ManifestError::Io {
                path: path.display().to_string(),
                source,
            }),
        }
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// Lower-case hex SHA-256.
pub fn sha256(bytes: &[u8]) -> String {
    crate::digest::sha256_hex(bytes)
}
