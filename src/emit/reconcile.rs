//! Deciding: every rendered file against the disk and the manifest (create, update, keep,
//! refuse, delete stale), formatting only what must be (re)written.

use super::apply::finish_interrupted_run;
use super::manifest::{Entry, Manifest, sha256};
use super::{Action, Decision, EmitError, Reconciled, SpecInfo, cargo_toml};
use crate::format::{self, FormatError};
use crate::plan::{Ownership, ProjectPath};
use crate::render::RenderedFile;
use std::path::Path;

/// Decides what to do with every file, formatting only what must be (re)written.
pub fn reconcile(
    root: &Path,
    rendered: Vec<RenderedFile>,
    spec: &SpecInfo,
) -> Result<Reconciled, EmitError> {
    finish_interrupted_run(root)?;
    let previous = Manifest::read(root)?;
    let old = previous.clone().unwrap_or_default();
    let mut decisions = Vec::new();
    let mut to_format: Vec<RenderedFile> = Vec::new();
    let mut pending: Vec<(usize, String)> = Vec::new();
    let entries: std::collections::HashMap<&str, &Entry> = old
        .files
        .iter()
        .map(|entry| (entry.path.as_str(), entry))
        .collect();
    // Into a directory that does not exist yet, nothing is on disk to read.
    let root_exists = root.exists();
    for file in rendered {
        let on_disk = match root_exists {
            true => read_optional(&file.path.under(root))?,
            false => None,
        };
        let entry = entries.get(file.path.as_str()).copied();
        let rendered_sha256 = file.sha256.clone();
        let fingerprint = file.fingerprint.clone();
        let disk_hash = on_disk.as_ref().map(|bytes| sha256(bytes));
        let action = match (file.ownership, &on_disk, entry) {
            (Ownership::Shared, ..) => {
                decisions.push(shared(
                    &file,
                    on_disk.as_deref(),
                    entry,
                    &rendered_sha256,
                    disk_hash.as_deref(),
                )?);
                continue;
            }
            // A signature change is reported until the user edits the file (then it is adopted).
            (Ownership::User, Some(_), Some(entry)) => match (&entry.fingerprint, &fingerprint) {
                (Some(was), Some(now))
                    if was != now && disk_hash.as_deref() == Some(entry.sha256.as_str()) =>
                {
                    Action::UserMismatch {
                        was: was.clone(),
                        now: now.clone(),
                    }
                }
                _ => Action::KeepUser,
            },
            (Ownership::User, Some(_), None) => Action::KeepUser,
            (Ownership::User, None, _) => Action::CreateUser,
            (Ownership::Generated, None, _) => Action::Create,
            (Ownership::Generated, Some(_), Some(entry))
                if disk_hash.as_deref() != Some(entry.sha256.as_str()) =>
            {
                Action::EditedByHand
            }
            (Ownership::Generated, Some(_), Some(entry))
                if entry.rendered_sha256 == rendered_sha256 =>
            {
                Action::Unchanged
            }
            (Ownership::Generated, Some(_), Some(_)) => Action::Update,
            // On disk but not in the manifest: decided after formatting (identical is fine).
            (Ownership::Generated, Some(_), None) => Action::Unknown,
        };
        let needs_text = matches!(
            action,
            Action::Create
                | Action::Update
                | Action::CreateUser
                | Action::Unknown
                | Action::EditedByHand
        );
        let index = decisions.len();
        decisions.push(Decision {
            path: file.path.clone(),
            ownership: file.ownership,
            action,
            contents: None,
            sha256: String::new(),
            rendered_sha256,
            fingerprint,
            entries: None,
        });
        // Moved, not copied: a large project's rendered text is tens of megabytes.
        if needs_text {
            pending.push((index, disk_hash.unwrap_or_default()));
            to_format.push(file);
        }
    }
    crate::timings::mark("compare with disk");
    // A new project: every file is created, so nothing waits on a comparison with the disk;
    // rustfmt starts here and the files that need none are written while it works.
    if previous.is_none() && !root_exists {
        let mut formatting = Vec::new();
        let mut indices = Vec::new();
        for ((index, _), file) in pending.into_iter().zip(to_format) {
            if format::needs_formatting(&file) {
                indices.push(index);
                formatting.push(file);
            } else {
                decisions[index].set_contents(file);
            }
        }
        let mut running = format::start(formatting, spec.package)?;
        // Files rustfmt would leave as they are are final now: written while it works.
        for (k, file) in running.take_final() {
            decisions[indices[k]].set_contents(file);
        }
        let format_warning = running
            .rustfmt_missing
            .then(|| FormatError::Missing.to_string());
        if running.rustfmt_missing {
            unformatted(&mut decisions, &indices);
        }
        return Ok(Reconciled {
            decisions,
            manifest: empty_manifest(spec),
            previous,
            format_warning,
            deferred: Some((running, indices)),
        });
    }
    let format_warning = match format::format(&mut to_format, spec.package) {
        Ok(()) => None,
        Err(FormatError::Missing) => {
            let indices: Vec<usize> = pending
                .iter()
                .zip(&to_format)
                .filter(|(_, file)| format::needs_formatting(file))
                .map(|((index, _), _)| *index)
                .collect();
            unformatted(&mut decisions, &indices);
            Some(FormatError::Missing.to_string())
        }
        Err(error) => return Err(error.into()),
    };
    for ((index, disk_hash), file) in pending.into_iter().zip(to_format) {
        let decision = &mut decisions[index];
        let same_as_disk = file.sha256 == disk_hash;
        decision.action = match &decision.action {
            // A file in the way that is byte-identical to ours is simply adopted.
            Action::Unknown | Action::Update if same_as_disk => Action::Unchanged,
            other => other.clone(),
        };
        decision.set_contents(file);
    }
    crate::timings::mark("rustfmt");
    let planned: std::collections::BTreeSet<String> =
        decisions.iter().map(|d| d.path.to_string()).collect();
    for entry in &old.files {
        if planned.contains(&entry.path) {
            continue;
        }
        let Ok(path) = ProjectPath::new(entry.path.clone()) else {
            continue;
        };
        let on_disk = read_optional(&path.under(root))?;
        let Some(bytes) = on_disk else { continue };
        let action = match entry.ownership {
            Ownership::User => Action::Orphaned,
            Ownership::Generated | Ownership::Shared if sha256(&bytes) == entry.sha256 => {
                Action::DeleteStale
            }
            Ownership::Generated | Ownership::Shared => Action::KeepEditedStale,
        };
        decisions.push(Decision {
            path,
            ownership: entry.ownership,
            action,
            contents: None,
            sha256: String::new(),
            rendered_sha256: entry.rendered_sha256.clone(),
            fingerprint: entry.fingerprint.clone(),
            entries: None,
        });
    }
    Ok(Reconciled {
        decisions,
        manifest: empty_manifest(spec),
        previous,
        format_warning,
        deferred: None,
    })
}

