//! rustfmt's layout of the few statement shapes axumgen writes by the thousand (a model's
//! field reads, a generated test's request and assertions), as measured against rustfmt
//! (`max_width` 100, `fn_call_width` 60). The plan uses it to render those statements already
//! formatted; the format stage (`format::stable`) parses what was rendered, lays it out again
//! here and keeps it from rustfmt only when the two agree. A layout here that rustfmt would not
//! choose therefore costs time, never a `fmt --check` failure; `tests/preformatted.rs` holds
//! every kept item to rustfmt.

/// rustfmt's `max_width`. Widths are counted in bytes, never less than the columns a line takes.
pub const MAX_WIDTH: usize = 100;
/// rustfmt's `fn_call_width`: the widest argument list it keeps on one line.
pub const FN_CALL_WIDTH: usize = 60;

/// How rustfmt lays out a `let` read: on one line, with the call on the next line, or one
/// argument a line. Serialized for the templates as `one_line`, `next_line`, `vertical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    OneLine,
    NextLine,
    Vertical,
}

/// The layout of `let name = receiver.method(args);` inside `from_input` or `from_params`
/// (eight columns in): one line when the line fits in `max_width` and the arguments in
/// `fn_call_width`, else the call on the next line when that line fits, else one argument a
/// line.
pub fn read_statement(receiver: &str, name: &str, method: &str, args: &[String]) -> Layout {
    const INDENT: usize = 8;
    let joined = args.iter().map(String::len).sum::<usize>() + 2 * args.len().saturating_sub(1);
    let call = receiver.len() + 1 + method.len() + 1 + joined + ");".len();
    if joined <= FN_CALL_WIDTH {
        if INDENT + "let ".len() + name.len() + " = ".len() + call <= MAX_WIDTH {
            return Layout::OneLine;
        }
        if INDENT + 4 + call <= MAX_WIDTH {
            return Layout::NextLine;
        }
    }
    Layout::Vertical
}

/// rustfmt's `struct_lit_width`: a struct literal whose fields fit in this many columns goes
/// on one line.
pub const STRUCT_LIT_WIDTH: usize = 18;

/// The width of the fields of `Name { a: a?, b: b? }` on one line (`a: a?, b: b?`).
pub fn literal_width(fields: &[&str]) -> usize {
    fields
        .iter()
        .map(|f| f.len() * 2 + ": ?".len())
        .sum::<usize>()
        + 2 * fields.len().saturating_sub(1)
}

/// Whether rustfmt writes `Some(name { field: field?, ... })` (eight columns in) on one line.
pub fn literal_on_one_line(name: &str, fields: &[&str]) -> bool {
    let width = literal_width(fields);
    !fields.is_empty()
        && width <= STRUCT_LIT_WIDTH
        && name.len() <= 58
        && "        Some(".len() + name.len() + " {  })".len() + width <= MAX_WIDTH
}

/// Whether rustfmt keeps `pub struct {name}(pub {ty});` on one line; beyond `max_width` it puts
/// the field on a line of its own (`pub struct Name(` … `    pub Type,` … `);`), which it
/// keeps while that line fits (measured).
pub fn tuple_struct_on_one_line(name: &str, ty: &str) -> bool {
    "pub struct ".len() + name.len() + "(pub ".len() + ty.len() + ");".len() <= MAX_WIDTH
}

/// Whether rustfmt moves the type of the field `    pub {name}: {ty},` to a line of its own
/// (`    pub name:` then `        Type,`): the field is wider than `max_width` (measured; it
/// keeps that layout while the type's line fits).
pub fn field_type_on_next_line(name: &str, ty: &str) -> bool {
    "    pub ".len() + name.len() + ": ".len() + ty.len() + ",".len() > MAX_WIDTH
}

/// What follows a function's `name()` of `signature` bytes (`async fn name()`, no arguments):
/// ` {` on the same line when it fits, else `{` alone on the next line while the signature
/// fits, else ` {` on the next line (rustfmt's layout, measured).
pub fn fn_brace(signature: usize) -> &'static str {
    if signature + " {".len() <= MAX_WIDTH {
        " {"
    } else if signature <= MAX_WIDTH {
        "\n{"
    } else {
        "\n {"
    }
}

