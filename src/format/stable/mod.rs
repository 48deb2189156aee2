//! Recognises top-level items that rustfmt would leave exactly as they are, so the formatting
//! stage hands rustfmt only the rest.
//!
//! The recogniser is deliberately narrow: it knows the shapes the templates write most, and
//! parses what was rendered and lays it out again with `crate::layout` (rustfmt's layout of
//! those shapes, measured against rustfmt: `max_width` 100, `fn_call_width` 60,
//! `struct_lit_width` 18). Anything else, and anything near a limit, is "not known stable" and
//! goes to rustfmt. Only the soundness direction matters: an item called stable must be what
//! rustfmt makes of it, which `tests/preformatted.rs` checks on every item of every spec in the
//! suite, on GitHub's API, and on items built to sit on each side of each limit.
//!
//! This file dispatches on an item's first line and knows doc comments, attributes and plain
//! expressions; `definitions.rs` knows definitions (structs, enums, a `WireEnum` impl),
//! `reads.rs` the `FromInput` and `FromParams` impls (unions' included), `calls.rs` the
//! generated tests and typed replies, `routes.rs` the routers and the example handlers,
//! `declarations.rs` the handlers' module list and re-exports.

mod calls;
mod declarations;
mod definitions;
mod reads;
mod routes;

pub(super) use crate::layout::is_plain_expression;
use crate::layout::{
    MAX_WIDTH, is_identifier, is_path, is_string_literal, split_top_level, string_literal_end,
};
use calls::{into_response_body, test_body};
use definitions::{default_function, enum_variants, struct_fields, tuple_struct, wire_enum_body};
use reads::reader_body;

/// Whether rustfmt leaves `item` (one or more lines, ending in exactly one line break) as it is.
pub fn is_stable(item: &str) -> bool {
    let Some(body) = item.strip_suffix('\n') else {
        return false;
    };
    if body.is_empty() || body.ends_with('\n') || body.contains(['\t', '\r']) {
        return false;
    }
    let lines: Vec<&str> = body.split('\n').collect();
    if lines.iter().any(|line| line.ends_with(' ')) {
        return false;
    }
    // A file's header, and the first item after it.
    if let Some(taken) = declarations::header(&lines) {
        return match &lines[taken..] {
            [] => true,
            ["", rest @ ..] if !rest.is_empty() => is_stable(&format!("{}\n", rest.join("\n"))),
            _ => false,
        };
    }
    let start = lines
        .iter()
        .take_while(|line| is_doc(line) || is_attribute(line) || is_margin_comment(line))
        .count();
    let (head, rest) = match lines[start..].split_first() {
        Some(split) => split,
        None => return false,
    };
    if let Some((trait_head, body)) = impl_header(&lines[start..]) {
        return impl_item(trait_head, body);
    }
    // Declarations rustfmt sorts, after plain comments only.
    let declarations = &lines[start..];
    let commented = lines[..start].iter().all(|line| is_margin_comment(line));
    if head.starts_with("pub mod ") {
        return commented && declarations::module_list(declarations);
    }
    if head.starts_with("pub use ") {
        return commented && declarations::export_list(declarations);
    }
    if let Some(name) = head.strip_prefix("async fn ") {
        // A test's signature: its brace where rustfmt puts it for that width.
        return match name.strip_suffix("() {") {
            Some(name) => is_identifier(name) && head.len() <= MAX_WIDTH && test_body(rest),
            None => {
                name.strip_suffix("()").is_some_and(is_identifier)
                    && rest.first().is_some_and(|brace| {
                        crate::layout::fn_brace(head.len()) == format!("\n{brace}")
                    })
                    && test_body(&rest[1..])
            }
        };
    }
    if head.starts_with("fn default_") {
        // Checked against `crate::layout::fn_signature`, whose first line may be too wide.
        return default_function(&lines[start..]);
    }
    if head.len() > MAX_WIDTH {
        return false;
    }
    if head.starts_with("pub async fn ") {
        return routes::serve_function(&lines[start..]);
    }
    if *head == "fn to_handlers() -> Router<RouterState> {"
        || *head == "fn to_examples() -> Router<RouterState> {"
    {
        return routes::route_chain_body(rest);
    }
    if *head == "fn first_case() -> FirstCase {" {
        return calls::first_case_body(rest);
    }
    if *head == "pub fn router(using: Handlers) -> Router<RouterState> {" {
        return routes::dispatch_body(rest);
    }
    if head.starts_with("pub fn ") {
        return routes::example_function(&lines[start..]);
    }
    if let Some(tuple) = head
        .strip_prefix("pub struct ")
        .filter(|h| !h.ends_with(" {"))
    {
        tuple_struct(tuple, rest)
    } else if let Some(name) = head.strip_prefix("pub struct ") {
        is_named_block(name) && struct_fields(rest)
    } else if let Some(name) = head.strip_prefix("pub enum ") {
        is_named_block(name) && enum_variants(rest)
    } else {
        false
    }
}

