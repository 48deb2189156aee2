//! The no-op fast path. A project whose manifest records the same inputs as this run (the
//! spec's path and text, the generator build, the template overrides) and whose every listed
//! file still has the bytes the manifest lists is exactly what generation would leave on disk,
//! so the pipeline need not run: checking that costs a hash of the project's files, not a
//! check, plan, render and format of the spec.

use super::manifest::{JOURNAL_PATH, Manifest, sha256};
use std::path::Path;

/// The hash a manifest records in `inputs_sha256`.
pub fn inputs_sha256(spec_name: &str, spec_text: &str, templates_fingerprint: &str) -> String {
    let mut inputs = Vec::with_capacity(spec_text.len() + templates_fingerprint.len() + 64);
    for part in [spec_name, spec_text, templates_fingerprint] {
        // Length-prefixed, so no two different triples hash the same bytes.
        inputs.extend_from_slice(&(part.len() as u64).to_le_bytes());
        inputs.extend_from_slice(part.as_bytes());
    }
    sha256(&inputs)
}

/// Whether the project under `root` is what a run with `inputs` would leave: the manifest
/// records these inputs, no interrupted run is pending, and every file the manifest lists (the
/// user's too: a deleted handler is written again, an edited one changes the manifest) has the
/// recorded bytes. Any doubt answers `false`, and the full pipeline decides.
pub fn up_to_date(root: &Path, inputs: &str) -> bool {
    if root.join(JOURNAL_PATH).exists() {
        return false;
    }
    let Ok(Some(manifest)) = Manifest::read(root) else {
        return false;
    };
    if manifest.inputs_sha256.as_deref() != Some(inputs) {
        return false;
    }
    let unchanged = |entries: &[super::manifest::Entry]| {
        entries.iter().all(|entry| {
            std::fs::read(root.join(&entry.path)).is_ok_and(|bytes| sha256(&bytes) == entry.sha256)
        })
    };
    // Two halves hashed side by side: reading and hashing a large project is most of the cost.
    let (first, second) = manifest.files.split_at(manifest.files.len() / 2);
    std::thread::scope(|scope| {
        let other = scope.spawn(|| unchanged(second));
        unchanged(first) && other.join().unwrap_or(false)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_that_differ_anywhere_hash_differently() {
        let base = inputs_sha256("spec.yaml", "name: a\n", "generator 1\n");
        assert_ne!(
            base,
            inputs_sha256("spec.yml", "name: a\n", "generator 1\n")
        );
        assert_ne!(
            base,
            inputs_sha256("spec.yaml", "name: b\n", "generator 1\n")
        );
        assert_ne!(
            base,
            inputs_sha256("spec.yaml", "name: a\n", "generator 2\n")
        );
        // The boundary between parts is part of the hash.
        assert_ne!(inputs_sha256("ab", "c", ""), inputs_sha256("a", "bc", ""));
        assert_eq!(
            base,
            inputs_sha256("spec.yaml", "name: a\n", "generator 1\n")
        );
    }
}
