//! The generated tests of `tests/generated.rs` (a request built by a method chain, `send`, and
//! assertions) and the typed replies of `src/api.rs`: each statement parsed, laid out again
//! with `crate::layout`, and kept only when the two texts agree.

use super::{is_identifier, plain_argument, plain_arguments};
use crate::layout::is_path;

/// The body of `impl axum::response::IntoResponse for Name {` (`templates/src/api.rs.j2`): one
/// call of `crate::validation::reply`, laid out as `crate::layout::call` lays it out.
pub(super) fn into_response_body(lines: &[&str]) -> bool {
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

/// The body of the smoke test's `fn first_case() -> FirstCase {` (`templates/tests/smoke.rs.j2`):
/// one call of `FirstCase::new` as its tail expression, laid out as `crate::layout::call` lays
/// it out.
pub(super) fn first_case_body(lines: &[&str]) -> bool {
    let [call @ .., "}"] = lines else {
        return false;
    };
    let text = call.join("\n");
    !call.is_empty()
        && parse_call(call, 4, "").is_some_and(|(callee, args)| {
            callee == "FirstCase::new"
                && crate::layout::call(4, callee, &args, "").as_deref() == Some(text.as_str())
        })
}

/// A call (of a function, or of a method on a variable) `indent` columns in followed by `end`, on one line or one argument a line (for
/// `.await;`, the closing parenthesis and `.await;` on lines of their own), as (callee,
/// arguments); `None` when the lines have another shape or an argument is not plain.
pub(super) fn parse_call<'a>(
    lines: &[&'a str],
    indent: usize,
    end: &str,
) -> Option<(&'a str, Vec<String>)> {
    let pad = " ".repeat(indent);
    let inner = " ".repeat(indent + 4);
    let first = lines.first()?.strip_prefix(pad.as_str())?;
    let (callee, rest) = first.split_once('(')?;
    let method_call = callee
        .split_once('.')
        .is_some_and(|(receiver, method)| is_identifier(receiver) && is_identifier(method));
    if !is_path(callee) && !method_call {
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
pub(super) fn test_body(lines: &[&str]) -> bool {
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