/// `callee(args)` then `end` (`;`, `.await;`, `.await` or nothing for a tail expression), `indent`
/// columns in, as rustfmt lays it out: on one line when it fits; else one argument a line
/// (`.await` on a line of its own). An awaited call whose arguments cannot fit a line of their
/// own either is left by rustfmt as it was written, on one line. `None` when rustfmt's layout
/// is not known here.
pub fn call(indent: usize, callee: &str, args: &[String], end: &str) -> Option<String> {
    let pad = " ".repeat(indent);
    let inner = " ".repeat(indent + 4);
    let awaited = end == ".await;";
    let awaited_tail = end == ".await";
    let joined = args.join(", ");
    let one_line = format!("{pad}{callee}({joined}){end}");
    if fits_one_line(&one_line, args) {
        return Some(one_line);
    }
    let mut text = format!("{pad}{callee}(\n");
    for arg in args {
        let line = format!("{inner}{arg},");
        if line.len() > MAX_WIDTH {
            return awaited.then_some(one_line);
        }
        if !brackets_within(arg, FN_CALL_WIDTH) {
            return None;
        }
        text.push_str(&line);
        text.push('\n');
    }
    if awaited || awaited_tail {
        text.push_str(&format!("{pad})\n{pad}{end}"));
    } else {
        text.push_str(&format!("{pad}){end}"));
    }
    Some(text)
}

/// [`call`]'s layout, or the call on one line where rustfmt's is not known here: what the
/// plan renders (the format stage recognises only the first and hands the second to rustfmt).
pub fn call_text(indent: usize, callee: &str, args: &[String], end: &str) -> String {
    call(indent, callee, args, end)
        .unwrap_or_else(|| format!("{}{callee}({}){end}", " ".repeat(indent), args.join(", ")))
}

/// `head` (`    let request = Request::builder()`) and a method chain on it, eight columns in,
/// ending in `;`, as rustfmt lays it out when the chain is too long for one line: each call on
/// a line of its own when it fits; else a lone call argument hung off the line
/// (`.body(Body::from(` … `))`), else one argument a line; and when some call cannot be laid
/// out within the width at all, rustfmt leaves the whole chain as written, one call a line.
/// `None` when the chain might fit on one line (rustfmt would join it).
pub fn chain_statement(head: &str, calls: &[(String, Vec<String>)]) -> Option<String> {
    let one_line: usize = head.trim_start().len()
        + calls
            .iter()
            .map(|(method, args)| {
                method.len() + 3 + args.iter().map(|a| a.len() + 2).sum::<usize>()
            })
            .sum::<usize>();
    if calls.len() < 2 || one_line <= FN_CALL_WIDTH {
        return None;
    }
    let laid: Option<Vec<String>> = calls.iter().map(|(m, a)| chain_call(m, a)).collect();
    let lines = laid.unwrap_or_else(|| {
        calls
            .iter()
            .map(|(method, args)| format!("        .{method}({})", args.join(", ")))
            .collect()
    });
    Some(format!("{head}\n{};", lines.join("\n")))
}

/// One call of a chain, eight columns in, or `None` when it does not fit the width.
fn chain_call(method: &str, args: &[String]) -> Option<String> {
    let one_line = format!("        .{method}({})", args.join(", "));
    if fits_one_line(&one_line, args) {
        return Some(one_line);
    }
    if let [arg] = args
        && let Some((callee, inner)) = arg.strip_suffix(')').and_then(|a| a.split_once('('))
        && is_path(callee)
        && is_string_literal(inner)
    {
        let line = format!("            {inner},");
        return (line.len() <= MAX_WIDTH)
            .then(|| format!("        .{method}({callee}(\n{line}\n        ))"));
    }
    let mut text = format!("        .{method}(\n");
    for arg in args {
        let line = format!("            {arg},");
        if line.len() > MAX_WIDTH || !brackets_within(arg, FN_CALL_WIDTH) {
            return None;
        }
        text.push_str(&line);
        text.push('\n');
    }
    text.push_str("        )");
    Some(text)
}

