//! Rendering diagnostics for people (rustc style), for tools (JSON) and for GitHub Actions
//! (workflow-command annotations).

use super::{Diagnostic, Severity};
use crate::source::SourceFile;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;
use std::fmt::Write as _;

/// The output formats of `check` and `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style text with source snippets (coloured on a terminal).
    Human,
    /// One JSON document with every diagnostic.
    Json,
    /// GitHub Actions workflow commands (`::error file=…`), one line per diagnostic.
    Github,
}

/// Renders one diagnostic the way rustc would, quoting the line it points at.
pub fn human(diagnostic: &Diagnostic, source: &SourceFile, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let level = level(diagnostic.severity);
    let title = level
        .clone()
        .primary_title(diagnostic.message.as_str())
        .id(diagnostic.code);
    let mut group = Group::with_title(title);
    let span = diagnostic.span;
    if span.is_known() {
        let (text, local) = local_range(source, span);
        let mut snip = Snippet::source(text)
            .line_start(span.line as usize)
            .path(source.name.as_str());
        let mut annotation = AnnotationKind::Primary.span(local);
        if let Some(label) = &diagnostic.label {
            annotation = annotation.label(label.as_str());
        }
        snip = snip.annotation(annotation);
        group = group.element(snip);
        for (related, label) in &diagnostic.related {
            if !related.is_known() {
                continue;
            }
            let (text, local) = local_range(source, *related);
            group = group.element(
                Snippet::source(text)
                    .line_start(related.line as usize)
                    .path(source.name.as_str())
                    .annotation(AnnotationKind::Context.span(local).label(label.as_str())),
            );
        }
    } else {
        group = group.element(Level::NOTE.message(format!("in {}", source.name)));
    }
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    renderer.render(&[group])
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    }
}

/// The text of the span's first line and the span's range within it, clipped to that line.
/// Robust to any span: a start outside the line falls back to the span's column.
fn local_range(source: &SourceFile, span: crate::source::Span) -> (&str, std::ops::Range<usize>) {
    let (offset, text) = window(source, span.line, span.line);
    let start = if (offset..=offset + text.len()).contains(&span.start) {
        span.start - offset
    } else {
        text.char_indices()
            .nth(span.column.saturating_sub(1) as usize)
            .map_or(text.len(), |(i, _)| i)
    };
    let end = span.end.saturating_sub(offset).clamp(start, text.len());
    let range = if end > start {
        start..end
    } else {
        widen_to_token(text, start)
    };
    (text, range)
}

/// The byte offset of line `first` and the text of lines `first..=last`.
fn window(source: &SourceFile, first: u32, last: u32) -> (usize, &str) {
    let text = source.text.as_str();
    let mut offset = 0;
    for _ in 1..first {
        match text[offset..].find('\n') {
            Some(i) => offset += i + 1,
            None => break,
        }
    }
    let mut end = offset;
    for _ in first..=last {
        match text[end..].find('\n') {
            Some(i) => end += i + 1,
            None => {
                end = text.len();
                break;
            }
        }
    }
    let slice = text[offset..end].trim_end_matches(['\n', '\r']);
    (offset, slice)
}

/// For a position (empty span), underline the token that starts there.
fn widen_to_token(line: &str, start: usize) -> std::ops::Range<usize> {
    let start = start.min(line.len());
    let rest = &line[start..];
    let len = rest
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || matches!(c, ':' | ',' | '}' | ']'))
        .map_or(rest.len(), |(i, _)| i);
    start..start + len.max(rest.chars().next().map_or(0, char::len_utf8))
}

/// One file's diagnostics in the JSON output.
#[derive(Serialize)]
pub struct JsonFile<'a> {
    pub file: &'a str,
    pub diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    pub code: &'a str,
    pub severity: Severity,
    pub message: &'a str,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub end_line: Option<u32>,
    pub end_column: Option<u32>,
    pub label: Option<&'a str>,
    pub help: Option<&'a str>,
}

/// The JSON view of a diagnostic, with its end position computed from the source.
pub fn json<'a>(diagnostic: &'a Diagnostic, source: &SourceFile) -> JsonDiagnostic<'a> {
    let span = diagnostic.span;
    let end = span.is_known().then(|| source.span_at(span.end, 0));
    JsonDiagnostic {
        code: diagnostic.code,
        severity: diagnostic.severity,
        message: &diagnostic.message,
        line: span.is_known().then_some(span.line),
        column: span.is_known().then_some(span.column),
        end_line: end.map(|e| e.line),
        end_column: end.map(|e| e.column),
        label: diagnostic.label.as_deref(),
        help: diagnostic.help.as_deref(),
    }
}

/// A GitHub Actions workflow command for one diagnostic.
pub fn github(diagnostic: &Diagnostic, source: &SourceFile) -> String {
    let command = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut properties = format!("file={}", escape_property(&source.name));
    let span = diagnostic.span;
    if span.is_known() {
        let end = source.span_at(span.end, 0);
        let _ = write!(properties, ",line={},col={}", span.line, span.column);
        if end.line == span.line {
            let _ = write!(properties, ",endColumn={}", end.column.max(span.column));
        } else {
            let _ = write!(properties, ",endLine={}", end.line);
        }
    }
    let _ = write!(
        properties,
        ",title={}",
        escape_property(&format!("axumgen {}", diagnostic.code))
    );
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!("::{command} {properties}::{}", escape_data(&message))
}

/// Escapes a workflow-command message (actions/toolkit `escapeData`).
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow-command property (actions/toolkit `escapeProperty`).
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Rule;

    const RULE: Rule = Rule {
        code: "demo-rule",
        severity: Severity::Error,
        summary: "demo",
        help: "do the other thing",
    };

    #[test]
    fn human_output_names_file_line_column_code_and_help() {
        let source = SourceFile::new("spec.yaml", "a: 1\nbad: value\n");
        let span = source.span_at(10, 5);
        let text = human(
            &RULE.at(span, "value is bad").with_label("here"),
            &source,
            false,
        );
        assert!(text.contains("error[demo-rule]: value is bad"), "{text}");
        assert!(text.contains("spec.yaml:2:6"), "{text}");
        assert!(text.contains("bad: value"), "{text}");
        assert!(text.contains("^^^^^ here"), "{text}");
        assert!(text.contains("help: do the other thing"), "{text}");
    }

    #[test]
    fn github_escapes_newlines_percent_and_property_separators() {
        let source = SourceFile::new("dir,x:y.yaml", "k: v\n");
        let line = github(&RULE.at(source.span_at(3, 1), "100% bad\nreally"), &source);
        assert_eq!(
            line,
            "::error file=dir%2Cx%3Ay.yaml,line=1,col=4,endColumn=5,title=axumgen demo-rule::100%25 bad%0Areally%0Ahelp: do the other thing"
        );
    }
}
