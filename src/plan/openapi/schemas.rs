//! The JSON Schemas of typed bodies, written as FastAPI 0.165 (Pydantic 2.14) writes them for the
//! equivalent Pydantic models: one component per data model (`title`, `type: object`,
//! `properties` with their own titles, `required`), constraints as JSON Schema keywords, `T?` as
//! `anyOf: [T, {type: null}]`, models by `$ref`. Integers carry the range of their Rust type,
//! narrowed by the spec's bounds (the tighter wins), as the Pydantic twin declares them
//! (`u32` → `Field(ge=0, le=2**32-1)`). The two schemas of FastAPI's 422 answers are copied from
//! what FastAPI emits.

use crate::model::{Constraints, DataModel, Field, FieldType, Scalar, TypeExpr};
use serde_json::{Map, Number, Value, json};
use std::cmp::Ordering;

const REF_PREFIX: &str = "#/components/schemas/";

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("{REF_PREFIX}{name}") })
}

/// The component names of FastAPI's two validation-error schemas. A spec may name a model
/// `ValidationError` or `HTTPValidationError` (model names are Rust identifiers, so they never
/// hold a `.`): then both move to a `fastapi.` prefix rather than replace the spec's model.
pub struct ValidationNames {
    pub http_validation_error: String,
    pub validation_error: String,
}

impl ValidationNames {
    pub fn new(models: &[DataModel]) -> ValidationNames {
        let taken = models
            .iter()
            .any(|m| m.name == "HTTPValidationError" || m.name == "ValidationError");
        let prefix = if taken { "fastapi." } else { "" };
        ValidationNames {
            http_validation_error: format!("{prefix}HTTPValidationError"),
            validation_error: format!("{prefix}ValidationError"),
        }
    }

    /// FastAPI's 422 response: `detail` is a list of `ValidationError`s.
    pub fn response(&self) -> Value {
        json!({
            "description": "Validation Error",
            "content": { "application/json": { "schema": reference(&self.http_validation_error) } },
        })
    }

    /// The two component schemas, as FastAPI 0.165 emits them.
    pub fn schemas(&self) -> [(String, Value); 2] {
        [
            (
                self.http_validation_error.clone(),
                json!({
                    "title": "HTTPValidationError",
                    "type": "object",
                    "properties": {
                        "detail": {
                            "title": "Detail",
                            "type": "array",
                            "items": reference(&self.validation_error),
                        },
                    },
                }),
            ),
            (
                self.validation_error.clone(),
                json!({
                    "title": "ValidationError",
                    "type": "object",
                    "properties": {
                        "loc": {
                            "title": "Location",
                            "type": "array",
                            "items": { "anyOf": [{ "type": "string" }, { "type": "integer" }] },
                        },
                        "msg": { "title": "Message", "type": "string" },
                        "type": { "title": "Error Type", "type": "string" },
                        "input": { "title": "Input" },
                        "ctx": { "title": "Context", "type": "object" },
                    },
                    "required": ["loc", "msg", "type"],
                }),
            ),
        ]
    }
}

/// The component schema of a model. A union is what Pydantic writes for one: `anyOf` its
/// members, or `oneOf` with a `discriminator` and its `mapping`.
pub fn model_schema(model: &DataModel) -> Value {
    if let Some(union) = &model.union {
        let members: Vec<Value> = union
            .members
            .iter()
            .map(|m| type_schema(&m.ty, &Constraints::default()))
            .collect();
        let mut schema = match &union.discriminator {
            Some(field) => {
                let mapping: Map<String, Value> = union
                    .members
                    .iter()
                    .filter_map(|m| {
                        Some((
                            m.tag.clone()?,
                            type_schema(&m.ty, &Constraints::default())["$ref"].clone(),
                        ))
                    })
                    .collect();
                json!({
                    "title": model.name,
                    "oneOf": members,
                    "discriminator": { "propertyName": field, "mapping": mapping },
                })
            }
            None => json!({ "title": model.name, "anyOf": members }),
        };
        if let Some(description) = &model.description {
            schema["description"] = json!(description);
        }
        return schema;
    }
    let properties: Map<String, Value> = model
        .fields
        .iter()
        .map(|f| (f.name.clone(), field_schema(f)))
        .collect();
    let required: Vec<&str> = model
        .fields
        .iter()
        .filter(|f| f.required())
        .map(|f| f.name.as_str())
        .collect();
    let mut schema = json!({ "title": model.name, "type": "object", "properties": properties });
    // Pydantic leaves `required` out when no field is.
    if !required.is_empty() {
        schema["required"] = json!(required);
    }
    if let Some(description) = &model.description {
        schema["description"] = json!(description);
    }
    schema
}

/// A body's schema: `$ref` for a model, `{type: array, items: {$ref}}` for a list of them.
pub fn body_schema(ty: &FieldType) -> Value {
    type_schema(ty, &Constraints::default())
}

