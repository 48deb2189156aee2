//! The template set: embedded templates, optionally overridden file by file from a directory.
//!
//! `*.j2` files are minijinja templates; any other file is copied verbatim (the runtime
//! middleware modules are plain Rust a reader can open in `templates/src/middleware/`).

use std::borrow::Cow;
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/templates.rs"));

/// The embedded templates plus an optional override directory.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    overrides: Option<PathBuf>,
}

impl Templates {
    pub fn embedded() -> Self {
        Templates { overrides: None }
    }

    /// Templates under `dir` replace embedded ones with the same relative path.
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
