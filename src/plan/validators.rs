//! The runtime validator of a field's type (`v::Str::new().min_length(1)`, `v::List::new(...)`,
//! `v::Model::new()`), as the model's `from_input` and a parameter's read call it, and the
//! Rust types of scalars.

use crate::model::{FieldType, Scalar, TypeExpr};

/// The runtime validator of a type (outer `?` already handled by the field's read method; a
/// `?` deeper in is `Nullable`). Every string in it is a `rust_str` literal.
pub fn validator(
    ty: &FieldType,
    c: &crate::model::Constraints,
    enum_name: Option<&str>,
    mode: Mode,
    naming: Naming,
) -> String {
    use crate::render::filters::rust_str;
    // Strict mode changes how booleans, numbers, date-times and dates are read; strings,
    // enums, UUIDs and e-mail addresses are only ever read from JSON strings.
    let strict = |validator: String| match mode {
        Mode::Strict => format!("v::Strict({validator})"),
        Mode::Lax => validator,
    };
    let inner = match &ty.ty {
        TypeExpr::Scalar(Scalar::String) => match enum_name {
            Some(_) if naming == Naming::Inferred => "v::Enum::new()".to_string(),
            Some(name) => format!("v::Enum::<{name}>::new()"),
            // A parameter's `enum` (a field's has a Rust enum): its values, kept as strings.
            None if !c.allowed.is_empty() => {
                let values: Vec<String> = c.allowed.iter().map(|v| rust_str(v)).collect();
                format!("v::Choice::new(&[{}])", values.join(", "))
            }
            None => {
                let mut text = String::from("v::Str::new()");
                if let Some(min) = c.min_length {
                    text.push_str(&format!(".min_length({min})"));
                }
                if let Some(max) = c.max_length {
                    text.push_str(&format!(".max_length({max})"));
                }
                if let Some(pattern) = &c.pattern {
                    // The runtime's macro: the expression once, as one literal argument.
                    text.push_str(&format!(".pattern(v::pattern!({}))", rust_str(pattern)));
                }
                text
            }
        },
        TypeExpr::Scalar(Scalar::Bool) => strict("v::Bool".into()),
        TypeExpr::Scalar(Scalar::F64) => {
            let mut text = String::from("v::Float::new()");
            for (name, bound) in [("ge", &c.ge), ("gt", &c.gt), ("le", &c.le), ("lt", &c.lt)] {
                if let Some(value) = bound.as_ref().and_then(serde_json::Number::as_f64) {
                    text.push_str(&format!(".{name}({value:?})"));
                }
            }
            strict(text)
        }
        TypeExpr::Scalar(Scalar::DateTime) => {
            format!("v::Text({})", strict("v::DateTimeV".into()))
        }
        TypeExpr::Scalar(Scalar::Date) => {
            format!("v::Text({})", strict("v::DateV".into()))
        }
        TypeExpr::Scalar(Scalar::Uuid) => "v::Text(v::UuidV)".into(),
        TypeExpr::Scalar(Scalar::Email) => "v::Email".into(),
        TypeExpr::Scalar(Scalar::Json) => "v::AnyJson".into(),
        TypeExpr::Scalar(integer) => {
            let mut text = format!("v::Int::<{}>::new()", scalar_type(*integer));
            for (name, bound) in [("ge", &c.ge), ("gt", &c.gt), ("le", &c.le), ("lt", &c.lt)] {
                if let Some(value) = bound
                    .as_ref()
                    .and_then(|n| n.as_i64().map(i128::from).or(n.as_u64().map(i128::from)))
                {
                    text.push_str(&format!(".{name}({value})"));
                }
            }
            strict(text)
        }
        TypeExpr::List(item) => {
            let mut text = format!(
                "v::List::new({})",
                validator(
                    item,
                    &crate::model::Constraints::default(),
                    None,
                    mode,
                    naming
                )
            );
            if let Some(min) = c.min_items {
                text.push_str(&format!(".min_items({min})"));
            }
            if let Some(max) = c.max_items {
                text.push_str(&format!(".max_items({max})"));
            }
            text
        }
        TypeExpr::Map(value) => format!(
            "v::Map::<_, std::collections::BTreeMap<String, _>>::new({})",
            validator(
                value,
                &crate::model::Constraints::default(),
                None,
                mode,
                naming
            )
        ),
        TypeExpr::Model(_) if naming == Naming::Inferred => "v::Model::new()".to_string(),
        TypeExpr::Model(name) => format!("v::Model::<{name}>::new()"),
    };
    if ty.optional {
        format!("v::Nullable({inner})")
    } else {
        inner
    }
}

/// Whether a validator names the model or enum it reads (`v::Model::<Pet>::new()`), or leaves
/// it to the compiler (`v::Model::new()`): a field's read is inferred from the struct literal
/// it ends in, which keeps GitHub's 90-character model names off those lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    Explicit,
    Inferred,
}

/// How a model's fields are read: Pydantic's lax mode (the default), or its strict mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Lax,
    Strict,
}

/// Formats (`date-time`, `uuid`, `email`) stay strings: the validation checks them, and the
/// project needs no date or UUID crate.
pub(super) fn scalar_type(scalar: Scalar) -> &'static str {
    match scalar {
        Scalar::Bool => "bool",
        Scalar::U8 => "u8",
        Scalar::U16 => "u16",
        Scalar::U32 => "u32",
        Scalar::U64 => "u64",
        Scalar::I32 => "i32",
        Scalar::I64 => "i64",
        Scalar::F64 => "f64",
        Scalar::String | Scalar::DateTime | Scalar::Date | Scalar::Uuid | Scalar::Email => "String",
        Scalar::Json => "serde_json::Value",
    }
}