/// The traits the templates implement, each with its header up to ` for `.
const IMPL_HEADS: [&str; 5] = [
    "impl v::FromInput",
    "impl crate::validation::FromParams",
    "impl v::WireEnum",
    "impl<'de> serde::Deserialize<'de>",
    "impl axum::response::IntoResponse",
];

/// An impl of one of [`IMPL_HEADS`] for a plain type name, its header laid out as
/// `crate::layout::impl_header` lays it out (on one line even when too wide, where rustfmt
/// leaves the item as written): the trait's head and the lines after the opening brace.
fn impl_header<'a>(lines: &'a [&'a str]) -> Option<(&'a str, &'a [&'a str])> {
    let (trait_head, name, body) = match lines {
        [head, for_line, "{", body @ ..] if !head.ends_with('{') => {
            (*head, for_line.strip_prefix("    for ")?, body)
        }
        [head, body @ ..] => {
            let (trait_head, name) = head.strip_suffix(" {")?.split_once(" for ")?;
            (trait_head, name, body)
        }
        [] => return None,
    };
    let laid_out = crate::layout::impl_header(trait_head, name);
    (IMPL_HEADS.contains(&trait_head)
        && is_identifier(name)
        && lines
            .get(..laid_out.matches('\n').count() + 1)
            .is_some_and(|header| header.join("\n") == laid_out))
    .then_some((trait_head, body))
}

/// The body of an impl of `trait_head` (one of [`IMPL_HEADS`]): the lines after its opening
/// brace.
fn impl_item(trait_head: &str, rest: &[&str]) -> bool {
    match trait_head {
        "impl v::FromInput" => reader_body("fields", rest),
        "impl crate::validation::FromParams" => reader_body("params", rest),
        "impl v::WireEnum" => wire_enum_body(rest),
        // A union's (`templates/src/models.rs.j2`).
        "impl<'de> serde::Deserialize<'de>" => {
            rest == [
                "    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {",
                "        v::deserialize_by_reading(deserializer)",
                "    }",
                "}",
            ]
        }
        _ => into_response_body(rest),
    }
}

/// A plain comment at the margin (`// ...`), which rustfmt leaves where it is.
fn is_margin_comment(line: &str) -> bool {
    line == "//" || line.starts_with("// ")
}

/// An outer doc comment at the margin or in a block: rustfmt never rewraps comments.
fn is_doc(line: &str) -> bool {
    let line = line.strip_prefix("    ").unwrap_or(line);
    line == "///" || line.starts_with("/// ")
}

/// `#[name(args)]`, at the margin or in a block, with arguments that are paths or
/// `key = "literal"`, separated by `, `, on a line rustfmt does not break (under 100 columns).
fn is_attribute(line: &str) -> bool {
    if line.len() >= MAX_WIDTH {
        return false;
    }
    let line = line.strip_prefix("    ").unwrap_or(line);
    let Some(attribute) = line.strip_prefix("#[").and_then(|l| l.strip_suffix(']')) else {
        return false;
    };
    if is_path(attribute) {
        return true;
    }
    let Some(inner) = attribute.strip_suffix(')') else {
        return false;
    };
    let Some((name, args)) = inner.split_once('(') else {
        return false;
    };
    is_path(name)
        && !args.is_empty()
        && split_top_level(args).is_some_and(|args| {
            args.iter().all(|arg| match arg.split_once(" = ") {
                Some((key, value)) => is_path(key) && (is_string_literal(value) || is_path(value)),
                None => is_path(arg),
            })
        })
}

/// `Name {` with a plain type name.
fn is_named_block(rest: &str) -> bool {
    rest.strip_suffix(" {").is_some_and(is_identifier)
}

pub(super) fn plain_arguments(args: &str) -> Option<Vec<String>> {
    split_top_level(args)?
        .into_iter()
        .map(plain_argument)
        .collect()
}

pub(super) fn plain_argument(arg: &str) -> Option<String> {
    is_plain_expression(arg).then(|| arg.to_string())
}

/// Arguments separated by `, `, each a plain expression (see [`is_one_line_read`]).
pub(super) fn is_canonical_expression_list(args: &str) -> bool {
    let Some(args) = split_top_level(args) else {
        return false;
    };
    args.iter().all(|arg| is_plain_expression(arg))
}

