//! JSON Schema (OpenAPI's dialect) → axumgen types and models.
//!
//! A component schema that is an object becomes a model under its own name; an inline object
//! becomes a model named after where it is (`CreatePetRequest`, `PetOwner`). `allOf` is merged
//! into one model; a `oneOf` or `anyOf` that is a type or `null` is that type made optional;
//! other unions, and anything else axumgen cannot express, are noted and read as the closest
//! type that accepts every valid value (`json` at worst), so a valid request is never refused.

mod objects;
pub(super) use objects::described;
mod scalars;
mod unions;

use super::Importer;
use super::document::Node;
use super::draft::TypeDraft;
use super::rules::{APPROXIMATED, REF, child};
use std::collections::BTreeSet;

/// Schemas nest at most this deep before the rest is read as `json`.
const MAX_DEPTH: usize = 48;

/// A converted schema: its type (without the optional marker) and whether `null` is allowed.
pub struct Ty {
    pub draft: TypeDraft,
    pub nullable: bool,
}

impl Ty {
    fn of(text: impl Into<String>) -> Ty {
        Ty {
            draft: TypeDraft::of(text),
            nullable: false,
        }
    }

    fn json() -> Ty {
        Ty::of("json")
    }

    /// The type text with `?` when `optional`.
    pub fn text(&self, optional: bool) -> String {
        if optional {
            format!("{}?", self.draft.text)
        } else {
            self.draft.text.clone()
        }
    }

    /// Whether the spec's long form would carry a constraint (lost inside a list or a map).
    fn has_constraints(&self) -> bool {
        let d = &self.draft;
        d.min_length.is_some()
            || d.max_length.is_some()
            || d.pattern.is_some()
            || d.ge.is_some()
            || d.gt.is_some()
            || d.le.is_some()
            || d.lt.is_some()
            || !d.allowed.is_empty()
            || d.min_items.is_some()
            || d.max_items.is_some()
    }
}

