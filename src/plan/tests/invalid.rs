//! Invalid requests to typed endpoints and FastAPI's exact answer to each: a missing required
//! field, a value of the wrong type, a broken constraint, malformed JSON. The 422 bodies are
//! written here byte for byte as FastAPI 0.165 with Pydantic 2.14 writes them (the recorded
//! answers in `tests/conformance/fastapi_422.json` hold this module to it).

use crate::model::{Constraints, DataModel, Field, FieldType, Scalar, TypeExpr};
use serde_json::{Number, Value, json};

/// One entry of FastAPI's `detail` list.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationError {
    pub kind: &'static str,
    pub loc: Vec<Value>,
    pub msg: String,
    pub input: Value,
    /// `ctx`, as JSON text in FastAPI's key order (`None` when FastAPI writes none).
    pub ctx: Option<String>,
}

/// A body FastAPI refuses, and why.
#[derive(Debug, Clone)]
pub struct InvalidBody {
    /// What the test shows, for its name (`without_title`).
    pub label: String,
    /// One sentence, for its doc comment.
    pub doc: String,
    /// The request body, as sent.
    pub body: String,
    /// The 422 body, byte for byte.
    pub detail: String,
}

/// FastAPI's 422 body for `errors`: compact JSON, keys in its order, non-ASCII as is.
pub fn detail(errors: &[ValidationError]) -> String {
    let mut out = String::from(r#"{"detail":["#);
    for (i, error) in errors.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!(
            r#"{{"type":{},"loc":{},"msg":{},"input":{}"#,
            json!(error.kind),
            Value::Array(error.loc.clone()),
            json!(error.msg),
            error.input
        ));
        if let Some(ctx) = &error.ctx {
            out.push_str(&format!(r#","ctx":{ctx}"#));
        }
        out.push('}');
    }
    out.push_str("]}");
    out
}

/// The invalid bodies a typed endpoint's tests send, built from its valid `example`.
pub fn invalid_bodies(
    model: &DataModel,
    example: &Value,
    models: &[DataModel],
) -> Vec<InvalidBody> {
    let mut cases = Vec::new();
    let Value::Object(valid) = example else {
        return cases;
    };
    let body_loc = |field: &Field| vec![json!("body"), json!(field.name)];
    // A required field left out.
    if let Some(field) = model
        .fields
        .iter()
        .find(|f| f.required() && valid.contains_key(&f.name))
    {
        let mut object = valid.clone();
        object.remove(&field.name);
        let input = Value::Object(object);
        cases.push(InvalidBody {
            label: format!("without_{}", field.rust_name.trim_end_matches('_')),
            doc: format!(
                "A body without `{}` is answered 422: the field is required.",
                field.name
            ),
            body: input.to_string(),
            detail: detail(&[ValidationError {
                kind: "missing",
                loc: body_loc(field),
                msg: "Field required".into(),
                input: input.clone(),
                ctx: None,
            }]),
        });
    }
    // A value of the wrong type.
    // A strict model is shown refusing what the lax mode would convert (`"done": 1`), when it
    // has such a field.
    let strict = model
        .strict
        .then(|| {
            model
                .fields
                .iter()
                .find_map(|f| Some((f, strictly_wrong_type(&f.ty)?)))
        })
        .flatten();
    let lax = || {
        model
            .fields
            .iter()
            .find_map(|f| Some((f, wrong_type(&f.ty, &f.constraints)?)))
    };
    if let Some((field, wrong, error)) = strict.or_else(lax).map(|(f, (wrong, kind, msg))| {
        let error = ValidationError {
            kind,
            loc: body_loc(f),
            msg: msg.into(),
            input: wrong.clone(),
            ctx: None,
        };
        (f, wrong, error)
    }) {
        let mut object = valid.clone();
        object.insert(field.name.clone(), wrong);
        cases.push(InvalidBody {
            label: format!(
                "with_a_wrong_type_of_{}",
                field.rust_name.trim_end_matches('_')
            ),
            doc: format!(
                "A body whose `{}` is not a `{}` is answered 422.",
                field.name, field.ty
            ),
            body: Value::Object(object).to_string(),
            detail: detail(&[error]),
        });
    }
    // A discriminated union given a tag none of its members has.
    if let Some((field, discriminator, tags)) = model.fields.iter().find_map(|f| {
        let TypeExpr::Model(name) = &f.ty.ty else {
            return None;
        };
        let union = models.iter().find(|m| m.name == *name)?.union.as_ref()?;
        let tags: Vec<String> = union.members.iter().filter_map(|m| m.tag.clone()).collect();
        Some((f, union.discriminator.clone()?, tags))
    }) {
        let mut tag = String::from("unknown");
        while tags.contains(&tag) {
            tag.push('_');
        }
        let input = json!({ discriminator.clone(): tag });
        let quoted = python_repr(&discriminator);
        let expected: Vec<String> = tags.iter().map(|t| python_repr(t)).collect();
        let expected = expected.join(", ");
        let mut object = valid.clone();
        object.insert(field.name.clone(), input.clone());
        cases.push(InvalidBody {
            label: format!(
                "with_an_unknown_tag_of_{}",
                field.rust_name.trim_end_matches('_')
            ),
            doc: format!(
                "A body whose `{}` has a `{discriminator}` no member of `{}` has is answered 422.",
                field.name, field.ty
            ),
            body: Value::Object(object).to_string(),
            detail: detail(&[ValidationError {
                kind: "union_tag_invalid",
                loc: body_loc(field),
                msg: format!(
                    "Input tag '{tag}' found using {quoted} does not match any of the expected tags: {expected}"
                ),
                input,
                ctx: Some(format!(
                    r#"{{"discriminator":{},"tag":{},"expected_tags":{}}}"#,
                    json!(quoted),
                    json!(tag),
                    json!(expected)
                )),
            }]),
        });
    }
    // A broken constraint.
    if let Some((field, value, error, what)) = model.fields.iter().find_map(|f| {
        let (value, error, what) = broken_constraint(f, models)?;
        Some((f, value, error, what))
    }) {
        let mut object = valid.clone();
        object.insert(field.name.clone(), value);
        cases.push(InvalidBody {
            label: format!(
                "breaking_{}_of_{}",
                what,
                field.rust_name.trim_end_matches('_')
            ),
            doc: format!(
                "A body whose `{}` breaks `{what}` is answered 422.",
                field.name
            ),
            body: Value::Object(object).to_string(),
            detail: detail(&[error]),
        });
    }
    // Malformed JSON: FastAPI's decode error, at the character where the value is missing.
    if let Some(field) = model.fields.first() {
        let body = format!("{{{}: ", json!(field.name));
        cases.push(InvalidBody {
            label: "with_malformed_json".into(),
            doc: "A body that is not JSON is answered 422 with FastAPI's decode error and its position.".into(),
            detail: detail(&[ValidationError {
                kind: "json_invalid",
                loc: vec![json!("body"), json!(body.chars().count())],
                msg: "JSON decode error".into(),
                input: json!({}),
                ctx: Some(r#"{"error":"Expecting value"}"#.into()),
            }]),
            body,
        });
    }
    cases
}

/// A value of the wrong type for `ty`, Pydantic's error type and message for it.
fn wrong_type(
    ty: &FieldType,
    constraints: &Constraints,
) -> Option<(Value, &'static str, &'static str)> {
    Some(match &ty.ty {
        TypeExpr::Scalar(Scalar::String) if constraints.allowed.is_empty() => {
            (json!(123), "string_type", "Input should be a valid string")
        }
        TypeExpr::Scalar(Scalar::Bool) => (
            json!("maybe"),
            "bool_parsing",
            "Input should be a valid boolean, unable to interpret input",
        ),
        TypeExpr::Scalar(Scalar::F64) => (
            json!("abc"),
            "float_parsing",
            "Input should be a valid number, unable to parse string as a number",
        ),
        TypeExpr::Scalar(scalar) if scalar.integer_range().is_some() => (
            json!("abc"),
            "int_parsing",
            "Input should be a valid integer, unable to parse string as an integer",
        ),
        TypeExpr::List(_) => (json!(123), "list_type", "Input should be a valid list"),
        _ => return None,
    })
}

/// For a field of a strict model: a value the lax mode would convert, and the strict error.
fn strictly_wrong_type(ty: &FieldType) -> Option<(Value, &'static str, &'static str)> {
    Some(match &ty.ty {
        TypeExpr::Scalar(Scalar::Bool) => {
            (json!(1), "bool_type", "Input should be a valid boolean")
        }
        TypeExpr::Scalar(Scalar::F64) => {
            (json!("1.5"), "float_type", "Input should be a valid number")
        }
        TypeExpr::Scalar(scalar) if scalar.integer_range().is_some() => {
            (json!("5"), "int_type", "Input should be a valid integer")
        }
        _ => return None,
    })
}

/// A value that breaks one of the field's constraints, with FastAPI's error and the
/// constraint's name.
fn broken_constraint(
    field: &Field,
    models: &[DataModel],
) -> Option<(Value, ValidationError, &'static str)> {
    let c = &field.constraints;
    let loc = vec![json!("body"), json!(field.name)];
    let error = |kind, msg: String, input: &Value, ctx: String| ValidationError {
        kind,
        loc: loc.clone(),
        msg,
        input: input.clone(),
        ctx: Some(ctx),
    };
    let plural = |n: u64, word: &str| {
        if n == 1 {
            word.to_string()
        } else {
            format!("{word}s")
        }
    };
    match field.ty.ty {
        TypeExpr::Scalar(Scalar::String) => {
            if let Some(min) = c.min_length.filter(|m| *m >= 1) {
                let value = json!("a".repeat(min as usize - 1));
                let msg = format!(
                    "String should have at least {min} {}",
                    plural(min, "character")
                );
                return Some((
                    value.clone(),
                    error(
                        "string_too_short",
                        msg,
                        &value,
                        format!(r#"{{"min_length":{min}}}"#),
                    ),
                    "min_length",
                ));
            }
            if let Some(max) = c.max_length.filter(|m| *m < 10_000) {
                let value = json!("a".repeat(max as usize + 1));
                let msg = format!(
                    "String should have at most {max} {}",
                    plural(max, "character")
                );
                return Some((
                    value.clone(),
                    error(
                        "string_too_long",
                        msg,
                        &value,
                        format!(r#"{{"max_length":{max}}}"#),
                    ),
                    "max_length",
                ));
            }
            if !c.allowed.is_empty() {
                let value = json!("axumgen-not-allowed");
                let expected = expected_literals(&c.allowed);
                let msg = format!("Input should be {expected}");
                return Some((
                    value.clone(),
                    error(
                        "literal_error",
                        msg,
                        &value,
                        format!(r#"{{"expected":{}}}"#, json!(expected)),
                    ),
                    "enum",
                ));
            }
            None
        }
        TypeExpr::Scalar(scalar) if scalar.is_number() => {
            let float = scalar == Scalar::F64;
            let bounds = [
                (
                    "ge",
                    &c.ge,
                    "greater_than_equal",
                    "greater than or equal to",
                    -1.0,
                ),
                ("gt", &c.gt, "greater_than", "greater than", 0.0),
                ("le", &c.le, "less_than_equal", "less than or equal to", 1.0),
                ("lt", &c.lt, "less_than", "less than", 0.0),
            ];
            for (name, bound, kind, words, step) in bounds {
                let Some(bound) = bound.as_ref().and_then(Number::as_f64) else {
                    continue;
                };
                if bound.fract() != 0.0 || bound.abs() > 1e15 {
                    continue;
                }
                let value = bound + step;
                // Integers outside the type's own range would be a different error.
                if let Some((min, max)) = scalar.integer_range()
                    && !((min as f64)..=(max as f64)).contains(&value)
                {
                    continue;
                }
                let input = json!(value as i64);
                let ctx_bound = if float {
                    format!("{bound:.1}")
                } else {
                    format!("{}", bound as i64)
                };
                let msg = format!("Input should be {words} {}", bound as i64);
                return Some((
                    input.clone(),
                    error(kind, msg, &input, format!(r#"{{"{name}":{ctx_bound}}}"#)),
                    name,
                ));
            }
            None
        }
        TypeExpr::List(ref item) => {
            let element = crate::model::derive_example(item, &Constraints::default(), models);
            if let Some(max) = c.max_items.filter(|m| *m < 1_000) {
                let actual = max + 1;
                let value = Value::Array(vec![element; actual as usize]);
                let msg = format!(
                    "List should have at most {max} {} after validation, not {actual}",
                    plural(max, "item")
                );
                let ctx = format!(
                    r#"{{"field_type":"List","max_length":{max},"actual_length":{actual}}}"#
                );
                return Some((
                    value.clone(),
                    error("too_long", msg, &value, ctx),
                    "max_items",
                ));
            }
            if let Some(min) = c.min_items.filter(|m| *m >= 1 && *m < 1_000) {
                let actual = min - 1;
                let value = Value::Array(vec![element; actual as usize]);
                let msg = format!(
                    "List should have at least {min} {} after validation, not {actual}",
                    plural(min, "item")
                );
                let ctx = format!(
                    r#"{{"field_type":"List","min_length":{min},"actual_length":{actual}}}"#
                );
                return Some((
                    value.clone(),
                    error("too_short", msg, &value, ctx),
                    "min_items",
                ));
            }
            None
        }
        _ => None,
    }
}

/// Python's list of literals: `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`, each as `repr` writes it.
fn expected_literals(values: &[String]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| python_repr(v)).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// Python's `repr` of a string: single quotes unless the text has one and no double quote,
/// backslashes and the chosen quote escaped, control characters as `\n`, `\t`, `\xNN`.
fn python_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The request body and the recorded FastAPI answer of a case of
    /// `tests/conformance/fastapi_422.json`. The answer is compared as JSON: the table is read
    /// without its key order, which `detail` fixes as FastAPI's (type, loc, msg, input, ctx).
    fn recorded(name: &str) -> (String, Value) {
        let table: Value =
            serde_json::from_str(include_str!("../../../tests/conformance/fastapi_422.json"))
                .unwrap();
        let case = table["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("{name}"));
        (
            case["request"]["body"].as_str().unwrap_or("").to_string(),
            case["response"]["body"].clone(),
        )
    }

    fn parsed(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    /// A field of the model `NewTask`.
    fn field(name: &str, ty: &str, constraints: Constraints, default: Option<Value>) -> Field {
        let mut field = Field {
            name: name.into(),
            rust_name: name.into(),
            ty: crate::grammar::types::parse(ty).unwrap(),
            constraints,
            default,
            description: None,
            omit_none: false,
            example: None,
            enum_name: None,
        };
        if field.has_enum() {
            field.enum_name = Some(crate::grammar::enum_type_name("NewTask", name));
        }
        field
    }

    /// The contract's `NewTask` (tests/conformance/fastapi/app.py), as far as these cases need.
    fn new_task() -> DataModel {
        DataModel {
            name: "NewTask".into(),
            description: None,
            strict: false,
            fields: vec![
                field(
                    "title",
                    "string",
                    Constraints {
                        min_length: Some(1),
                        max_length: Some(100),
                        ..Constraints::default()
                    },
                    None,
                ),
                field("done", "bool", Constraints::default(), Some(json!(false))),
                field(
                    "priority",
                    "string",
                    Constraints {
                        allowed: vec!["low".into(), "normal".into(), "high".into()],
                        ..Constraints::default()
                    },
                    Some(json!("normal")),
                ),
                field(
                    "tags",
                    "[string]",
                    Constraints {
                        max_items: Some(5),
                        ..Constraints::default()
                    },
                    Some(json!([])),
                ),
                field(
                    "estimate",
                    "f64?",
                    Constraints {
                        ge: Some(Number::from(0)),
                        ..Constraints::default()
                    },
                    None,
                ),
            ],
            union: None,
        }
    }

    #[test]
    fn errors_are_written_as_fastapi_writes_them() {
        let model = new_task();
        let find = |name: &str| model.fields.iter().find(|f| f.name == name).unwrap();
        // The missing title of {"done":false}.
        let (body, answer) = recorded("body_missing_title");
        let input: Value = serde_json::from_str(&body).unwrap();
        let missing = ValidationError {
            kind: "missing",
            loc: vec![json!("body"), json!("title")],
            msg: "Field required".into(),
            input,
            ctx: None,
        };
        assert_eq!(parsed(&detail(&[missing])), answer);
        // The title number.
        let (_, answer) = recorded("title_number");
        let (wrong, kind, msg) = wrong_type(&find("title").ty, &find("title").constraints).unwrap();
        assert_eq!(wrong, json!(123));
        let error = ValidationError {
            kind,
            loc: vec![json!("body"), json!("title")],
            msg: msg.into(),
            input: json!(5),
            ctx: None,
        };
        assert_eq!(parsed(&detail(&[error])), answer);
        // Broken constraints: the empty title, six tags, a negative estimate, an unknown priority.
        for (case, name) in [
            ("title_empty", "title"),
            ("tags_6_items", "tags"),
            ("estimate_negative", "estimate"),
        ] {
            let (_, answer) = recorded(case);
            let (_, error, _) = broken_constraint(find(name), &[]).unwrap();
            let mut answer = answer;
            // The recording sent its own values; compare all but the input.
            answer["detail"][0]["input"] = error.input.clone();
            assert_eq!(parsed(&detail(&[error])), answer, "{case}");
        }
        let (_, answer) = recorded("priority_urgent");
        let (_, mut error, _) = broken_constraint(find("priority"), &[]).unwrap();
        error.input = json!("urgent");
        assert_eq!(parsed(&detail(&[error])), answer);
        // Malformed JSON.
        let (body, answer) = recorded("body_malformed_json");
        let cases = invalid_bodies(&model, &json!({ "title": "Docs" }), &[]);
        let malformed = cases
            .iter()
            .find(|c| c.label == "with_malformed_json")
            .unwrap();
        assert_eq!(malformed.body, body);
        assert_eq!(parsed(&malformed.detail), answer);
        assert!(
            malformed
                .detail
                .starts_with(r#"{"detail":[{"type":"json_invalid","loc":["body",10],"msg":"#)
        );
    }

    #[test]
    fn literals_are_listed_as_python_lists_them() {
        let values = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(expected_literals(&values(&["a"])), "'a'");
        assert_eq!(expected_literals(&values(&["a", "b"])), "'a' or 'b'");
        assert_eq!(
            expected_literals(&values(&["a", "b", "c"])),
            "'a', 'b' or 'c'"
        );
    }
}
