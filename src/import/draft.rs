//! The spec the importer writes, as data ([`Draft`]), and its YAML text.
//!
//! Every string from the document reaches the YAML as a plain scalar only when it is a simple
//! word; anything else is written JSON-quoted, which YAML reads back exactly. Examples and
//! defaults are written as one-line JSON (a YAML flow value). The text records where each
//! example and default starts and ends, so that the importer can drop one the checker refuses.

use serde_json::Value;
use std::fmt::Write;

/// An axumgen spec in the making.
#[derive(Debug, Default)]
pub struct Draft {
    pub header: String,
    pub name: String,
    pub version: Option<String>,
    pub description: Option<String>,
    /// A `bearer_auth` layer, when the document's security asks for a bearer token.
    pub bearer: Option<Bearer>,
    /// Where the OpenAPI document is served, when not at its default path (an operation has it).
    pub openapi_path: Option<String>,
    pub models: Vec<ModelDraft>,
    pub routers: Vec<RouterDraft>,
}

#[derive(Debug)]
pub struct Bearer {
    pub token_env: String,
    pub public_paths: Vec<String>,
}

#[derive(Debug)]
pub struct ModelDraft {
    pub name: String,
    pub description: Option<String>,
    pub fields: Vec<(String, TypeDraft)>,
    /// A union's member types (then there are no fields).
    pub one_of: Vec<String>,
    pub discriminator: Option<String>,
}

/// A type and what the spec's long form adds to it.
#[derive(Debug, Clone, Default)]
pub struct TypeDraft {
    /// The type as a spec writes it (`[Pet]`, `string?`).
    pub text: String,
    pub description: Option<String>,
    pub default: Option<Droppable>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    pub ge: Option<serde_json::Number>,
    pub gt: Option<serde_json::Number>,
    pub le: Option<serde_json::Number>,
    pub lt: Option<serde_json::Number>,
    pub allowed: Vec<String>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    /// May be absent but never `null`.
    pub omit_none: bool,
    pub example: Option<Droppable>,
}

impl TypeDraft {
    pub fn of(text: impl Into<String>) -> TypeDraft {
        TypeDraft {
            text: text.into(),
            ..TypeDraft::default()
        }
    }

    fn is_short(&self) -> bool {
        self.description.is_none()
            && self.default.as_ref().is_none_or(|d| d.dropped)
            && self.min_length.is_none()
            && self.max_length.is_none()
            && self.pattern.is_none()
            && self.ge.is_none()
            && self.gt.is_none()
            && self.le.is_none()
            && self.lt.is_none()
            && self.allowed.is_empty()
            && self.min_items.is_none()
            && self.max_items.is_none()
            && !self.omit_none
            && self.example.as_ref().is_none_or(|e| e.dropped)
    }
}

/// An example or a default from the document: written unless the checker refuses it, in which
/// case `dropped` holds why (and the importer reports it at `pointer`).
#[derive(Debug, Clone)]
pub struct Droppable {
    pub value: Value,
    pub pointer: String,
    /// The document's schema the value is an example of (a JSON pointer), when it has one.
    pub schema: Option<String>,
    pub dropped: bool,
}

#[derive(Debug)]
pub struct RouterDraft {
    pub name: String,
    pub tags: Vec<String>,
    pub endpoints: Vec<EndpointDraft>,
}

#[derive(Debug, Default)]
pub struct EndpointDraft {
    pub name: String,
    pub method: String,
    pub path: String,
    pub summary: Option<String>,
    pub params: Vec<(String, TypeDraft)>,
    pub query: Vec<(String, TypeDraft)>,
    pub request: Option<BodyDraft>,
    pub response: ResponseDraft,
    pub errors: Vec<u16>,
    pub tags: Vec<String>,
}

#[derive(Debug)]
pub struct BodyDraft {
    pub model: String,
    pub example: Option<Droppable>,
}

