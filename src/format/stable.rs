//! Recognises top-level items that rustfmt would leave exactly as they are, so the formatting
//! stage hands rustfmt only the rest.
//!
//! The recogniser is deliberately narrow and conservative: it knows the shapes the model
//! templates write most (struct and enum definitions, `FromInput` impls whose reads are one line
//! each) and, for each, the widths under which rustfmt keeps them (measured against rustfmt:
//! `max_width` 100, `fn_call_width` 60, `struct_lit_width` 18). Anything else, and anything
//! near a limit, is "not known stable" and goes to rustfmt. Only the soundness direction
//! matters: an item called stable must be what rustfmt makes of it, which
//! `tests/preformatted.rs` checks on every item of every spec in the suite and on items built
//! to sit on each side of each limit.

/// rustfmt's `max_width`. Widths are counted in bytes, which is never less than the columns a
/// line takes.
const MAX_WIDTH: usize = 100;
/// rustfmt's `fn_call_width`: the widest argument list it keeps on one line.
const FN_CALL_WIDTH: usize = 60;
/// rustfmt's `struct_lit_width`: a struct literal whose fields fit in this many columns goes
/// on one line.
const STRUCT_LIT_WIDTH: usize = 18;

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
    let start = lines
        .iter()
        .take_while(|line| is_doc(line) || is_attribute(line))
        .count();
    let (head, rest) = match lines[start..].split_first() {
        Some(split) => split,
        None => return false,
    };
    if head.len() > MAX_WIDTH {
        return false;
    }
    if let Some(name) = head.strip_prefix("pub struct ") {
        is_named_block(name) && struct_fields(rest)
    } else if let Some(name) = head.strip_prefix("pub enum ") {
        is_named_block(name) && enum_variants(rest)
    } else if let Some(name) = head.strip_prefix("impl v::FromInput for ") {
        is_named_block(name) && from_input_body(name.trim_end_matches(" {"), rest)
    } else {
        false
    }
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
    let Some(inner) = line.strip_prefix("#[").and_then(|l| l.strip_suffix(")]")) else {
        return false;
    };
    let Some((name, args)) = inner.split_once('(') else {
        return false;
    };
    is_path(name)
        && !args.is_empty()
        && split_top_level(args).is_some_and(|args| {
            args.iter().all(|arg| match arg.split_once(" = ") {
                Some((key, value)) => is_path(key) && is_string_literal(value),
                None => is_path(arg),
            })
        })
}

/// `Name {` with a plain type name.
fn is_named_block(rest: &str) -> bool {
    rest.strip_suffix(" {").is_some_and(is_identifier)
}

/// The lines after `pub struct Name {`: documented, attributed `pub field: Type,` lines and the
/// closing `}`.
fn struct_fields(lines: &[&str]) -> bool {
    let Some((last, fields)) = lines.split_last() else {
        return false;
    };
    let mut count = 0;
    for line in fields {
        if is_doc(line) || (line.starts_with("    #[") && is_attribute(line)) {
            continue;
        }
        let Some(field) = line
            .strip_prefix("    pub ")
            .and_then(|l| l.strip_suffix(','))
        else {
            return false;
        };
        let Some((name, ty)) = field.split_once(": ") else {
            return false;
        };
        if line.len() > MAX_WIDTH || !is_identifier(name) || !is_type(ty) {
            return false;
        }
        count += 1;
    }
    *last == "}" && count > 0
}

/// The lines after `pub enum Name {`: documented, attributed `Variant,` or `Variant(Type),`
/// lines and the closing `}`.
fn enum_variants(lines: &[&str]) -> bool {
    let Some((last, variants)) = lines.split_last() else {
        return false;
    };
    let mut count = 0;
    for line in variants {
        if is_doc(line) || (line.starts_with("    #[") && is_attribute(line)) {
            continue;
        }
        let Some(variant) = line.strip_prefix("    ").and_then(|l| l.strip_suffix(',')) else {
            return false;
        };
        let plain = match variant.split_once('(') {
            Some((name, ty)) => is_identifier(name) && ty.strip_suffix(')').is_some_and(is_type),
            None => is_identifier(variant),
        };
        if line.len() > MAX_WIDTH || !plain {
            return false;
        }
        count += 1;
    }
    *last == "}" && count > 0
}