/// A type as the templates write it: paths with generic arguments, `, ` between arguments.
pub(super) fn is_type(text: &str) -> bool {
    match text.split_once('<') {
        None => is_path(text),
        Some((outer, inner)) => {
            is_path(outer)
                && inner
                    .strip_suffix('>')
                    .and_then(split_top_level)
                    .is_some_and(|args| args.iter().all(|arg| is_type(arg)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::reads::read_statement;
    use super::*;

    #[test]
    fn a_struct_definition_is_stable_and_a_touch_too_wide_one_is_not() {
        let item = "/// A task.\n#[derive(Debug, Clone)]\npub struct Task {\n    /// Its id.\n    #[serde(rename = \"id\")]\n    pub id: Option<Vec<u64>>,\n    pub map: std::collections::BTreeMap<String, Task>,\n}\n";
        assert!(is_stable(item));
        assert!(!is_stable(
            &item.replace("Option<Vec<u64>>", "Option<Vec< u64>>")
        ));
        assert!(!is_stable(
            &item.replace("pub id", &format!("pub {}", "i".repeat(80)))
        ));
        assert!(!is_stable("pub struct Empty {\n}\n"));
        assert!(!is_stable(&item.replace("}\n", "}\n\n")));
        assert!(!is_stable(&item.replace("/// Its id.", "/// Its id. ")));
    }

    #[test]
    fn a_read_is_stable_only_within_the_call_width() {
        let one = |line: &str| read_statement("fields", &[line]) == Some(1);
        assert!(one(
            "        let id = fields.required(\"id\", &v::Int::<i64>::new().ge(-5));"
        ));
        assert!(one(
            "        let tags = fields.optional(\"tags\", &v::List::new(v::Choice::new(&[\"a\", \"b, c\"])));"
        ));
        let wide = format!(
            "        let a = fields.required(\"{}\", &v::Str::new());",
            "a".repeat(45)
        );
        assert!(!one(&wide), "arguments over 60 columns");
        for odd in [
            "        let a = fields.required(\"a\",&v::Str::new());",
            "        let a = fields.required(\"a\", &v::Str::new(),);",
            "        let a = fields.required(\"a\", &v::Convert { validator: v::Bool });",
            "        let a = fields.required(\"a\", &v::Str::new() );",
            "        let a = fields.required(\"a\", & v::Str::new());",
        ] {
            assert!(!one(odd), "{odd}");
        }
    }

    #[test]
    fn a_from_input_impl_needs_a_struct_literal_too_wide_for_one_line() {
        let impl_of = |fields: &[&str]| {
            let mut text = String::from(
                "impl v::FromInput for Pet {\n    fn from_input(input: &v::Value, loc: &v::Loc<'_>, errors: &mut v::Errors) -> Option<Self> {\n        let mut fields = v::Fields::new(input, loc, errors)?;\n",
            );
            for f in fields {
                text.push_str(&format!(
                    "        let {f} = fields.required({f:?}, &v::Str::new());\n"
                ));
            }
            text.push_str("        Some(Self {\n");
            for f in fields {
                text.push_str(&format!("            {f}: {f}?,\n"));
            }
            text.push_str("        })\n    }\n}\n");
            text
        };
        assert!(
            is_stable(&impl_of(&["name", "tag"])),
            "`name: name?, tag: tag?` is 22 wide"
        );
        assert!(!is_stable(&impl_of(&["name"])), "`name: name?` fits in 18");
        let one_line = impl_of(&["name"]).replace(
            "        Some(Self {\n            name: name?,\n        })",
            "        Some(Self { name: name? })",
        );
        assert!(is_stable(&one_line), "{one_line}");
        assert!(!is_stable(&impl_of(&[])));
    }

    #[test]
    fn a_header_may_allow_one_lint_and_a_model_without_fields_reads_none() {
        let header = "// @generated by axumgen from a.yaml.\n\n//! The models.\n\n// Why.\n#![allow(clippy::type_complexity)]\n\npub struct A {\n    pub id: i64,\n}\n";
        assert!(is_stable(header), "{header}");
        let two = header.replace("type_complexity)]", "type_complexity, unused)]");
        assert!(!is_stable(&two), "{two}");
        let empty = "impl v::FromInput for Nothing {\n    fn from_input(input: &v::Value, loc: &v::Loc<'_>, errors: &mut v::Errors) -> Option<Self> {\n        // No field to read: only that it is an object (clippy refuses an unused `fields`).\n        v::Fields::new(input, loc, errors)?;\n        Some(Self {})\n    }\n}\n";
        assert!(is_stable(empty), "{empty}");
        assert!(!is_stable(
            &empty.replace("Some(Self {})", "Some(Self { })")
        ));
    }
}
