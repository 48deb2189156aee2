//! The routers of `src/routes/` (`templates/src/routes/_router_.rs.j2`: `router`, which picks
//! your handlers or the examples, and the two route chains), the examples of `src/examples.rs`
//! and the example handlers of `src/examples/serve.rs`: each parsed back into what the plan
//! laid out, laid out again with `crate::layout`, and kept only when the two texts agree.

use super::{is_identifier, is_string_literal, split_top_level};
use crate::layout::is_path;

/// The body of `pub fn router(using: Handlers) -> Router<RouterState> {` for a router without
/// a stack of its own: the choice between the two route chains, always written the same way.
pub(super) fn dispatch_body(lines: &[&str]) -> bool {
    lines
        == [
            "    match using {",
            "        Handlers::Yours => to_handlers(),",
            "        Handlers::Examples => to_examples(),",
            "    }",
            "}",
        ]
}

/// The body of `fn to_handlers()` or `fn to_examples()`: `Router::new()` and its
/// `.route(path, method(handler))` calls, as `crate::layout::route_chain` lays them out.
pub(super) fn route_chain_body(lines: &[&str]) -> bool {
    let Some((&"}", chain)) = lines.split_last() else {
        return false;
    };
    let Some(joined) = one_line(chain) else {
        return false;
    };
    let Some(mut rest) = joined.strip_prefix("Router::new()") else {
        return false;
    };
    let mut routes = Vec::new();
    while !rest.is_empty() {
        let Some(args) = rest.strip_prefix(".route(") else {
            return false;
        };
        let Some(end) = closing_parenthesis(args) else {
            return false;
        };
        let Some(Ok::<[&str; 2], _>([path, method])) =
            split_top_level(&args[..end]).map(TryInto::try_into)
        else {
            return false;
        };
        let handler_call = method
            .strip_suffix(')')
            .and_then(|m| m.split_once('('))
            .is_some_and(|(function, handler)| is_identifier(function) && is_path(handler));
        if !is_string_literal(path) || !handler_call {
            return false;
        }
        routes.push([path.to_string(), method.to_string()]);
        rest = &args[end + 1..];
    }
    crate::layout::route_chain(&routes).as_deref() == Some(chain.join("\n").as_str())
}

/// An example handler of `src/examples/serve.rs` from its first line on: its signature, as
/// `crate::layout::fn_signature` lays it out, then the awaited call of the test hooks.
pub(super) fn serve_function(lines: &[&str]) -> bool {
    let Some((signature, call)) = signature_and_body(lines, |line| line.ends_with(" {")) else {
        return false;
    };
    let Some(joined) = one_line(signature) else {
        return false;
    };
    let Some((name, params)) = joined
        .strip_prefix("pub async fn ")
        .and_then(|s| s.strip_suffix(") -> Response {"))
        .and_then(|s| s.split_once('('))
    else {
        return false;
    };
    let Some(params) = split_top_level(params) else {
        return false;
    };
    let params_ok = match params.as_slice() {
        ["headers: HeaderMap"] => true,
        ["headers: HeaderMap", request] => request
            .strip_prefix("_request: crate::validation::Valid<")
            .and_then(|ty| ty.strip_suffix('>'))
            .and_then(split_top_level)
            .is_some_and(|args| args.iter().all(|a| *a == "()" || super::is_type(a))),
        _ => false,
    };
    if !is_identifier(name) || !params_ok {
        return false;
    }
    let params: Vec<String> = params.iter().map(|p| p.to_string()).collect();
    let head = format!("pub async fn {name}");
    let args = ["headers".to_string(), format!("super::{name}")];
    crate::layout::fn_signature(&head, &params, "-> Response").as_deref()
        == Some(signature.join("\n").as_str())
        && crate::layout::call(4, "with_test_hooks", &args, ".await").as_deref()
            == Some(call.join("\n").as_str())
}

/// An example of `src/examples.rs` from its first line on (`plan::handler::example_function`):
/// a typed reply read from its file, or a response built by `respond`.
pub(super) fn example_function(lines: &[&str]) -> bool {
    let Some((signature, body)) = signature_and_body(lines, |line| line.ends_with('{')) else {
        return false;
    };
    let joined = signature.join(" ");
    let Some((name, returns)) = joined
        .strip_prefix("pub fn ")
        .and_then(|s| s.strip_suffix(" {"))
        .and_then(|s| s.split_once("() "))
    else {
        return false;
    };
    let typed = returns
        .strip_prefix("-> Result<crate::api::")
        .and_then(|r| r.strip_suffix(", HttpError>"))
        .is_some_and(is_identifier);
    if !is_identifier(name) || !(typed || returns == "-> Response") {
        return false;
    }
    let head = format!("pub fn {name}");
    if crate::layout::fn_signature(&head, &[], returns).as_deref()
        != Some(signature.join("\n").as_str())
    {
        return false;
    }
    let body_text = body.join("\n");
    if typed {
        let literal = one_line(body).and_then(|call| {
            call.strip_prefix("typed_example(include_str!(")?
                .strip_suffix("))")
                .filter(|l| is_string_literal(l))
                .map(str::to_string)
        });
        literal.is_some_and(|literal| {
            crate::layout::hung_literal_call(4, "typed_example", "include_str!", &literal)
                .as_deref()
                == Some(body_text.as_str())
        })
    } else {
        super::calls::parse_call(body, 4, "").is_some_and(|(callee, args)| {
            callee == "respond"
                && crate::layout::call(4, callee, &args, "").as_deref() == Some(body_text.as_str())
        })
    }
}

