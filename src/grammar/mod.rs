//! Small grammars shared by validation and the model below it: Rust identifiers, HTTP tokens
//! and header values, axum paths; listen addresses and proxy ranges ([`net`]); field types
//! ([`types`]). Each returns the first offending position so a diagnostic can point at it.

pub mod net;
pub mod pattern;
pub mod settings;
pub mod types;

/// Words that cannot be Rust identifiers (strict and reserved keywords of edition 2024).
pub const RUST_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Why a name cannot be a generated Rust identifier.
#[derive(Debug, PartialEq, Eq)]
pub enum IdentProblem {
    Empty,
    /// The byte offset of the first character outside `[a-z0-9_]`, or a leading digit.
    BadChar(usize),
    Keyword,
}

/// Names become module, function and field names: snake_case ASCII, not a keyword.
pub fn check_ident(name: &str) -> Result<(), IdentProblem> {
    if name.is_empty() || name == "_" {
        return Err(IdentProblem::Empty);
    }
    if let Some((i, _)) = name
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_lowercase() || *c == '_' || (*i > 0 && c.is_ascii_digit())))
    {
        return Err(IdentProblem::BadChar(i));
    }
    if RUST_KEYWORDS.contains(&name) {
        return Err(IdentProblem::Keyword);
    }
    Ok(())
}

/// The Rust name of a JSON field name: snake_case, other characters as `_`, a leading digit
/// prefixed with `field_`, a keyword suffixed with `_` (`createdAt` → `created_at`, `x-y` →
/// `x_y`, `type` → `type_`, `2fa` → `field_2fa`). The JSON name stays on the wire
/// (`#[serde(rename)]`). `None` when no letter or digit is left.
pub fn rust_field_name(json: &str) -> Option<String> {
    let cleaned: String = json
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if !cleaned.chars().any(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let mut name = heck::ToSnakeCase::to_snake_case(cleaned.as_str());
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("field_{name}");
    }
    if RUST_KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    check_ident(&name).ok().map(|()| name)
}

/// Model names become Rust types: `PascalCase` ASCII, starting with a letter.
pub fn is_type_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
        && !RUST_KEYWORDS.contains(&name)
}

/// The stem of an endpoint's type names (`list_items` → `ListItems`, then `ListItemsPath`,
/// `ListItemsQuery`, `ListItemsReply`). A name whose first word is a number (`_2_send`, as
/// `axumgen import` makes of an `operationId` such as `2-send`) gets `Endpoint` in front: a
/// type name starts with a letter. Two names can share a stem (`get_2_send` and `get2_send`
/// both make `Get2Send`): `check` refuses that (`name-duplicate`).
pub fn type_stem(endpoint_name: &str) -> String {
    let stem = heck::ToUpperCamelCase::to_upper_camel_case(endpoint_name);
    if stem.starts_with(|c: char| c.is_ascii_digit()) {
        format!("Endpoint{stem}")
    } else {
        stem
    }
}

/// The `Config` field an environment variable is read into (a setting's, or a bearer token's):
/// its name in lower case as a Rust field name (`TASKS_API_TOKEN` → `tasks_api_token`, `TYPE`
/// → `type_`).
pub fn config_field(env: &str) -> String {
    let lower = env.to_ascii_lowercase();
    rust_field_name(&lower).unwrap_or(lower)
}

/// The usual name of the enum the generated code makes of a string field's `enum:` values:
/// the model's name, then the field's Rust name in PascalCase (`Task.status` → `TaskStatus`).
pub fn enum_type_name(model: &str, field_rust_name: &str) -> String {
    let field = heck::ToUpperCamelCase::to_upper_camel_case(field_rust_name.trim_end_matches('_'));
    format!("{model}{field}")
}

/// Gives the enums of fields' values their names, in the order of the spec (models, then each
/// model's fields): each its usual name ([`enum_type_name`]) unless a model or an earlier enum
/// has it (a model `TaskStatus` beside `Task.status`; `Thing.a_1` beside `Thing.a1`), then
/// `TaskStatusValues`, `TaskStatusValues2`…: the generated code never defines a type twice.
/// The model builder names them; `check` warns of each name that is not the usual one.
#[derive(Debug, Default)]
pub struct EnumNames {
    taken: std::collections::HashSet<String>,
}

impl EnumNames {
    /// Names for the enums of a spec whose models are `models`.
    pub fn new<'a>(models: impl IntoIterator<Item = &'a str>) -> EnumNames {
        EnumNames {
            taken: models.into_iter().map(str::to_string).collect(),
        }
    }

    /// The name of the enum of `model`'s field `field_rust_name`.
    pub fn next(&mut self, model: &str, field_rust_name: &str) -> String {
        let usual = enum_type_name(model, field_rust_name);
        let values = format!("{usual}Values");
        let name = std::iter::once(usual)
            .chain(std::iter::once(values.clone()))
            .chain((2..).map(|n| format!("{values}{n}")))
            .find(|candidate| !self.taken.contains(candidate))
            .unwrap_or(values);
        self.taken.insert(name.clone());
        name
    }
}

