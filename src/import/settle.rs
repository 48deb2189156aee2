//! The last step of an import: the draft's spec text checked as `check` would check it, its
//! examples and defaults that the check refuses dropped (and noted), and a text too large for
//! the spec reader refused here, by the importer, rather than written and refused by `check`.

use super::draft::Draft;
use super::rules::{EXAMPLE_DROPPED, Notes, TOO_LARGE};
use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};

/// Checks the draft's spec as `check` would, drops each example or default that does not match
/// its type, and returns the final text with the diagnostics the check still has (none, for a
/// correct importer).
///
/// A text `check` would refuse for its size alone is [`too_large`], an error.
pub fn settle(
    draft: &mut Draft,
    notes: &mut Notes,
) -> Result<(String, Vec<Diagnostic>), Box<Diagnostic>> {
    for _ in 0..3 {
        let (text, written) = draft.to_yaml();
        if let Some(error) = too_large(&text, &[], draft) {
            return Err(error);
        }
        let source = SourceFile::new("imported.yaml", text.clone());
        let checked = crate::validate::check_source(source);
        if let Some(error) = too_large(&text, &checked.diagnostics, draft) {
            return Err(error);
        }
        let mut dropped_any = false;
        for diagnostic in checked.diagnostics.iter().filter(|d| d.is_error()) {
            let Some(place) = written.iter().find(|w| {
                w.start <= diagnostic.span.start && diagnostic.span.start < w.end.max(w.start + 1)
            }) else {
                continue;
            };
            if let Some(droppable) = draft.droppable_mut(place.id)
                && !droppable.dropped
            {
                droppable.dropped = true;
                dropped_any = true;
                notes.note(
                    EXAMPLE_DROPPED,
                    &droppable.pointer,
                    "an example or default that does not match its schema".into(),
                    format!(
                        "left out; axumgen derives one from the type ({})",
                        diagnostic.message
                    ),
                );
            }
        }
        if !dropped_any {
            let remaining = checked
                .diagnostics
                .into_iter()
                .filter(|d| d.is_error() || d.code != "model-unused")
                .collect();
            return Ok((text, remaining));
        }
    }
    let (text, _) = draft.to_yaml();
    Ok((text, Vec::new()))
}

/// The diagnostic for a spec text `check` would refuse for its size alone (more bytes than
/// [`crate::spec::MAX_SPEC_BYTES`], or a `yaml-limit` among `diagnostics`, which an import,
/// writing no alias, reaches only by its number of nodes), in the importer's words: the spec
/// would not be read back, so nothing is written.
fn too_large(text: &str, diagnostics: &[Diagnostic], draft: &Draft) -> Option<Box<Diagnostic>> {
    let what = if text.len() as u64 > crate::spec::MAX_SPEC_BYTES {
        format!(
            "its spec would be {:.1} MiB, and axumgen reads specs of up to {} MiB",
            text.len() as f64 / (1024.0 * 1024.0),
            crate::spec::MAX_SPEC_BYTES / (1024 * 1024)
        )
    } else if let Some(limit) = diagnostics
        .iter()
        .find(|d| d.code == crate::spec::YAML_LIMIT.code)
    {
        format!("the spec reader would refuse its spec: {}", limit.message)
    } else {
        return None;
    };
    let endpoints: usize = draft.routers.iter().map(|r| r.endpoints.len()).sum();
    Some(Box::new(TOO_LARGE.at(
        Span::UNKNOWN,
        format!(
            "the document is too large for one spec ({}, {}): {what}",
            counted(endpoints, "endpoint"),
            counted(draft.models.len(), "model")
        ),
    )))
}

/// `n` `thing`s, in words: `1 model`, `2 models`.
fn counted(n: usize, thing: &str) -> String {
    match n {
        1 => format!("1 {thing}"),
        n => format!("{n} {thing}s"),
    }
}