/// A property: its type's schema, then Pydantic's title (from the name on the wire; none for a
/// model, which has its own), the description and the default (a `null` default is what
/// Pydantic leaves out for `Optional[T] = None`).
fn field_schema(field: &Field) -> Value {
    // A field that may be absent but not `null` is Pydantic's `tag: str = None`: not nullable.
    let ty = FieldType {
        optional: field.ty.optional && !field.omit_none,
        ..field.ty.clone()
    };
    let mut schema = type_schema(&ty, &field.constraints);
    if !matches!(field.ty.ty, TypeExpr::Model(_)) {
        schema["title"] = json!(title(&field.name));
    }
    if let Some(description) = &field.description {
        schema["description"] = json!(description);
    }
    if let Some(default) = field.default.as_ref().filter(|d| !d.is_null()) {
        schema["default"] = default.clone();
    }
    if let Some(example) = &field.example {
        schema["examples"] = json!([example]);
    }
    schema
}

/// The schema of a type; the constraints apply to its outer level (inside `anyOf` when it is
/// optional), as the validator placed them.
fn type_schema(ty: &FieldType, constraints: &Constraints) -> Value {
    let none = Constraints::default();
    let schema = match &ty.ty {
        TypeExpr::Scalar(scalar) => scalar_schema(*scalar, constraints),
        TypeExpr::List(item) => {
            let mut schema = json!({ "type": "array", "items": type_schema(item, &none) });
            if let Some(min) = constraints.min_items {
                schema["minItems"] = json!(min);
            }
            if let Some(max) = constraints.max_items {
                schema["maxItems"] = json!(max);
            }
            schema
        }
        TypeExpr::Map(value) => {
            json!({ "type": "object", "additionalProperties": type_schema(value, &none) })
        }
        TypeExpr::Model(name) => reference(name),
    };
    if ty.optional {
        json!({ "anyOf": [schema, { "type": "null" }] })
    } else {
        schema
    }
}

fn scalar_schema(scalar: Scalar, c: &Constraints) -> Value {
    let format = |format: &str| json!({ "type": "string", "format": format });
    match scalar {
        Scalar::String => {
            let mut schema = json!({ "type": "string" });
            if let Some(min) = c.min_length {
                schema["minLength"] = json!(min);
            }
            if let Some(max) = c.max_length {
                schema["maxLength"] = json!(max);
            }
            if let Some(pattern) = &c.pattern {
                schema["pattern"] = json!(pattern);
            }
            // Pydantic writes a one-value `Literal` as `const`.
            match c.allowed.as_slice() {
                [] => {}
                [only] => schema["const"] = json!(only),
                values => schema["enum"] = json!(values),
            }
            schema
        }
        Scalar::Bool => json!({ "type": "boolean" }),
        Scalar::F64 => {
            let mut schema = Map::from_iter([("type".into(), json!("number"))]);
            bounds(&mut schema, c, None);
            Value::Object(schema)
        }
        Scalar::DateTime => format("date-time"),
        Scalar::Date => format("date"),
        Scalar::Uuid => format("uuid"),
        Scalar::Email => format("email"),
        // Pydantic's schema for `Any`: every value.
        Scalar::Json => json!({}),
        Scalar::U8 | Scalar::U16 | Scalar::U32 | Scalar::U64 | Scalar::I32 | Scalar::I64 => {
            let mut schema = Map::from_iter([("type".into(), json!("integer"))]);
            bounds(&mut schema, c, scalar.integer_range());
            Value::Object(schema)
        }
    }
}

/// One lower and one upper bound, the tightest of the type's range (inclusive) and the spec's
/// `ge`/`le` (inclusive) and `gt`/`lt` (exclusive); at equal values the exclusive one is
/// tighter.
fn bounds(schema: &mut Map<String, Value>, c: &Constraints, range: Option<(i128, i128)>) {
    let (min, max) = range.map_or((None, None), |(min, max)| {
        (Some(integer(min)), Some(integer(max)))
    });
    let lower = tightest(
        [(min, false), (c.ge.clone(), false), (c.gt.clone(), true)],
        Ordering::Greater,
    );
    if let Some((value, exclusive)) = lower {
        let key = if exclusive {
            "exclusiveMinimum"
        } else {
            "minimum"
        };
        schema.insert(key.into(), Value::Number(value));
    }
    let upper = tightest(
        [(max, false), (c.le.clone(), false), (c.lt.clone(), true)],
        Ordering::Less,
    );
    if let Some((value, exclusive)) = upper {
        let key = if exclusive {
            "exclusiveMaximum"
        } else {
            "maximum"
        };
        schema.insert(key.into(), Value::Number(value));
    }
}

/// The bound that lets fewest numbers through: the one furthest in the `tighter` direction.
fn tightest(candidates: [(Option<Number>, bool); 3], tighter: Ordering) -> Option<(Number, bool)> {
    let mut best: Option<(Number, bool)> = None;
    for (value, exclusive) in candidates {
        let Some(value) = value else { continue };
        let replace = match &best {
            None => true,
            Some((current, current_exclusive)) => {
                let order = compare(&value, current);
                order == tighter || (order == Ordering::Equal && exclusive && !current_exclusive)
            }
        };
        if replace {
            best = Some((value, exclusive));
        }
    }
    best
}

