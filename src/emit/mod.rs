//! Stage 6: rendered files → the output directory, through the manifest.
//!
//! Decides, for every file, whether to create, rewrite, keep or delete it ([`reconcile`]); then
//! either reports the decisions (`--check`, `--diff`) or applies them ([`apply`]). Applying is
//! crash-safe: new contents are staged in temporary files, a journal lists the renames, the
//! renames run, the manifest is written, the journal removed. A run interrupted before the
//! journal exists leaves the old project untouched; one interrupted after it is finished by the
//! next run. Files whose bytes would not change are not written, so their mtimes stay.

mod apply;
pub mod cargo_toml;
pub mod manifest;
mod reconcile;
mod up_to_date;

use crate::format::{self, FormatError};
use crate::plan::{Ownership, ProjectPath};
pub use apply::{Applied, apply};
use manifest::Manifest;
pub use reconcile::reconcile;
use std::path::{Path, PathBuf};
pub use up_to_date::{inputs_sha256, up_to_date};

/// What happens to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Generated file, not on disk yet.
    Create,
    /// Generated file whose content changes.
    Update,
    /// Up to date: nothing to write.
    Unchanged,
    /// A new user file (handler, custom middleware), written once.
    CreateUser,
    /// A user file that exists: never rewritten.
    KeepUser,
    /// A user file that exists but was written for another signature.
    UserMismatch { was: String, now: String },
    /// A generated file that was edited by hand: refused without `--force`.
    EditedByHand,
    /// A shared file (`Cargo.toml`) whose axumgen entries were edited by hand, by name:
    /// refused without `--force`, which restores those entries alone.
    EditedEntries(Vec<String>),
    /// A file in the way that axumgen did not write: refused without `--force`.
    Unknown,
    /// A generated file the spec no longer produces, unchanged: deleted.
    DeleteStale,
    /// A generated file the spec no longer produces, but edited: kept.
    KeepEditedStale,
    /// A user file the spec no longer needs: kept, reported.
    Orphaned,
}

#[derive(Debug, Clone)]
pub struct Decision {
    pub path: ProjectPath,
    pub ownership: Ownership,
    pub action: Action,
    /// The formatted contents to write (None for keeps and deletes).
    pub contents: Option<String>,
    /// The SHA-256 of `contents` (empty without them).
    pub sha256: String,
    pub rendered_sha256: String,
    pub fingerprint: Option<String>,
    /// For a shared file: the entries axumgen owns in it after this run.
    pub entries: Option<cargo_toml::Entries>,
}

/// The outcome of reconciling a rendered project with what is on disk.
#[derive(Debug)]
pub struct Reconciled {
    pub decisions: Vec<Decision>,
    pub manifest: Manifest,
    /// The manifest on disk before this run, to skip rewriting an unchanged one.
    pub previous: Option<Manifest>,
    /// A formatting problem that did not stop generation (rustfmt missing).
    pub format_warning: Option<String>,
    /// For a new project: rustfmt still at work on these decisions' files, so that [`apply`]
    /// writes every other file meanwhile ([`Reconciled::finish_formatting`] waits for it).
    deferred: Option<(format::Running, Vec<usize>)>,
}

impl Decision {
    /// Gives the decision `file`'s final text to write, with its digest.
    fn set_contents(&mut self, file: crate::render::RenderedFile) {
        self.sha256 = file.sha256;
        self.contents = Some(file.contents);
    }
}

impl Reconciled {
    /// Waits for rustfmt, if it is still at work, and gives its files their formatted text.
    /// Everything that reads `contents` calls this first ([`apply`] does).
    pub fn finish_formatting(&mut self) -> Result<(), EmitError> {
        if let Some((running, indices)) = self.deferred.take() {
            for (k, file) in running.finish()? {
                self.decisions[indices[k]].set_contents(file);
            }
            crate::timings::mark("rustfmt (the other files written meanwhile)");
        }
        Ok(())
    }

    /// Files that stop generation unless `--force`.
    pub fn conflicts(&self) -> Vec<&Decision> {
        self.decisions
            .iter()
            .filter(|d| {
                matches!(
                    d.action,
                    Action::EditedByHand | Action::EditedEntries(_) | Action::Unknown
                )
            })
            .collect()
    }

    /// Files that differ from what the spec produces (for `--check`).
    pub fn drift(&self) -> Vec<&Decision> {
        self.decisions
            .iter()
            .filter(|d| {
                matches!(
                    d.action,
                    Action::Create
                        | Action::Update
                        | Action::CreateUser
                        | Action::EditedByHand
                        | Action::EditedEntries(_)
                        | Action::Unknown
                        | Action::DeleteStale
                )
            })
            .collect()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EmitError {
    #[error(transparent)]
    Manifest(#[from] manifest::ManifestError),
    #[error(transparent)]
    Format(#[from] FormatError),
    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Merge(#[from] cargo_toml::MergeError),
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Inputs that identify the spec a project comes from.
pub struct SpecInfo<'a> {
    pub name: &'a str,
    pub text: &'a str,
    /// The service's package name (`service.name`): the formatting stage knows items by it.
    pub package: &'a str,
}

/// A unified diff of what generation would change, file by file.
pub fn diff(root: &Path, reconciled: &Reconciled) -> String {
    let mut out = String::new();
    for decision in &reconciled.decisions {
        let old = std::fs::read_to_string(decision.path.under(root)).unwrap_or_default();
        let new = match (&decision.action, &decision.contents) {
            (
                Action::Create
                | Action::Update
                | Action::CreateUser
                | Action::EditedByHand
                | Action::Unknown,
                Some(c),
            ) => c.clone(),
            (Action::DeleteStale, _) => String::new(),
            _ => continue,
        };
        if old == new {
            continue;
        }
        let (a, b) = (
            format!("a/{}", decision.path),
            format!("b/{}", decision.path),
        );
        out.push_str(
            &similar::TextDiff::from_lines(&old, &new)
                .unified_diff()
                .context_radius(3)
                .header(&a, &b)
                .to_string(),
        );
    }
    out
}