impl Importer<'_> {
    /// The type of `schema` (at `pointer`); `hint` names a model made for an inline object.
    pub fn schema_type(&mut self, schema: &Node, pointer: &str, hint: &str, depth: usize) -> Ty {
        if depth > MAX_DEPTH {
            self.notes.note(
                APPROXIMATED,
                pointer,
                format!("a schema nested deeper than {MAX_DEPTH} levels"),
                "read as `json`",
            );
            return Ty::json();
        }
        if let Some(reference) = schema.get("$ref").and_then(Node::as_str) {
            let mut ty = self.reference(reference, pointer, hint, depth);
            if schema.get("nullable").and_then(Node::as_bool) == Some(true) {
                ty.nullable = true;
            }
            return ty;
        }
        let mut nullable = schema.get("nullable").and_then(Node::as_bool) == Some(true);
        let mut types: Vec<&str> = match schema.get("type") {
            Some(Node::String(one)) => vec![one.as_str()],
            Some(Node::Array(many)) => many.iter().filter_map(Node::as_str).collect(),
            _ => Vec::new(),
        };
        if let Some(at) = types.iter().position(|t| *t == "null") {
            types.remove(at);
            nullable = true;
        }
        if schema.get("not").is_some() {
            self.notes.note(
                APPROXIMATED,
                &child(pointer, "not"),
                "`not` (a value a schema must not match)".into(),
                "not checked",
            );
        }
        let own_properties = !schema
            .get("properties")
            .map_or(&[][..], Node::entries)
            .is_empty();
        let mut ty = if let Some(parts) = schema.get("allOf").and_then(Node::as_array) {
            self.all_of(schema, parts, pointer, hint, depth)
        } else if own_properties {
            // Properties beside a `oneOf`/`anyOf`: the union only adds conditions.
            for key in ["oneOf", "anyOf"] {
                if schema.get(key).is_some() {
                    self.notes.note(
                        APPROXIMATED,
                        &child(pointer, key),
                        format!("`{key}` beside `properties` (conditions on an object)"),
                        "the properties are the model's fields; the conditions are not checked",
                    );
                }
            }
            self.typed("object", schema, pointer, hint, depth)
        } else if let Some((key, variants)) = ["oneOf", "anyOf"]
            .iter()
            .find_map(|k| schema.get(k).and_then(Node::as_array).map(|v| (*k, v)))
        {
            let discriminator = schema.get("discriminator");
            self.union(
                key,
                variants,
                discriminator,
                &child(pointer, key),
                hint,
                depth,
            )
        } else {
            match types.as_slice() {
                [] => self.untyped(schema, pointer, hint, depth),
                [one] => self.typed(one, schema, pointer, hint, depth),
                many => {
                    self.notes.note(
                        APPROXIMATED,
                        &child(pointer, "type"),
                        format!("a value of several types ({})", many.join(", ")),
                        "read as `json`",
                    );
                    Ty::json()
                }
            }
        };
        ty.nullable |= nullable;
        if ty.draft.description.is_none() {
            ty.draft.description = one_line(schema.get("description"));
        }
        ty
    }

    /// A schema without `type`: what its keywords imply, else any value.
    fn untyped(&mut self, schema: &Node, pointer: &str, hint: &str, depth: usize) -> Ty {
        if schema.get("properties").is_some() || schema.get("additionalProperties").is_some() {
            self.typed("object", schema, pointer, hint, depth)
        } else if schema.get("items").is_some() {
            self.typed("array", schema, pointer, hint, depth)
        } else if let Some(values) = schema.get("enum").and_then(Node::as_array) {
            if values
                .iter()
                .all(|v| matches!(v, Node::String(_) | Node::Null))
            {
                self.typed("string", schema, pointer, hint, depth)
            } else {
                self.notes.note(
                    APPROXIMATED,
                    &child(pointer, "enum"),
                    "an `enum` of values that are not all strings".into(),
                    "read as `json`, the values not checked",
                );
                Ty::json()
            }
        } else if let Some(Node::String(_)) = schema.get("const") {
            self.typed("string", schema, pointer, hint, depth)
        } else {
            Ty::json()
        }
    }

    fn typed(&mut self, kind: &str, schema: &Node, pointer: &str, hint: &str, depth: usize) -> Ty {
        match kind {
            "string" => self.string(schema, pointer),
            "integer" => self.number(schema, pointer, true),
            "number" => self.number(schema, pointer, false),
            "boolean" => Ty::of("bool"),
            "array" => self.array(schema, pointer, hint, depth),
            "object" => self.object(schema, pointer, hint, depth),
            other => {
                self.notes.note(
                    APPROXIMATED,
                    &child(pointer, "type"),
                    format!("the type `{other}`, which JSON Schema does not define"),
                    "read as `json`",
                );
                Ty::json()
            }
        }
    }

    /// `oneOf`/`anyOf`: `null` makes the rest optional; one type left (or variants that are all
    /// the same type) is that type; variants the server can tell apart (by JSON kind, or models
    /// by a discriminator) are a union model (see [`unions`]); anything else is `json`.
    fn union(
        &mut self,
        key: &str,
        variants: &[Node],
        discriminator: Option<&Node>,
        pointer: &str,
        hint: &str,
        depth: usize,
    ) -> Ty {
        let mut nullable = false;
        let mut kept = Vec::new();
        for (i, variant) in variants.iter().enumerate() {
            let is_null = variant.get("type").and_then(Node::as_str) == Some("null")
                || (variant.get("nullable").and_then(Node::as_bool) == Some(true)
                    && variant.entries().len() == 1);
            if is_null {
                nullable = true;
            } else {
                kept.push((i, variant));
            }
        }
        let mut ty = if kept.len() == 1 {
            let (i, variant) = kept[0];
            self.schema_type(variant, &child(pointer, &i.to_string()), hint, depth + 1)
        } else if kept.is_empty() {
            Ty::json()
        } else {
            // A union of one type is that type.
            let texts: BTreeSet<String> = kept
                .iter()
                .map(|(_, variant)| self.peek_text(variant))
                .collect();
            if texts.len() == 1 && !texts.contains("") {
                let (i, variant) = kept[0];
                self.schema_type(variant, &child(pointer, &i.to_string()), hint, depth + 1)
            } else {
                self.union_model(key, &kept, discriminator, pointer, hint, depth)
            }
        };
        ty.nullable |= nullable;
        ty
    }

    /// A cheap look at a variant's type without converting it: the scalar kind or the
    /// component it names (empty when it is anything more).
    fn peek_text(&self, variant: &Node) -> String {
        if let Some(reference) = variant.get("$ref").and_then(Node::as_str) {
            return reference.to_string();
        }
        match (
            variant.get("type").and_then(Node::as_str),
            variant.entries().len(),
        ) {
            (Some(kind @ ("string" | "integer" | "number" | "boolean")), _)
                if variant.get("format").is_none() && variant.get("enum").is_none() =>
            {
                kind.to_string()
            }
            _ => String::new(),
        }
    }

    /// A `$ref`: a component object is its model; anything else is read where it points.
    fn reference(&mut self, reference: &str, pointer: &str, hint: &str, depth: usize) -> Ty {
        let Some(target) = reference.strip_prefix('#') else {
            self.notes.note(
                REF,
                pointer,
                format!("a remote `$ref` (`{reference}`)"),
                "read as `json`: axumgen follows only references inside the document",
            );
            return Ty::json();
        };
        let Some(node) = self.lookup(target) else {
            self.notes.note(
                REF,
                pointer,
                format!("a `$ref` to `{reference}`, which the document does not have"),
                "read as `json`",
            );
            return Ty::json();
        };
        if let Some(name) = target.strip_prefix("/components/schemas/")
            && !name.contains('/')
            && is_model_like(node)
        {
            let name = super::names::unescape(name);
            let mut ty = Ty::of(self.component_model(&name, node, target, depth));
            ty.nullable = allows_null(node);
            return ty;
        }
        if self.inlining.iter().any(|p| p == target) || self.inlining.len() > 32 {
            self.notes.note(
                REF,
                pointer,
                format!("a cycle of `$ref`s through `{reference}` with no object in it"),
                "read as `json`",
            );
            return Ty::json();
        }
        self.aliases.insert(target.to_string());
        self.inlining.push(target.to_string());
        let hint = match target.rsplit('/').next() {
            Some(last) if target.starts_with("/components/schemas/") => {
                super::names::type_name(last)
            }
            _ => hint.to_string(),
        };
        let ty = self.schema_type(node, &format!("#{target}"), &hint, depth + 1);
        self.inlining.pop();
        ty
    }
}