#[derive(Debug, Default)]
pub struct ResponseDraft {
    pub status: u16,
    pub model: Option<String>,
    pub example: Option<Droppable>,
}

/// Where a droppable value was written in the text: its byte range and which one it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub start: usize,
    pub end: usize,
    pub id: DroppableId,
}

/// Where a typed value is written, for the defaults and examples it may carry.
#[derive(Debug, Clone, Copy)]
enum TypedAt {
    /// A model's field: its default and its example.
    Field { model: usize, field: usize },
    /// A query parameter: its default.
    Query(DroppableId),
}

/// Names a droppable value of a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DroppableId {
    FieldDefault {
        model: usize,
        field: usize,
    },
    FieldExample {
        model: usize,
        field: usize,
    },
    RequestExample {
        router: usize,
        endpoint: usize,
    },
    ResponseExample {
        router: usize,
        endpoint: usize,
    },
    QueryDefault {
        router: usize,
        endpoint: usize,
        param: usize,
    },
}

impl Draft {
    /// The droppable value `id` names.
    pub fn droppable_mut(&mut self, id: DroppableId) -> Option<&mut Droppable> {
        match id {
            DroppableId::FieldDefault { model, field } => self
                .models
                .get_mut(model)?
                .fields
                .get_mut(field)?
                .1
                .default
                .as_mut(),
            DroppableId::FieldExample { model, field } => self
                .models
                .get_mut(model)?
                .fields
                .get_mut(field)?
                .1
                .example
                .as_mut(),
            DroppableId::RequestExample { router, endpoint } => self
                .routers
                .get_mut(router)?
                .endpoints
                .get_mut(endpoint)?
                .request
                .as_mut()?
                .example
                .as_mut(),
            DroppableId::ResponseExample { router, endpoint } => self
                .routers
                .get_mut(router)?
                .endpoints
                .get_mut(endpoint)?
                .response
                .example
                .as_mut(),
            DroppableId::QueryDefault {
                router,
                endpoint,
                param,
            } => self
                .routers
                .get_mut(router)?
                .endpoints
                .get_mut(endpoint)?
                .query
                .get_mut(param)?
                .1
                .default
                .as_mut(),
        }
    }

    /// Every example and default, with the document's schema each should match.
    pub fn droppables_mut(&mut self) -> Vec<&mut Droppable> {
        let mut all: Vec<&mut Droppable> = Vec::new();
        for model in &mut self.models {
            for (_, ty) in &mut model.fields {
                all.extend(ty.default.as_mut());
                all.extend(ty.example.as_mut());
            }
        }
        for endpoint in self.routers.iter_mut().flat_map(|r| r.endpoints.iter_mut()) {
            if let Some(request) = &mut endpoint.request {
                all.extend(request.example.as_mut());
            }
            all.extend(endpoint.response.example.as_mut());
            for (_, ty) in &mut endpoint.query {
                all.extend(ty.default.as_mut());
            }
        }
        all
    }

