//! Stage 1: spec text → [`Spec`] with spans.
//!
//! [`read`] loads a file defensively (size cap, UTF-8 check); [`parse`] runs serde-saphyr with its
//! budgets on, and turns every failure into a [`Diagnostic`] with a rule code and a position. This
//! stage never panics and never looks at meaning: that is the validator's job.

mod errors;
pub mod parts;
pub mod spanned;
pub mod types;

pub use errors::{MISSING_KEY, RULES, YAML_LIMIT, did_you_mean};
pub use spanned::{Spanned, SpannedMap};
pub use types::*;

use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest spec axumgen reads. A real spec is a few kilobytes; the cap keeps a hostile or
/// mistaken input (a 50 MB file) from costing seconds and memory.
pub const MAX_SPEC_BYTES: u64 = 8 * 1024 * 1024;

/// Why a spec could not be read at all. These are I/O problems (exit 2), not spec problems.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read `{}`: no such file", path.display())]
    NotFound { path: PathBuf },
    #[error("cannot read `{}`: it is a directory, not a spec file", path.display())]
    IsDirectory { path: PathBuf },
    #[error("cannot read `{}`: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What reading a spec file gives: the source, or a diagnostic about its bytes (too large, not
/// UTF-8) that still counts as an invalid spec.
pub enum Loaded {
    Source(SourceFile),
    Invalid(SourceFile, Diagnostic),
}

/// Reads a spec file, refusing directories, files over [`MAX_SPEC_BYTES`] and non-UTF-8 bytes.
pub fn read(path: &Path) -> Result<Loaded, ReadError> {
    let name = path.display().to_string();
    let metadata = std::fs::metadata(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound {
            path: path.to_path_buf(),
        },
        _ => ReadError::Io {
            path: path.to_path_buf(),
            source,
        },
    })?;
    if metadata.is_dir() {
        return Err(ReadError::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    let io = |source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(MAX_SPEC_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_SPEC_BYTES {
        let diagnostic = errors::TOO_LARGE.at(
            Span::UNKNOWN,
            format!(
                "the spec is larger than {} MiB",
                MAX_SPEC_BYTES / (1024 * 1024)
            ),
        );
        return Ok(Loaded::Invalid(
            SourceFile::new(name, String::new()),
            diagnostic,
        ));
    }
    Ok(from_bytes(name, bytes))
}

/// Checks that `bytes` are UTF-8 and wraps them as a source.
pub fn from_bytes(name: String, bytes: Vec<u8>) -> Loaded {
    match String::from_utf8(bytes) {
        Ok(text) => Loaded::Source(SourceFile::new(name, text)),
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let bytes = error.into_bytes();
            let text = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let source = SourceFile::new(name, text);
            let span = source.span_at(valid, 0);
            let diagnostic = errors::NOT_UTF8.at(
                span,
                format!("the spec is not UTF-8: invalid byte 0x{:02x}", bytes[valid]),
            );
            Loaded::Invalid(source, diagnostic)
        }
    }
}

/// Parses spec text into a [`Spec`], a large one on two cores ([`parts`]). On failure, returns
/// the diagnostic for the first problem serde-saphyr found in the whole text (YAML has no
/// reliable way to resume after a structural error).
pub fn parse(source: &SourceFile) -> Result<Spec, Box<Diagnostic>> {
    if is_blank(&source.text) {
        return Err(Box::new(
            errors::EMPTY.at(Span::UNKNOWN, "the spec is empty"),
        ));
    }
    if let Some(spec) = parts::parse_in_parts(&source.text, parts::MIN_BYTES) {
        return Ok(spec);
    }
    parse_whole(source)
}

/// [`parse`] on one core, the whole text at once.
pub fn parse_whole(source: &SourceFile) -> Result<Spec, Box<Diagnostic>> {
    serde_saphyr::from_str_with_options::<Spec>(&source.text, errors::options())
        .map_err(|error| Box::new(errors::diagnose(&error, source)))
}

fn is_blank(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#') || line == "---" || line == "..."
    })
}