/// A snake_case suggestion for a name that is not one (`List-Tasks` → `list_tasks`).
pub fn suggest_ident(name: &str) -> String {
    let mut ident = heck::ToSnakeCase::to_snake_case(
        name.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect::<String>()
            .as_str(),
    );
    if ident.is_empty() || ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, '_');
    }
    if RUST_KEYWORDS.contains(&ident.as_str()) || ident == "_" {
        ident.push('_');
    }
    ident
}

/// An environment variable name as shells write them: upper-case ASCII letters, digits and
/// `_`, not starting with a digit (`TASKS_API_TOKEN`).
pub fn is_env_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// RFC 9110 `tchar`.
pub fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

/// The offset of the first character that may not appear in a header name, if any.
pub fn bad_header_name_char(name: &str) -> Option<usize> {
    name.char_indices()
        .find(|(_, c)| !is_tchar(*c))
        .map(|(i, _)| i)
}

/// The offset of the first byte that may not appear in a header value (visible ASCII, space and
/// tab only: what `http::HeaderValue::from_str` accepts), if any.
pub fn bad_header_value_char(value: &str) -> Option<usize> {
    value
        .char_indices()
        .find(|(_, c)| !(*c == '\t' || (' '..='~').contains(c)))
        .map(|(i, _)| i)
}

/// Describes a character for a message: control characters by name.
pub fn describe_char(c: char) -> String {
    match c {
        '\r' => "a carriage return (CR)".into(),
        '\n' => "a line feed (LF)".into(),
        '\0' => "a NUL byte".into(),
        c if c.is_control() => format!("the control character U+{:04X}", c as u32),
        c if !c.is_ascii() => format!("the non-ASCII character `{c}`"),
        c => format!("`{c}`"),
    }
}

/// A problem with a route path, and the byte range it concerns.
#[derive(Debug, PartialEq, Eq)]
pub struct PathProblem {
    pub offset: usize,
    pub len: usize,
    pub message: String,
    pub help: String,
}

/// A path parameter found in a route path.
#[derive(Debug, PartialEq, Eq)]
pub struct PathParam<'a> {
    pub name: &'a str,
    pub offset: usize,
    pub catch_all: bool,
}

/// Parses an axum 0.8 route path, returning its parameters or the first problem.
pub fn parse_route_path(path: &str) -> Result<Vec<PathParam<'_>>, PathProblem> {
    let problem = |offset: usize, len: usize, message: String, help: &str| PathProblem {
        offset,
        len,
        message,
        help: help.to_string(),
    };
    if !path.starts_with('/') {
        return Err(problem(
            0,
            0,
            "path must start with `/`".into(),
            "write it as `/` followed by the path",
        ));
    }
    let mut params = Vec::new();
    let mut offset = 1;
    let segments: Vec<&str> = path[1..].split('/').collect();
    for (index, segment) in segments.iter().enumerate() {
        let last = index + 1 == segments.len();
        if segment.is_empty() && !last {
            return Err(problem(
                offset,
                1,
                "empty path segment (`//`)".into(),
                "remove the extra `/`",
            ));
        }
        if let Some(name) = segment.strip_prefix(':') {
            return Err(problem(
                offset,
                segment.len(),
                format!("`{segment}` is axum 0.7 parameter syntax, which axum 0.8 rejects"),
                &format!("write `{{{name}}}`"),
            ));
        }
        if let Some(rest) = segment.strip_prefix('*') {
            return Err(problem(
                offset,
                segment.len(),
                format!("`{segment}` is axum 0.7 wildcard syntax, which axum 0.8 rejects"),
                &format!("write `{{*{rest}}}`"),
            ));
        }
        if segment.starts_with('{') && segment.ends_with('}') && segment.len() >= 2 {
            let inner = &segment[1..segment.len() - 1];
            let (name, catch_all) = match inner.strip_prefix('*') {
                Some(rest) => (rest, true),
                None => (inner, false),
            };
            if catch_all && !last {
                return Err(problem(
                    offset,
                    segment.len(),
                    format!("the catch-all `{segment}` must be the last segment"),
                    "move it to the end of the path",
                ));
            }
            if let Err(ident) = check_ident(name) {
                let why = match ident {
                    IdentProblem::Keyword => "is a Rust keyword".to_string(),
                    _ => "is not a snake_case identifier".to_string(),
                };
                return Err(problem(
                    offset + 1 + usize::from(catch_all),
                    name.len(),
                    format!("parameter name `{name}` {why}"),
                    &format!("rename it, e.g. `{}`", suggest_ident(name)),
                ));
            }
            if params.iter().any(|p: &PathParam| p.name == name) {
                return Err(problem(
                    offset,
                    segment.len(),
                    format!("parameter `{name}` appears twice"),
                    "give each parameter its own name",
                ));
            }
            params.push(PathParam {
                name,
                offset: offset + 1,
                catch_all,
            });
        } else if let Some((i, c)) = segment.char_indices().find(|(_, c)| !is_path_char(*c)) {
            let (message, help) = match c {
                '{' | '}' => (
                    "a parameter must be a whole segment, like `/{id}`".to_string(),
                    "put the parameter in a segment of its own",
                ),
                c if !c.is_ascii() => (
                    format!(
                        "{} in a path: clients send it percent-encoded, so the route would never match",
                        describe_char(c)
                    ),
                    "percent-encode it in the spec (`é` is `%C3%A9`)",
                ),
                _ => (
                    format!("{} is not allowed in a path", describe_char(c)),
                    "use letters, digits and `-._~!$&'()*+,;=:@%`",
                ),
            };
            return Err(problem(offset + i, c.len_utf8(), message, help));
        }
        offset += segment.len() + 1;
    }
    Ok(params)
}

