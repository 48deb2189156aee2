//! Template filters: the only ways a spec string reaches generated Rust.
//!
//! - `rust_str`: a Rust string literal with every special character escaped.
//! - `ident`: an identifier, re-checked here (the validator already did), so a template bug
//!   cannot smuggle text into code.
//! - `pascal`: `get_task` → `GetTask`, for type names built from checked identifiers.
//! - `toml_str`: a TOML basic string.
//! - `impl_for`: an impl's header for a checked type name, laid out as rustfmt does.
//! - `literal_field`: a struct literal's `name: name?,` line, laid out as rustfmt does.
//! - `struct_field`: a struct's `pub name: Type,` field, laid out as rustfmt does.
//! - `serde_field`: a field's `#[serde(key = "value")]`, escaped, laid out as rustfmt does.

use crate::grammar::check_ident;
use minijinja::{Environment, Error, ErrorKind};

pub fn register(env: &mut Environment) {
    env.add_filter("rust_str", rust_str);
    env.add_filter("ident", ident);
    env.add_filter("config_field", config_field);
    env.add_filter("pascal", pascal);
    env.add_filter("toml_str", toml_str);
    env.add_filter("upper_ident", upper_ident);
    env.add_filter("rust_type", rust_type);
    env.add_filter("rust_bool", rust_bool);
    env.add_filter("comment", comment);
    env.add_filter("type_name", type_name);
    env.add_filter("type_expr", type_expr);
    env.add_filter("impl_for", impl_for);
    env.add_filter("serde_field", serde_field);
    env.add_filter("literal_field", literal_field);
    env.add_filter("struct_field", struct_field);
}

/// `{{ name | struct_field(ty) }}`: a struct's `pub name: Type,` field, the name and the type
/// re-checked, laid out as rustfmt lays it out (`crate::layout::struct_field`).
fn struct_field(name: &str, ty: &str) -> Result<String, Error> {
    Ok(crate::layout::struct_field(&ident(name)?, &type_expr(ty)?))
}

/// `{{ name | literal_field(local) }}`: the line `name: local?,` of a struct literal laid out one
/// field a line (`name: name?,` without a local), the names re-checked, as rustfmt lays it out
/// (`crate::layout::literal_field`).
fn literal_field(name: &str, local: Option<&str>) -> Result<String, Error> {
    let name = ident(name)?;
    match local {
        Some(local) => Ok(crate::layout::literal_field_from(&name, &ident(local)?)),
        None => Ok(crate::layout::literal_field(&name)),
    }
}

/// `{{ value | serde_field("rename") }}`: a struct field's `#[serde(rename = "value")]` line,
/// the value escaped (`rust_str`), laid out as rustfmt lays it out
/// (`crate::layout::serde_field_attribute`).
fn serde_field(value: &str, key: &str) -> Result<String, Error> {
    Ok(crate::layout::serde_field_attribute(
        &ident(key)?,
        &rust_str(value),
    ))
}

/// `{{ "impl v::FromInput" | impl_for(name) }}`: the impl's header up to its opening brace, laid
/// out as rustfmt lays it out (`crate::layout::impl_header`), the type name re-checked.
fn impl_for(head: &str, name: &str) -> Result<String, Error> {
    Ok(crate::layout::impl_header(head, &type_name(name)?))
}

/// A type name (`NewTask`): PascalCase ASCII letters and digits, re-checked here.
fn type_name(value: &str) -> Result<String, Error> {
    if value.starts_with(|c: char| c.is_ascii_uppercase())
        && value.chars().all(|c| c.is_ascii_alphanumeric())
    {
        Ok(value.to_string())
    } else {
        Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("`{value}` is not a checked type name"),
        ))
    }
}

/// A type the plan composed from checked names (`Option<Vec<Tag>>`, `Valid<(), (), Task>`):
/// only path segments that are identifiers, `::`, `<`, `>`, `,`, `()` and spaces.
fn type_expr(value: &str) -> Result<String, Error> {
    let segments_ok = value
        .split(|c: char| "<>, :()".contains(c))
        .filter(|s| !s.is_empty())
        .all(|s| {
            s.starts_with(|c: char| c.is_ascii_alphabetic())
                && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
    let chars_ok = value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_<>, :()".contains(c));
    if segments_ok && chars_ok && !value.is_empty() {
        Ok(value.to_string())
    } else {
        Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("`{value}` is not a type the plan built"),
        ))
    }
}