/// Files written unformatted (rustfmt is missing) are recorded as rendered from nothing, so
/// the next run with rustfmt rewrites them formatted instead of finding them up to date.
fn unformatted(decisions: &mut [Decision], indices: &[usize]) {
    for &index in indices {
        decisions[index].rendered_sha256.clear();
    }
}

/// The manifest of this run before its files are listed.
fn empty_manifest(spec: &SpecInfo) -> Manifest {
    Manifest {
        axumgen: env!("CARGO_PKG_VERSION").to_string(),
        spec: spec.name.to_string(),
        spec_sha256: sha256(spec.text.as_bytes()),
        inputs_sha256: None,
        files: Vec::new(),
    }
}

/// The decision for a shared file (`Cargo.toml`): written whole when it is new, else merged
/// entry by entry into what is on disk (see [`cargo_toml`]).
fn shared(
    file: &RenderedFile,
    on_disk: Option<&[u8]>,
    entry: Option<&Entry>,
    rendered_sha256: &str,
    disk_hash: Option<&str>,
) -> Result<Decision, EmitError> {
    let decision = |action, contents: Option<String>, entries| Decision {
        path: file.path.clone(),
        ownership: Ownership::Shared,
        action,
        sha256: contents
            .as_deref()
            .map(|text| sha256(text.as_bytes()))
            .unwrap_or_default(),
        contents,
        rendered_sha256: rendered_sha256.to_string(),
        fingerprint: None,
        entries: Some(entries),
    };
    let Some(bytes) = on_disk else {
        let entries = cargo_toml::entries(&file.contents)?;
        return Ok(decision(
            Action::Create,
            Some(file.contents.clone()),
            entries,
        ));
    };
    let untouched = entry.filter(|entry| disk_hash == Some(entry.sha256.as_str()));
    // Nothing rendered differently and nothing edited since: nothing to do.
    if let Some(entry) = untouched.filter(|entry| entry.rendered_sha256 == rendered_sha256)
        && let Some(entries) = &entry.entries
    {
        return Ok(decision(Action::Unchanged, None, entries.clone()));
    }
    // TOML is UTF-8; a manifest that is not is refused, never rewritten with replacement
    // characters.
    let disk = std::str::from_utf8(bytes).map_err(|_| cargo_toml::MergeError::NotUtf8)?;
    // What axumgen wrote last time: recorded, or (a project from before shared manifests)
    // the file itself when it is still exactly as written.
    let previous = match (entry.and_then(|entry| entry.entries.clone()), untouched) {
        (Some(entries), _) => Some(entries),
        (None, Some(_)) => Some(cargo_toml::entries(disk)?),
        (None, None) => None,
    };
    let merged = cargo_toml::merge(disk, &file.contents, previous.as_ref())?;
    let action = if !merged.edited.is_empty() {
        Action::EditedEntries(merged.edited)
    } else if merged.text == disk {
        Action::Unchanged
    } else {
        Action::Update
    };
    Ok(decision(action, Some(merged.text), merged.entries))
}

pub(super) fn read_optional(path: &Path) -> Result<Option<Vec<u8>>, EmitError> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(EmitError::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}