/// RFC 3986 `pchar` (plus `%` for escapes).
fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@%".contains(c)
}

/// Joins a prefix and a path the way generated routers do: `/tasks` + `/` is `/tasks`.
pub fn join_path(prefix: &str, path: &str) -> String {
    match (prefix, path) {
        ("", path) => path.to_string(),
        (prefix, "/") => prefix.to_string(),
        (prefix, path) => format!("{prefix}{path}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_field_is_the_lower_case_name_as_a_rust_field() {
        assert_eq!(config_field("TASKS_API_TOKEN"), "tasks_api_token");
        assert_eq!(config_field("TYPE"), "type_");
        assert_eq!(config_field("S3_KEY"), "s3_key");
    }

    #[test]
    fn json_names_map_to_rust_fields() {
        for (json, rust) in [
            ("title", "title"),
            ("createdAt", "created_at"),
            ("x-y", "x_y"),
            ("type", "type_"),
            ("self", "self_"),
            ("2fa", "field_2fa"),
            ("HTTPCode", "http_code"),
            ("a b", "a_b"),
        ] {
            assert_eq!(rust_field_name(json).as_deref(), Some(rust), "{json}");
        }
        assert_eq!(rust_field_name(""), None);
        assert_eq!(rust_field_name("--"), None);
        assert_eq!(rust_field_name("é"), None);
        assert!(is_type_name("NewTask") && !is_type_name("newTask") && !is_type_name("Self"));
    }

    #[test]
    fn identifiers() {
        assert_eq!(check_ident("list_tasks"), Ok(()));
        assert_eq!(check_ident("type"), Err(IdentProblem::Keyword));
        assert_eq!(check_ident("List"), Err(IdentProblem::BadChar(0)));
        assert_eq!(check_ident("9lives"), Err(IdentProblem::BadChar(0)));
        assert_eq!(check_ident("get-task"), Err(IdentProblem::BadChar(3)));
        assert_eq!(suggest_ident("Get-Task"), "get_task");
        assert_eq!(suggest_ident("fn"), "fn_");
    }

    #[test]
    fn header_grammar() {
        assert_eq!(bad_header_name_char("X-Process-Time"), None);
        assert_eq!(bad_header_name_char("X Process"), Some(1));
        assert_eq!(bad_header_value_char("ok value\twith tab"), None);
        assert_eq!(bad_header_value_char("a\r\nb"), Some(1));
        assert_eq!(bad_header_value_char("café"), Some(3));
    }

    #[test]
    fn route_paths() {
        let params = parse_route_path("/tasks/{task_id}/files/{*rest}").unwrap();
        assert_eq!(params.len(), 2);
        assert!(params[1].catch_all);
        assert!(
            parse_route_path("/tasks/:id")
                .unwrap_err()
                .help
                .contains("{id}")
        );
        assert!(parse_route_path("/{*a}/b").is_err());
        assert!(parse_route_path("tasks").is_err());
        assert!(parse_route_path("/a//b").is_err());
        assert_eq!(parse_route_path("/caf\u{e9}").unwrap_err().offset, 4);
        assert!(
            parse_route_path("/{type}")
                .unwrap_err()
                .message
                .contains("keyword")
        );
        assert!(parse_route_path("/x{id}").is_err());
        assert!(parse_route_path("/").unwrap().is_empty());
    }

    #[test]
    fn joining() {
        assert_eq!(join_path("/tasks", "/"), "/tasks");
        assert_eq!(join_path("/tasks", "/{id}"), "/tasks/{id}");
        assert_eq!(join_path("", "/ping"), "/ping");
    }
}