/// A function's signature up to its opening brace: `head` (`pub async fn name`), the
/// parameters (`name: Type`) and `returns` (`-> Response`), as rustfmt lays it out: on one line
/// when it fits; else one parameter a line, a parameter too wide for its line with its type's
/// generic arguments one a line (measured). `None` when rustfmt's layout is not known here.
pub fn fn_signature(head: &str, params: &[String], returns: &str) -> Option<String> {
    let one_line = format!("{head}({}) {returns} {{", params.join(", "));
    if one_line.len() <= MAX_WIDTH {
        return Some(one_line);
    }
    if params.is_empty() {
        // The brace alone on the next line while the rest takes at most 101 columns (one more
        // than `max_width`: measured); else `-> Type` at the margin on the next line, its
        // brace after it while that fits.
        let without_brace = format!("{head}() {returns}");
        return if without_brace.len() <= MAX_WIDTH + 1 {
            Some(format!("{without_brace}\n{{"))
        } else if returns.len() + " {".len() <= MAX_WIDTH {
            Some(format!("{head}()\n{returns} {{"))
        } else if returns.len() <= MAX_WIDTH {
            Some(format!("{head}()\n{returns}\n{{"))
        } else {
            None
        };
    }
    let closing = format!(") {returns} {{");
    if closing.len() > MAX_WIDTH {
        return None;
    }
    let mut text = format!("{head}(\n");
    for param in params {
        let line = format!("    {param},");
        if line.len() <= MAX_WIDTH {
            text.push_str(&line);
            text.push('\n');
            continue;
        }
        let (outer, inner) = param.strip_suffix('>')?.split_once('<')?;
        text.push_str(&format!("    {outer}<\n"));
        for arg in split_top_level(inner)? {
            let line = format!("        {arg},");
            if line.len() > MAX_WIDTH {
                return None;
            }
            text.push_str(&line);
            text.push('\n');
        }
        text.push_str("    >,\n");
    }
    text.push_str(&closing);
    Some(text)
}

/// `{callee}({macro}!({literal}))`, `indent` columns in, a tail expression: on one line when it
/// fits and the macro call in `fn_call_width`; else the literal alone on a line, the call hung
/// around it (measured).
pub fn hung_literal_call(
    indent: usize,
    callee: &str,
    inner: &str,
    literal: &str,
) -> Option<String> {
    let pad = " ".repeat(indent);
    let arg = format!("{inner}({literal})");
    let one_line = format!("{pad}{callee}({arg})");
    if one_line.len() <= MAX_WIDTH && arg.len() <= FN_CALL_WIDTH {
        return Some(one_line);
    }
    let line = format!("{pad}    {literal}");
    (line.len() <= MAX_WIDTH).then(|| format!("{pad}{callee}({inner}(\n{line}\n{pad}))"))
}

/// A router's routes as a function's tail expression: `Router::new()` then one
/// `.route(path, method(handler))` a route (each given as its two arguments, the path a string
/// literal, the handler a path), as rustfmt lays it out (measured on GitHub's API): one call
/// a line, each on one line when it fits, else one argument a line, and a method call too wide
/// for its line with its handler on a line of its own. `None` when rustfmt's layout is not
/// known here: a chain short enough for one line, a call that cannot fit, and a last call
/// that breaks after calls that fit on one line (rustfmt may join those).
pub fn route_chain(routes: &[[String; 2]]) -> Option<String> {
    let calls = |routes: &[[String; 2]]| {
        routes
            .iter()
            .map(|[path, method]| format!(".route({path}, {method})"))
            .collect::<String>()
    };
    match routes {
        [] => None,
        [route] => route_call(4, "Router::new()", route),
        _ => {
            if "Router::new()".len() + calls(routes).len() <= FN_CALL_WIDTH {
                return None;
            }
            let laid: Vec<String> = routes
                .iter()
                .map(|route| route_call(8, "", route))
                .collect::<Option<_>>()?;
            let last_breaks = laid.last().is_some_and(|call| call.contains('\n'));
            let before_last = "Router::new()".len() + calls(&routes[..routes.len() - 1]).len();
            if last_breaks && before_last <= FN_CALL_WIDTH {
                return None;
            }
            Some(format!("    Router::new()\n{}", laid.join("\n")))
        }
    }
}

/// `{head}.route(path, method)`, `indent` columns in.
fn route_call(indent: usize, head: &str, [path, method]: &[String; 2]) -> Option<String> {
    let pad = " ".repeat(indent);
    let inner = " ".repeat(indent + 4);
    let one_line = format!("{pad}{head}.route({path}, {method})");
    if one_line.len() <= MAX_WIDTH && path.len() + ", ".len() + method.len() <= FN_CALL_WIDTH {
        return Some(one_line);
    }
    let path_line = format!("{inner}{path},");
    let mut method_line = format!("{inner}{method},");
    if path_line.len() > MAX_WIDTH {
        return None;
    }
    if method_line.len() > MAX_WIDTH {
        let (function, handler) = method.strip_suffix(')')?.split_once('(')?;
        let handler_line = format!("{inner}    {handler},");
        if handler_line.len() > MAX_WIDTH {
            return None;
        }
        method_line = format!("{inner}{function}(\n{handler_line}\n{inner}),");
    }
    Some(format!(
        "{pad}{head}.route(\n{path_line}\n{method_line}\n{pad})"
    ))
}

