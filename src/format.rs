//! Stage 5: formats rendered Rust files with rustfmt, so every generated project passes
//! `cargo fmt --check` whatever the length of the strings a spec puts in it.
//!
//! rustfmt runs once per generation, over only the files that are about to be written (the
//! emitter skips files whose rendered text has not changed since the last run), in a temporary
//! directory: the output directory is never touched here.

use crate::render::RenderedFile;
use std::process::Command;

/// Why formatting did not happen.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    #[error(
        "rustfmt is not installed (install it with `rustup component add rustfmt`); generated files were left unformatted"
    )]
    Missing,
    #[error("rustfmt rejected the generated code (a template override with invalid Rust?):\n{0}")]
    Rejected(String),
    #[error("cannot prepare files for rustfmt: {0}")]
    Io(#[from] std::io::Error),
}

/// Formats the Rust files among `files` in place, except those rendered already formatted.
pub fn format(files: &mut [RenderedFile]) -> Result<(), FormatError> {
    let mut rust: Vec<usize> = (0..files.len())
        .filter(|&i| files[i].path.is_rust() && !files[i].preformatted)
        .collect();
    // Largest first, so the shares below come out even in bytes, not just in count.
    rust.sort_by_key(|&i| std::cmp::Reverse(files[i].contents.len()));
    if rust.is_empty() {
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    let mut paths = Vec::new();
    for (n, &i) in rust.iter().enumerate() {
        // Flat names: rustfmt must not follow `mod` declarations into other files.
        let path = dir.path().join(format!("f{n}.rs"));
        std::fs::write(&path, &files[i].contents)?;
        paths.push(path);
    }
    // One rustfmt per core, each on a share of about the same size: each file in turn goes to
    // the share with the fewest bytes so far.
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(paths.len());
    let mut shares: Vec<(usize, Vec<&std::path::Path>)> = vec![(0, Vec::new()); workers];
    for (path, &i) in paths.iter().zip(&rust) {
        if let Some(share) = shares.iter_mut().min_by_key(|(bytes, _)| *bytes) {
            share.0 += files[i].contents.len();
            share.1.push(path);
        }
    }
    let mut children = Vec::new();
    for (_, share) in &shares {
        let child = Command::new(rustfmt_binary())
            .args(["--edition", "2024", "--config", "skip_children=true"])
            .args(share)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn();
        match child {
            Ok(child) => children.push(child),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Err(FormatError::Missing);
            }
            Err(error) => return Err(FormatError::Io(error)),
        }
    }
    for child in children {
        let output = child.wait_with_output()?;
        if !output.status.success() {
            return Err(FormatError::Rejected(
                String::from_utf8_lossy(&output.stderr).into_owned(),
            ));
        }
    }
    for (path, &i) in paths.iter().zip(&rust) {
        files[i].contents = std::fs::read_to_string(path)?;
    }
    Ok(())
}

fn rustfmt_binary() -> String {
    std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".to_string())
}
