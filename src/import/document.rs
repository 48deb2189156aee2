//! Reading an OpenAPI document: bytes → [`Node`], a JSON value that keeps the order its objects
//! were written in (paths, properties and enum values come out in the author's order).
//!
//! JSON goes through serde_json (its recursion limit stops deep nesting), YAML through
//! serde-saphyr with budgets. Nothing here panics: every failure is a [`Diagnostic`].

use super::rules::UNREADABLE;
use crate::diagnostic::Diagnostic;
use crate::source::Span;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// The largest document axumgen imports. GitHub's REST API is 13 MB as JSON.
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;

/// A JSON value with its objects' keys in written order.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

impl Node {
    /// The value under `key`, when this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Node::Bool(flag) => Some(*flag),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<&serde_json::Number> {
        match self {
            Node::Number(number) => Some(number),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        self.as_number().and_then(serde_json::Number::as_u64)
    }

    pub fn as_array(&self) -> Option<&[Node]> {
        match self {
            Node::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The entries, when this is an object (an empty slice otherwise).
    pub fn entries(&self) -> &[(String, Node)] {
        match self {
            Node::Object(entries) => entries,
            _ => &[],
        }
    }

    pub fn is_object(&self) -> bool {
        matches!(self, Node::Object(_))
    }

    /// The value as plain JSON (for examples and defaults).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Node::Null => serde_json::Value::Null,
            Node::Bool(flag) => serde_json::Value::Bool(*flag),
            Node::Number(number) => serde_json::Value::Number(number.clone()),
            Node::String(text) => serde_json::Value::String(text.clone()),
            Node::Array(items) => {
                serde_json::Value::Array(items.iter().map(Node::to_json).collect())
            }
            Node::Object(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|(key, value)| (key.clone(), value.to_json()))
                    .collect(),
            ),
        }
    }
}

/// Parses a document's bytes: JSON when it starts with `{`, YAML otherwise.
pub fn parse(bytes: &[u8]) -> Result<Node, Box<Diagnostic>> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(Box::new(UNREADABLE.at(
            Span::UNKNOWN,
            format!(
                "the document is larger than {} MiB",
                MAX_DOCUMENT_BYTES / (1024 * 1024)
            ),
        )));
    }
    let text = std::str::from_utf8(bytes).map_err(|error| {
        let at = error.valid_up_to();
        Box::new(UNREADABLE.at(
            Span::UNKNOWN,
            format!(
                "the document is not UTF-8: invalid byte 0x{:02x} at offset {at}",
                bytes[at]
            ),
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Box::new(
            UNREADABLE.at(Span::UNKNOWN, "the document is empty"),
        ));
    }
    if text.trim_start().starts_with('{') {
        serde_json::from_str::<Node>(text).map_err(|error| {
            Box::new(UNREADABLE.at(
                Span::UNKNOWN,
                format!(
                    "not valid JSON at line {}, column {}: {error}",
                    error.line(),
                    error.column()
                ),
            ))
        })
    } else {
        serde_saphyr::from_str_with_options::<Node>(text, yaml_options()).map_err(|error| {
            let at = error
                .location()
                .map(|l| format!(" at line {}, column {}", l.line(), l.column()))
                .unwrap_or_default();
            let message = error.to_string();
            let first = message.lines().next().unwrap_or("invalid YAML");
            Box::new(UNREADABLE.at(Span::UNKNOWN, format!("not valid YAML{at}: {first}")))
        })
    }
}

/// serde-saphyr's budgets for a document: deeper and longer than a spec, still bounded.
fn yaml_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = 128;
    budget.max_events = 20_000_000;
    budget.max_aliases = 10_000;
    budget.max_recorded_anchor_events = 200_000;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        Node::deserialize(deserializer)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Node::Null, Node::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries: Vec<(String, Node)> = Vec::new();
        while let Some(Key(key)) = map.next_key()? {
            let value: Node = map.next_value()?;
            // A repeated key: the last one wins, as in every JSON parser's object.
            match entries.iter_mut().find(|(k, _)| *k == key) {
                Some(entry) => entry.1 = value,
                None => entries.push((key, value)),
            }
        }
        Ok(Node::Object(entries))
    }
}

/// An object key: YAML writes `200:` and `true:` unquoted; both are text in OpenAPI.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E>(self, v: &str) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Key, E> {
                Ok(Key(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_unit<E>(self) -> Result<Key, E> {
                Ok(Key("null".into()))
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_keep_their_written_order_in_json_and_yaml() {
        let json = parse(br#"{"z": 1, "a": [true, null, "x"], "m": {"b": 2.5, "a": -1}}"#).unwrap();
        let keys: Vec<&str> = json.entries().iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["z", "a", "m"]);
        let yaml = parse(b"z: 1\na: [true, null, x]\nm:\n  b: 2.5\n  a: -1\n").unwrap();
        assert_eq!(json, yaml);
    }

    #[test]
    fn yaml_keys_that_are_numbers_are_text() {
        let yaml = parse(b"responses:\n  200: { description: ok }\n").unwrap();
        assert!(yaml.get("responses").and_then(|r| r.get("200")).is_some());
    }

    #[test]
    fn unreadable_documents_are_diagnostics_not_panics() {
        for bytes in [
            &b""[..],
            b"  \n",
            b"{\"a\": ",
            b"a: [1, 2",
            b"\xff\xfe",
            &[b'['; 10_000],
            format!("{}1{}", "{\"a\":".repeat(5_000), "}".repeat(5_000)).as_bytes(),
        ] {
            let error = parse(bytes).expect_err("refused");
            assert_eq!(error.code, "import-unreadable", "{}", error.message);
        }
    }
}
