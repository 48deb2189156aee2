//! The template set: embedded templates, optionally overridden file by file from a directory.
//!
//! `*.j2` files are minijinja templates; any other file is copied verbatim (the runtime
//! middleware modules are plain Rust a reader can open in `templates/src/middleware/`).

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/templates.rs"));

/// A `--templates` directory that cannot be used as it is.
#[derive(Debug, thiserror::Error)]
pub enum TemplatesError {
    #[error("template directory `{}` does not exist", .0.display())]
    MissingDir(PathBuf),
    #[error("template directory `{}` is not a directory", .0.display())]
    NotADir(PathBuf),
    #[error("cannot read `{}` in the template directory: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", describe_unknown(dir, files))]
    Unknown {
        dir: PathBuf,
        files: Vec<UnknownOverride>,
    },
}

/// A file in the override directory whose path is no embedded template's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownOverride {
    /// Relative to the override directory, with `/` separators.
    pub path: String,
    /// The embedded template it was probably meant to override.
    pub suggestion: Option<&'static str>,
}

fn describe_unknown(dir: &Path, files: &[UnknownOverride]) -> String {
    let hint = |file: &UnknownOverride| match file.suggestion {
        Some(name) => format!("; did you mean `{name}`?"),
        None => String::new(),
    };
    let mut text = match files {
        [one] => format!(
            "`{}` in template directory `{}` matches no built-in template, so it would override nothing{}",
            one.path,
            dir.display(),
            hint(one)
        ),
        _ => {
            let mut text = format!(
                "{} files in template directory `{}` match no built-in template, so they would override nothing:",
                files.len(),
                dir.display()
            );
            for file in files {
                text.push_str(&format!("\n  `{}`{}", file.path, hint(file)));
            }
            text
        }
    };
    text.push_str(
        "\nhelp: an override has the path of the template it replaces under axumgen's `templates/`, like `src/app.rs.j2`",
    );
    text
}

/// The embedded template a misplaced or misnamed override most likely meant: the same path with
/// `.j2` added or removed; the per-item template (`_handler_.rs.j2`) of a generated file's
/// directory; the only template with the same file name elsewhere; a close spelling of the file
/// name among the templates of its directory or, in a directory that has none, of the whole path.
fn suggest(path: &str) -> Option<&'static str> {
    fn stem(name: &str) -> &str {
        name.strip_suffix(".j2").unwrap_or(name)
    }
    fn split(name: &str) -> (&str, &str) {
        name.rsplit_once('/').unwrap_or(("", name))
    }
    let names: Vec<&'static str> = EMBEDDED.iter().map(|(name, _)| *name).collect();
    if let Some(name) = names.iter().find(|name| stem(name) == stem(path)) {
        return Some(name);
    }
    let (dir, file) = split(stem(path));
    let per_item = names.iter().copied().find(|name| {
        let (name_dir, name_file) = split(name);
        // `_handler_.rs.j2` → `.rs`: the extension of every file rendered from it (`_stack.j2`,
        // a partial, renders no file of its own).
        let Some((_, extension)) = name_file
            .strip_suffix(".j2")
            .and_then(|f| f.strip_prefix('_'))
            .and_then(|f| f.split_once('_'))
        else {
            return false;
        };
        name_dir == dir && file.ends_with(extension)
    });
    if per_item.is_some() {
        return per_item;
    }
    let same_file: Vec<&'static str> = names
        .iter()
        .copied()
        .filter(|name| stem(split(name).1) == file)
        .collect();
    if let [only] = same_file[..] {
        return Some(only);
    }
    let neighbours: Vec<&'static str> = names
        .iter()
        .copied()
        .filter(|name| split(name).0 == dir)
        .collect();
    if neighbours.is_empty() {
        return crate::spec::did_you_mean(path, &names);
    }
    let files: Vec<&str> = neighbours.iter().map(|name| stem(split(name).1)).collect();
    let closest = crate::spec::did_you_mean(file, &files)?;
    neighbours
        .into_iter()
        .find(|name| stem(split(name).1) == closest)
}