/// `"a \"b\"\n"` style literal, via proc-macro2 (the compiler's own escaping rules). Text of
/// printable ASCII but the quote and the backslash, which those rules leave as they are (most
/// of a spec's strings), is quoted directly: proc-macro2 took 2% of generating GitHub's API.
pub fn rust_str(value: &str) -> String {
    if value.bytes().all(needs_no_escape) {
        let mut literal = String::with_capacity(value.len() + 2);
        literal.push('"');
        literal.push_str(value);
        literal.push('"');
        return literal;
    }
    proc_macro2::Literal::string(value).to_string()
}

/// A byte a Rust string literal holds as it is: printable ASCII but the quote and the backslash.
fn needs_no_escape(byte: u8) -> bool {
    matches!(byte, b' '..=b'~') && byte != b'"' && byte != b'\\'
}

fn ident(value: &str) -> Result<String, Error> {
    check_ident(value).map(|()| value.to_string()).map_err(|_| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("`{value}` is not a checked identifier"),
        )
    })
}

/// The `Config` field of an environment variable (`TASKS_API_TOKEN` → `tasks_api_token`,
/// `TYPE` → `type_`), checked.
fn config_field(env: &str) -> Result<String, Error> {
    ident(&crate::grammar::config_field(env))
}

fn upper_ident(value: &str) -> Result<String, Error> {
    let upper = value.to_ascii_uppercase();
    if !upper.is_empty()
        && upper
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    {
        Ok(upper)
    } else {
        Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("`{value}` is not a checked identifier"),
        ))
    }
}

/// Text for a `//` or `//!` comment: one line (a newline would end the comment and let the
/// rest of the text become code), without control characters.
pub fn comment(value: &str) -> String {
    value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// `true` / `false` (minijinja prints booleans Python-style).
fn rust_bool(value: bool) -> &'static str {
    if value { "true" } else { "false" }
}

/// A spec parameter type (`u64`, `string`) as its Rust type.
fn rust_type(value: &str) -> Result<String, Error> {
    crate::model::ParamType::parse(value)
        .map(|ty| ty.rust().to_string())
        .ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidOperation,
                format!("`{value}` is not a parameter type"),
            )
        })
}

fn pascal(value: &str) -> Result<String, Error> {
    ident(value).map(|ident| heck::ToUpperCamelCase::to_upper_camel_case(ident.as_str()))
}

/// A TOML basic string: quotes, backslashes and control characters escaped.
pub fn toml_str(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_str_escapes_everything_that_could_end_the_literal() {
        assert_eq!(
            rust_str(r#""); std::process::exit(1); (""#),
            r#""\"); std::process::exit(1); (\"""#
        );
        assert_eq!(rust_str("a\\b\r\n\u{0}"), r#""a\\b\r\n\0""#);
        assert_eq!(rust_str("café"), "\"café\"");
    }

    #[test]
    fn the_direct_quoting_is_proc_macro2s_escaping() {
        let every_ascii: String = (0u8..128).map(char::from).collect();
        let mut cases: Vec<String> = every_ascii.chars().map(String::from).collect();
        cases.extend([
            every_ascii,
            "a'b{c}".into(),
            String::new(),
            "/repos/{owner}".into(),
        ]);
        for case in &cases {
            assert_eq!(
                rust_str(case),
                proc_macro2::Literal::string(case).to_string(),
                "{case:?}"
            );
        }
    }

    #[test]
    fn ident_refuses_unchecked_text() {
        assert!(ident("list_tasks").is_ok());
        assert!(ident("type").is_err());
        assert!(ident("a; drop").is_err());
        assert_eq!(pascal("get_task").unwrap(), "GetTask");
    }

    #[test]
    fn comments_stay_on_one_line() {
        assert_eq!(
            comment("Tasks\nfn injected() {}\r\u{0}"),
            "Tasks fn injected() {}"
        );
    }

    #[test]
    fn toml_strings() {
        assert_eq!(toml_str("Task \"Manager\"\n"), r#""Task \"Manager\"\n""#);
    }
}
