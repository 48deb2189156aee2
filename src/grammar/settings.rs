//! The grammar of a setting (`settings:` in a spec): which types it can have, and how a default
//! is written as the environment would give it. Shared by the validator and the model.

use super::types::{Scalar, TypeExpr};
use serde_json::Value;

/// The scalar types a setting can have.
pub fn setting_scalar(text: &str) -> Option<(Scalar, bool)> {
    let parsed = crate::grammar::types::parse(text).ok()?;
    match parsed.ty {
        TypeExpr::Scalar(
            scalar @ (Scalar::String
            | Scalar::Bool
            | Scalar::U8
            | Scalar::U16
            | Scalar::U32
            | Scalar::U64
            | Scalar::I32
            | Scalar::I64
            | Scalar::F64),
        ) => Some((scalar, parsed.optional)),
        _ => None,
    }
}

/// A default as the environment would give it (`5`, `true`, `sqlite://tasks.db`), if it fits.
pub fn default_text(scalar: Scalar, value: &Value) -> Option<String> {
    match (scalar, value) {
        (Scalar::String, Value::String(text)) => Some(text.clone()),
        (Scalar::Bool, Value::Bool(flag)) => Some(flag.to_string()),
        (Scalar::F64, Value::Number(number)) => number.as_f64().map(|n| n.to_string()),
        (scalar, Value::Number(number)) => {
            let (min, max) = scalar.integer_range()?;
            let value = number
                .as_i64()
                .map(i128::from)
                .or(number.as_u64().map(i128::from))?;
            (min..=max).contains(&value).then(|| value.to_string())
        }
        _ => None,
    }
}