    /// The spec's YAML, and where each example and default in it is.
    pub fn to_yaml(&self) -> (String, Vec<Written>) {
        let mut w = Writer::default();
        for line in self.header.lines() {
            w.line(0, &format!("# {line}"));
        }
        w.line(0, "axumgen: 1");
        w.line(0, "service:");
        w.line(1, &format!("name: {}", scalar(&self.name)));
        if let Some(version) = &self.version {
            w.line(1, &format!("version: {}", quoted(version)));
        }
        if let Some(description) = &self.description {
            w.line(1, &format!("description: {}", quoted(description)));
        }
        if let Some(bearer) = &self.bearer {
            w.line(0, "middleware:");
            w.line(1, "- bearer_auth:");
            w.line(3, &format!("token_env: {}", scalar(&bearer.token_env)));
            if !bearer.public_paths.is_empty() {
                w.line(3, "public_paths:");
                for path in &bearer.public_paths {
                    w.line(4, &format!("- {}", quoted(path)));
                }
            }
        }
        if let Some(path) = &self.openapi_path {
            w.line(0, "openapi:");
            w.line(1, &format!("path: {}", quoted(path)));
        }
        if !self.models.is_empty() {
            w.line(0, "models:");
        }
        for (m, model) in self.models.iter().enumerate() {
            w.line(1, &format!("{}:", scalar(&model.name)));
            if let Some(description) = &model.description {
                w.line(2, &format!("description: {}", quoted(description)));
            }
            if !model.one_of.is_empty() {
                w.line(2, &format!("one_of: {}", list(&model.one_of)));
                if let Some(field) = &model.discriminator {
                    w.line(2, &format!("discriminator: {}", scalar(field)));
                }
                continue;
            }
            if model.fields.is_empty() {
                w.line(2, "fields: {}");
                continue;
            }
            w.line(2, "fields:");
            for (f, (name, ty)) in model.fields.iter().enumerate() {
                w.typed(3, name, ty, Some(TypedAt::Field { model: m, field: f }));
            }
        }
        if !self.routers.is_empty() {
            w.line(0, "routers:");
        }
        for (r, router) in self.routers.iter().enumerate() {
            w.line(1, &format!("- name: {}", scalar(&router.name)));
            if !router.tags.is_empty() {
                w.line(2, &format!("tags: {}", list(&router.tags)));
            }
            w.line(2, "endpoints:");
            for (e, endpoint) in router.endpoints.iter().enumerate() {
                w.endpoint(r, e, endpoint);
            }
        }
        (w.text, w.written)
    }
}

#[derive(Default)]
struct Writer {
    text: String,
    written: Vec<Written>,
}

