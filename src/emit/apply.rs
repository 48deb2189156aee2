//! Applying the decisions: a new project written whole into a hidden sibling and renamed into
//! place (every file whose text is final while rustfmt runs); an existing one through staged files, a
//! journal of renames, and the manifest last, so a killed run is finished by the next.

use super::manifest::{Entry, JOURNAL_PATH, MANIFEST_PATH, sha256};
use super::reconcile::read_optional;
use super::{Action, Decision, EmitError, Reconciled};
use crate::plan::{Ownership, ProjectPath};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

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
                (Some(_), true) => decision.sha256.clone(),
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
pub(super) fn finish_interrupted_run(root: &Path) -> Result<(), EmitError> {
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
/// two threads, each creating the files of its own directories: creating a file locks its
/// directory, so two threads creating in one directory wait on each other (and spin, taking
/// the core rustfmt runs on), while in different directories they run side by side. The
/// directories are shared out by their number of files, the largest first. Directories are made
/// first, each once, from the same grouping.
fn write_files(writes: &[(PathBuf, &str)]) -> Result<(), EmitError> {
    let write_error = |path: &Path, source| EmitError::Write {
        path: path.to_path_buf(),
        source,
    };
    let by_directory = files_by_directory(writes.iter().map(|(path, _)| path.as_path()));
    for dir in by_directory
        .keys()
        .filter(|dir| !dir.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
    }
    let shares = shares_by_directory(by_directory);
    let write = |share: &[usize]| {
        share.iter().try_for_each(|&n| {
            let (path, contents) = &writes[n];
            std::fs::write(path, contents).map_err(|e| write_error(path, e))
        })
    };
    std::thread::scope(|scope| {
        let other = scope.spawn(|| write(&shares[1]));
        write(&shares[0])?;
        other
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// The indices of `paths`, by the directory each is in.
fn files_by_directory<'a>(
    paths: impl Iterator<Item = &'a Path>,
) -> std::collections::BTreeMap<&'a Path, Vec<usize>> {
    let mut by_dir: std::collections::BTreeMap<&Path, Vec<usize>> = Default::default();
    for (n, path) in paths.enumerate() {
        by_dir
            .entry(path.parent().unwrap_or(Path::new("")))
            .or_default()
            .push(n);
    }
    by_dir
}

/// Files (by directory, [`files_by_directory`]) shared out between two writers, a directory's
/// files all to one writer, the directories with the most files first, each to the writer with
/// fewer files so far.
fn shares_by_directory(by_dir: std::collections::BTreeMap<&Path, Vec<usize>>) -> [Vec<usize>; 2] {
    let mut dirs: Vec<Vec<usize>> = by_dir.into_values().collect();
    dirs.sort_by_key(|files| std::cmp::Reverse(files.len()));
    let mut shares: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
    for files in dirs {
        let fewer = usize::from(shares[1].len() < shares[0].len());
        shares[fewer].extend(files);
    }
    shares
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

#[cfg(test)]
mod tests {
    use super::{files_by_directory, shares_by_directory};
    use std::path::Path;

    #[test]
    fn each_directory_is_written_by_one_writer_and_every_file_once() {
        let paths = [
            "p/src/handlers/a.rs",
            "p/src/examples/a.json",
            "p/src/handlers/b.rs",
            "p/Cargo.toml",
            "p/src/handlers/c.rs",
            "p/src/examples/b.json",
            "p/src/lib.rs",
        ];
        let shares = shares_by_directory(files_by_directory(paths.iter().map(Path::new)));
        let mut all: Vec<usize> = shares.concat();
        all.sort_unstable();
        assert_eq!(all, (0..paths.len()).collect::<Vec<_>>());
        for dir in ["p/src/handlers", "p/src/examples", "p/src", "p"] {
            let writers: Vec<usize> = (0..2)
                .filter(|&w| {
                    shares[w]
                        .iter()
                        .any(|&n| Path::new(paths[n]).parent() == Some(Path::new(dir)))
                })
                .collect();
            assert_eq!(writers.len(), 1, "{dir} is written by {writers:?}");
        }
        // Balanced as whole directories allow: 4 and 3.
        assert_eq!(shares[0].len().abs_diff(shares[1].len()), 1, "{shares:?}");
    }
}
