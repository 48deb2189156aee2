//! The statements inside generated functions: a model's field reads, the struct literal that
//! ends them, calls and method chains (a generated test's request and assertions).

use super::{FN_CALL_WIDTH, MAX_WIDTH, brackets_within, is_path, is_string_literal};

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

/// Whether rustfmt writes `Some(Self { field: field?, ... })` (eight columns in) on one line.
pub fn literal_on_one_line(fields: &[&str]) -> bool {
    let width = literal_width(fields);
    !fields.is_empty()
        && width <= STRUCT_LIT_WIDTH
        && "        Some(Self {  })".len() + width <= MAX_WIDTH
}

/// A field `name: name?,` of `Some(Self { … })` laid out one a line (twelve columns in), as
/// rustfmt lays it out: on one line when it fits, else the value on a line of its own while
/// that fits, else on one line as written (measured).
pub fn literal_field(name: &str) -> String {
    literal_field_from(name, name)
}

/// [`literal_field`] of the field `name` read into the local `local` (`fields: fields_?,`).
pub fn literal_field_from(name: &str, local: &str) -> String {
    let one_line = format!("            {name}: {local}?,");
    let value = format!("                {local}?,");
    if one_line.len() <= MAX_WIDTH || value.len() > MAX_WIDTH {
        one_line
    } else {
        format!("            {name}:\n{value}")
    }
}

/// `callee(args)` then `end` (`;`, `.await;`, `.await` or nothing for a tail expression), `indent`
/// columns in, as rustfmt lays it out: on one line when it fits; else one argument a line
/// (`.await` on a line of its own), even when a string literal overflows its line in a
/// statement (`;`). An awaited call whose arguments cannot fit a line of their own either is
/// left by rustfmt as it was written, on one line. `None` when rustfmt's layout is not known
/// here.
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
        // A statement keeps one argument a line even when a string literal overflows its
        // line (measured); an awaited call is then left on one line.
        if line.len() > MAX_WIDTH && !(end == ";" && super::is_string_literal(arg)) {
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

/// Whether [`chain_statement`] lays the chain out call by call, rather than leaving it as written
/// because some call cannot be laid out here (which rustfmt may not agree with: the format stage
/// then recognises the statement, or not).
pub fn chain_statement_laid_out(head: &str, calls: &[(String, Vec<String>)]) -> bool {
    chain_statement(head, calls).is_some() && calls.iter().all(|(m, a)| chain_call(m, a).is_some())
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
        // A statement keeps one argument a line, the literal overflowing its line (measured).
        assert_eq!(
            call(4, "assert_header", &["&response".into(), literal(200)], ";").as_deref(),
            Some(
                format!(
                    "    assert_header(\n        &response,\n        {},\n    );",
                    literal(200)
                )
                .as_str()
            )
        );
        assert_eq!(
            call(
                4,
                "assert_header",
                &["&response".into(), "x".repeat(200)],
                ";"
            ),
            None,
            "only a string literal"
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
