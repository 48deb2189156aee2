//! The parameter structs of `src/api.rs`: each query field's Rust type and default, and how
//! a validated path or query parameter is read (its read method, validator and layout).

use super::validators::Mode;
use crate::model::{Endpoint, ParamType, QueryParam};
use serde::Serialize;

/// How a validated path or query parameter is read.
#[derive(Debug, Clone, Serialize)]
pub struct ParamRead {
    /// The name on the wire.
    pub name: String,
    /// The Rust field it is read into.
    pub rust: String,
    /// The local variable it is read into (`super::reader_local`: `errors_` for `errors`).
    pub local: String,
    /// `required`, `optional`, `with_default` or `optional_with_default`.
    pub read: &'static str,
    /// Runtime validator code (see `validators::validator`).
    pub validator: String,
    /// The function a `with_default` read calls when the parameter is absent
    /// (`Self::default_page`).
    pub default: Option<String>,
    /// How rustfmt lays out `let rust = params.read("name", &validator, errors);`.
    pub layout: crate::layout::Layout,
}

#[derive(Debug, Clone, Serialize)]
pub struct QueryField {
    /// The Rust field.
    pub name: String,
    /// The name on the wire, when it is not the field's (`type` for `type_`).
    pub rename: Option<String>,
    /// `Option<u32>`, `u32` or `Vec<u32>`.
    pub rust: String,
    /// Its default, when it has one.
    pub default: Option<QueryDefault>,
}

/// A query parameter's default: an associated function of the query struct, which serde's
/// `default` attribute and the validated read both call.
#[derive(Debug, Clone, Serialize)]
pub struct QueryDefault {
    /// `default_page`.
    pub function: String,
    /// Its Rust expression (`1`, `"desc".to_string()`, `vec![1, 2]`).
    pub value: String,
}

/// The fields of an endpoint's query struct, in spec order.
pub(super) fn query_fields(endpoint: &Endpoint) -> Vec<QueryField> {
    endpoint
        .query
        .iter()
        .map(|q| QueryField {
            name: q.rust_name.clone(),
            rename: (q.rust_name != q.name).then(|| q.name.clone()),
            rust: query_rust_type(q),
            default: q.default.as_ref().map(|value| QueryDefault {
                function: default_function(q),
                value: default_value(q, value),
            }),
        })
        .collect()
}

/// How each path parameter is read, in path order.
pub(super) fn path_reads(endpoint: &Endpoint) -> Vec<ParamRead> {
    endpoint
        .params
        .iter()
        .map(|p| {
            let read = ParamShape {
                ty: p.ty,
                list: false,
                optional: false,
                default: None,
            };
            param_read(&p.name, &p.name, read, &p.constraints)
        })
        .collect()
}

/// How each query parameter is read, in spec order.
pub(super) fn query_reads(endpoint: &Endpoint) -> Vec<ParamRead> {
    endpoint
        .query
        .iter()
        .map(|q| {
            let default = q
                .default
                .as_ref()
                .map(|_| format!("Self::{}", default_function(q)));
            let read = ParamShape {
                ty: q.ty,
                list: q.list,
                optional: q.optional,
                default,
            };
            param_read(&q.name, &q.rust_name, read, &q.constraints)
        })
        .collect()
}

/// What a parameter's read depends on besides its name and constraints.
struct ParamShape {
    ty: ParamType,
    /// A list of `ty` (query only).
    list: bool,
    optional: bool,
    /// The function called when it is absent (`Self::default_page`).
    default: Option<String>,
}

fn param_read(
    name: &str,
    rust: &str,
    shape: ParamShape,
    constraints: &crate::model::Constraints,
) -> ParamRead {
    use crate::model::{FieldType, Scalar, TypeExpr};
    let scalar = Scalar::from_name(shape.ty.name()).unwrap_or(Scalar::String);
    let read = match (shape.optional, shape.default.is_some()) {
        (false, false) => "required",
        (false, true) => "with_default",
        (true, false) => "optional",
        (true, true) => "optional_with_default",
    };
    let ty = match shape.list {
        true => TypeExpr::List(Box::new(FieldType {
            ty: TypeExpr::Scalar(scalar),
            optional: false,
        })),
        false => TypeExpr::Scalar(scalar),
    };
    let validator = super::validators::validator(
        &FieldType {
            ty,
            optional: false,
        },
        constraints,
        None,
        // Parameters arrive as text: only the lax mode can read them (as FastAPI does).
        Mode::Lax,
        super::validators::Naming::Explicit,
    );
    let mut args = vec![
        crate::render::filters::rust_str(name),
        format!("&{validator}"),
        "errors".to_string(),
    ];
    args.extend(shape.default.clone());
    let local = super::reader_local(rust, &["params", "errors"]);
    ParamRead {
        name: name.to_string(),
        rust: rust.to_string(),
        read,
        layout: crate::layout::read_statement("params", &local, read, &args),
        local,
        validator,
        default: shape.default,
    }
}

/// A query parameter's Rust type: `u32`, `Vec<u32>`, either in an `Option` when optional.
fn query_rust_type(q: &QueryParam) -> String {
    match q.optional {
        true => format!("Option<{}>", query_value_type(q)),
        false => query_value_type(q),
    }
}

/// The type of a query parameter's value when given: `u32`, or `Vec<u32>` for a list.
pub(super) fn query_value_type(q: &QueryParam) -> String {
    match q.list {
        true => format!("Vec<{}>", q.ty.rust()),
        false => q.ty.rust().to_string(),
    }
}

/// The query struct's function that gives a parameter's default (`default_page`;
/// `default_type` for the field `type_`: check refuses two names of one Rust field).
fn default_function(q: &QueryParam) -> String {
    format!("default_{}", q.rust_name.trim_end_matches('_'))
}

/// A default as a Rust expression of the parameter's type (check verified that it is one).
fn default_value(q: &QueryParam, value: &serde_json::Value) -> String {
    use serde_json::Value;
    let scalar = |value: &Value| match (q.ty, value) {
        (ParamType::String, Value::String(text)) => {
            format!("{}.to_string()", crate::render::filters::rust_str(text))
        }
        (ParamType::F64, Value::Number(number)) => format!("{:?}", number.as_f64().unwrap_or(0.0)),
        (_, other) => other.to_string(),
    };
    let value_of_type = |value: &Value| match (q.list, value) {
        (true, Value::Array(items)) if items.is_empty() => "Vec::new()".to_string(),
        (true, Value::Array(items)) => {
            let items: Vec<String> = items.iter().map(scalar).collect();
            format!("vec![{}]", items.join(", "))
        }
        (_, value) => scalar(value),
    };
    match (q.optional, value) {
        (true, Value::Null) => "None".to_string(),
        (true, value) => format!("Some({})", value_of_type(value)),
        (false, value) => value_of_type(value),
    }
}
