//! The OpenAPI 3.1 document of a model: paths, parameters, example bodies, tags, the bearer
//! security scheme and which operations are public. Served by the generated app and printed by
//! `axumgen openapi`.
//!
//! Typed bodies are described as FastAPI describes the equivalent Pydantic app: a component
//! schema per data model (`schemas.rs`), `$ref`s from the operations, and FastAPI's 422
//! (`HTTPValidationError`) on every operation whose request the generated server validates. Untyped
//! bodies keep schema `{}` and axum's text rejections.

mod schemas;

use crate::model::{DataModel, LayerKind, Model, ParamType, Route};
use schemas::ValidationNames;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The document as a JSON value (for the suite, which compares it with the documents it
/// imported).
pub fn document(model: &Model) -> Value {
    serde_json::from_str(&document_text(model)).expect("document_text writes JSON")
}

/// The document as `serde_json::to_string_pretty` writes it, with a final line break. It is
/// built and written one path item and one schema at a time, so a large API's document is never
/// a whole tree of JSON values in memory (GitHub's 8 MB of text were about 60 MB as one).
pub fn document_text(model: &Model) -> String {
    let validation = ValidationNames::new(&model.models);
    let routes = model.routes();
    let mut paths: BTreeMap<String, Vec<&Route>> = BTreeMap::new();
    for route in &routes {
        let template = route.endpoint.full_path.replace("{*", "{");
        paths.entry(template).or_default().push(route);
    }
    let uses_validation = routes
        .iter()
        .any(|route| super::validates(model, route.endpoint));
    let uses_bearer = routes
        .iter()
        .any(|route| matches!(protection(route), Protection::Bearer));
    let mut json = PrettyJson::default();
    json.open();
    // Members in key order, as a `serde_json::Map` orders them.
    if !model.models.is_empty() || uses_validation || uses_bearer {
        json.key("components");
        json.open();
        if !model.models.is_empty() || uses_validation {
            json.key("schemas");
            json.open();
            // Each model's schema, and FastAPI's two validation schemas when an operation
            // answers 422 (their names never clash with a model's: `ValidationNames`).
            let mut schemas: BTreeMap<&str, Result<&DataModel, &Value>> = model
                .models
                .iter()
                .map(|m| (m.name.as_str(), Ok(m)))
                .collect();
            let extra = match uses_validation {
                true => validation.schemas().to_vec(),
                false => Vec::new(),
            };
            for (name, schema) in &extra {
                schemas.insert(name, Err(schema));
            }
            for (name, schema) in schemas {
                json.key(name);
                match schema {
                    Ok(m) => json.value(&schemas::model_schema(m)),
                    Err(fixed) => json.value(fixed),
                }
            }
            json.close();
        }
        if uses_bearer {
            json.key("securitySchemes");
            json.value(&json!({ "bearerAuth": { "type": "http", "scheme": "bearer" } }));
        }
        json.close();
    }
    json.key("info");
    json.value(&json!({
        "title": if model.service.description.is_empty() { &model.service.name } else { &model.service.description },
        "version": model.service.version,
    }));
    json.key("openapi");
    json.value(&json!("3.1.0"));
    json.key("paths");
    json.open();
    for (template, routes) in &paths {
        let mut item = Map::new();
        for route in routes {
            item.insert(
                route.endpoint.method.to_ascii_lowercase(),
                operation(model, route, &validation),
            );
        }
        json.key(template);
        json.value(&Value::Object(item));
    }
    json.close();
    json.close();
    json.out.push('\n');
    json.out
}

/// JSON text as `serde_json::to_string_pretty` writes it, an object's members given one at a
/// time. Its line breaks are all between tokens (strings escape their own), so a member's value
/// is printed on its own and indented to its depth line by line.
#[derive(Default)]
struct PrettyJson {
    out: String,
    /// For each object open, whether it has no member yet.
    empty: Vec<bool>,
}

impl PrettyJson {
    fn open(&mut self) {
        self.out.push('{');
        self.empty.push(true);
    }

    fn key(&mut self, key: &str) {
        let depth = self.empty.len();
        if let Some(empty) = self.empty.last_mut() {
            self.out.push_str(if *empty { "\n" } else { ",\n" });
            *empty = false;
        }
        self.indent(depth);
        self.out
            .push_str(&serde_json::to_string(key).expect("a string always serializes"));
        self.out.push_str(": ");
    }

    fn value(&mut self, value: &Value) {
        let depth = self.empty.len();
        let text = serde_json::to_string_pretty(value).expect("a JSON value always serializes");
        let mut lines = text.split('\n');
        self.out.push_str(lines.next().unwrap_or_default());
        for line in lines {
            self.out.push('\n');
            self.indent(depth);
            self.out.push_str(line);
        }
    }

    fn close(&mut self) {
        if self.empty.pop() == Some(false) {
            self.out.push('\n');
            self.indent(self.empty.len());
        }
        self.out.push('}');
    }

    fn indent(&mut self, depth: usize) {
        for _ in 0..depth {
            self.out.push_str("  ");
        }
    }
}

/// One operation of the document.
fn operation(model: &Model, route: &Route, validation: &ValidationNames) -> Value {
    let endpoint = route.endpoint;
    let validated = super::validates(model, endpoint);
    let mut operation = Map::new();
    operation.insert("operationId".into(), json!(endpoint.name));
    if let Some(summary) = &endpoint.summary {
        operation.insert("summary".into(), json!(summary));
    }
    if !endpoint.tags.is_empty() {
        operation.insert("tags".into(), json!(endpoint.tags));
    }
    let mut parameters: Vec<Value> = endpoint
        .params
        .iter()
        .map(|p| json!({ "name": p.name, "in": "path", "required": true, "schema": constrained(schema(p.ty), &p.constraints) }))
        .collect();
    parameters.extend(
        endpoint
            .query
            .iter()
            .map(|q| json!({ "name": q.name, "in": "query", "required": q.required(), "schema": query_schema(q) })),
    );
    if !parameters.is_empty() {
        operation.insert("parameters".into(), Value::Array(parameters));
    }
    if let Some(body) = &endpoint.request_body {
        let example: Value = serde_json::from_str(body).unwrap_or(Value::Null);
        let schema = endpoint
            .request_type
            .as_ref()
            .map_or(json!({}), schemas::body_schema);
        // FastAPI: an `Optional[Model] = None` body is not required.
        let required = endpoint.request_type.as_ref().is_none_or(|t| !t.optional);
        operation.insert(
            "requestBody".into(),
            json!({ "required": required, "content": { "application/json": { "schema": schema, "example": example } } }),
        );
    }
    let mut responses = Map::new();
    let mut response = json!({ "description": "The example response" });
    if let (Some(body), Some(content_type)) =
        (&endpoint.response.body, &endpoint.response.content_type)
    {
        let example: Value = serde_json::from_str(body).unwrap_or(Value::Null);
        let schema = endpoint
            .response_type
            .as_ref()
            .map_or(json!({}), schemas::body_schema);
        response["content"] =
            json!({ content_type.clone(): { "schema": schema, "example": example } });
    }
    responses.insert(endpoint.response.status.to_string(), response);
    for status in &endpoint.errors {
        responses.entry(status.to_string()).or_insert_with(|| {
            // FastAPI's `HTTPException` body; its detail may be any JSON value.
            json!({ "description": "An error the handler answers (`HttpError`)",
                    "content": { "application/json": { "schema": {
                        "type": "object", "required": ["detail"],
                        "properties": { "detail": { "title": "Detail" } } } } } })
        });
    }
    if validated {
        // FastAPI's answer to any request that does not fit (malformed JSON and a missing
        // content type included); like FastAPI, a response the spec gives for 422 stays.
        responses
            .entry("422")
            .or_insert_with(|| validation.response());
        if endpoint.request_type.is_some() {
            // A body that is not UTF-8 text: FastAPI answers this too, without saying so.
            responses.entry("400").or_insert_with(|| {
                json!({ "description": "The body could not be read",
                        "content": { "application/json": { "schema": { "type": "object", "properties": { "detail": { "type": "string" } } } } } })
            });
        }
    } else if !endpoint.params.is_empty() || !endpoint.query.is_empty() {
        // What axum's extractors answer when the request does not fit.
        responses.entry("400").or_insert_with(|| {
            rejection("A path or query parameter is missing or not of its type")
        });
    }
    if endpoint.request_body.is_some() && !validated {
        responses
            .entry("400")
            .or_insert_with(|| rejection("The body is not valid JSON"));
        responses.insert(
            "415".into(),
            rejection("The request has no `Content-Type: application/json`"),
        );
        responses.insert(
            "422".into(),
            rejection("The JSON body does not have the expected shape"),
        );
    }
    match protection(route) {
        Protection::Public => {
            operation.insert("security".into(), json!([]));
        }
        Protection::Bearer => {
            operation.insert("security".into(), json!([{ "bearerAuth": [] }]));
            responses.insert(
                "401".into(),
                json!({ "description": "Missing or invalid bearer token",
                        "content": { "application/json": { "schema": { "type": "object", "properties": { "error": { "type": "string" } } } } } }),
            );
        }
        Protection::None => {}
    }
    operation.insert("responses".into(), Value::Object(responses));
    Value::Object(operation)
}

enum Protection {
    /// No bearer layer wraps the route.
    None,
    /// Bearer layers wrap it, and each lists it as public.
    Public,
    Bearer,
}

fn protection(route: &Route) -> Protection {
    let mut wrapped = false;
    for layer in route.layers() {
        if let LayerKind::BearerAuth { public_paths, .. } = &layer.kind {
            wrapped = true;
            let seen = match (&layer.level, route.mount) {
                (crate::model::Level::App, _) | (_, None) => route.endpoint.full_path.clone(),
                (_, Some(_)) => route.endpoint.mount_relative_path.clone(),
            };
            if !public_paths.contains(&seen) {
                return Protection::Bearer;
            }
        }
    }
    if wrapped {
        Protection::Public
    } else {
        Protection::None
    }
}

/// The JSON Schema of a parameter type, with the exact range the Rust type accepts (OpenAPI's
/// `int32`/`int64` formats are signed, so unsigned types get bounds instead).
fn schema(ty: ParamType) -> Value {
    match ty {
        ParamType::String => json!({ "type": "string" }),
        ParamType::Bool => json!({ "type": "boolean" }),
        ParamType::F64 => json!({ "type": "number", "format": "double" }),
        ParamType::U8 => json!({ "type": "integer", "minimum": 0, "maximum": u8::MAX }),
        ParamType::U16 => json!({ "type": "integer", "minimum": 0, "maximum": u16::MAX }),
        ParamType::U32 => json!({ "type": "integer", "minimum": 0, "maximum": u32::MAX }),
        ParamType::U64 => json!({ "type": "integer", "minimum": 0, "maximum": u64::MAX }),
        ParamType::I32 => json!({ "type": "integer", "format": "int32" }),
        ParamType::I64 => json!({ "type": "integer", "format": "int64" }),
    }
}

/// A parameter's schema with its constraints: string lengths, pattern and enum; bounds that
/// are tighter than the type's own range replace it.
fn constrained(mut schema: Value, c: &crate::model::Constraints) -> Value {
    let value = |n: &serde_json::Number| n.as_f64().unwrap_or(0.0);
    let tighter = |schema: &Value, key: &str, bound: f64, lower: bool| {
        schema[key].as_f64().is_none_or(|current| {
            if lower {
                bound > current
            } else {
                bound < current
            }
        })
    };
    for (key, bound, lower) in [("minimum", &c.ge, true), ("maximum", &c.le, false)] {
        if let Some(bound) = bound
            && tighter(&schema, key, value(bound), lower)
        {
            schema[key] = Value::Number(bound.clone());
        }
    }
    for (key, bound) in [("exclusiveMinimum", &c.gt), ("exclusiveMaximum", &c.lt)] {
        if let Some(bound) = bound {
            schema[key] = Value::Number(bound.clone());
        }
    }
    if let Some(min) = c.min_length {
        schema["minLength"] = json!(min);
    }
    if let Some(max) = c.max_length {
        schema["maxLength"] = json!(max);
    }
    if let Some(pattern) = &c.pattern {
        schema["pattern"] = json!(pattern);
    }
    if !c.allowed.is_empty() {
        schema["enum"] = json!(c.allowed);
    }
    schema
}

/// A query parameter's schema: its type's, or an `array` of them for a list (given as
/// `?id=1&id=2`, OpenAPI's default `form` style), with its default, as FastAPI writes it.
fn query_schema(q: &crate::model::QueryParam) -> Value {
    let mut schema = constrained(schema(q.ty), &q.constraints);
    if q.list {
        schema = json!({ "type": "array", "items": schema });
        if let Some(min) = q.constraints.min_items {
            schema["minItems"] = json!(min);
        }
        if let Some(max) = q.constraints.max_items {
            schema["maxItems"] = json!(max);
        }
    }
    if let Some(default) = &q.default {
        schema["default"] = default.clone();
    }
    schema
}

/// A plain-text error response (axum's extractor rejections are text).
fn rejection(description: &str) -> Value {
    json!({ "description": description, "content": { "text/plain": { "schema": { "type": "string" } } } })
}