/// Whether a schema says `null` is a value (`nullable: true`, or `null` among its types).
fn allows_null(schema: &Node) -> bool {
    schema.get("nullable").and_then(Node::as_bool) == Some(true)
        || schema
            .get("type")
            .and_then(Node::as_array)
            .is_some_and(|types| types.iter().any(|t| t.as_str() == Some("null")))
}

/// Whether a schema is read as a model: an object with properties, or an `allOf` of more than
/// one part that says what a value is.
pub fn is_model_like(schema: &Node) -> bool {
    !schema
        .get("properties")
        .map_or(&[][..], Node::entries)
        .is_empty()
        || schema
            .get("allOf")
            .and_then(Node::as_array)
            .is_some_and(|parts| typed_parts(parts).len() > 1)
}

/// The one part of a schema's `allOf` that says what a value is, when the others only describe
/// it (`allOf: [{$ref: …}, {description: …}]`).
pub fn only_typed_part(schema: &Node) -> Option<&Node> {
    let parts = schema.get("allOf").and_then(Node::as_array)?;
    match typed_parts(parts)[..] {
        [(_, one)] => Some(one),
        _ => None,
    }
}

/// The parts of an `allOf` that say what a value is (not [`is_annotation`]), with their index.
pub fn typed_parts(parts: &[Node]) -> Vec<(usize, &Node)> {
    parts
        .iter()
        .enumerate()
        .filter(|(_, part)| !is_annotation(part))
        .collect()
}

/// The keywords that describe a value without constraining it.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "example",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "externalDocs",
    "$comment",
];

/// Whether a schema only describes (`{description: …}` beside a `$ref` in an `allOf`, as every
/// AWS document in APIs.guru writes a property): an `allOf` part that adds nothing to the type.
pub fn is_annotation(schema: &Node) -> bool {
    matches!(schema, Node::Object(_))
        && schema
            .entries()
            .iter()
            .all(|(key, _)| ANNOTATIONS.contains(&key.as_str()) || key.starts_with("x-"))
}

/// A description as one line (the first paragraph, whitespace collapsed).
pub fn one_line(node: Option<&Node>) -> Option<String> {
    let text = node?.as_str()?;
    let paragraph = text.split("\n\n").next().unwrap_or("");
    let line = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
    (!line.is_empty()).then_some(line)
}
