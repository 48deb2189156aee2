//! Field types as a spec writes them: `string`, `u32?`, `[string]`, `{string: Task}`, `User`,
//! `date-time?`. A trailing `?` makes a type optional (absent or `null`), at any depth.

use serde::Serialize;
use std::fmt;

/// The scalar types a field, a query or a path parameter may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scalar {
    String,
    Bool,
    U8,
    U16,
    U32,
    U64,
    I32,
    I64,
    F64,
    DateTime,
    Date,
    Uuid,
    Email,
    /// Any JSON value (Pydantic's `Any`): an object without declared fields, or what an imported
    /// document leaves open. It is not checked, and becomes a `serde_json::Value`.
    Json,
}

impl Scalar {
    /// Every scalar, with the name a spec uses for it.
    pub const ALL: [(&'static str, Scalar); 14] = [
        ("string", Scalar::String),
        ("bool", Scalar::Bool),
        ("u8", Scalar::U8),
        ("u16", Scalar::U16),
        ("u32", Scalar::U32),
        ("u64", Scalar::U64),
        ("i32", Scalar::I32),
        ("i64", Scalar::I64),
        ("f64", Scalar::F64),
        ("date-time", Scalar::DateTime),
        ("date", Scalar::Date),
        ("uuid", Scalar::Uuid),
        ("email", Scalar::Email),
        ("json", Scalar::Json),
    ];

    pub fn from_name(name: &str) -> Option<Scalar> {
        Scalar::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, scalar)| *scalar)
    }

    pub fn name(self) -> &'static str {
        Scalar::ALL
            .iter()
            .find(|(_, s)| *s == self)
            .map_or("string", |(n, _)| n)
    }

    /// Numbers: `ge`, `gt`, `le` and `lt` apply.
    pub fn is_number(self) -> bool {
        self.integer_range().is_some() || self == Scalar::F64
    }

    /// Strings on the wire: `min_length`, `max_length`, `pattern` and `enum` apply to `string`;
    /// the formats (`date-time`, `uuid`…) are strings too.
    pub fn is_string(self) -> bool {
        matches!(
            self,
            Scalar::String | Scalar::DateTime | Scalar::Date | Scalar::Uuid | Scalar::Email
        )
    }

    /// The values an integer type holds.
    pub fn integer_range(self) -> Option<(i128, i128)> {
        Some(match self {
            Scalar::U8 => (0, u8::MAX.into()),
            Scalar::U16 => (0, u16::MAX.into()),
            Scalar::U32 => (0, u32::MAX.into()),
            Scalar::U64 => (0, u64::MAX.into()),
            Scalar::I32 => (i32::MIN.into(), i32::MAX.into()),
            Scalar::I64 => (i64::MIN.into(), i64::MAX.into()),
            _ => return None,
        })
    }
}

/// A type: a scalar, a list, a map with string keys, or a model by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum TypeExpr {
    Scalar(Scalar),
    List(Box<FieldType>),
    Map(Box<FieldType>),
    Model(String),
}

/// A type and whether it may be absent or `null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldType {
    pub ty: TypeExpr,
    pub optional: bool,
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.ty {
            TypeExpr::Scalar(scalar) => f.write_str(scalar.name())?,
            TypeExpr::List(item) => write!(f, "[{item}]")?,
            TypeExpr::Map(value) => write!(f, "{{string: {value}}}")?,
            TypeExpr::Model(name) => f.write_str(name)?,
        }
        if self.optional {
            f.write_str("?")?;
        }
        Ok(())
    }
}

/// Why a type does not parse, and where (a byte offset into the text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeError {
    pub offset: usize,
    pub message: String,
}

/// Parses a type. Names that are not scalars are model names (checked later against the spec's
/// models).
pub fn parse(text: &str) -> Result<FieldType, TypeError> {
    let mut parser = Parser { text, at: 0 };
    let ty = parser.field_type(0)?;
    parser.skip_spaces();
    if parser.at < text.len() {
        return Err(parser.error(format!(
            "unexpected `{}` after the type",
            &text[parser.at..]
        )));
    }
    Ok(ty)
}

