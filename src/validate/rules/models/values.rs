//! Examples and defaults checked against their types, strictly (an example is written as the
//! server sends it): the path of each wrong value (`tags[1]: expected a string`), numbers inside
//! their bounds, strings in their formats.

use super::{EXAMPLE_MISMATCH, MAX_MISMATCHES};
use crate::grammar::types::{self, FieldType, Scalar, TypeExpr};
use crate::source::Span;
use crate::spec::{FieldDetails, ModelSpec, SpannedMap};
use crate::validate::Findings;
use serde_json::Value;

/// Reports the first wrong values of an example (or default) for its type.
pub(super) fn check_example(
    out: &mut Findings,
    value: &Value,
    ty: &FieldType,
    details: Option<&FieldDetails>,
    models: &SpannedMap<ModelSpec>,
    span: Span,
    what: &str,
) {
    let mut problems = Vec::new();
    check_value(value, ty, details, models, String::new(), &mut problems, 0);
    for (path, problem) in problems.iter().take(MAX_MISMATCHES) {
        let at = if path.is_empty() {
            String::new()
        } else {
            format!("`{path}`: ")
        };
        out.report(
            EXAMPLE_MISMATCH
                .at(span, format!("{what} does not match `{ty}`: {at}{problem}"))
                .with_help("fix the value, or the type"),
        );
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("{s:?}"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// Nesting deeper than this is not followed (recursive models).
const MAX_DEPTH: usize = 64;

/// Checks `value` against `ty` (strictly: an example is written as the server sends it).
fn check_value(
    value: &Value,
    ty: &FieldType,
    details: Option<&FieldDetails>,
    models: &SpannedMap<ModelSpec>,
    path: String,
    problems: &mut Vec<(String, String)>,
    depth: usize,
) {
    if depth > MAX_DEPTH || problems.len() >= MAX_MISMATCHES {
        return;
    }
    if ty.ty == TypeExpr::Scalar(Scalar::Json) {
        // Any value is a `json` value, `null` included.
        return;
    }
    if value.is_null() {
        if !ty.optional {
            problems.push((
                path,
                format!(
                    "null where a `{}` is required (make the type optional with `?`)",
                    FieldType {
                        optional: false,
                        ..ty.clone()
                    }
                ),
            ));
        }
        return;
    }
    let mut wrong = |expected: &str| {
        problems.push((
            path.clone(),
            format!("expected {expected}, found {}", describe(value)),
        ))
    };
    match &ty.ty {
        TypeExpr::Scalar(scalar) => match (scalar, value) {
            (Scalar::Bool, Value::Bool(_)) => {}
            (Scalar::Bool, _) => wrong("a boolean"),
            (Scalar::F64, Value::Number(n)) => {
                number_bounds(n.as_f64().unwrap_or(0.0), details, &path, problems)
            }
            (Scalar::F64, _) => wrong("a number"),
            (s, Value::Number(n)) if s.integer_range().is_some() => {
                let (min, max) = s.integer_range().unwrap_or((0, 0));
                match n.as_i64().map(i128::from).or(n.as_u64().map(i128::from)) {
                    Some(i) if (min..=max).contains(&i) => {
                        number_bounds(i as f64, details, &path, problems)
                    }
                    Some(i) => problems.push((
                        path.clone(),
                        format!("{i} is outside `{}` ({min} to {max})", s.name()),
                    )),
                    None => wrong(&format!("an integer (`{}`)", s.name())),
                }
            }
            (s, _) if s.integer_range().is_some() => wrong(&format!("an integer (`{}`)", s.name())),
            (s, Value::String(text)) => {
                if let Some(problem) = string_problem(*s, text, details) {
                    problems.push((path.clone(), problem));
                }
            }
            (s, _) => wrong(&format!("a string (`{}`)", s.name())),
        },
        TypeExpr::List(item) => match value {
            Value::Array(items) => {
                if let Some(d) = details {
                    if let Some(min) = &d.min_items
                        && (items.len() as u64) < min.value
                    {
                        problems.push((
                            path.clone(),
                            format!(
                                "{} items, fewer than `min_items` {}",
                                items.len(),
                                min.value
                            ),
                        ));
                    }
                    if let Some(max) = &d.max_items
                        && items.len() as u64 > max.value
                    {
                        problems.push((
                            path.clone(),
                            format!("{} items, more than `max_items` {}", items.len(), max.value),
                        ));
                    }
                }
                for (i, element) in items.iter().enumerate() {
                    check_value(
                        element,
                        item,
                        None,
                        models,
                        format!("{path}[{i}]"),
                        problems,
                        depth + 1,
                    );
                }
            }
            _ => wrong("a list"),
        },
        TypeExpr::Map(inner) => match value {
            Value::Object(entries) => {
                for (key, element) in entries {
                    let key_path = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    check_value(element, inner, None, models, key_path, problems, depth + 1);
                }
            }
            _ => wrong("an object"),
        },
        TypeExpr::Model(name) => {
            // An unknown model is reported where it is named.
            let Some(model) = models.get(name) else {
                return;
            };
            if let Some(members) = &model.one_of {
                // The member the value is, as the server would tell: by the discriminator, or
                // by the kind of JSON value.
                let member_types: Vec<FieldType> = members
                    .value
                    .iter()
                    .filter_map(|m| types::parse(&m.value).ok())
                    .collect();
                let chosen = match &model.discriminator {
                    Some(field) => {
                        let tag = value.get(&field.value).and_then(Value::as_str);
                        member_types.iter().find(|member| {
                            matches!(&member.ty, TypeExpr::Model(m) if models
                                .get(m)
                                .is_some_and(|m| tag.is_some() && m.fixed_value(&field.value) == tag))
                        })
                    }
                    None => {
                        // Of several members of the value's kind (models), the first it fits.
                        let candidates: Vec<&FieldType> = member_types
                            .iter()
                            .filter(|member| {
                                crate::model::JsonKind::of(member)
                                    .is_some_and(|kind| kind.matches(value))
                            })
                            .collect();
                        candidates
                            .iter()
                            .find(|member| {
                                let mut scratch = Vec::new();
                                check_value(
                                    value,
                                    member,
                                    None,
                                    models,
                                    path.clone(),
                                    &mut scratch,
                                    depth + 1,
                                );
                                scratch.is_empty()
                            })
                            .or(candidates.first())
                            .copied()
                    }
                };
                match chosen {
                    Some(member) => {
                        check_value(value, member, None, models, path, problems, depth + 1)
                    }
                    None => wrong(&format!(
                        "one of {} (`{name}`)",
                        members
                            .value
                            .iter()
                            .map(|m| format!("`{}`", m.value))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                }
                return;
            }
            let Value::Object(entries) = value else {
                wrong(&format!("an object (`{name}`)"));
                return;
            };
            for (field, spec) in model.fields.iter() {
                let field_path = if path.is_empty() {
                    field.value.clone()
                } else {
                    format!("{path}.{}", field.value)
                };
                let Ok(field_ty) = types::parse(spec.value.type_text()) else {
                    continue;
                };
                let details = spec.value.details();
                let omit_none = details
                    .and_then(|d| d.omit_none.as_ref())
                    .is_some_and(|o| o.value);
                match entries.get(&field.value) {
                    Some(v) if omit_none && v.is_null() => problems.push((
                        field_path,
                        "null for a field with `omit_none` (leave it out instead)".into(),
                    )),
                    Some(v) => check_value(
                        v,
                        &field_ty,
                        details,
                        models,
                        field_path,
                        problems,
                        depth + 1,
                    ),
                    None if field_ty.optional || details.is_some_and(|d| d.default.is_some()) => {}
                    None => problems.push((field_path, "missing: the field is required".into())),
                }
            }
            for key in entries.keys() {
                if model.fields.get(key).is_none() {
                    let key_path = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    problems.push((key_path, format!("not a field of `{name}`")));
                }
            }
        }
    }
}

fn number_bounds(
    n: f64,
    details: Option<&FieldDetails>,
    path: &str,
    problems: &mut Vec<(String, String)>,
) {
    let Some(d) = details else {
        return;
    };
    for (name, bound, ok) in [
        (
            "ge",
            &d.ge,
            (|n: f64, b: f64| n >= b) as fn(f64, f64) -> bool,
        ),
        ("gt", &d.gt, |n, b| n > b),
        ("le", &d.le, |n, b| n <= b),
        ("lt", &d.lt, |n, b| n < b),
    ] {
        if let Some(bound) = bound
            && !ok(n, bound.value.as_f64().unwrap_or(0.0))
        {
            problems.push((
                path.to_string(),
                format!("{n} is not `{name}` {}", bound.value),
            ));
        }
    }
}

/// What is wrong with a string for a string-like scalar and its constraints.
fn string_problem(scalar: Scalar, text: &str, details: Option<&FieldDetails>) -> Option<String> {
    let format_ok = match scalar {
        Scalar::DateTime => is_date_time(text),
        Scalar::Date => is_date(text),
        Scalar::Uuid => is_uuid(text),
        Scalar::Email => is_email(text),
        _ => true,
    };
    if !format_ok {
        return Some(format!("{text:?} is not a valid `{}`", scalar.name()));
    }
    let d = details?;
    let length = text.chars().count() as u64;
    if let Some(min) = &d.min_length
        && length < min.value
    {
        return Some(format!(
            "{length} characters, fewer than `min_length` {}",
            min.value
        ));
    }
    if let Some(max) = &d.max_length
        && length > max.value
    {
        return Some(format!(
            "{length} characters, more than `max_length` {}",
            max.value
        ));
    }
    if let Some(pattern) = &d.pattern
        && let Ok(regex) = regex::Regex::new(&pattern.value)
        && !regex.is_match(text)
    {
        return Some(format!("{text:?} does not match `pattern`"));
    }
    if let Some(allowed) = &d.allowed
        && !allowed.value.is_empty()
        && !allowed.value.iter().any(|a| a.value == text)
    {
        let list: Vec<&str> = allowed.value.iter().map(|a| a.value.as_str()).collect();
        return Some(format!("{text:?} is not one of {}", list.join(", ")));
    }
    None
}

fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    let number =
        |range: std::ops::Range<usize>| text.get(range).and_then(|s| s.parse::<u32>().ok());
    matches!((number(0..4), number(5..7), number(8..10)), (Some(_), Some(m), Some(d)) if (1..=12).contains(&m) && (1..=31).contains(&d))
}

fn is_date_time(text: &str) -> bool {
    let Some((date, time)) = text.split_once(['T', 't', ' ']) else {
        return is_date(text);
    };
    let time = time.trim_end_matches(['Z', 'z']);
    let time = match time.rfind(['+', '-']) {
        Some(at) if at >= 5 => &time[..at],
        _ => time,
    };
    let parts: Vec<&str> = time.split(':').collect();
    is_date(date)
        && (2..=3).contains(&parts.len())
        && parts.iter().all(|p| {
            let whole = p.split('.').next().unwrap_or("");
            whole.len() == 2 && whole.bytes().all(|b| b.is_ascii_digit())
        })
}

fn is_uuid(text: &str) -> bool {
    let hex: String = text.chars().filter(|c| *c != '-').collect();
    hex.len() == 32
        && hex.chars().all(|c| c.is_ascii_hexdigit())
        && (text.len() == 32
            || [8, 13, 18, 23]
                .iter()
                .all(|i| text.as_bytes().get(*i) == Some(&b'-')))
}

fn is_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !text.contains(' ')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert!(is_date("2026-11-28") && !is_date("2026-13-01") && !is_date("2026-1-1"));
        assert!(
            is_date_time("2026-11-28T10:00:00Z") && is_date_time("2026-11-28T10:00:00.5+02:00")
        );
        assert!(is_date_time("2026-11-28") && !is_date_time("not a date"));
        assert!(is_uuid("67e55044-10b1-426f-9247-bb680e5fe0c8") && !is_uuid("abc"));
        assert!(is_email("a@example.com") && !is_email("a@b") && !is_email("@example.com"));
    }
}