/// A function's lines cut into its signature (up to the first line `ends_signature` accepts)
/// and its body (without the closing `}`, which must be the last line).
fn signature_and_body<'a, 'b>(
    lines: &'b [&'a str],
    ends_signature: impl Fn(&str) -> bool,
) -> Option<(&'b [&'a str], &'b [&'a str])> {
    let end = lines.iter().position(|line| ends_signature(line))?;
    let (signature, rest) = lines.split_at(end + 1);
    match rest.split_last() {
        Some((&"}", body)) => Some((signature, body)),
        _ => None,
    }
}

/// `lines` (an expression or a signature laid out over several lines) joined back into the one
/// line it was laid out from: a line break after an opening bracket, before a closing one and
/// before a method call dropped, one after a comma made a space, trailing commas dropped.
/// `None` when a line break is anywhere else.
fn one_line(lines: &[&str]) -> Option<String> {
    const BREAK: &str = "\u{1}";
    let joined = lines
        .iter()
        .map(|line| line.trim_start())
        .collect::<Vec<_>>()
        .join(BREAK);
    let text = joined
        .replace(&format!("({BREAK}"), "(")
        .replace(&format!("<{BREAK}"), "<")
        .replace(&format!(",{BREAK})"), ")")
        .replace(&format!(",{BREAK}>"), ">")
        .replace(&format!(",{BREAK}"), ", ")
        .replace(&format!("{BREAK})"), ")")
        .replace(&format!("{BREAK}."), ".");
    (!text.contains(BREAK)).then_some(text)
}

/// The index of the `)` that closes the call whose arguments `text` starts with (string
/// literals skipped).
fn closing_parenthesis(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += super::string_literal_end(&text[i..])?;
                continue;
            }
            b'(' => depth += 1,
            b')' if depth == 0 => return Some(i),
            b')' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_undoes_the_breaks_of_a_layout() {
        let lines = [
            "pub async fn a(",
            "    headers: HeaderMap,",
            "    _request: Valid<",
            "        A,",
            "        (),",
            "    >,",
            ") -> Response {",
        ];
        assert_eq!(
            one_line(&lines).as_deref(),
            Some("pub async fn a(headers: HeaderMap, _request: Valid<A, ()>) -> Response {")
        );
        assert_eq!(one_line(&["a", "b"]), None);
    }

    #[test]
    fn a_route_chain_is_stable_only_in_the_layout_rustfmt_gives_it() {
        let long = format!("get(handlers::{})", "h".repeat(40));
        let chain = format!(
            "    Router::new()\n        .route(\"/a\", get(handlers::a))\n        .route(\n            \"/b\",\n            {long},\n        )\n        .route(\"/c\", post(handlers::c))\n}}"
        );
        let lines: Vec<&str> = chain.split('\n').collect();
        assert!(route_chain_body(&lines));
        let joined = chain.replace("\n            \"/b\",\n            ", "\"/b\", ");
        let lines: Vec<&str> = joined.split('\n').collect();
        assert!(!route_chain_body(&lines), "{joined}");
        assert!(!route_chain_body(&[
            "    Router::new()",
            "        .route(\"/a\", get(a b))",
            "}"
        ]));
    }

    #[test]
    fn an_example_handler_is_stable_only_as_laid_out() {
        let short = [
            "pub async fn a(headers: HeaderMap) -> Response {",
            "    with_test_hooks(headers, super::a).await",
            "}",
        ];
        assert!(serve_function(&short));
        let other = [
            "pub async fn a(headers: HeaderMap) -> Response {",
            "    with_test_hooks(headers, super::b).await",
            "}",
        ];
        assert!(!serve_function(&other));
        let tall = [
            "pub async fn a(",
            "    headers: HeaderMap,",
            "    _request: crate::validation::Valid<(), crate::api::AQuery, ()>,",
            ") -> Response {",
            "    with_test_hooks(headers, super::a).await",
            "}",
        ];
        assert!(serve_function(&tall));
        let narrow = tall.map(|line| line.replace("crate::api::AQuery", "Q"));
        let narrow: Vec<&str> = narrow.iter().map(String::as_str).collect();
        assert!(
            !serve_function(&narrow),
            "fits one line, so rustfmt joins it"
        );
    }
}