/// Nesting deeper than this is refused (no spec needs it; it bounds the recursion).
const MAX_DEPTH: usize = 16;

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl Parser<'_> {
    fn error(&self, message: impl Into<String>) -> TypeError {
        TypeError {
            offset: self.at.min(self.text.len()),
            message: message.into(),
        }
    }

    fn skip_spaces(&mut self) {
        while self.text[self.at..].starts_with(' ') {
            self.at += 1;
        }
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_spaces();
        if self.text[self.at..].starts_with(c) {
            self.at += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: char, what: &str) -> Result<(), TypeError> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.error(format!("expected `{c}` {what}")))
        }
    }

    fn field_type(&mut self, depth: usize) -> Result<FieldType, TypeError> {
        if depth > MAX_DEPTH {
            return Err(self.error(format!("types nest at most {MAX_DEPTH} deep")));
        }
        self.skip_spaces();
        let ty = if self.eat('[') {
            let item = self.field_type(depth + 1)?;
            self.expect(']', "to close the list")?;
            TypeExpr::List(Box::new(item))
        } else if self.eat('{') {
            self.skip_spaces();
            let key_at = self.at;
            if self.name() != "string" {
                self.at = key_at;
                return Err(self.error("map keys are strings: write `{string: T}`"));
            }
            self.expect(':', "after the map's key type")?;
            let value = self.field_type(depth + 1)?;
            self.expect('}', "to close the map")?;
            TypeExpr::Map(Box::new(value))
        } else {
            let start = self.at;
            let name = self.name().to_string();
            let name = name.as_str();
            if name.is_empty() {
                return Err(self.error("expected a type: a scalar (`string`, `u32`…), `[T]`, `{string: T}` or a model name"));
            }
            match Scalar::from_name(name) {
                Some(scalar) => TypeExpr::Scalar(scalar),
                None if name.starts_with(|c: char| c.is_ascii_alphabetic()) => {
                    TypeExpr::Model(name.to_string())
                }
                None => {
                    self.at = start;
                    return Err(self.error(format!("`{name}` is not a type name")));
                }
            }
        };
        let optional = self.eat('?');
        Ok(FieldType { ty, optional })
    }

    /// A run of name characters (letters, digits, `_`, `-`).
    fn name(&mut self) -> &str {
        let start = self.at;
        let rest = &self.text[start..];
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        self.at += len;
        &self.text[start..start + len]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str) -> String {
        parse(text).expect(text).to_string()
    }

    #[test]
    fn types_parse_and_print_back() {
        for text in [
            "string",
            "u32?",
            "[string]",
            "[Task]?",
            "{string: string}",
            "{string: [u64?]}",
            "date-time?",
            "User",
            "email",
            "uuid",
        ] {
            assert_eq!(round_trip(text), text);
        }
        assert_eq!(round_trip(" [ string ] ? "), "[string]?");
        assert_eq!(
            parse("{string: User}").unwrap().ty,
            TypeExpr::Map(Box::new(FieldType {
                ty: TypeExpr::Model("User".into()),
                optional: false
            }))
        );
    }

    #[test]
    fn errors_point_at_the_problem() {
        let at = |text: &str| parse(text).unwrap_err().offset;
        assert_eq!(at("[string"), 7);
        assert_eq!(at("{u32: string}"), 1);
        assert_eq!(at("string string"), 7);
        assert_eq!(at(""), 0);
        assert_eq!(at("9lives"), 0);
        assert_eq!(at("{string string}"), 8);
        assert!(parse(&"[".repeat(40)).unwrap_err().message.contains("deep"));
    }

    #[test]
    fn scalars_know_their_family() {
        assert!(Scalar::U8.is_number() && !Scalar::U8.is_string());
        assert!(Scalar::DateTime.is_string() && !Scalar::DateTime.is_number());
        assert_eq!(Scalar::I32.integer_range(), Some((-2147483648, 2147483647)));
        assert_eq!(Scalar::from_name("date-time"), Some(Scalar::DateTime));
        assert_eq!(Scalar::Email.name(), "email");
    }
}
