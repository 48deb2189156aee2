//! Stage 6: rendered files → the output directory, through the manifest.
//!
//! Decides, for every file, whether to create, rewrite, keep or delete it ([`reconcile`]); then
//! either reports the decisions (`--check`, `--diff`) or applies them ([`apply`]). Applying is
//! crash-safe: new contents are staged in temporary files, a journal lists the renames, the
//! renames run, the manifest is written, the journal removed. A run interrupted before the
//! journal exists leaves the old project untouched; one interrupted after it is finished by the
//! next run. Files whose bytes would not change are not written, so their mtimes stay.

pub mod cargo_toml;
pub mod manifest;
mod up_to_date;

use crate::format::{self, FormatError};
use crate::plan::{Ownership, ProjectPath};
use crate::render::RenderedFile;
use manifest::{Entry, JOURNAL_PATH, MANIFEST_PATH, Manifest, sha256};
use serde::{Deserialize, Serialize};
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
    pub rendered_sha256: String,
    pub fingerprint: Option<String>,
    /// For a shared file: the entries axumgen owns in it after this run.
    pub entries: Option<cargo_toml::Entries>,
}

/// The outcome of reconciling a rendered project with what is on disk.
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

impl std::fmt::Debug for Reconciled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reconciled")
            .field("decisions", &self.decisions)
            .field("manifest", &self.manifest)
            .field("previous", &self.previous)
            .field("format_warning", &self.format_warning)
            .field("formatting", &self.deferred.is_some())
            .finish()
    }
}

