//! Constraints that fit their type (`min_length` on strings, `ge` on numbers…) and each other
//! (`ge` not above `le`, a default inside its `enum`, a `pattern` that compiles).

use super::{CONSTRAINT_INVALID, CONSTRAINT_MISPLACED};
use crate::grammar::types::{FieldType, Scalar, TypeExpr};
use crate::source::Span;
use crate::spec::FieldDetails;
use crate::validate::Findings;
use serde_json::Value;

/// What a constraint applies to.
pub(super) fn constraints(out: &mut Findings, ty: &FieldType, details: &FieldDetails) {
    let scalar = match ty.ty {
        TypeExpr::Scalar(scalar) => Some(scalar),
        _ => None,
    };
    let is_string = scalar == Some(Scalar::String);
    let is_number = scalar.is_some_and(Scalar::is_number);
    let is_list = matches!(ty.ty, TypeExpr::List(_));
    let misplaced = |out: &mut Findings, span: Span, name: &str, applies: &str| {
        out.report(
            CONSTRAINT_MISPLACED
                .at(span, format!("`{name}` does not apply to a `{ty}`"))
                .with_help(format!("`{name}` applies to {applies}")),
        );
    };
    for (name, span) in [
        ("min_length", details.min_length.as_ref().map(|c| c.span)),
        ("max_length", details.max_length.as_ref().map(|c| c.span)),
        ("pattern", details.pattern.as_ref().map(|c| c.span)),
        ("enum", details.allowed.as_ref().map(|c| c.span)),
    ] {
        if let Some(span) = span
            && !is_string
        {
            misplaced(out, span, name, "`string` fields");
        }
    }
    for (name, bound) in [
        ("ge", &details.ge),
        ("gt", &details.gt),
        ("le", &details.le),
        ("lt", &details.lt),
    ] {
        if let Some(bound) = bound
            && !is_number
        {
            misplaced(out, bound.span, name, "numbers (`u8`…`i64`, `f64`)");
        }
    }
    for (name, span) in [
        ("min_items", details.min_items.as_ref().map(|c| c.span)),
        ("max_items", details.max_items.as_ref().map(|c| c.span)),
    ] {
        if let Some(span) = span
            && !is_list
        {
            misplaced(out, span, name, "lists (`[T]`)");
        }
    }
    let invalid = |out: &mut Findings, span: Span, message: String| {
        out.report(CONSTRAINT_INVALID.at(span, message));
    };
    if let (Some(min), Some(max)) = (&details.min_length, &details.max_length)
        && min.value > max.value
    {
        invalid(
            out,
            min.span,
            format!(
                "`min_length` {} is above `max_length` {}",
                min.value, max.value
            ),
        );
    }
    if let (Some(min), Some(max)) = (&details.min_items, &details.max_items)
        && min.value > max.value
    {
        invalid(
            out,
            min.span,
            format!(
                "`min_items` {} is above `max_items` {}",
                min.value, max.value
            ),
        );
    }
    let lower = [("ge", &details.ge, false), ("gt", &details.gt, true)];
    let upper = [("le", &details.le, false), ("lt", &details.lt, true)];
    for (low_name, low, low_strict) in lower {
        for (high_name, high, high_strict) in upper {
            if let (Some(low), Some(high)) = (low, high) {
                let (l, h) = (
                    low.value.as_f64().unwrap_or(0.0),
                    high.value.as_f64().unwrap_or(0.0),
                );
                if l > h || (l == h && (low_strict || high_strict)) {
                    invalid(
                        out,
                        low.span,
                        format!(
                            "no number is `{low_name}` {} and `{high_name}` {}",
                            low.value, high.value
                        ),
                    );
                }
            }
        }
    }
    if let Some(pattern) = &details.pattern
        && let Err(error) = regex::Regex::new(&pattern.value)
    {
        let reason = error.to_string();
        let last = reason.lines().last().unwrap_or("").trim().to_string();
        invalid(
            out,
            pattern.span,
            format!("`pattern` does not compile: {last}"),
        );
    }
    if let Some(allowed) = &details.allowed {
        if allowed.value.is_empty() {
            invalid(
                out,
                allowed.span,
                "`enum` lists no value: nothing would be accepted".into(),
            );
        }
        if let Some(default) = &details.default
            && let Value::String(text) = &default.value
            && !allowed.value.is_empty()
            && !allowed.value.iter().any(|a| a.value == *text)
        {
            invalid(
                out,
                default.span,
                format!("the default `{text}` is not in `enum`"),
            );
        }
    }
}
