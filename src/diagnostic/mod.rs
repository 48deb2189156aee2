//! Diagnostics: what every stage reports about a spec, and the rules that produce them.
//!
//! A [`Diagnostic`] is plain data (a rule code, a severity, a message, the span it points at and
//! a help line). It is rendered only at the edge, by [`render`], in one of three formats.

pub mod render;

use crate::source::Span;
use serde::Serialize;
use std::fmt;

/// How bad a finding is. Errors make `check` fail; warnings only with `--deny-warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// A rule's identity: its stable code, severity and what it is about.
///
/// Each rule is declared once, as a `const`, next to the code that checks it.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Stable kebab-case code, shown as `error[code]` and usable in CI tooling.
    pub code: &'static str,
    pub severity: Severity,
    /// One sentence for the README table and `axumgen explain --rule`.
    pub summary: &'static str,
    /// The default help line; a finding may replace it with a more specific one.
    pub help: &'static str,
}

impl Rule {
    /// A finding of this rule at `span`.
    pub fn at(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code: self.code,
            severity: self.severity,
            message: message.into(),
            span,
            label: None,
            related: Vec::new(),
            help: (!self.help.is_empty()).then(|| self.help.to_string()),
        }
    }
}

/// One finding about a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Where the problem is. [`Span::UNKNOWN`] for problems with the file as a whole.
    pub span: Span,
    /// A short label printed under the span.
    pub label: Option<String>,
    /// Other places that explain this one (the first of two duplicates, the outer layer).
    pub related: Vec<(Span, String)>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Diagnostics in the order a reader wants them: by position, then errors before warnings.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.line, a.severity, a.code).cmp(&(
            b.span.start,
            b.span.line,
            b.severity,
            b.code,
        ))
    });
}
