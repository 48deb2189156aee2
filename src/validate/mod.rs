//! Stage 2: [`Spec`] → [`Model`], with every problem found reported as a [`Diagnostic`].
//!
//! The rules live in [`rules`], one topic per file, each rule a `const` with its code, severity
//! and help next to the code that checks it. The model is built only when no rule reported an
//! error, so the generator never sees an invalid spec.

pub mod rules;
mod walk;

pub use walk::{EndpointRef, StackRef, Walk};

use crate::diagnostic::{self, Diagnostic};
use crate::model::{self, Model};
use crate::source::SourceFile;
use crate::spec::{self, Loaded, Spec};

/// The outcome of checking one spec: its diagnostics, and the model when there was no error.
#[derive(Debug)]
pub struct Checked {
    pub source: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
    pub model: Option<Model>,
}

impl Checked {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// What the rules read: the source, the parsed spec and the walk over it.
pub struct Cx<'a> {
    pub source: &'a SourceFile,
    pub spec: &'a Spec,
    pub walk: Walk<'a>,
}

/// What the rules write: their findings.
#[derive(Default)]
pub struct Findings(Vec<Diagnostic>);

impl Findings {
    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }
}

/// Runs every rule over a parsed spec and builds the model if nothing is wrong.
pub fn validate(spec: &Spec, source: &SourceFile) -> (Vec<Diagnostic>, Option<Model>) {
    let cx = Cx {
        source,
        spec,
        walk: Walk::new(spec),
    };
    let mut findings = Findings::default();
    rules::run_all(&cx, &mut findings);
    let mut diagnostics = findings.0;
    diagnostic::sort(&mut diagnostics);
    diagnostics.dedup();
    let model = (!diagnostics.iter().any(Diagnostic::is_error)).then(|| model::build(spec));
    (diagnostics, model)
}

/// Parses and validates spec text.
pub fn check_source(source: SourceFile) -> Checked {
    match spec::parse(&source) {
        Ok(spec) => {
            let (diagnostics, model) = validate(&spec, &source);
            Checked {
                source,
                diagnostics,
                model,
            }
        }
        Err(diagnostic) => Checked {
            source,
            diagnostics: vec![*diagnostic],
            model: None,
        },
    }
}

/// Reads, parses and validates a spec file. `Err` only for I/O problems.
pub fn check_file(path: &std::path::Path) -> Result<Checked, spec::ReadError> {
    Ok(check_loaded(spec::read(path)?))
}

/// Parses and validates a spec [`spec::read`] loaded.
pub fn check_loaded(loaded: Loaded) -> Checked {
    match loaded {
        Loaded::Source(source) => check_source(source),
        Loaded::Invalid(source, diagnostic) => Checked {
            source,
            diagnostics: vec![diagnostic],
            model: None,
        },
    }
}
