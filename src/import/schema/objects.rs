//! Lists, maps and objects: the models made for component and inline objects, with `allOf`
//! parts merged into one.

use super::{Ty, is_annotation, is_model_like, one_line, typed_parts};
use crate::grammar::rust_field_name;
use crate::import::Importer;
use crate::import::document::Node;
use crate::import::draft::{Droppable, ModelDraft, TypeDraft};
use crate::import::rules::{APPROXIMATED, REF, child};
use std::collections::BTreeSet;

impl Importer<'_> {
    pub(super) fn array(&mut self, schema: &Node, pointer: &str, hint: &str, depth: usize) -> Ty {
        let item = match schema.get("items") {
            Some(items) if items.is_object() => {
                let item = self.schema_type(
                    items,
                    &child(pointer, "items"),
                    &format!("{hint}Item"),
                    depth + 1,
                );
                if item.has_constraints() {
                    self.notes.note(
                        APPROXIMATED,
                        &child(pointer, "items"),
                        "constraints on the items of a list (an `enum`, bounds, a length)".into(),
                        "the items' type is kept, their constraints are not checked",
                    );
                }
                item
            }
            _ => Ty::json(),
        };
        let mut ty = Ty::of(format!("[{}]", item.text(item.nullable)));
        ty.draft.min_items = schema.get("minItems").and_then(Node::as_u64);
        ty.draft.max_items = schema.get("maxItems").and_then(Node::as_u64);
        if let (Some(min), Some(max)) = (ty.draft.min_items, ty.draft.max_items)
            && min > max
        {
            ty.draft.min_items = None;
            ty.draft.max_items = None;
        }
        if schema.get("uniqueItems").and_then(Node::as_bool) == Some(true) {
            self.notes.note(
                APPROXIMATED,
                &child(pointer, "uniqueItems"),
                "`uniqueItems`".into(),
                "not checked",
            );
        }
        ty
    }

    pub(super) fn object(&mut self, schema: &Node, pointer: &str, hint: &str, depth: usize) -> Ty {
        let has_properties = !schema
            .get("properties")
            .map_or(&[][..], Node::entries)
            .is_empty();
        if has_properties {
            let name = self.inline_model(schema, pointer, hint, depth);
            return Ty::of(name);
        }
        match schema.get("additionalProperties") {
            Some(value @ Node::Object(entries)) if !entries.is_empty() => {
                let inner = self.schema_type(
                    value,
                    &child(pointer, "additionalProperties"),
                    &format!("{hint}Value"),
                    depth + 1,
                );
                if inner.has_constraints() {
                    self.notes.note(
                        APPROXIMATED,
                        &child(pointer, "additionalProperties"),
                        "constraints on the values of a map".into(),
                        "the values' type is kept, their constraints are not checked",
                    );
                }
                Ty::of(format!("{{string: {}}}", inner.text(inner.nullable)))
            }
            _ => Ty::of("{string: json}"),
        }
    }

    /// `allOf`: one part is that part; object parts merge into one model.
    pub(super) fn all_of(
        &mut self,
        schema: &Node,
        parts: &[Node],
        pointer: &str,
        hint: &str,
        depth: usize,
    ) -> Ty {
        let own_properties = !schema
            .get("properties")
            .map_or(&[][..], Node::entries)
            .is_empty();
        // Parts that only describe (`{description: …}`) add nothing to the type; when every
        // part only describes, the first says what it can (any value).
        let one = match typed_parts(parts)[..] {
            [one] => Some(one),
            [] => parts.first().map(|first| (0, first)),
            _ => None,
        };
        if let Some((at, part)) = one
            && !own_properties
        {
            let mut ty = self.schema_type(
                part,
                &child(&child(pointer, "allOf"), &at.to_string()),
                hint,
                depth + 1,
            );
            if ty.draft.description.is_none() {
                ty.draft.description = parts
                    .iter()
                    .find_map(|part| one_line(part.get("description")));
            }
            return ty;
        }
        let name = self.inline_model(schema, pointer, hint, depth);
        Ty::of(name)
    }

    /// The model of a component schema, made once (its name is taken before its fields are
    /// read, so a schema that contains itself refers to its own name).
    pub(super) fn component_model(
        &mut self,
        name: &str,
        schema: &Node,
        target: &str,
        depth: usize,
    ) -> String {
        if let Some(&index) = self.component_models.get(target) {
            return self.models[index].name.clone();
        }
        let model_name = self.unique_model_name(name);
        let index = self.models.len();
        self.models.push(ModelDraft {
            name: model_name.clone(),
            description: None,
            fields: Vec::new(),
            one_of: Vec::new(),
            discriminator: None,
        });
        self.component_models.insert(target.to_string(), index);
        let (description, fields) =
            self.model_fields(schema, &format!("#{target}"), &model_name, depth);
        self.models[index].description = description;
        self.models[index].fields = fields;
        model_name
    }

    /// A model for the inline object at `pointer`, named from `hint` the first time it is
    /// reached, made once (as a component's: its name is taken before its fields are read). A
    /// document whose references point inside objects would otherwise make a new model each time
    /// one is reached, and one that reaches them again through each other, exponentially many.
    pub(super) fn inline_model(
        &mut self,
        schema: &Node,
        pointer: &str,
        hint: &str,
        depth: usize,
    ) -> String {
        if let Some(&index) = self.inline_models.get(pointer) {
            return self.models[index].name.clone();
        }
        let model_name = self.unique_model_name(hint);
        let index = self.models.len();
        self.models.push(ModelDraft {
            name: model_name.clone(),
            description: None,
            fields: Vec::new(),
            one_of: Vec::new(),
            discriminator: None,
        });
        self.inline_models.insert(pointer.to_string(), index);
        let (description, fields) = self.model_fields(schema, pointer, &model_name, depth);
        self.models[index].description = description;
        self.models[index].fields = fields;
        model_name
    }

    /// The fields of an object schema, `allOf` parts merged in order: a property of a schema
    /// replaces its `allOf` parts' property of the same name (`allOf: [Base]` beside
    /// `properties: { kind: { enum: [one] } }` narrows `Base`'s `kind`), and among parts of one
    /// `allOf` a later part's replaces an earlier one's; required is the union.
    pub(super) fn model_fields(
        &mut self,
        schema: &Node,
        pointer: &str,
        model: &str,
        depth: usize,
    ) -> (Option<String>, Vec<(String, TypeDraft)>) {
        let mut parts: Vec<(Node, String, usize)> = Vec::new();
        self.flatten(schema, pointer, &mut parts, 0, 0);
        let description =
            one_line(schema.get("description")).or_else(|| one_line(schema.get("title")));
        let mut required = BTreeSet::new();
        // Each property with where it is and how deep in `allOf`s its part is.
        let mut properties: Vec<(String, Node, String, usize)> = Vec::new();
        for (part, part_pointer, level) in &parts {
            for name in part.get("required").and_then(Node::as_array).unwrap_or(&[]) {
                if let Some(name) = name.as_str() {
                    required.insert(name.to_string());
                }
            }
            for (name, property) in part.get("properties").map_or(&[][..], Node::entries) {
                let at = child(&child(part_pointer, "properties"), name);
                match properties.iter_mut().find(|(n, ..)| n == name) {
                    Some(existing) if *level <= existing.3 => {
                        existing.1 = property.clone();
                        existing.2 = at;
                        existing.3 = *level;
                    }
                    Some(_) => {}
                    None => properties.push((name.clone(), property.clone(), at, *level)),
                }
            }
            if let Some(Node::Object(extra)) = part.get("additionalProperties")
                && !extra.is_empty()
            {
                self.notes.note(
                    APPROXIMATED,
                    &child(part_pointer, "additionalProperties"),
                    "`additionalProperties` beside declared properties".into(),
                    "the declared properties are the model's fields; other keys are accepted and not kept",
                );
            }
        }
        let mut fields = Vec::new();
        let mut rust_names = BTreeSet::new();
        for (name, property, at, _) in properties {
            let Some(rust) = rust_field_name(&name).filter(|r| rust_names.insert(r.clone())) else {
                self.notes.note(
                    crate::import::rules::DROPPED,
                    &at,
                    "a property whose name cannot become a distinct Rust field (no letter or digit, or the same as another's)".into(),
                    "left out of the model: its value is accepted and not kept",
                );
                continue;
            };
            let _ = rust;
            let hint = format!("{model}{}", crate::import::names::type_name(&name));
            let mut ty = self.schema_type(&property, &at, &hint, depth + 1);
            let is_required = required.contains(&name);
            if is_required && property.get("readOnly").and_then(Node::as_bool) == Some(true) {
                self.notes.note(
                    APPROXIMATED,
                    &at,
                    "a required `readOnly` property".into(),
                    "required in requests too: axumgen has one model for both directions",
                );
            }
            let optional = !is_required || ty.nullable;
            // Absent but never `null`: written so, and `null` refused.
            ty.draft.omit_none = !is_required && !ty.nullable;
            ty.draft.text = ty.text(optional);
            let example = described(&property, "example")
                .map(|(e, at)| (e, format!("{at}example")))
                .or_else(|| {
                    described(&property, "examples").and_then(|(all, at)| {
                        let first = all.as_array()?.first()?;
                        Some((first, format!("{at}examples/0")))
                    })
                });
            if let Some((example, key)) = example {
                ty.draft.example = Some(Droppable {
                    value: example.to_json(),
                    pointer: format!("{at}/{key}"),
                    schema: Some(at.clone()),
                    dropped: false,
                });
            }
            // A required property's default never applies (and would make it optional here).
            if let Some((default, part)) = described(&property, "default").filter(|_| !is_required)
            {
                ty.draft.default = Some(Droppable {
                    value: default.to_json(),
                    pointer: format!("{at}/{part}default"),
                    schema: Some(at.clone()),
                    dropped: false,
                });
            }
            fields.push((name, ty.draft));
        }
        (description, fields)
    }

    /// The object parts of a schema: itself and, recursively, its `allOf` parts (references
    /// followed), each with its level: 0 for the schema, 1 for its `allOf` parts, 2 for theirs…
    pub(super) fn flatten(
        &mut self,
        schema: &Node,
        pointer: &str,
        parts: &mut Vec<(Node, String, usize)>,
        depth: usize,
        level: usize,
    ) {
        if depth > 16 {
            return;
        }
        if let Some(reference) = schema.get("$ref").and_then(Node::as_str) {
            match reference
                .strip_prefix('#')
                .and_then(|t| self.lookup(t).map(|n| (t, n.clone())))
            {
                Some((target, node)) => {
                    self.aliases.insert(target.to_string());
                    self.flatten(&node, &format!("#{target}"), parts, depth + 1, level)
                }
                None => self.notes.note(
                    REF,
                    pointer,
                    format!("an `allOf` part `{reference}` that cannot be followed"),
                    "its properties are left out",
                ),
            }
            return;
        }
        parts.push((schema.clone(), pointer.to_string(), level));
        for (i, part) in schema
            .get("allOf")
            .and_then(Node::as_array)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let at = child(&child(pointer, "allOf"), &i.to_string());
            if is_annotation(part) {
                continue;
            }
            if !is_model_like(part) && part.get("$ref").is_none() {
                self.notes.note(
                    APPROXIMATED,
                    &at,
                    "an `allOf` part that is not an object".into(),
                    "left out of the merged model",
                );
                continue;
            }
            self.flatten(part, &at, parts, depth + 1, level + 1);
        }
    }
}

/// A describing keyword of a property (`example`, `default`): its own, else that of an `allOf`
/// part that only describes (`allOf: [{$ref: …}, {description: …, example: …}]`), with the
/// pointer from the property to the part holding it (`` or `allOf/1/`).
pub(in crate::import) fn described<'a>(
    property: &'a Node,
    key: &str,
) -> Option<(&'a Node, String)> {
    if let Some(value) = property.get(key) {
        return Some((value, String::new()));
    }
    let parts = property.get("allOf").and_then(Node::as_array)?;
    parts.iter().enumerate().find_map(|(i, part)| {
        let value = part.get(key).filter(|_| is_annotation(part))?;
        Some((value, format!("allOf/{i}/")))
    })
}
