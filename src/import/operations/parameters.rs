//! Path and query parameters: the path item's and the operation's, merged; names made
//! identifiers in the path; types a parameter can have (scalars).

use crate::import::Importer;
use crate::import::document::Node;
use crate::import::draft::{Droppable, EndpointDraft, TypeDraft};
use crate::import::names::ident;
use crate::import::rules::{DROPPED, child};
use crate::import::schema::{Ty, described, one_line};
use std::collections::BTreeSet;

impl Importer<'_> {
    /// The path item's parameters, then the operation's (which replace those of the same name
    /// and place).
    pub(super) fn parameters(
        &mut self,
        item: &Node,
        operation: &Node,
        pointer: &str,
        endpoint: &mut EndpointDraft,
    ) {
        let mut all: Vec<(Node, String)> = Vec::new();
        for (owner, owner_pointer) in [
            (
                item,
                pointer.rsplit_once('/').map_or("", |(p, _)| p).to_string(),
            ),
            (operation, pointer.to_string()),
        ] {
            for (i, parameter) in owner
                .get("parameters")
                .and_then(Node::as_array)
                .unwrap_or(&[])
                .iter()
                .enumerate()
            {
                let at = child(&child(&owner_pointer, "parameters"), &i.to_string());
                let Some((parameter, at)) = self.follow(parameter, &at) else {
                    continue;
                };
                let key = |p: &Node| (p.get("name").cloned(), p.get("in").cloned());
                match all.iter_mut().find(|(p, _)| key(p) == key(parameter)) {
                    Some(existing) => *existing = (parameter.clone(), at),
                    None => all.push((parameter.clone(), at)),
                }
            }
        }
        let mut query_fields = BTreeSet::new();
        for (parameter, at) in all {
            let (Some(name), Some(place)) = (
                parameter.get("name").and_then(Node::as_str),
                parameter.get("in").and_then(Node::as_str),
            ) else {
                continue;
            };
            match place {
                "path" => {
                    let ty = self.parameter_type(&parameter, &at, false);
                    let rust = ident(name);
                    if rust != name {
                        endpoint.path = endpoint
                            .path
                            .replace(&format!("{{{name}}}"), &format!("{{{rust}}}"));
                    }
                    endpoint
                        .params
                        .push((rust, ty.unwrap_or_else(|| TypeDraft::of("string"))));
                }
                "query" => {
                    let url_safe = name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
                    let field = crate::grammar::rust_field_name(name).filter(|_| url_safe);
                    if field.is_none_or(|field| !query_fields.insert(field)) {
                        self.notes.note(
                            DROPPED,
                            &at,
                            "a query parameter whose name is not URL-safe (`A-Z a-z 0-9 _ . -`) or shares its Rust field with another".into(),
                            "left out: the server ignores it",
                        );
                        continue;
                    }
                    let Some(mut ty) = self.parameter_type(&parameter, &at, true) else {
                        self.notes.note(
                            DROPPED,
                            &at,
                            "a query parameter that is an object, or a list of lists or of objects"
                                .into(),
                            "left out: the server ignores it",
                        );
                        continue;
                    };
                    // A list is read as its name given once per item (`form` style,
                    // exploded: OpenAPI's default); `?id=1,2` and its kin are not.
                    let style = parameter
                        .get("style")
                        .and_then(Node::as_str)
                        .unwrap_or("form");
                    let explode = parameter
                        .get("explode")
                        .and_then(Node::as_bool)
                        .unwrap_or(style == "form");
                    if ty.text.starts_with('[') && (style != "form" || !explode) {
                        self.notes.note(
                            DROPPED,
                            &at,
                            "a list query parameter given as one value (`explode: false`, `spaceDelimited`, `pipeDelimited`: `?id=1,2`)".into(),
                            "left out: the server ignores it (axumgen reads a list as its name given once per item)",
                        );
                        continue;
                    }
                    // Not required: absent is its default (FastAPI's `page: int = 1`), or
                    // `None` when it has none.
                    let required = parameter.get("required").and_then(Node::as_bool) == Some(true);
                    if required {
                        ty.default = None;
                    } else if ty.default.as_ref().is_none_or(|d| d.value.is_null()) {
                        ty.default = None;
                        ty.text.push('?');
                    }
                    endpoint.query.push((name.to_string(), ty));
                }
                other => self.notes.note(
                    DROPPED,
                    &at,
                    format!("a `{other}` parameter"),
                    "left out: axumgen reads path and query parameters",
                ),
            }
        }
        // A parameter the path names but the document does not declare is a string.
        let declared: BTreeSet<String> = endpoint.params.iter().map(|(n, _)| n.clone()).collect();
        let named: Vec<String> = endpoint
            .path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(str::to_string)
            .collect();
        for name in named {
            if !declared.contains(&name) {
                let rust = ident(&name);
                if rust != name {
                    endpoint.path = endpoint
                        .path
                        .replace(&format!("{{{name}}}"), &format!("{{{rust}}}"));
                }
                endpoint.params.push((rust, TypeDraft::of("string")));
            }
        }
        endpoint
            .params
            .retain(|(name, _)| endpoint.path.contains(&format!("{{{name}}}")));
    }

    /// A parameter's type, when it is one a parameter can have: a scalar, or in the query
    /// (`in_query`) a list of scalars. Nullable or not, it comes without `?`: the caller
    /// decides from `required` (and keeps a query parameter's default).
    pub(super) fn parameter_type(
        &mut self,
        parameter: &Node,
        pointer: &str,
        in_query: bool,
    ) -> Option<TypeDraft> {
        let (schema, at) = match (parameter.get("schema"), parameter.get("content")) {
            (Some(schema), _) => (schema.clone(), child(pointer, "schema")),
            (None, Some(content)) => match content.entries().first() {
                Some((media, media_type)) => (
                    media_type
                        .get("schema")
                        .cloned()
                        .unwrap_or(Node::Object(Vec::new())),
                    child(&child(&child(pointer, "content"), media), "schema"),
                ),
                None => (Node::Object(Vec::new()), pointer.to_string()),
            },
            (None, None) => (Node::Object(Vec::new()), pointer.to_string()),
        };
        let ty: Ty = self.schema_type(&schema, &at, "Parameter", 0);
        let mut draft = ty.draft;
        if in_query {
            draft.default = self.schema_default(&schema, &at);
        }
        let written = draft.text.trim_end_matches('?').to_string();
        let (text, list) = match written.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            Some(item) if in_query => (item.trim_end_matches('?').to_string(), true),
            Some(_) => return None,
            None => (written, false),
        };
        let scalar = match text.as_str() {
            "string" | "bool" | "i32" | "i64" | "f64" => text.clone(),
            "date-time" | "date" | "uuid" | "email" => {
                draft.allowed.clear();
                "string".to_string()
            }
            "json" => "string".to_string(),
            // A union (`string` or a list of them, say): a query value is one string.
            union if self.union_models.values().any(|(name, _)| name == union) => {
                "string".to_string()
            }
            // A list or an object (a model made for it is pruned if nothing else uses it).
            _ => return None,
        };
        if scalar != "string" || list {
            draft.min_length = None;
            draft.max_length = None;
            draft.pattern = None;
            draft.allowed.clear();
        }
        if list {
            // The items' own constraints were noted (`import-approximated`) and are not kept.
            draft.ge = None;
            draft.gt = None;
            draft.le = None;
            draft.lt = None;
            draft.text = format!("[{scalar}]");
        } else {
            draft.min_items = None;
            draft.max_items = None;
            draft.text = scalar;
        }
        if !in_query {
            draft.default = None;
        }
        if draft.description.is_none() {
            draft.description = one_line(parameter.get("description"));
        }
        Some(draft)
    }

    /// A parameter schema's `default` (its own, through local `$ref`s, or an annotating
    /// `allOf` part's), to be checked like any other default before it is kept.
    fn schema_default(&self, schema: &Node, pointer: &str) -> Option<Droppable> {
        // `schema_type` has noted a chain that cannot be followed.
        let (node, at) = self.resolve(schema, pointer).ok()?;
        let (default, part) = described(node, "default")?;
        Some(Droppable {
            value: default.to_json(),
            pointer: format!("{at}/{part}default"),
            schema: Some(at),
            dropped: false,
        })
    }
}