/// Integers compare exactly (`u64::MAX` does not survive `f64`), anything else as `f64`.
fn compare(a: &Number, b: &Number) -> Ordering {
    let exact = |n: &Number| n.as_i64().map(i128::from).or(n.as_u64().map(i128::from));
    match (exact(a), exact(b)) {
        (Some(a), Some(b)) => a.cmp(&b),
        _ => {
            let (a, b) = (a.as_f64().unwrap_or(0.0), b.as_f64().unwrap_or(0.0));
            a.partial_cmp(&b).unwrap_or(Ordering::Equal)
        }
    }
}

/// A bound of an integer type (every one fits `i64` or `u64`).
fn integer(value: i128) -> Number {
    match i64::try_from(value) {
        Ok(v) => Number::from(v),
        Err(_) => Number::from(u64::try_from(value).unwrap_or(u64::MAX)),
    }
}

/// Pydantic's title for a field: `name.title().replace('_', ' ').strip()`. Python's `title()`
/// upper-cases a letter that follows a non-letter and lower-cases the others, so `id_hint` is
/// `Id Hint`, `u8narrow` is `U8Narrow` and `createdAt` is `Createdat`.
fn title(name: &str) -> String {
    let mut title = String::with_capacity(name.len());
    let mut after_letter = false;
    for c in name.chars() {
        let cased = c.is_uppercase() || c.is_lowercase();
        if cased && after_letter {
            title.extend(c.to_lowercase());
        } else if cased {
            title.extend(c.to_uppercase());
        } else {
            title.push(c);
        }
        after_letter = cased;
    }
    title.replace('_', " ").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(text: &str) -> FieldType {
        crate::grammar::types::parse(text).expect("a type")
    }

    #[test]
    fn titles_are_pythons() {
        assert_eq!(title("id_hint"), "Id Hint");
        assert_eq!(title("u8narrow"), "U8Narrow");
        assert_eq!(title("createdAt"), "Createdat");
        assert_eq!(title("_private"), "Private");
        assert_eq!(title("éclair_x"), "Éclair X");
    }

    #[test]
    fn integer_ranges_narrow_to_the_tighter_bound() {
        let schema = |text: &str, c: Constraints| type_schema(&ty(text), &c);
        assert_eq!(
            schema("u32", Constraints::default()),
            json!({ "type": "integer", "minimum": 0, "maximum": 4294967295u32 })
        );
        let c = Constraints {
            ge: Some(1.into()),
            le: Some(100.into()),
            ..Constraints::default()
        };
        assert_eq!(
            schema("u32?", c),
            json!({ "anyOf": [{ "type": "integer", "minimum": 1, "maximum": 100 }, { "type": "null" }] })
        );
        // `gt: 0` excludes 0, which `minimum: 0` lets through; `gt: -5` is looser than the type.
        let c = Constraints {
            gt: Some(0.into()),
            lt: Some(Number::from(u64::MAX)),
            ..Constraints::default()
        };
        assert_eq!(
            schema("u64", c),
            json!({ "type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": u64::MAX })
        );
        let c = Constraints {
            gt: Some((-5).into()),
            le: Some(Number::from_f64(1e30).expect("finite")),
            ..Constraints::default()
        };
        assert_eq!(
            schema("u8", c.clone()),
            json!({ "type": "integer", "minimum": 0, "maximum": 255 })
        );
        assert_eq!(
            schema("i64", c),
            json!({ "type": "integer", "exclusiveMinimum": -5, "maximum": i64::MAX })
        );
        let c = Constraints {
            ge: Some(Number::from_f64(0.5).expect("finite")),
            gt: Some(Number::from_f64(0.5).expect("finite")),
            ..Constraints::default()
        };
        assert_eq!(
            schema("f64", c),
            json!({ "type": "number", "exclusiveMinimum": 0.5 })
        );
    }

    #[test]
    fn nested_types_and_one_value_enums() {
        assert_eq!(
            body_schema(&ty("[{string: Task?}]?")),
            json!({ "anyOf": [
                { "type": "array", "items": { "type": "object", "additionalProperties":
                    { "anyOf": [{ "$ref": "#/components/schemas/Task" }, { "type": "null" }] } } },
                { "type": "null" },
            ] })
        );
        let c = Constraints {
            allowed: vec!["only".into()],
            ..Constraints::default()
        };
        assert_eq!(
            type_schema(&ty("string"), &c),
            json!({ "type": "string", "const": "only" })
        );
    }

    #[test]
    fn a_model_named_like_fastapis_schemas_keeps_its_name() {
        let model = |name: &str| DataModel {
            name: name.into(),
            description: None,
            strict: false,
            fields: Vec::new(),
            union: None,
        };
        let names = ValidationNames::new(&[model("ValidationError")]);
        assert_eq!(names.http_validation_error, "fastapi.HTTPValidationError");
        assert_eq!(
            names.schemas()[0].1["properties"]["detail"]["items"]["$ref"],
            "#/components/schemas/fastapi.ValidationError"
        );
        let names = ValidationNames::new(&[model("Task")]);
        assert_eq!(names.validation_error, "ValidationError");
    }
}