impl Writer {
    fn line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.text.push_str("  ");
        }
        self.text.push_str(text);
        self.text.push('\n');
    }

    /// `key: value` where the value is a droppable JSON value, remembered by its range.
    fn droppable(&mut self, indent: usize, key: &str, value: &Droppable, id: DroppableId) {
        if value.dropped {
            return;
        }
        for _ in 0..indent {
            self.text.push_str("  ");
        }
        let _ = write!(self.text, "{key}: ");
        let start = self.text.len();
        self.text.push_str(&value.value.to_string());
        self.written.push(Written {
            start,
            end: self.text.len(),
            id,
        });
        self.text.push('\n');
    }

    /// A field or parameter; `at` is the model and field index of a model's field (whose
    /// default and example may be dropped), `None` for a parameter (which has neither).
    fn typed(&mut self, indent: usize, name: &str, ty: &TypeDraft, at: Option<TypedAt>) {
        // A query parameter that is not required has a default or is optional: when its
        // default is dropped, it becomes optional.
        let text = match (at, &ty.default) {
            (Some(TypedAt::Query(_)), Some(default)) if default.dropped => format!("{}?", ty.text),
            _ => ty.text.clone(),
        };
        if ty.is_short() {
            self.line(indent, &format!("{}: {}", scalar(name), quoted(&text)));
            return;
        }
        self.line(indent, &format!("{}:", scalar(name)));
        let i = indent + 1;
        self.line(i, &format!("type: {}", quoted(&text)));
        if let Some(description) = &ty.description {
            self.line(i, &format!("description: {}", quoted(description)));
        }
        match at {
            Some(TypedAt::Field { model, field }) => {
                if let Some(default) = &ty.default {
                    self.droppable(
                        i,
                        "default",
                        default,
                        DroppableId::FieldDefault { model, field },
                    );
                }
                if let Some(example) = &ty.example {
                    self.droppable(
                        i,
                        "example",
                        example,
                        DroppableId::FieldExample { model, field },
                    );
                }
            }
            Some(TypedAt::Query(id)) => {
                if let Some(default) = &ty.default {
                    self.droppable(i, "default", default, id);
                }
            }
            None => {}
        }
        for (key, value) in [
            ("min_length", ty.min_length),
            ("max_length", ty.max_length),
            ("min_items", ty.min_items),
            ("max_items", ty.max_items),
        ] {
            if let Some(value) = value {
                self.line(i, &format!("{key}: {value}"));
            }
        }
        if let Some(pattern) = &ty.pattern {
            self.line(i, &format!("pattern: {}", quoted(pattern)));
        }
        for (key, value) in [
            ("ge", &ty.ge),
            ("gt", &ty.gt),
            ("le", &ty.le),
            ("lt", &ty.lt),
        ] {
            if let Some(value) = value {
                self.line(i, &format!("{key}: {value}"));
            }
        }
        if !ty.allowed.is_empty() {
            self.line(i, &format!("enum: {}", list(&ty.allowed)));
        }
        if ty.omit_none {
            self.line(i, "omit_none: true");
        }
    }

    fn endpoint(&mut self, r: usize, e: usize, endpoint: &EndpointDraft) {
        self.line(3, &format!("- name: {}", scalar(&endpoint.name)));
        self.line(4, &format!("method: {}", endpoint.method));
        self.line(4, &format!("path: {}", quoted(&endpoint.path)));
        if let Some(summary) = &endpoint.summary {
            self.line(4, &format!("summary: {}", quoted(summary)));
        }
        if !endpoint.tags.is_empty() {
            self.line(4, &format!("tags: {}", list(&endpoint.tags)));
        }
        for (key, params) in [("params", &endpoint.params), ("query", &endpoint.query)] {
            if params.is_empty() {
                continue;
            }
            self.line(4, &format!("{key}:"));
            for (param, (name, ty)) in params.iter().enumerate() {
                // A query parameter may have a default; a path parameter is always given.
                let at = (key == "query").then_some(TypedAt::Query(DroppableId::QueryDefault {
                    router: r,
                    endpoint: e,
                    param,
                }));
                self.typed(5, name, ty, at);
            }
        }
        if let Some(request) = &endpoint.request {
            self.line(4, "request:");
            self.line(5, &format!("model: {}", quoted(&request.model)));
            if let Some(example) = &request.example {
                self.droppable(
                    5,
                    "example",
                    example,
                    DroppableId::RequestExample {
                        router: r,
                        endpoint: e,
                    },
                );
            }
        }
        let response = &endpoint.response;
        self.line(4, "response:");
        self.line(5, &format!("status: {}", response.status));
        if let Some(model) = &response.model {
            self.line(5, &format!("model: {}", quoted(model)));
            if let Some(example) = &response.example {
                self.droppable(
                    5,
                    "example",
                    example,
                    DroppableId::ResponseExample {
                        router: r,
                        endpoint: e,
                    },
                );
            }
        }
        if !endpoint.errors.is_empty() {
            let statuses: Vec<String> = endpoint.errors.iter().map(u16::to_string).collect();
            self.line(4, &format!("errors: [{}]", statuses.join(", ")));
        }
    }
}

/// A string as YAML: plain when it is a simple word YAML cannot read as anything else, else
/// JSON-quoted.
pub fn scalar(text: &str) -> String {
    const SPECIAL: &[&str] = &[
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~",
    ];
    let simple = text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
        && !SPECIAL.contains(&text.to_ascii_lowercase().as_str());
    if simple {
        text.to_string()
    } else {
        quoted(text)
    }
}

/// A string JSON-quoted (a YAML double-quoted scalar that reads back exactly).
pub fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

fn list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|item| quoted(item)).collect();
    format!("[{}]", items.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_that_yaml_would_read_otherwise_are_quoted() {
        assert_eq!(scalar("pets"), "pets");
        for tricky in [
            "true", "No", "1.0", "a: b", "#x", "- x", "{a}", "", "x\ny", "é",
        ] {
            let written = scalar(tricky);
            let read: String = serde_saphyr::from_str(&format!("{written}\n")).unwrap();
            assert_eq!(read, tricky, "{written}");
        }
    }
}