impl Reconciled {
    /// Waits for rustfmt, if it is still at work, and gives its files their formatted text.
    /// Everything that reads `contents` calls this first ([`apply`] does).
    pub fn finish_formatting(&mut self) -> Result<(), EmitError> {
        if let Some((running, indices)) = self.deferred.take() {
            let files = running.finish()?;
            for (index, file) in indices.into_iter().zip(files) {
                self.decisions[index].contents = Some(file.contents);
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
}

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
    for file in rendered {
        let path = file.path.under(root);
        let on_disk = read_optional(&path)?;
        let entry = old.entry(&file.path);
        let rendered_sha256 = sha256(file.contents.as_bytes());
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
    if previous.is_none() && !root.exists() {
        let mut formatting = Vec::new();
        let mut indices = Vec::new();
        for ((index, _), file) in pending.into_iter().zip(to_format) {
            if file.path.is_rust() && !file.preformatted {
                indices.push(index);
                formatting.push(file);
            } else {
                decisions[index].contents = Some(file.contents);
            }
        }
        let running = format::start(formatting)?;
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
    let format_warning = match format::format(&mut to_format) {
        Ok(()) => None,
        Err(FormatError::Missing) => {
            let indices: Vec<usize> = pending
                .iter()
                .zip(&to_format)
                .filter(|(_, file)| file.path.is_rust() && !file.preformatted)
                .map(|((index, _), _)| *index)
                .collect();
            unformatted(&mut decisions, &indices);
            Some(FormatError::Missing.to_string())
        }
        Err(error) => return Err(error.into()),
    };
    for ((index, disk_hash), file) in pending.into_iter().zip(to_format) {
        let decision = &mut decisions[index];
        let same_as_disk = sha256(file.contents.as_bytes()) == disk_hash;
        decision.action = match &decision.action {
            // A file in the way that is byte-identical to ours is simply adopted.
            Action::Unknown | Action::Update if same_as_disk => Action::Unchanged,
            other => other.clone(),
        };
        decision.contents = Some(file.contents);
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
    let decision = |action, contents, entries| Decision {
        path: file.path.clone(),
        ownership: Ownership::Shared,
        action,
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

fn read_optional(path: &Path) -> Result<Option<Vec<u8>>, EmitError> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(EmitError::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// What a run wrote, for the summary line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Applied {
    pub written: Vec<ProjectPath>,
    pub deleted: Vec<ProjectPath>,
}

/// The renames and deletions of one run, written before any of them happens.
#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    renames: Vec<(String, String)>,
    deletes: Vec<String>,
    manifest: String,
}

/// Applies the decisions. With `force`, files edited by hand or in the way are overwritten.
pub fn apply(root: &Path, mut reconciled: Reconciled, force: bool) -> Result<Applied, EmitError> {
    let write_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| EmitError::Write { path, source }
    };
    // A project written into a directory that did not exist has nothing on disk for a power
    // cut to damage, so its files are not synced (the journal still makes a killed run
    // all-or-nothing); regenerating an existing project syncs what it stages before committing.
    let new_directory = !root.exists();
    let mut applied = Applied::default();
    let mut journal = Journal {
        renames: Vec::new(),
        deletes: Vec::new(),
        manifest: String::new(),
    };
    let mut entries = Vec::new();
    // A new project is written whole into a hidden sibling directory, then renamed into place:
    // one rename makes it appear all at once, and no file needs a staging name of its own.
    let new_project = new_directory.then(|| new_project_path(root));
    let writes_it = |decision: &Decision| match decision.action {
        Action::Create | Action::Update | Action::CreateUser => true,
        Action::EditedByHand | Action::EditedEntries(_) | Action::Unknown => force,
        _ => false,
    };
    // While rustfmt works, the files that need no formatting are written.
    let mut written_early = vec![false; reconciled.decisions.len()];
    if let Some(new) = &new_project
        && reconciled.deferred.is_some()
    {
        let ready: Vec<(PathBuf, &str)> = reconciled
            .decisions
            .iter()
            .zip(&mut written_early)
            .filter_map(|(decision, early)| {
                let contents = decision
                    .contents
                    .as_deref()
                    .filter(|_| writes_it(decision))?;
                *early = true;
                Some((decision.path.under(new), contents))
            })
            .collect();
        write_files(&ready)?;
    }
    reconciled.finish_formatting()?;
    let mut writes: Vec<(PathBuf, &str)> = Vec::new();
    for (decision, early) in reconciled.decisions.iter().zip(&written_early) {
        let target = decision.path.under(root);
        let write = writes_it(decision);
        if write && let Some(contents) = &decision.contents {
            match &new_project {
                Some(_) if *early => {}
                Some(new) => writes.push((decision.path.under(new), contents)),
                None => {
                    let staged = staging_path(&target);
                    journal
                        .renames
                        .push((staged.display().to_string(), target.display().to_string()));
                    writes.push((staged, contents));
                }
            }
            applied.written.push(decision.path.clone());
        }
        if decision.action == Action::DeleteStale {
            journal.deletes.push(target.display().to_string());
            applied.deleted.push(decision.path.clone());
        }
        // The manifest records what is on disk after this run.
        // The manifest lists what axumgen answers for after this run: a deleted stale file is
        // gone, and a refused edit (no --force) stays unknown to it.
        let recorded = match decision.action {
            Action::DeleteStale => false,
            Action::EditedByHand | Action::EditedEntries(_) | Action::Unknown => force,
            _ => true,
        };
        if recorded {
            let sha = match (&decision.contents, write) {
                (Some(contents), true) => sha256(contents.as_bytes()),
                _ => read_optional(&target)?
                    .map(|b| sha256(&b))
                    .unwrap_or_default(),
            };
            entries.push(Entry {
                path: decision.path.to_string(),
                // An edited file the spec no longer produces is the user's from now on, so a
                // later run never mistakes it for an unchanged stale file and deletes it.
                ownership: if decision.action == Action::KeepEditedStale {
                    Ownership::User
                } else {
                    decision.ownership
                },
                rendered_sha256: decision.rendered_sha256.clone(),
                sha256: sha,
                fingerprint: match decision.action {
                    // A kept file keeps the fingerprint it was written for.
                    Action::UserMismatch { ref was, .. } => Some(was.clone()),
                    _ => decision.fingerprint.clone(),
                },
                entries: decision.entries.clone(),
            });
        }
    }
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    reconciled.manifest.files = entries;
    if let Some(new) = &new_project {
        let manifest = reconciled.manifest.to_json();
        writes.push((new.join(MANIFEST_PATH), &manifest));
        write_files(&writes)?;
        interrupt_for_tests("staged");
        if let Some(parent) = root.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(write_error(parent))?;
        }
        std::fs::rename(new, root).map_err(write_error(root))?;
        return Ok(applied);
    }
    write_files(&writes)?;
    if journal.renames.is_empty()
        && journal.deletes.is_empty()
        && reconciled.previous.as_ref() == Some(&reconciled.manifest)
    {
        return Ok(applied);
    }
    journal.manifest = reconciled.manifest.to_json();
    let journal_path = root.join(JOURNAL_PATH);
    let meta = journal_path.parent().unwrap_or(root);
    std::fs::create_dir_all(meta).map_err(write_error(meta))?;
    let staged: Vec<PathBuf> = journal
        .renames
        .iter()
        .map(|(staged, _)| PathBuf::from(staged))
        .collect();
    if !new_directory {
        sync_staged(root, &staged).map_err(write_error(root))?;
    }
    interrupt_for_tests("staged");
    let journal_text = serde_json::to_string(&journal).unwrap_or_default();
    stage(&journal_path, journal_text.as_bytes()).map_err(write_error(&journal_path))?;
    finish_interrupted_run(root)?;
    Ok(applied)
}

/// Completes a run whose journal is on disk (a crash after staging), or does nothing.
fn finish_interrupted_run(root: &Path) -> Result<(), EmitError> {
    let journal_path = root.join(JOURNAL_PATH);
    let Some(bytes) = read_optional(&journal_path)? else {
        return Ok(());
    };
    let Ok(journal) = serde_json::from_slice::<Journal>(&bytes) else {
        // A torn journal means the crash came before it was complete: nothing was renamed yet.
        let _ = std::fs::remove_file(&journal_path);
        return Ok(());
    };
    for (n, (staged, target)) in journal.renames.iter().enumerate() {
        if n == 1 {
            interrupt_for_tests("renaming");
        }
        if Path::new(staged).exists() {
            std::fs::rename(staged, target).map_err(|source| EmitError::Write {
                path: target.into(),
                source,
            })?;
        }
    }
    for target in &journal.deletes {
        match std::fs::remove_file(target) {
            Ok(()) => remove_empty_parents(Path::new(target), root),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(EmitError::Write {
                    path: target.into(),
                    source,
                });
            }
        }
    }
    let manifest_path = root.join(MANIFEST_PATH);
    let staged = staging_path(&manifest_path);
    stage(&staged, journal.manifest.as_bytes()).map_err(|source| EmitError::Write {
        path: staged.clone(),
        source,
    })?;
    std::fs::rename(&staged, &manifest_path).map_err(|source| EmitError::Write {
        path: manifest_path.clone(),
        source,
    })?;
    std::fs::remove_file(&journal_path).map_err(|source| EmitError::Write {
        path: journal_path.clone(),
        source,
    })?;
    Ok(())
}

fn remove_empty_parents(file: &Path, root: &Path) {
    let mut dir = file.parent();
    while let Some(current) = dir {
        if current == root || std::fs::remove_dir(current).is_err() {
            break;
        }
        dir = current.parent();
    }
}

/// `dir/.name.axumgen-tmp`, beside the target so the rename stays on one file system.
fn staging_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.axumgen-tmp"))
}

/// Writes and syncs one file (the journal and the manifest).
fn stage(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Where a new project is written before it is renamed into place: a hidden sibling of `root`.
/// A leftover from a killed run is removed first.
fn new_project_path(root: &Path) -> PathBuf {
    let name = root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let path = root.with_file_name(format!(".{name}.axumgen-new"));
    let _ = std::fs::remove_dir_all(&path);
    path
}

/// Writes files without syncing them ([`sync_staged`] makes staged files durable at once), on
/// two threads: creating and filling thousands of files is kernel time that the second core
/// halves. Directories are made first, each once.
fn write_files(writes: &[(PathBuf, &str)]) -> Result<(), EmitError> {
    let write_error = |path: &Path, source| EmitError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dirs: std::collections::BTreeSet<&Path> = writes
        .iter()
        .filter_map(|(path, _)| path.parent())
        .collect();
    for dir in dirs {
        std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
    }
    // Alternate files between the threads, so both get some of the largest.
    let write = |skip: usize| {
        writes
            .iter()
            .skip(skip)
            .step_by(2)
            .try_for_each(|(path, contents)| {
                std::fs::write(path, contents).map_err(|e| write_error(path, e))
            })
    };
    std::thread::scope(|scope| {
        let other = scope.spawn(|| write(1));
        write(0)?;
        other
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// Above this many staged files, one `syncfs` beats an `fsync` each (~0.25 ms apiece here, 0.5 s
/// for a 2,000-file project). Below it, per-file fsyncs win: `syncfs` also flushes everything
/// else written to the file system, such as the `cargo build` that ran just before in an edit
/// loop (measured here with 400 MB of new files unflushed: `syncfs` 645 ms, 9 fsyncs 3 ms).
const SYNCFS_ABOVE: usize = 64;

/// Makes every staged file durable before the journal that commits them is written.
fn sync_staged(root: &Path, staged: &[PathBuf]) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    if staged.len() > SYNCFS_ABOVE {
        use std::os::fd::AsRawFd;
        let dir = std::fs::File::open(root)?;
        // SAFETY: `syncfs` only reads the descriptor, which `dir` keeps open for the call.
        if unsafe { libc::syncfs(dir.as_raw_fd()) } == 0 {
            return Ok(());
        }
        return Err(std::io::Error::last_os_error());
    }
    let _ = root;
    staged
        .iter()
        .try_for_each(|path| std::fs::File::open(path)?.sync_all())
}

/// Lets the test suite simulate a crash at a named point (`AXUMGEN_TEST_INTERRUPT=staged`).
fn interrupt_for_tests(point: &str) {
    if std::env::var("AXUMGEN_TEST_INTERRUPT").is_ok_and(|wanted| wanted == point) {
        std::process::exit(86);
    }
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
