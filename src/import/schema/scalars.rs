//! Scalars: strings (formats, lengths, patterns, enums) and numbers (integer widths, bounds in
//! their 3.0 and 3.1 spellings).

use super::Ty;
use crate::import::Importer;
use crate::import::document::Node;
use crate::import::draft::Droppable;
use crate::import::rules::{APPROXIMATED, child};
use std::collections::BTreeSet;

/// Formats `string` cannot check, with a value that has each: the example a field of that
/// format gets when the document gives none.
const FORMAT_EXAMPLES: [(&str, &str); 8] = [
    ("uri", "https://example.com/"),
    ("url", "https://example.com/"),
    ("uri-reference", "https://example.com/"),
    ("iri", "https://example.com/"),
    ("uri-template", "https://example.com/{id}"),
    ("hostname", "example.com"),
    ("ipv4", "192.0.2.1"),
    ("ipv6", "2001:db8::1"),
];

impl Importer<'_> {
    pub(super) fn string(&mut self, schema: &Node, pointer: &str) -> Ty {
        let format = schema.get("format").and_then(Node::as_str);
        let text = match format {
            Some("date-time") => "date-time",
            Some("date") => "date",
            Some("uuid") => "uuid",
            Some("email") => "email",
            Some(other) => {
                self.notes.note(
                    APPROXIMATED,
                    &child(pointer, "format"),
                    format!("the string format `{other}`"),
                    if FORMAT_EXAMPLES.iter().any(|(format, _)| *format == other) {
                        "read as a plain `string`, the format not checked; its example, when the document gives none, is one that has the format"
                    } else {
                        "read as a plain `string`, the format not checked"
                    },
                );
                "string"
            }
            None => "string",
        };
        let mut ty = Ty::of(text);
        let d = &mut ty.draft;
        d.min_length = schema.get("minLength").and_then(Node::as_u64);
        d.max_length = schema.get("maxLength").and_then(Node::as_u64);
        if let (Some(min), Some(max)) = (d.min_length, d.max_length)
            && min > max
        {
            d.min_length = None;
            d.max_length = None;
        }
        if let Some(written) = schema.get("pattern").and_then(Node::as_str) {
            let at = child(pointer, "pattern");
            let pattern = match js_regex_literal(written) {
                Some(pattern) => {
                    self.notes.note(
                        APPROXIMATED,
                        &at,
                        "a JavaScript regular expression literal as a `pattern` (`/^[a-z]+$/i`)"
                            .into(),
                        "read as the expression between the slashes, its flags as `(?i)`, `(?m)`, `(?s)`",
                    );
                    pattern
                }
                None => written.to_string(),
            };
            if regex::Regex::new(&pattern).is_err() {
                self.notes.note(
                    APPROXIMATED,
                    &at,
                    "a `pattern` Rust's regex engine cannot compile (look-around, back-references)"
                        .into(),
                    "not checked",
                );
            } else if crate::grammar::pattern::example_within(&pattern, d.min_length, d.max_length)
                .is_none()
            {
                // No example could be sent: the generated tests' requests would all be refused.
                self.notes.note(
                    APPROXIMATED,
                    &at,
                    "a `pattern` axumgen finds no matching text for (a `^` after other text, say)"
                        .into(),
                    "not checked",
                );
            } else {
                d.pattern = Some(pattern);
            }
        }
        if text != "string"
            && (d.min_length.is_some() || d.max_length.is_some() || d.pattern.is_some())
        {
            d.min_length = None;
            d.max_length = None;
            d.pattern = None;
            self.notes.note(
                APPROXIMATED,
                pointer,
                format!("a length or a `pattern` on a `{text}` string"),
                "the format is checked, the length and pattern are not",
            );
        }
        let values: Option<Vec<&Node>> = match (schema.get("enum"), schema.get("const")) {
            (Some(Node::Array(values)), _) => Some(values.iter().collect()),
            (_, Some(one)) => Some(vec![one]),
            _ => None,
        };
        // A derived example of "string" would break the format a client checks (schemathesis
        // does): a format the spec cannot express gets an example that has it, unless the
        // document gives one or other constraints may refuse it.
        if let Some((_, example)) = FORMAT_EXAMPLES.iter().find(|(f, _)| Some(*f) == format)
            && schema.get("example").is_none()
            && schema.get("examples").is_none()
            && ty.draft.min_length.is_none()
            && ty.draft.max_length.is_none()
            && ty.draft.pattern.is_none()
            && values.is_none()
        {
            ty.draft.example = Some(Droppable {
                value: serde_json::Value::String((*example).to_string()),
                pointer: child(pointer, "format"),
                schema: Some(pointer.to_string()),
                dropped: false,
            });
        }
        if let Some(values) = values {
            if values.iter().any(|v| **v == Node::Null) {
                ty.nullable = true;
            }
            let strings: Vec<String> = values
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect();
            if text != "string" || strings.len() + usize::from(ty.nullable) < values.len() {
                self.notes.note(
                    APPROXIMATED,
                    &child(pointer, "enum"),
                    "an `enum` on a formatted string, or with values that are not strings".into(),
                    "not checked",
                );
            } else if !strings.is_empty() {
                let mut seen = BTreeSet::new();
                ty.draft.allowed = strings
                    .into_iter()
                    .filter(|s| seen.insert(s.clone()))
                    .collect();
            }
        }
        ty
    }

    pub(super) fn number(&mut self, schema: &Node, pointer: &str, integer: bool) -> Ty {
        let format = schema.get("format").and_then(Node::as_str);
        let beyond_i64 = schema
            .get("maximum")
            .and_then(Node::as_number)
            .is_some_and(|n| n.as_u64().is_some_and(|max| max > i64::MAX as u64));
        let non_negative = schema
            .get("minimum")
            .and_then(Node::as_number)
            .is_some_and(|n| n.as_f64().is_some_and(|min| min >= 0.0));
        let text = match (integer, format) {
            (true, Some("int32")) => "i32",
            (true, _) if beyond_i64 && non_negative => "u64",
            (true, _) => "i64",
            (false, _) => "f64",
        };
        // JSON Schema's `integer` has no limit, and neither has FastAPI's `int`; a Rust integer
        // does. Said once per document, unless a format or both bounds fix the width.
        let within = |key: &str, limit: fn(&serde_json::Number) -> bool| {
            schema.get(key).and_then(Node::as_number).is_some_and(limit)
        };
        let bounded = within("minimum", |n| n.is_i64() || n.is_u64())
            && within("maximum", |n| n.is_i64() || n.is_u64());
        if integer && !matches!(format, Some("int32" | "int64")) && !bounded {
            self.notes.note(
                APPROXIMATED,
                pointer,
                "an `integer` without a format or bounds".into(),
                format!(
                    "read as `{text}`, where FastAPI's `int` has no limit: a request with a larger value is answered 422"
                ),
            );
        }
        let mut ty = Ty::of(text);
        let number = |key: &str| schema.get(key).and_then(Node::as_number).cloned();
        let (mut ge, mut le) = (number("minimum"), number("maximum"));
        let (mut gt, mut lt) = (None, None);
        // 3.0 makes the bound exclusive with a boolean; 3.1 gives the bound itself.
        match schema.get("exclusiveMinimum") {
            Some(Node::Bool(true)) => gt = ge.take(),
            Some(Node::Number(n)) => gt = Some(n.clone()),
            _ => {}
        }
        match schema.get("exclusiveMaximum") {
            Some(Node::Bool(true)) => lt = le.take(),
            Some(Node::Number(n)) => lt = Some(n.clone()),
            _ => {}
        }
        if schema.get("multipleOf").is_some() {
            self.notes.note(
                APPROXIMATED,
                &child(pointer, "multipleOf"),
                "`multipleOf`".into(),
                "not checked",
            );
        }
        let range: (f64, f64) = if text == "i32" {
            (f64::from(i32::MIN), f64::from(i32::MAX))
        } else if text == "u64" {
            (0.0, u64::MAX as f64)
        } else if integer {
            (i64::MIN as f64, i64::MAX as f64)
        } else {
            (f64::MIN, f64::MAX)
        };
        // A bound the type already implies, or one an integer cannot meet exactly, adds nothing
        // the spec can say: it is left out.
        let keep = |bound: Option<serde_json::Number>| {
            bound.filter(|n| {
                let value = n.as_f64().unwrap_or(f64::NAN);
                let exact = !integer || n.is_i64() || n.is_u64();
                exact && value > range.0 && value < range.1
            })
        };
        ty.draft.ge = keep(ge);
        ty.draft.gt = keep(gt);
        ty.draft.le = keep(le);
        ty.draft.lt = keep(lt);
        let low = ty
            .draft
            .ge
            .as_ref()
            .or(ty.draft.gt.as_ref())
            .and_then(|n| n.as_f64());
        let high = ty
            .draft
            .le
            .as_ref()
            .or(ty.draft.lt.as_ref())
            .and_then(|n| n.as_f64());
        if let (Some(low), Some(high)) = (low, high)
            && low > high
        {
            ty.draft.ge = None;
            ty.draft.gt = None;
            ty.draft.le = None;
            ty.draft.lt = None;
        }
        if schema.get("enum").is_some() {
            self.notes.note(
                APPROXIMATED,
                &child(pointer, "enum"),
                "an `enum` of numbers".into(),
                "read as the number type, the values not checked",
            );
        }
        ty
    }
}

/// A JavaScript regular expression literal written as a `pattern` (`/^3[A-Z]{3,}$/i`, in
/// Sinao's API): the expression between the slashes, with the flags Rust's regex has (`i`,
/// `m`, `s`) in front. Only where the slashes are surely not part of the expression: an
/// anchor just inside them (`/^…/` and `/…$/` match no text as written), and JavaScript's
/// flags, each at most once, after the last (`/api/msg` is a path, not `api` with `m`, `s`,
/// `g`).
pub(crate) fn js_regex_literal(pattern: &str) -> Option<String> {
    let inner = pattern.strip_prefix('/')?;
    let (body, flags) = inner.rsplit_once('/')?;
    let mut seen = String::new();
    for flag in flags.chars() {
        if !"dgimsuvy".contains(flag) || seen.contains(flag) {
            return None;
        }
        seen.push(flag);
    }
    if !body.starts_with('^') && !body.ends_with('$') {
        return None;
    }
    let kept: String = flags.chars().filter(|c| "ims".contains(*c)).collect();
    Some(match kept.is_empty() {
        true => body.to_string(),
        false => format!("(?{kept}){body}"),
    })
}
