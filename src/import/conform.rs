//! Examples and defaults checked against the document's own schemas, before they are kept.
//!
//! `check` holds an imported example to the spec's types, which are looser than the document
//! where a construct had to be approximated (a union read as `json`, an unchecked format). A
//! client that validates answers against the original document (schemathesis does) would then
//! meet the document's own example, failing the document's own schema: GitHub's `/events`
//! example has a `payload` that matches two branches of a `oneOf`. Such a value is dropped here,
//! noted, and the example is derived from the type instead. This is a JSON Schema validator for
//! OpenAPI's dialect, as far as examples need: `$ref`, `type` (and 3.0's `nullable`), `enum`,
//! `const`, objects, arrays, `allOf`/`anyOf`/`oneOf`/`not`, string lengths, patterns and the
//! formats clients check, number bounds.

use super::Importer;
use super::document::Node;
use super::rules::EXAMPLE_DROPPED;
use serde_json::Value;

/// Schemas are followed at most this deep (a `$ref` cycle ends here, as conforming).
const MAX_DEPTH: usize = 64;

impl Importer<'_> {
    /// Drops each example and default that does not match the document's schema for it.
    pub(super) fn drop_nonconforming(&mut self, draft: &mut super::draft::Draft) {
        for droppable in draft.droppables_mut() {
            let Some(pointer) = &droppable.schema else {
                continue;
            };
            let Some(schema) = pointer.strip_prefix('#').and_then(|p| self.lookup(p)) else {
                continue;
            };
            if let Err(problem) = self.conforms(&droppable.value, schema, "", 0) {
                droppable.dropped = true;
                self.notes.note(
                    EXAMPLE_DROPPED,
                    &droppable.pointer,
                    "an example or default that does not match the document's own schema".into(),
                    format!("left out; axumgen derives one from the type ({problem})"),
                );
            }
        }
    }

    /// Whether `value` matches `schema`; the first problem, with where in the value it is.
    fn conforms(&self, value: &Value, schema: &Node, at: &str, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Ok(());
        }
        let problem = |what: String| {
            Err(format!(
                "{}{what}",
                if at.is_empty() {
                    String::new()
                } else {
                    format!("`{at}`: ")
                }
            ))
        };
        if let Some(reference) = schema.get("$ref").and_then(Node::as_str) {
            return match reference.strip_prefix('#').and_then(|t| self.lookup(t)) {
                Some(target) => self.conforms(value, target, at, depth + 1),
                None => Ok(()),
            };
        }
        if value.is_null() && schema.get("nullable").and_then(Node::as_bool) == Some(true) {
            return Ok(());
        }
        if let Some(types) = schema.get("type") {
            let names: Vec<&str> = match types {
                Node::String(one) => vec![one.as_str()],
                Node::Array(many) => many.iter().filter_map(Node::as_str).collect(),
                _ => Vec::new(),
            };
            if !names.is_empty() && !names.iter().any(|name| is_type(value, name)) {
                return problem(format!(
                    "{} is not of type {}",
                    describe(value),
                    names.join(" or ")
                ));
            }
        }
        if let Some(Node::Array(allowed)) = schema.get("enum")
            && !allowed.iter().any(|a| a.to_json() == *value)
        {
            return problem(format!(
                "{} is not one of the `enum` values",
                describe(value)
            ));
        }
        if let Some(constant) = schema.get("const")
            && constant.to_json() != *value
        {
            return problem(format!("{} is not the `const` value", describe(value)));
        }
        for part in schema.get("allOf").and_then(Node::as_array).unwrap_or(&[]) {
            self.conforms(value, part, at, depth + 1)?;
        }
        if let Some(parts) = schema.get("anyOf").and_then(Node::as_array)
            && !parts
                .iter()
                .any(|p| self.conforms(value, p, at, depth + 1).is_ok())
        {
            return problem("matches no schema of its `anyOf`".into());
        }
        if let Some(parts) = schema.get("oneOf").and_then(Node::as_array) {
            let matching = parts
                .iter()
                .filter(|p| self.conforms(value, p, at, depth + 1).is_ok())
                .count();
            if matching != 1 {
                return problem(format!(
                    "matches {matching} schemas of its `oneOf`, not one"
                ));
            }
        }
        if let Some(not) = schema.get("not")
            && self.conforms(value, not, at, depth + 1).is_ok()
        {
            return problem("matches the schema of its `not`".into());
        }
        match value {
            Value::String(text) => self.string_conforms(text, schema).or_else(problem),
            Value::Number(number) => number_bounds(number, schema).or_else(problem),
            Value::Array(items) => {
                let count = items.len() as u64;
                if schema
                    .get("minItems")
                    .and_then(Node::as_u64)
                    .is_some_and(|min| count < min)
                {
                    return problem("has fewer items than `minItems`".into());
                }
                if schema
                    .get("maxItems")
                    .and_then(Node::as_u64)
                    .is_some_and(|max| count > max)
                {
                    return problem("has more items than `maxItems`".into());
                }
                if let Some(item) = schema.get("items") {
                    for (i, element) in items.iter().enumerate() {
                        self.conforms(element, item, &format!("{at}[{i}]"), depth + 1)?;
                    }
                }
                Ok(())
            }
            Value::Object(entries) => {
                for name in schema
                    .get("required")
                    .and_then(Node::as_array)
                    .unwrap_or(&[])
                {
                    if let Some(name) = name.as_str()
                        && !entries.contains_key(name)
                    {
                        return problem(format!("lacks the required property `{name}`"));
                    }
                }
                let properties = schema.get("properties");
                for (key, element) in entries {
                    let inner = if at.is_empty() {
                        key.clone()
                    } else {
                        format!("{at}.{key}")
                    };
                    match properties.and_then(|p| p.get(key)) {
                        Some(property) => self.conforms(element, property, &inner, depth + 1)?,
                        None => match schema.get("additionalProperties") {
                            Some(Node::Bool(false)) => {
                                return problem(format!(
                                    "has `{key}`, which `additionalProperties: false` forbids"
                                ));
                            }
                            Some(extra @ Node::Object(_)) => {
                                self.conforms(element, extra, &inner, depth + 1)?
                            }
                            _ => {}
                        },
                    }
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn string_conforms(&self, text: &str, schema: &Node) -> Result<(), String> {
        let length = text.chars().count() as u64;
        if schema
            .get("minLength")
            .and_then(Node::as_u64)
            .is_some_and(|min| length < min)
        {
            return Err(format!("{text:?} is shorter than `minLength`"));
        }
        if schema
            .get("maxLength")
            .and_then(Node::as_u64)
            .is_some_and(|max| length > max)
        {
            return Err(format!("{text:?} is longer than `maxLength`"));
        }
        if let Some(pattern) = schema.get("pattern").and_then(Node::as_str)
            && let Ok(regex) = regex::Regex::new(pattern)
            && !regex.is_match(text)
        {
            return Err(format!("{text:?} does not match its `pattern`"));
        }
        let format = schema.get("format").and_then(Node::as_str).unwrap_or("");
        if !has_format(text, format) {
            return Err(format!("{text:?} is not a `{format}`"));
        }
        Ok(())
    }
}

fn is_type(value: &Value, name: &str) -> bool {
    match (name, value) {
        ("null", Value::Null) | ("boolean", Value::Bool(_)) | ("string", Value::String(_)) => true,
        ("array", Value::Array(_)) | ("object", Value::Object(_)) => true,
        ("number", Value::Number(_)) => true,
        ("integer", Value::Number(n)) => {
            n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        _ => false,
    }
}

fn number_bounds(number: &serde_json::Number, schema: &Node) -> Result<(), String> {
    let Some(n) = number.as_f64() else {
        return Ok(());
    };
    let bound = |key: &str| {
        schema
            .get(key)
            .and_then(Node::as_number)
            .and_then(|b| b.as_f64())
    };
    // 3.0 spells exclusive bounds as booleans beside `minimum`/`maximum`, 3.1 as numbers.
    let exclusive = |key: &str| schema.get(key).and_then(Node::as_bool) == Some(true);
    if let Some(min) = bound("minimum")
        && (n < min || (exclusive("exclusiveMinimum") && n == min))
    {
        return Err(format!("{number} is below its `minimum`"));
    }
    if let Some(max) = bound("maximum")
        && (n > max || (exclusive("exclusiveMaximum") && n == max))
    {
        return Err(format!("{number} is above its `maximum`"));
    }
    if bound("exclusiveMinimum").is_some_and(|min| n <= min) {
        return Err(format!("{number} is not above its `exclusiveMinimum`"));
    }
    if bound("exclusiveMaximum").is_some_and(|max| n >= max) {
        return Err(format!("{number} is not below its `exclusiveMaximum`"));
    }
    if let Some(step) = bound("multipleOf").filter(|s| *s > 0.0)
        && ((n / step).round() * step - n).abs() > 1e-9 * n.abs().max(1.0)
    {
        return Err(format!("{number} is not a multiple of its `multipleOf`"));
    }
    Ok(())
}

/// The formats a validating client checks (as Python's `jsonschema` does with its format
/// checker); any other format is any string.
fn has_format(text: &str, format: &str) -> bool {
    match format {
        "date-time" => is_date_time(text),
        "date" => is_date(text),
        "uuid" => {
            let groups: Vec<&str> = text.split('-').collect();
            groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
                && groups
                    .iter()
                    .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
        }
        "email" => text.contains('@'),
        "uri" | "iri" => text.split_once(':').is_some_and(|(scheme, _)| {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }),
        "ipv4" => text.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => text.parse::<std::net::Ipv6Addr>().is_ok(),
        _ => true,
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Object(_) => "an object".into(),
        Value::Array(_) => "a list".into(),
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    }
}

/// RFC 3339's `full-date`: `2026-12-04`.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && [0..4, 5..7, 8..10]
            .into_iter()
            .all(|r| bytes[r].iter().all(u8::is_ascii_digit))
}

/// RFC 3339's `date-time`: a date, `T`, a time with seconds, and `Z` or an offset.
fn is_date_time(text: &str) -> bool {
    let Some((date, time)) = text.split_once(['T', 't']) else {
        return false;
    };
    let (time, offset) = match time.strip_suffix(['Z', 'z']) {
        Some(time) => (time, None),
        None => match time.rfind(['+', '-']) {
            Some(at) => (&time[..at], Some(&time[at + 1..])),
            None => return false,
        },
    };
    let two = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
    let clock: Vec<&str> = time.split(':').collect();
    let seconds = clock.get(2).map(|s| s.split('.').next().unwrap_or(""));
    is_date(date)
        && clock.len() == 3
        && two(clock[0])
        && two(clock[1])
        && seconds.is_some_and(two)
        && offset.is_none_or(|o| o.split_once(':').is_some_and(|(h, m)| two(h) && two(m)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_checked_as_a_validating_client_does() {
        assert!(has_format("2026-12-04T10:00:00Z", "date-time"));
        assert!(has_format("2026-12-04T10:00:00.5+01:00", "date-time"));
        assert!(!has_format("2026-12-04", "date-time"));
        assert!(!has_format("2026-12-04T10:00", "date-time"));
        assert!(has_format("https://example.com/", "uri"));
        assert!(!has_format("string", "uri"));
        assert!(has_format("00000000-0000-4000-8000-000000000000", "uuid"));
        assert!(!has_format("0000", "uuid"));
        assert!(has_format("anything", "hostname-ish"));
    }

    #[test]
    fn integers_are_numbers_without_a_fraction() {
        assert!(is_type(&serde_json::json!(5), "integer"));
        assert!(is_type(&serde_json::json!(5.0), "integer"));
        assert!(!is_type(&serde_json::json!(5.5), "integer"));
        assert!(is_type(&serde_json::json!(5), "number"));
    }
}