/// Every file under `dir` (following symbolic links, each directory once), as `/`-separated
/// paths relative to `dir`, sorted.
fn files_under(dir: &Path) -> Result<Vec<(String, PathBuf)>, TemplatesError> {
    fn walk(
        dir: &Path,
        prefix: &str,
        seen: &mut HashSet<PathBuf>,
        files: &mut Vec<(String, PathBuf)>,
    ) -> Result<(), TemplatesError> {
        let read_error = |path: &Path| {
            let path = path.to_path_buf();
            move |source| TemplatesError::Read { path, source }
        };
        if !seen.insert(std::fs::canonicalize(dir).map_err(read_error(dir))?) {
            return Ok(());
        }
        for entry in std::fs::read_dir(dir).map_err(read_error(dir))? {
            let path = entry.map_err(read_error(dir))?.path();
            let name = path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default();
            let relative = format!("{prefix}{name}");
            if std::fs::metadata(&path)
                .map_err(read_error(&path))?
                .is_dir()
            {
                walk(&path, &format!("{relative}/"), seen, files)?;
            } else {
                files.push((relative, path));
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    walk(dir, "", &mut HashSet::new(), &mut files)?;
    files.sort();
    Ok(files)
}

/// The embedded templates plus an optional override directory.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    overrides: Option<PathBuf>,
}

impl Templates {
    pub fn embedded() -> Self {
        Templates { overrides: None }
    }

    /// Templates under `dir` replace embedded ones with the same relative path, once `dir` is
    /// checked: it must be a directory, and each file in it must have the path of an embedded
    /// template and be readable UTF-8 text (an override that overrides nothing is a mistake the
    /// user would otherwise never see).
    pub fn from_dir(dir: &Path) -> Result<Self, TemplatesError> {
        match std::fs::metadata(dir) {
            Ok(metadata) if metadata.is_dir() => {}
            Ok(_) => return Err(TemplatesError::NotADir(dir.to_path_buf())),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Err(TemplatesError::MissingDir(dir.to_path_buf()));
            }
            Err(source) => {
                return Err(TemplatesError::Read {
                    path: dir.to_path_buf(),
                    source,
                });
            }
        }
        let mut unknown = Vec::new();
        for (relative, path) in files_under(dir)? {
            if EMBEDDED.iter().any(|(name, _)| *name == relative) {
                std::fs::read_to_string(&path)
                    .map_err(|source| TemplatesError::Read { path, source })?;
            } else {
                unknown.push(UnknownOverride {
                    suggestion: suggest(&relative),
                    path: relative,
                });
            }
        }
        if !unknown.is_empty() {
            return Err(TemplatesError::Unknown {
                dir: dir.to_path_buf(),
                files: unknown,
            });
        }
        Ok(Self::with_overrides(dir))
    }

    /// Templates under `dir` replace embedded ones with the same relative path, unchecked:
    /// [`Templates::from_dir`] is the checked way.
    pub fn with_overrides(dir: &Path) -> Self {
        Templates {
            overrides: Some(dir.to_path_buf()),
        }
    }

    /// Where an override of `name` would be: inside the override directory, never outside it.
    fn override_path(&self, name: &str) -> Option<PathBuf> {
        let dir = self.overrides.as_ref()?;
        (!name.split('/').any(|part| part == ".." || part.is_empty())).then(|| dir.join(name))
    }

    /// The text of a template: the override if there is one, else the embedded copy.
    pub fn source(&self, name: &str) -> Option<Cow<'static, str>> {
        if let Some(path) = self.override_path(name)
            && let Ok(text) = std::fs::read_to_string(path)
        {
            return Some(Cow::Owned(text));
        }
        EMBEDDED
            .iter()
            .find(|(path, _)| *path == name)
            .map(|(_, text)| Cow::Borrowed(*text))
    }

    /// Identifies what these templates, rendered by this build of axumgen, write: the build's
    /// [`GENERATOR_ID`] and every override's path and contents. Two runs with the same
    /// fingerprint and the same spec write the same project.
    pub fn fingerprint(&self) -> String {
        let mut text = format!("generator {GENERATOR_ID}\n");
        if let Some(dir) = &self.overrides {
            for (relative, path) in files_under(dir).unwrap_or_default() {
                let contents = std::fs::read(&path).unwrap_or_default();
                text.push_str(&format!(
                    "override {relative} {}\n",
                    crate::emit::manifest::sha256(&contents)
                ));
            }
        }
        text
    }

    /// Whether the override directory replaces this template.
    pub fn is_overridden(&self, name: &str) -> bool {
        self.override_path(name).is_some_and(|path| path.is_file())
    }

    /// The contents of a non-template file, copied as it is.
    pub fn verbatim(&self, name: &str) -> Option<Cow<'static, str>> {
        if name.ends_with(".j2") {
            None
        } else {
            self.source(name)
        }
    }

    /// A minijinja environment over these templates, configured for code generation.
    pub fn environment(&self) -> minijinja::Environment<'static> {
        let mut env = minijinja::Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .keep_trailing_newline(true)
                .build()
                .expect("the default delimiters are valid"),
        );
        super::filters::register(&mut env);
        let this = self.clone();
        env.set_loader(move |name| Ok(this.source(name).map(Cow::into_owned)));
        env
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_point_at_the_template_meant() {
        // The generated file's path, without `.j2`.
        assert_eq!(suggest("src/app.rs"), Some("src/app.rs.j2"));
        // A verbatim file given `.j2`.
        assert_eq!(
            suggest("src/middleware/cors.rs.j2"),
            Some("src/middleware/cors.rs")
        );
        // A per-item output path.
        assert_eq!(
            suggest("src/handlers/ping.rs"),
            Some("src/handlers/_handler_.rs.j2")
        );
        // The right file name in the wrong directory.
        assert_eq!(suggest("app.rs.j2"), Some("src/app.rs.j2"));
        // A typo.
        assert_eq!(suggest("src/ap.rs.j2"), Some("src/app.rs.j2"));
        // Nothing close: no guess.
        assert_eq!(suggest("src/middleware.rs"), None);
        assert_eq!(suggest(".DS_Store"), None);
    }

    #[test]
    fn a_directory_with_only_known_templates_loads() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("gitignore.j2"), "/target\n/data\n").expect("written");
        let templates = Templates::from_dir(dir.path()).expect("valid overrides");
        assert!(templates.is_overridden("gitignore.j2"));
        assert_eq!(
            templates.source("gitignore.j2").as_deref(),
            Some("/target\n/data\n")
        );
    }

    #[test]
    fn an_override_that_is_not_utf8_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("gitignore.j2"), b"caf\xe9\n").expect("written");
        let error = Templates::from_dir(dir.path()).expect_err("not UTF-8");
        assert!(matches!(error, TemplatesError::Read { .. }), "{error:?}");
        assert!(error.to_string().contains("gitignore.j2"), "{error}");
    }

    #[test]
    fn symlink_cycles_are_walked_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("src")).expect("dir");
        std::os::unix::fs::symlink(dir.path(), dir.path().join("src/loop")).expect("symlink");
        std::fs::write(dir.path().join("src/app.rs.j2"), "x\n").expect("written");
        Templates::from_dir(dir.path()).expect("the cycle is not followed twice");
    }
}
