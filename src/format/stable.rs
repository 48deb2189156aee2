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

use crate::layout::{
    FN_CALL_WIDTH, MAX_WIDTH, STRUCT_LIT_WIDTH, bracket_groups, brackets_within, is_identifier,
    is_path, is_string_literal, split_top_level, string_literal_end,
};

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
        is_named_block(name) && reader_body("fields", name.trim_end_matches(" {"), rest)
    } else if let Some(name) = head.strip_prefix("impl crate::validation::FromParams for ") {
        is_named_block(name) && reader_body("params", name.trim_end_matches(" {"), rest)
    } else if let Some(name) = head.strip_prefix("impl v::WireEnum for ") {
        is_named_block(name) && wire_enum_body(rest)
    } else if let Some(name) = head.strip_prefix("impl axum::response::IntoResponse for ") {
        is_named_block(name) && into_response_body(rest)
    } else if let Some(name) = head.strip_prefix("async fn ") {
        name.strip_suffix("() {").is_some_and(is_identifier) && test_body(rest)
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

/// The body of `impl v::FromInput for Name {` (`templates/src/models.rs.j2`) or
/// `impl crate::validation::FromParams for Name {` (`templates/src/api.rs.j2`): its fixed
/// opening, the reads in the layout rustfmt gives them, and the struct literal.
fn reader_body(receiver: &str, name: &str, lines: &[&str]) -> bool {
    const FROM_INPUT: [&str; 2] = [
        "    fn from_input(input: &v::Value, loc: &v::Loc<'_>, errors: &mut v::Errors) -> Option<Self> {",
        "        let mut fields = v::Fields::new(input, loc, errors)?;",
    ];
    const FROM_PARAMS: [&str; 6] = [
        "    fn from_params(",
        "        params: &crate::validation::Params,",
        "        errors: &mut crate::validation::Errors,",
        "    ) -> Option<Self> {",
        "        #[allow(unused_imports)]",
        "        use crate::validation as v;",
    ];
    let opening: &[&str] = if receiver == "fields" {
        &FROM_INPUT
    } else {
        &FROM_PARAMS
    };
    if lines.len() < opening.len() || lines[..opening.len()] != *opening {
        return false;
    }
    let rest = &lines[opening.len()..];
    let mut reads = 0;
    while rest[reads..]
        .first()
        .is_some_and(|line| line.starts_with("        let "))
    {
        match read_statement(receiver, &rest[reads..]) {
            Some(lines) => reads += lines,
            None => return false,
        }
    }
    match &rest[reads..] {
        [literal, end_fn, end_impl] => {
            *end_fn == "    }" && *end_impl == "}" && is_one_line_literal(name, literal)
        }
        [open, fields @ .., close, end_fn, end_impl] => {
            *end_fn == "    }"
                && *end_impl == "}"
                && **close == *"        })"
                && is_vertical_literal(name, open, fields)
        }
        _ => false,
    }
}

/// A longer name no longer lets rustfmt hang the struct literal off `Some(` (measured).
const SOME_NAME_WIDTH: usize = 58;

/// `Some(Name {`, then `field: field?,` a line: what rustfmt writes when the fields take more
/// than `struct_lit_width`.
fn is_vertical_literal(name: &str, open: &str, fields: &[&str]) -> bool {
    if name.len() > SOME_NAME_WIDTH || open != format!("        Some({name} {{") {
        return false;
    }
    let mut names = Vec::new();
    for line in fields {
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
        names.push(field);
    }
    !names.is_empty() && crate::layout::literal_width(&names) > STRUCT_LIT_WIDTH
}

/// `Some(Name { a: a?, b: b? })` on one line: the fields fit in `struct_lit_width`.
fn is_one_line_literal(name: &str, line: &str) -> bool {
    let Some(fields) = line
        .strip_prefix("        Some(")
        .and_then(|l| l.strip_prefix(name))
        .and_then(|l| l.strip_prefix(" { "))
        .and_then(|l| l.strip_suffix(" })"))
    else {
        return false;
    };
    let mut names = Vec::new();
    for field in fields.split(", ") {
        match field.strip_suffix('?').and_then(|f| f.split_once(": ")) {
            Some((field, value)) if field == value && is_identifier(field) => names.push(field),
            _ => return false,
        }
    }
    name.len() <= SOME_NAME_WIDTH
        && line.len() <= MAX_WIDTH
        && crate::layout::literal_width(&names) <= STRUCT_LIT_WIDTH
}

/// One read, `let name = fields.read("wire", &validator);`, in the layout rustfmt gives it
/// (measured on thousands of reads against rustfmt): on one line when the line fits in
/// `max_width` and the arguments in `fn_call_width`; else with the call on the next line when
/// that line fits; else one argument a line. Answers how many lines it takes, or `None` when
/// the lines are not the layout rustfmt would choose.
fn read_statement(receiver: &str, lines: &[&str]) -> Option<usize> {
    let call_on = format!(" = {receiver}.");
    let next_line = format!("            {receiver}.");
    const LET: &str = "        let ";
    let first = lines.first()?.strip_prefix(LET)?;
    // One line.
    if let Some(statement) = first.strip_suffix(");") {
        let (name, call) = statement.split_once(call_on.as_str())?;
        let (method, args) = call.split_once('(')?;
        let fits = lines[0].len() <= MAX_WIDTH && args.len() <= FN_CALL_WIDTH;
        return (fits && is_identifier(name) && is_identifier(method) && is_argument_list(args))
            .then_some(1);
    }
    // The call on the next line.
    if let Some(name) = first.strip_suffix(" =") {
        let call = lines
            .get(1)?
            .strip_prefix(next_line.as_str())?
            .strip_suffix(");")?;
        let (method, args) = call.split_once('(')?;
        let one_line = LET.len() + name.len() + call_on.len() + call.len() + ");".len();
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
    let (name, method) = opening.split_once(call_on.as_str())?;
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
    let next_line = next_line.len() + method.len() + 1 + joined.len() + ");".len();
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

/// The body of `impl v::WireEnum for Name {` (`templates/src/models.rs.j2`): the values on
/// one line, then `from_wire` as one path or a `match` of one-line arms.
fn wire_enum_body(lines: &[&str]) -> bool {
    let [values, blank, rest @ ..] = lines else {
        return false;
    };
    let values_fit = values
        .strip_prefix("    const VALUES: &'static [&'static str] = &[")
        .and_then(|l| l.strip_suffix("];"))
        .and_then(split_top_level)
        .is_some_and(|values| values.iter().all(|v| is_string_literal(v)));
    if !values_fit || values.len() > MAX_WIDTH || !blank.is_empty() {
        return false;
    }
    match rest {
        [
            "    fn from_wire(_value: &str) -> Self {",
            variant,
            "    }",
            "}",
        ] => variant
            .strip_prefix("        ")
            .is_some_and(|v| is_path(v) && variant.len() <= MAX_WIDTH),
        [
            "    fn from_wire(value: &str) -> Self {",
            "        match value {",
            arms @ ..,
            "        }",
            "    }",
            "}",
        ] => {
            !arms.is_empty()
                && arms.iter().all(|arm| {
                    arm.len() <= MAX_WIDTH
                        && arm
                            .strip_prefix("            ")
                            .and_then(|a| a.strip_suffix(','))
                            .and_then(|a| a.split_once(" => "))
                            .is_some_and(|(pattern, path)| {
                                (pattern == "_" || is_string_literal(pattern)) && is_path(path)
                            })
                })
        }
        _ => false,
    }
}

/// The body of `impl axum::response::IntoResponse for Name {` (`templates/src/api.rs.j2`): one
/// call of `crate::validation::reply`, laid out as `crate::layout::call` lays it out.
fn into_response_body(lines: &[&str]) -> bool {
    const SIGNATURE: &str = "    fn into_response(self) -> axum::response::Response {";
    let [signature, call @ .., "    }", "}"] = lines else {
        return false;
    };
    if *signature != SIGNATURE || call.is_empty() {
        return false;
    }
    let text = call.join("\n");
    parse_call(call, 8, "").is_some_and(|(callee, args)| {
        crate::layout::call(8, callee, &args, "").as_deref() == Some(text.as_str())
    })
}

/// A call `indent` columns in followed by `end`, on one line or one argument a line (for
/// `.await;`, the closing parenthesis and `.await;` on lines of their own), as (callee,
/// arguments); `None` when the lines have another shape or an argument is not plain.
fn parse_call<'a>(lines: &[&'a str], indent: usize, end: &str) -> Option<(&'a str, Vec<String>)> {
    let pad = " ".repeat(indent);
    let inner = " ".repeat(indent + 4);
    let first = lines.first()?.strip_prefix(pad.as_str())?;
    let (callee, rest) = first.split_once('(')?;
    if !is_path(callee) {
        return None;
    }
    if let [_] = lines {
        let args = rest.strip_suffix(end)?.strip_suffix(')')?;
        return Some((callee, plain_arguments(args)?));
    }
    if !rest.is_empty() {
        return None;
    }
    let closing: Vec<String> = if end == ".await;" {
        vec![format!("{pad})"), format!("{pad}.await;")]
    } else {
        vec![format!("{pad}){end}")]
    };
    let close = lines.len().checked_sub(closing.len())?;
    if lines[close..] != closing.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        return None;
    }
    let args = lines[1..close]
        .iter()
        .map(|line| plain_argument(line.strip_prefix(inner.as_str())?.strip_suffix(',')?))
        .collect::<Option<Vec<String>>>()?;
    (!args.is_empty()).then_some((callee, args))
}

