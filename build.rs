//! Embeds every file under `templates/` in the binary, keyed by its path relative to
//! `templates/`, so `--templates DIR` can override any of them by the same relative path; and
//! names this build of the generator (`GENERATOR_ID`, a hash of `src/`, `templates/` and
//! `Cargo.lock`), so a project's manifest can tell whether the generator that wrote it would
//! write the same today.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    let mut table = String::from(
        "/// Every embedded template: (path relative to `templates/`, contents).\npub static EMBEDDED: &[(&str, &str)] = &[\n",
    );
    for relative in files {
        let absolute = root.join(&relative);
        println!("cargo:rerun-if-changed={}", absolute.display());
        let _ = writeln!(
            table,
            "    ({relative:?}, include_str!({:?})),",
            absolute.display().to_string()
        );
    }
    table.push_str("];\n");
    let _ = writeln!(
        table,
        "/// This build of the generator: a hash of everything that decides what it writes.\npub const GENERATOR_ID: &str = \"{:016x}\";",
        generator_id()
    );
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("templates.rs");
    std::fs::write(out, table).expect("OUT_DIR is writable");
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(root, &path, files);
        } else if let Ok(relative) = path.strip_prefix(root) {
            files.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// A hash of the sources, templates and locked dependencies: any change to what generation
/// writes changes it (the version number alone does not, between releases).
fn generator_id() -> u64 {
    use std::hash::{Hash, Hasher};
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut hasher = std::hash::DefaultHasher::new();
    for part in ["src", "templates"] {
        let root = manifest_dir.join(part);
        println!("cargo:rerun-if-changed={}", root.display());
        let mut files = Vec::new();
        collect(&root, &root, &mut files);
        files.sort();
        for relative in files {
            relative.hash(&mut hasher);
            std::fs::read(root.join(&relative))
                .unwrap_or_default()
                .hash(&mut hasher);
        }
    }
    for file in ["Cargo.lock", "build.rs"] {
        println!(
            "cargo:rerun-if-changed={}",
            manifest_dir.join(file).display()
        );
        std::fs::read(manifest_dir.join(file))
            .unwrap_or_default()
            .hash(&mut hasher);
    }
    hasher.finish()
}
