//! `oneOf`/`anyOf` of different schemas → a union model (`one_of` in the spec), when the server
//! can tell the members apart as Pydantic would: by the kind of JSON value (at most one member
//! per kind: string, integer or number, boolean, array, object; but any number of models, told
//! apart by the fields an object sets), or, for object members, by a discriminator: the
//! document's `discriminator.propertyName`, or else a required property each member fixes to
//! its own one-value `enum` or `const`. A document discriminator whose members
//! leave the property a plain string gets OpenAPI's values (the `mapping`, else the component's
//! name) fixed in each member model. Anything else stays `json`, noted.
//!
//! The decision is made on the document before any member is converted, so a member that
//! refers back to the union (a tree of nodes) finds the union's name already taken.

use super::Ty;
use crate::import::Importer;
use crate::import::document::Node;
use crate::import::draft::ModelDraft;
use crate::import::rules::{APPROXIMATED, child};
use crate::model::JsonKind;

/// How far `$ref`s and `allOf` parts are followed to look at a member.
const MAX_PEEK: usize = 16;

impl Importer<'_> {
    pub(super) fn union_model(
        &mut self,
        key: &str,
        kept: &[(usize, &Node)],
        discriminator: Option<&Node>,
        pointer: &str,
        hint: &str,
        depth: usize,
    ) -> Ty {
        let named = discriminator
            .and_then(|d| d.get("propertyName"))
            .and_then(Node::as_str);
        if let Some((name, nullable)) = self.union_models.get(pointer) {
            let mut ty = Ty::of(name.clone());
            ty.nullable = *nullable;
            return ty;
        }
        let kinds: Vec<Option<JsonKind>> = kept
            .iter()
            .map(|(_, variant)| self.peek_kind(variant, 0))
            .collect();
        let all_objects = kinds.iter().all(|k| *k == Some(JsonKind::Object));
        let (tag, to_fix) = match all_objects
            .then(|| self.discriminator_of(kept, named))
            .flatten()
        {
            Some(field) => (Some(field), None),
            None => match all_objects
                .then(|| Some(self.openapi_tags(kept, named?, discriminator?)))
                .flatten()
                .flatten()
            {
                Some((field, tags)) => (Some(field), Some(tags)),
                None => (None, None),
            },
        };
        // Told apart by kind: one member per kind, but any number of models (told apart by the
        // fields an object sets, as Pydantic's smart mode does).
        let models: Vec<bool> = kept
            .iter()
            .map(|(_, variant)| self.peek_model(variant, 0))
            .collect();
        let by_kind = kinds.iter().all(Option::is_some)
            && kinds.iter().enumerate().all(|(i, a)| {
                kinds[..i].iter().enumerate().all(|(j, b)| {
                    !a.zip(*b).is_some_and(|(a, b)| a.overlaps(b)) || (models[i] && models[j])
                })
            });
        if tag.is_none() && !by_kind {
            let why = if all_objects {
                match named {
                    Some(field) => format!(
                        "`{key}` of {} objects whose discriminator `{field}` is not a required one-value `enum` in each",
                        kept.len()
                    ),
                    None => format!(
                        "`{key}` of {} objects with no discriminator to tell them apart",
                        kept.len()
                    ),
                }
            } else {
                format!(
                    "`{key}` of {} schemas the server could not tell apart by the kind of JSON value",
                    kept.len()
                )
            };
            self.notes
                .note(APPROXIMATED, pointer, why, "read as `json`");
            return Ty::json();
        }
        // The name first: a member may refer back to the union.
        let name = self.unique_model_name(hint);
        let index = self.models.len();
        self.models.push(ModelDraft {
            name: name.clone(),
            description: None,
            fields: Vec::new(),
            one_of: Vec::new(),
            discriminator: tag.clone(),
        });
        self.union_models
            .insert(pointer.to_string(), (name.clone(), false));
        let mut members: Vec<String> = Vec::new();
        let mut nullable = false;
        for (n, (i, variant)) in kept.iter().enumerate() {
            let at = child(pointer, &i.to_string());
            let ty = self.schema_type(variant, &at, &format!("{name}{}", i + 1), depth + 1);
            // A member that allows `null` makes the union allow it.
            nullable |= ty.nullable;
            let mut text = ty.draft.text.clone();
            if matches!(text.as_str(), "date-time" | "date" | "uuid" | "email") {
                self.notes.note(
                    APPROXIMATED,
                    &at,
                    format!("a `{text}` member of a union"),
                    "read as a plain `string`: a union tells its members apart by JSON kind",
                );
                text = "string".into();
            } else if ty.has_constraints() {
                self.notes.note(
                    APPROXIMATED,
                    &at,
                    "constraints on a member of a union (an `enum`, bounds, a length)".into(),
                    "the member's type is kept, its constraints are not checked",
                );
            }
            if let (Some(tags), Some(field)) = (&to_fix, &tag) {
                self.fix_tag(&text, field, &tags[n], &at);
            }
            if !members.contains(&text) {
                members.push(text);
            }
        }
        self.models[index].one_of = members;
        self.union_models
            .insert(pointer.to_string(), (name.clone(), nullable));
        let mut ty = Ty::of(name);
        ty.nullable = nullable;
        ty
    }

    /// The JSON kind a member takes, from the document alone; `None` when it is not one
    /// (no type, several types, a nested union).
    fn peek_kind(&self, schema: &Node, depth: usize) -> Option<JsonKind> {
        if depth > MAX_PEEK {
            return None;
        }
        if let Some(reference) = schema.get("$ref").and_then(Node::as_str) {
            let target = self.lookup(reference.strip_prefix('#')?)?;
            return self.peek_kind(target, depth + 1);
        }
        if super::is_model_like(schema) {
            return Some(JsonKind::Object);
        }
        if let Some(one) = super::only_typed_part(schema) {
            return self.peek_kind(one, depth + 1);
        }
        if schema.get("oneOf").is_some() || schema.get("anyOf").is_some() {
            return None;
        }
        let types: Vec<&str> = match schema.get("type") {
            Some(Node::String(one)) => vec![one.as_str()],
            Some(Node::Array(many)) => many
                .iter()
                .filter_map(Node::as_str)
                .filter(|t| *t != "null")
                .collect(),
            _ => Vec::new(),
        };
        match types.as_slice() {
            ["string"] => Some(JsonKind::String),
            ["integer"] => Some(JsonKind::Integer),
            ["number"] => Some(JsonKind::Number),
            ["boolean"] => Some(JsonKind::Bool),
            ["array"] => Some(JsonKind::Array),
            ["object"] => Some(JsonKind::Object),
            [] if schema.get("properties").is_some()
                || schema.get("additionalProperties").is_some() =>
            {
                Some(JsonKind::Object)
            }
            [] if schema.get("items").is_some() => Some(JsonKind::Array),
            _ => None,
        }
    }

    /// Whether a member is read as a model (an object with properties, an `allOf`), not as a
    /// map or any value.
    fn peek_model(&self, schema: &Node, depth: usize) -> bool {
        if depth > MAX_PEEK {
            return false;
        }
        if let Some(reference) = schema.get("$ref").and_then(Node::as_str) {
            return reference
                .strip_prefix('#')
                .and_then(|t| self.lookup(t))
                .is_some_and(|target| self.peek_model(target, depth + 1));
        }
        if let Some(one) = super::only_typed_part(schema) {
            return self.peek_model(one, depth + 1);
        }
        super::is_model_like(schema)
    }

    /// The property that tells object members apart: the document's `propertyName` when every
    /// member fixes it, else the first property every member requires and fixes to a value of
    /// its own.
    fn discriminator_of(&self, kept: &[(usize, &Node)], named: Option<&str>) -> Option<String> {
        let fixed: Vec<Vec<(String, String)>> = kept
            .iter()
            .map(|(_, variant)| self.fixed_properties(variant))
            .collect();
        let tag_of = |member: &[(String, String)], field: &str| {
            member
                .iter()
                .find(|(name, _)| name == field)
                .map(|(_, value)| value.clone())
        };
        let works = |field: &str| {
            let mut values = Vec::new();
            for member in &fixed {
                match tag_of(member, field) {
                    Some(value) if !values.contains(&value) => values.push(value),
                    _ => return false,
                }
            }
            true
        };
        match named {
            Some(field) => works(field).then(|| field.to_string()),
            None => fixed
                .first()?
                .iter()
                .map(|(name, _)| name.clone())
                .find(|name| works(name)),
        }
    }

    /// OpenAPI's own reading of a discriminator whose members leave the property a plain
    /// string: each member is a component `$ref` whose value is its `mapping` key, else its
    /// name. Every member must have the property, required.
    fn openapi_tags(
        &self,
        kept: &[(usize, &Node)],
        field: &str,
        discriminator: &Node,
    ) -> Option<(String, Vec<String>)> {
        let mapping = discriminator.get("mapping").map_or(&[][..], Node::entries);
        let mut tags = Vec::new();
        for (_, variant) in kept {
            let reference = variant.get("$ref").and_then(Node::as_str)?;
            let name = reference.strip_prefix("#/components/schemas/")?;
            let tag = mapping
                .iter()
                .find(|(_, target)| target.as_str().is_some_and(|t| t == reference || t == name))
                .map(|(value, _)| value.clone())
                .unwrap_or_else(|| crate::import::names::unescape(name));
            let mut parts = Vec::new();
            self.peek_parts(variant, &mut parts, 0);
            let required = required(&parts).contains(&field);
            let is_string = parts.iter().any(|part| {
                part.get("properties")
                    .and_then(|p| p.get(field))
                    .and_then(|p| p.get("type"))
                    .and_then(Node::as_str)
                    == Some("string")
            });
            if !required || !is_string || tags.contains(&tag) {
                return None;
            }
            tags.push(tag);
        }
        Some((field.to_string(), tags))
    }

    /// Fixes the discriminator `field` of the member model `model` to `tag`, noted.
    fn fix_tag(&mut self, model: &str, field: &str, tag: &str, pointer: &str) {
        let Some(draft) = self.models.iter_mut().find(|m| m.name == model) else {
            return;
        };
        if let Some((_, ty)) = draft.fields.iter_mut().find(|(name, _)| name == field)
            && ty.text == "string"
        {
            ty.allowed = vec![tag.to_string()];
            self.notes.note(
                APPROXIMATED,
                pointer,
                "a discriminator property that is a plain `string` in the member".into(),
                "fixed to the member's value (its `mapping` key, else its name), as OpenAPI reads it",
            );
        }
    }

    /// The required properties an object member fixes to one string (`enum: [x]` or
    /// `const: x`), through `$ref`s and `allOf` parts.
    fn fixed_properties(&self, schema: &Node) -> Vec<(String, String)> {
        let mut parts = Vec::new();
        self.peek_parts(schema, &mut parts, 0);
        let required = required(&parts);
        let mut fixed = Vec::new();
        for part in &parts {
            for (name, property) in part.get("properties").map_or(&[][..], Node::entries) {
                let property = match property.get("$ref").and_then(Node::as_str) {
                    Some(reference) => {
                        match reference.strip_prefix('#').and_then(|t| self.lookup(t)) {
                            Some(target) => target,
                            None => continue,
                        }
                    }
                    None => property,
                };
                let value = match (property.get("enum"), property.get("const")) {
                    (Some(Node::Array(values)), _) => match values.as_slice() {
                        [Node::String(one)] => Some(one.clone()),
                        _ => None,
                    },
                    (_, Some(Node::String(one))) => Some(one.clone()),
                    _ => None,
                };
                if let Some(value) = value
                    && required.contains(&name.as_str())
                {
                    fixed.retain(|(n, _): &(String, String)| n != name);
                    fixed.push((name.clone(), value));
                }
            }
        }
        fixed
    }

    fn peek_parts<'n>(&'n self, schema: &'n Node, parts: &mut Vec<&'n Node>, depth: usize) {
        if depth > MAX_PEEK {
            return;
        }
        if let Some(reference) = schema.get("$ref").and_then(Node::as_str) {
            if let Some(target) = reference.strip_prefix('#').and_then(|t| self.lookup(t)) {
                self.peek_parts(target, parts, depth + 1);
            }
            return;
        }
        parts.push(schema);
        for part in schema.get("allOf").and_then(Node::as_array).unwrap_or(&[]) {
            self.peek_parts(part, parts, depth + 1);
        }
    }
}

/// The properties the parts of an object schema require, together.
fn required<'n>(parts: &[&'n Node]) -> Vec<&'n str> {
    parts
        .iter()
        .flat_map(|part| part.get("required").and_then(Node::as_array).unwrap_or(&[]))
        .filter_map(Node::as_str)
        .collect()
}