/// The body of a generated test (`templates/tests/generated.rs.j2`): a request built by a
/// method chain, `send`, and assertions, each in the layout `crate::layout` gives it.
fn test_body(lines: &[&str]) -> bool {
    let Some((last, body)) = lines.split_last() else {
        return false;
    };
    if *last != "}" {
        return false;
    }
    let mut start = 0;
    for (i, line) in body.iter().enumerate() {
        if line.ends_with(';') {
            if !is_test_statement(&body[start..=i]) {
                return false;
            }
            start = i + 1;
        }
    }
    start == body.len() && !body.is_empty()
}

/// One statement of a test body, as `crate::layout` lays it out.
fn is_test_statement(lines: &[&str]) -> bool {
    let text = lines.join("\n");
    if text == "    let response = send(request).await;" {
        return true;
    }
    if lines[0] == "    let request = Request::builder()"
        || lines[0] == "    let mut request = Request::builder()"
    {
        return chain_calls(&lines[1..]).is_some_and(|calls| {
            crate::layout::chain_statement(lines[0], &calls).as_deref() == Some(text.as_str())
        });
    }
    let end = if text.ends_with(".await;") {
        ".await;"
    } else {
        ";"
    };
    parse_call(lines, 4, end).is_some_and(|(callee, args)| {
        is_identifier(callee)
            && crate::layout::call(4, callee, &args, end).as_deref() == Some(text.as_str())
    })
}

