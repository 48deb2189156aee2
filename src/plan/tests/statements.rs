//! The body of each generated test as Rust statements, laid out as rustfmt lays them out
//! (`crate::layout`), so `tests/generated.rs` is mostly rendered formatted. Every string from
//! the spec enters as a `rust_str` literal.

use super::TestCase;
use crate::layout::{
    CHAIN_WIDTH, MAX_WIDTH, call, call_text, chain_statement, chain_statement_laid_out,
    is_plain_expression,
};
use crate::render::filters::rust_str;

/// The statements of `case`'s test function, four columns in, in order, and whether each was
/// laid out as rustfmt would (else it is written on one line, for rustfmt to lay out).
pub fn statements(case: &TestCase) -> (Vec<String>, bool) {
    let mut laid_out = true;
    let request = &case.request;
    let mut calls: Vec<(String, Vec<String>)> = vec![
        ("method".into(), vec![rust_str(&request.method)]),
        ("uri".into(), vec![rust_str(&request.uri)]),
    ];
    for (name, value) in &request.headers {
        calls.push(("header".into(), vec![rust_str(name), rust_str(value)]));
    }
    let body = match (request.body_size, &request.body) {
        (Some(size), body) => {
            calls.push((
                "header".into(),
                vec![rust_str("content-length"), rust_str(&size.to_string())],
            ));
            match body {
                Some(body) => format!(
                    "Body::from(format!(\"{{}}{{}}\", {}, \" \".repeat({})))",
                    rust_str(body),
                    request.padding.unwrap_or(0)
                ),
                None => format!("Body::from(vec![b'x'; {size}])"),
            }
        }
        (None, Some(body)) => format!("Body::from({})", rust_str(body)),
        (None, None) => "Body::empty()".to_string(),
    };
    calls.push(("body".into(), vec![body]));
    calls.push(("expect".into(), vec![rust_str("a valid request")]));
    let head = if request.peer.is_some() {
        "    let mut request = Request::builder()"
    } else {
        "    let request = Request::builder()"
    };
    // Laid out only as the format stage would recognise it: every call laid out and every
    // argument a plain expression, which rustfmt prints as written (not `vec![b'x'; 9]`).
    let plain = |args: &[String]| args.iter().all(|arg| is_plain_expression(arg));
    laid_out &= chain_statement_laid_out(head, &calls) && calls.iter().all(|(_, a)| plain(a));
    let mut statements = vec![chain_statement(head, &calls).unwrap_or_else(|| {
        laid_out = false;
        let chain: String = calls
            .iter()
            .map(|(method, args)| format!(".{method}({})", args.join(", ")))
            .collect();
        format!("{head}{chain};")
    })];
    if let Some(peer) = &request.peer {
        // On one line while the parsed address is within `chain_width` and the line fits (an
        // IPv6 peer may not be): else rustfmt's layout is not known here.
        let parsed = format!("{}.parse().expect(\"an address\")", rust_str(peer));
        let line = format!("    let peer: std::net::SocketAddr = {parsed};");
        laid_out &= parsed.len() <= CHAIN_WIDTH && line.len() <= MAX_WIDTH;
        statements.push(line);
        // Too long a chain for one line (66 columns): one call a line.
        statements.push(
            "    request\n        .extensions_mut()\n        .insert(axum::extract::ConnectInfo(peer));"
                .to_string(),
        );
    }
    statements.push("    let response = send(request).await;".to_string());
    let expect = &case.expect;
    let mut assert = |callee: &str, args: Vec<String>, awaited: bool| {
        let end = if awaited { ".await;" } else { ";" };
        laid_out &= args.iter().all(|arg| is_plain_expression(arg));
        statements.push(call(4, callee, &args, end).unwrap_or_else(|| {
            laid_out = false;
            call_text(4, callee, &args, end)
        }));
    };
    assert(
        "assert_status",
        vec!["&response".into(), expect.status.to_string()],
        false,
    );
    for (name, value) in &expect.equal {
        assert(
            "assert_header",
            vec!["&response".into(), rust_str(name), rust_str(value)],
            false,
        );
    }
    for (name, value) in &expect.not_equal {
        assert(
            "assert_header_replaced",
            vec!["&response".into(), rust_str(name), rust_str(value)],
            false,
        );
    }
    for (callee, names) in [
        ("assert_present", &expect.present),
        ("assert_numeric", &expect.numeric),
        ("assert_absent", &expect.absent),
    ] {
        for name in names {
            assert(callee, vec!["&response".into(), rust_str(name)], false);
        }
    }
    for (name, tokens) in &expect.tokens {
        // One string (`"get, post"`), not an array: a call of plain arguments, which the plan
        // lays out as rustfmt does (rustfmt's layout of arrays in calls is not known here).
        assert(
            "assert_tokens",
            vec![
                "&response".into(),
                rust_str(name),
                rust_str(&tokens.join(", ")),
            ],
            false,
        );
    }
    let body = [
        ("assert_gzip_body", &expect.body_gunzip),
        ("assert_body", &expect.body_exact),
        ("assert_body_contains", &expect.body_contains),
    ]
    .into_iter()
    .find_map(|(callee, text)| text.as_ref().map(|text| (callee, text)));
    if let Some((callee, text)) = body {
        assert(callee, vec!["response".into(), rust_str(text)], true);
    }
    (statements, laid_out)
}

/// The smoke test's `first_case()` body (`templates/tests/smoke.rs.j2`): `case`'s request as
/// sent over a connection (request line and headers; the body) and its status, passed to
/// `FirstCase::new` as a tail expression four columns in, laid out as rustfmt lays it out.
pub fn first_case(case: &TestCase) -> String {
    let request = &case.request;
    let mut head = format!("{} {} HTTP/1.1\r\n", request.method, request.uri);
    for (name, value) in &request.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let args = [
        rust_str(&head),
        rust_str(request.body.as_deref().unwrap_or_default()),
        case.expect.status.to_string(),
    ];
    call_text(4, "FirstCase::new", &args, "")
}