/// The body of `impl v::FromInput for Name {` as `templates/src/models.rs.j2` writes it, with
/// every read on one line and the struct literal too wide for one.
fn from_input_body(name: &str, lines: &[&str]) -> bool {
    const SIGNATURE: &str = "    fn from_input(input: &v::Value, loc: &v::Loc<'_>, errors: &mut v::Errors) -> Option<Self> {";
    const FIELDS: &str = "        let mut fields = v::Fields::new(input, loc, errors)?;";
    let [signature, fields, rest @ ..] = lines else {
        return false;
    };
    if *signature != SIGNATURE || *fields != FIELDS {
        return false;
    }
    let mut reads = 0;
    while rest[reads..]
        .first()
        .is_some_and(|line| line.starts_with("        let "))
    {
        match read_statement(&rest[reads..]) {
            Some(lines) => reads += lines,
            None => return false,
        }
    }
    // A longer name no longer lets rustfmt hang the literal off `Some(` (measured).
    const SOME_NAME_WIDTH: usize = 58;
    if name.len() > SOME_NAME_WIDTH {
        return false;
    }
    let opening = format!("        Some({name} {{");
    let [open, literal @ .., close, end_fn, end_impl] = &rest[reads..] else {
        return false;
    };
    if **open != opening
        || opening.len() > MAX_WIDTH
        || *close != "        })"
        || *end_fn != "    }"
        || *end_impl != "}"
    {
        return false;
    }
    // rustfmt puts a struct literal on one line when its fields fit in `struct_lit_width`.
    let mut width = 0;
    for line in literal {
        let Some((field, value)) = line
            .strip_prefix("            ")
            .and_then(|l| l.strip_suffix("?,"))
            .and_then(|l| l.split_once(": "))
        else {
            return false;
        };
        if field != value || !is_identifier(field) || line.len() > MAX_WIDTH {
            return false;
        }
        width += field.len() * 2 + ": ?".len() + if width > 0 { ", ".len() } else { 0 };
    }
    !literal.is_empty() && width > STRUCT_LIT_WIDTH
}

/// One read, `let name = fields.read("wire", &validator);`, in the layout rustfmt gives it
/// (measured on thousands of reads against rustfmt): on one line when the line fits in
/// `max_width` and the arguments in `fn_call_width`; else with the call on the next line when
/// that line fits; else one argument a line. Answers how many lines it takes, or `None` when
/// the lines are not the layout rustfmt would choose.
fn read_statement(lines: &[&str]) -> Option<usize> {
    const LET: &str = "        let ";
    let first = lines.first()?.strip_prefix(LET)?;
    // One line.
    if let Some(statement) = first.strip_suffix(");") {
        let (name, call) = statement.split_once(" = fields.")?;
        let (method, args) = call.split_once('(')?;
        let fits = lines[0].len() <= MAX_WIDTH && args.len() <= FN_CALL_WIDTH;
        return (fits && is_identifier(name) && is_identifier(method) && is_argument_list(args))
            .then_some(1);
    }
    // The call on the next line.
    if let Some(name) = first.strip_suffix(" =") {
        let call = lines
            .get(1)?
            .strip_prefix("            fields.")?
            .strip_suffix(");")?;
        let (method, args) = call.split_once('(')?;
        let one_line = LET.len() + name.len() + " = fields.".len() + call.len() + ");".len();
        let fits = lines[1].len() <= MAX_WIDTH && args.len() <= FN_CALL_WIDTH;
        return (fits
            && one_line > MAX_WIDTH
            && is_identifier(name)
            && is_identifier(method)
            && is_argument_list(args))
        .then_some(2);
    }
    // One argument a line.
    let opening = first.strip_suffix('(')?;
    let (name, method) = opening.split_once(" = fields.")?;
    let count = lines[1..]
        .iter()
        .take_while(|line| line.starts_with("            "))
        .count();
    if lines.get(1 + count) != Some(&"        );") || count == 0 || lines[0].len() >= MAX_WIDTH {
        return None;
    }
    let mut args = Vec::new();
    for line in &lines[1..=count] {
        let arg = line.strip_prefix("            ")?.strip_suffix(',')?;
        // A method chain (`v::Str::new().max_length(5)`) stays on one line within 60 columns.
        if line.len() > MAX_WIDTH
            || (arg.contains(").") && arg.len() > FN_CALL_WIDTH)
            || !fits_as_argument_line(arg, line.len())
        {
            return None;
        }
        args.push(arg);
    }
    let joined = args.join(", ");
    let one_line = LET.len() + opening.len() + joined.len() + ");".len();
    let next_line = "            fields.".len() + method.len() + 1 + joined.len() + ");".len();
    let vertical = joined.len() > FN_CALL_WIDTH || (one_line > MAX_WIDTH && next_line > MAX_WIDTH);
    (vertical
        && is_identifier(name)
        && is_identifier(method)
        && is_canonical_expression_list(&joined))
    .then_some(count + 2)
}

/// Whether rustfmt keeps `arg` on its own line (`line` columns wide): every bracketed list in
/// it within `fn_call_width`, except that one call may hold a wider single argument that is
/// itself an argument-less call (`v::List::new(v::Model::<LongName>::new())`), which rustfmt
/// lets overflow on a line of at most 96 columns (measured: 98 and over break it).
fn fits_as_argument_line(arg: &str, line: usize) -> bool {
    const OVERFLOW_LINE: usize = 96;
    let mut wide = Vec::new();
    if !bracket_groups(arg, |inner| {
        if inner.len() > FN_CALL_WIDTH {
            wide.push(inner);
        }
    }) {
        return false;
    }
    match wide.as_slice() {
        [] => true,
        [inner] => {
            line <= OVERFLOW_LINE
                && inner.strip_suffix("()").is_some_and(|callee| {
                    !callee.is_empty()
                        && callee
                            .bytes()
                            .all(|c| c.is_ascii_alphanumeric() || b"_:<>".contains(&c))
                })
        }
        _ => false,
    }
}