/// Whether rustfmt keeps a call on the one line `line`: it fits in `max_width`, and its
/// arguments in `fn_call_width` (a lone string literal may be wider), every bracketed list in
/// them too.
fn fits_one_line(line: &str, args: &[String]) -> bool {
    let joined = args.iter().map(String::len).sum::<usize>() + 2 * args.len().saturating_sub(1);
    let lone_literal = matches!(args, [arg] if is_string_literal(arg));
    line.len() <= MAX_WIDTH
        && (joined <= FN_CALL_WIDTH || lone_literal)
        && args.iter().all(|arg| brackets_within(arg, FN_CALL_WIDTH))
}

/// Whether every `(...)` and `[...]` in `text` (outside string literals) holds at most
/// `width` bytes.
pub fn brackets_within(text: &str, width: usize) -> bool {
    let mut within = true;
    bracket_groups(text, |inner| within &= inner.len() <= width) && within
}

/// Calls `each` with the inside of every `(...)` and `[...]` of `text` (outside string
/// literals); `false` when the brackets do not balance.
pub fn bracket_groups<'a>(text: &'a str, mut each: impl FnMut(&'a str)) -> bool {
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

/// `text` split at the commas outside brackets and strings (each comma followed by one
/// space), or `None` when it is not such a list.
pub fn split_top_level(text: &str) -> Option<Vec<&str>> {
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
pub fn string_literal_end(text: &str) -> Option<usize> {
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

pub fn is_string_literal(text: &str) -> bool {
    string_literal_end(text) == Some(text.len())
}

pub fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `a::b::C` (no generics).
pub fn is_path(text: &str) -> bool {
    !text.is_empty() && text.split("::").all(is_identifier)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_takes_one_line_then_two_then_one_argument_a_line() {
        let args = |wire: &str| vec![format!("{wire:?}"), "&v::Str::new()".to_string()];
        // `        let name = fields.required("name", &v::Str::new());`
        assert_eq!(
            read_statement("fields", "name", "required", &args("name")),
            Layout::OneLine
        );
        // 8 + 34 + 62 columns on one line; the call alone is 12 + 62.
        let name = "n".repeat(30);
        assert_eq!(
            read_statement("fields", &name, "required", &args(&name)),
            Layout::NextLine
        );
        // The arguments take 50 + 2 + 2 + 14 = 68 columns: over `fn_call_width`.
        let name = "n".repeat(50);
        assert_eq!(
            read_statement("fields", &name, "required", &args(&name)),
            Layout::Vertical
        );
    }

    fn literal(n: usize) -> String {
        format!("\"{}\"", "a".repeat(n))
    }

    #[test]
    fn an_assertion_goes_vertical_then_stays_as_written_when_awaited() {
        let args = |n| vec!["response".to_string(), literal(n)];
        assert_eq!(
            call(4, "assert_body", &args(10), ".await;").as_deref(),
            Some("    assert_body(response, \"aaaaaaaaaa\").await;")
        );
        let vertical = call(4, "assert_body", &args(70), ".await;").expect("a layout");
        assert!(vertical.starts_with("    assert_body(\n        response,\n        \"a"));
        assert!(vertical.ends_with("\",\n    )\n    .await;"));
        let long = call(4, "assert_body", &args(200), ".await;").expect("a layout");
        assert!(!long.contains('\n'), "left on one line: {long}");
        assert_eq!(
            call(4, "assert_header", &["&response".into(), literal(200)], ";"),
            None
        );
    }

    #[test]
    fn a_chain_call_hangs_a_lone_argument_and_a_chain_that_cannot_fit_stays_as_written() {
        let head = "    let request = Request::builder()";
        let calls = |body: usize| {
            vec![
                ("method".to_string(), vec!["\"GET\"".to_string()]),
                ("uri".to_string(), vec![literal(85)]),
                (
                    "body".to_string(),
                    vec![format!("Body::from({})", literal(body))],
                ),
            ]
        };
        let hung = chain_statement(head, &calls(70)).expect("too long for one line");
        assert!(hung.contains("        .uri(\n            \"a"), "{hung}");
        assert!(
            hung.contains("        .body(Body::from(\n            \"a"),
            "{hung}"
        );
        assert!(hung.ends_with("\",\n        ));"), "{hung}");
        let as_written = chain_statement(head, &calls(200)).expect("too long for one line");
        assert_eq!(as_written.lines().count(), 4, "{as_written}");
        assert!(chain_statement(head, &[("a".into(), vec![]), ("b".into(), vec![])]).is_none());
    }
}
