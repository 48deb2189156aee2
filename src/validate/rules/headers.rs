//! Header names and values written in the spec: they must be valid HTTP, and they reach
//! generated code, so a CR/LF or a quote can never slip through.

use crate::diagnostic::{Rule, Severity};
use crate::grammar::{bad_header_name_char, bad_header_value_char, describe_char};
use crate::spec::{Middleware, Spanned};
use crate::validate::{Cx, Findings};

pub const HEADER_NAME_INVALID: Rule = Rule {
    code: "header-name-invalid",
    severity: Severity::Error,
    summary: "a header name with characters HTTP does not allow in a token (space, `:`, `\"`, non-ASCII…)",
    help: "header names are letters, digits and `!#$%&'*+-.^_`|~`",
};
pub const HEADER_VALUE_INVALID: Rule = Rule {
    code: "header-value-invalid",
    severity: Severity::Error,
    summary: "a header value with a CR, LF, NUL, other control character or non-ASCII text",
    help: "header values are visible ASCII, spaces and tabs; a line break would split the response",
};

pub const RULES: &[Rule] = &[HEADER_NAME_INVALID, HEADER_VALUE_INVALID];

pub fn check(cx: &Cx, out: &mut Findings) {
    for layer in super::every_layer(cx) {
        match &layer.value {
            Middleware::SetHeaders(headers) => {
                for (name, setting) in headers.iter() {
                    header_name(cx, out, name);
                    let value = Spanned {
                        value: setting.value.value().to_string(),
                        span: setting.span,
                    };
                    header_value(cx, out, &value);
                }
            }
            Middleware::Timing(timing) => {
                if let Some(header) = &timing.header {
                    header_name(cx, out, header);
                }
            }
            Middleware::RequestId(request_id) => {
                if let Some(header) = &request_id.header {
                    header_name(cx, out, header);
                }
            }
            Middleware::Cors(cors) => {
                for header in cors.allow_headers.iter().chain(&cors.expose_headers) {
                    if header.value != "*" {
                        header_name(cx, out, header);
                    }
                }
            }
            _ => {}
        }
    }
    let endpoints: Vec<_> = cx.walk.endpoints.iter().map(|e| e.endpoint).collect();
    for endpoint in endpoints {
        let Some(response) = &endpoint.response else {
            continue;
        };
        for (name, value) in response.headers.iter() {
            header_name(cx, out, name);
            header_value(cx, out, value);
        }
        if let Some(content_type) = &response.content_type {
            header_value(cx, out, content_type);
        }
    }
}

/// Reports a header name that is not an HTTP token.
pub fn header_name(cx: &Cx, out: &mut Findings, name: &Spanned<String>) {
    if name.value.is_empty() {
        out.report(HEADER_NAME_INVALID.at(name.span, "empty header name"));
        return;
    }
    if let Some(offset) = bad_header_name_char(&name.value) {
        let c = name.value[offset..].chars().next().unwrap_or(' ');
        let span = name
            .span
            .narrow(cx.source, &name.value, offset, c.len_utf8());
        out.report(
            HEADER_NAME_INVALID
                .at(
                    span,
                    format!(
                        "header name `{}` contains {}",
                        name.value.escape_debug(),
                        describe_char(c)
                    ),
                )
                .with_label("not allowed in a header name"),
        );
    }
}

/// Reports a header value that HTTP (and `http::HeaderValue`) would refuse.
pub fn header_value(cx: &Cx, out: &mut Findings, value: &Spanned<String>) {
    if let Some(offset) = bad_header_value_char(&value.value) {
        let c = value.value[offset..].chars().next().unwrap_or(' ');
        let span = value
            .span
            .narrow(cx.source, &value.value, offset, c.len_utf8());
        out.report(
            HEADER_VALUE_INVALID
                .at(span, format!("header value contains {}", describe_char(c)))
                .with_label("not allowed in a header value"),
        );
    }
}