/// Plain expressions separated by `, ` (see [`is_plain_expression`]), every bracketed list
/// inside them within `fn_call_width`, so rustfmt keeps each on one line.
fn is_argument_list(args: &str) -> bool {
    is_canonical_expression_list(args) && brackets_within(args, FN_CALL_WIDTH)
}

/// Whether every `(...)` and `[...]` in `text` (outside string literals) holds at most
/// `width` bytes.
fn brackets_within(text: &str, width: usize) -> bool {
    let mut within = true;
    bracket_groups(text, |inner| within &= inner.len() <= width) && within
}

/// Calls `each` with the inside of every `(...)` and `[...]` of `text` (outside string
/// literals); `false` when the brackets do not balance.
fn bracket_groups<'a>(text: &'a str, mut each: impl FnMut(&'a str)) -> bool {
    let bytes = text.as_bytes();
    let mut open = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => match string_literal_end(&text[i..]) {
                Some(end) => {
                    i += end;
                    continue;
                }
                None => return false,
            },
            b'(' | b'[' => open.push(i),
            b')' | b']' => match open.pop() {
                Some(start) => each(&text[start + 1..i]),
                None => return false,
            },
            _ => {}
        }
        i += 1;
    }
    open.is_empty()
}

/// Arguments separated by `, `, each a plain expression (see [`is_one_line_read`]).
fn is_canonical_expression_list(args: &str) -> bool {
    let Some(args) = split_top_level(args) else {
        return false;
    };
    args.iter().all(|arg| is_plain_expression(arg))
}

/// Paths, calls, method calls, numbers, string literals, `&` and `[...]`: tokens rustfmt
/// prints the same way on one line, with a space only after each comma.
fn is_plain_expression(expression: &str) -> bool {
    if expression.is_empty() {
        return false;
    }
    let bytes = expression.as_bytes();
    let mut depth: i32 = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => match string_literal_end(&expression[i..]) {
                Some(end) => {
                    i += end;
                    continue;
                }
                None => return false,
            },
            b'(' | b'[' => depth += 1,
            b')' | b']' => {
                depth -= 1;
                if depth < 0 || bytes[i - 1] == b',' || bytes[i - 1] == b' ' {
                    return false;
                }
            }
            b',' => {
                if bytes.get(i + 1) != Some(&b' ') {
                    return false;
                }
            }
            b' ' => {
                if bytes[i - 1] != b','
                    || matches!(bytes.get(i + 1), None | Some(b' ' | b')' | b']'))
                {
                    return false;
                }
            }
            b'&' => {
                if !matches!(bytes.get(i + 1), Some(c) if c.is_ascii_alphabetic() || *c == b'[') {
                    return false;
                }
            }
            b'-' => {
                if !matches!(bytes.get(i + 1), Some(c) if c.is_ascii_digit()) {
                    return false;
                }
            }
            b':' | b'<' | b'>' | b'.' | b'_' => {}
            c if c.is_ascii_alphanumeric() => {}
            _ => return false,
        }
        i += 1;
    }
    depth == 0
}

/// `text` split at the commas outside brackets and strings (each comma followed by one
/// space), or `None` when it is not such a list.
fn split_top_level(text: &str) -> Option<Vec<&str>> {
    let bytes = text.as_bytes();
    let mut parts = Vec::new();
    let (mut depth, mut start, mut i) = (0i32, 0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += string_literal_end(&text[i..])?;
                continue;
            }
            b'(' | b'[' | b'<' => depth += 1,
            b')' | b']' | b'>' => depth -= 1,
            b',' if depth == 0 => {
                if bytes.get(i + 1) != Some(&b' ') {
                    return None;
                }
                parts.push(&text[start..i]);
                start = i + 2;
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(&text[start..]);
    (depth == 0 && parts.iter().all(|p| !p.is_empty())).then_some(parts)
}

/// The length of the string literal `text` starts with (escapes skipped), if it is one.
fn string_literal_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.first() != Some(&b'"') {
        return None;
    }
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

fn is_string_literal(text: &str) -> bool {
    string_literal_end(text) == Some(text.len())
}

fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `a::b::C` (no generics).
fn is_path(text: &str) -> bool {
    !text.is_empty() && text.split("::").all(is_identifier)
}

/// A type as the templates write it: paths with generic arguments, `, ` between arguments.
fn is_type(text: &str) -> bool {
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
        let one = |line: &str| read_statement(&[line]) == Some(1);
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
            text.push_str("        Some(Pet {\n");
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
        assert!(!is_stable(&impl_of(&[])));
    }
}