/// The calls of a method chain, eight columns in, as (method, arguments), whatever their
/// layout; `None` when a line is not of one of the layouts or an argument is not plain.
fn chain_calls(lines: &[&str]) -> Option<Vec<(String, Vec<String>)>> {
    let lines: Vec<&str> = match lines.split_last() {
        Some((last, rest)) => rest
            .iter()
            .copied()
            .chain(std::iter::once(last.strip_suffix(';')?))
            .collect(),
        None => return None,
    };
    let mut calls = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let call = lines[i].strip_prefix("        .")?;
        let (method, open) = call.split_once('(')?;
        if !is_identifier(method) {
            return None;
        }
        if let Some(args) = open.strip_suffix(')').filter(|_| !open.is_empty()) {
            // One line: `.method(args)`.
            calls.push((method.to_string(), plain_arguments(args)?));
            i += 1;
        } else if open.is_empty() {
            // One argument a line, then `)`.
            let mut args = Vec::new();
            i += 1;
            while let Some(arg) = lines.get(i)?.strip_prefix("            ") {
                args.push(plain_argument(arg.strip_suffix(',')?)?);
                i += 1;
            }
            if lines[i] != "        )" || args.is_empty() {
                return None;
            }
            calls.push((method.to_string(), args));
            i += 1;
        } else {
            // A lone call argument hung off the line: `.method(callee(`, its argument, `))`.
            let callee = open.strip_suffix('(')?;
            let inner = lines
                .get(i + 1)?
                .strip_prefix("            ")?
                .strip_suffix(',')?;
            if lines.get(i + 2) != Some(&"        ))") || !is_path(callee) {
                return None;
            }
            calls.push((
                method.to_string(),
                vec![plain_argument(&format!("{callee}({inner})"))?],
            ));
            i += 3;
        }
    }
    Some(calls)
}

fn plain_arguments(args: &str) -> Option<Vec<String>> {
    split_top_level(args)?
        .into_iter()
        .map(plain_argument)
        .collect()
}

fn plain_argument(arg: &str) -> Option<String> {
    is_plain_expression(arg).then(|| arg.to_string())
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
        let one_line = impl_of(&["name"]).replace(
            "        Some(Pet {\n            name: name?,\n        })",
            "        Some(Pet { name: name? })",
        );
        assert!(is_stable(&one_line), "{one_line}");
        assert!(!is_stable(&impl_of(&[])));
    }
}
