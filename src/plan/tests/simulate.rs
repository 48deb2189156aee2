//! What a stack does to a response on its way out, as the generated tests expect it.
//!
//! A model of the runtime middleware's observable behaviour (Starlette's, see
//! `shared/reference/semantics.md`), kept to what the tests assert: header values, presence and
//! absence, and `Vary` tokens. The generated tests check the real layers against it.

use super::{Expect, TestRequest};
use crate::model::{Cors, Layer, LayerKind, Model};
use std::collections::{BTreeMap, BTreeSet};

/// What a response header must be.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Equal(String),
    /// Present, with any value but this one.
    NotEqual(String),
    Numeric,
    Present,
    /// A comma-separated list with at least these tokens (case-insensitive).
    Tokens(Vec<String>),
}

pub type Headers = BTreeMap<String, Value>;

/// The response headers CORS adds to a request that carries an `Origin`.
pub const CORS_RESPONSE_HEADERS: [&str; 3] = [
    "access-control-allow-origin",
    "access-control-allow-credentials",
    "access-control-expose-headers",
];

/// Header names any set_headers, timing or request_id layer in the spec sets.
pub fn headers_set_anywhere(model: &Model) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for layer in crate::plan::all_layers(model) {
        match &layer.kind {
            LayerKind::SetHeaders { headers } => {
                names.extend(headers.iter().map(|h| h.name.clone()))
            }
            LayerKind::Timing { header } | LayerKind::RequestId { header } => {
                names.insert(header.clone());
            }
            _ => {}
        }
    }
    names
}

/// The headers `layers` (outermost first) put on a response to `request` that left the layer
/// inside them with `start`.
pub fn simulate(layers: &[&Layer], start: Headers, request: &TestRequest) -> Headers {
    let mut headers = start;
    for layer in layers.iter().rev() {
        match &layer.kind {
            LayerKind::SetHeaders { headers: fixed } => {
                for header in fixed {
                    if !header.if_absent || !headers.contains_key(&header.name) {
                        headers.insert(header.name.clone(), Value::Equal(header.value.clone()));
                    }
                }
            }
            LayerKind::Timing { header } => {
                headers.insert(header.clone(), Value::Numeric);
            }
            LayerKind::RequestId { header } => {
                let value = match request.header(header) {
                    Some(id) if valid_request_id(id) => Value::Equal(id.to_string()),
                    Some(invalid) => Value::NotEqual(invalid.to_string()),
                    None => Value::Present,
                };
                headers.insert(header.clone(), value);
            }
            LayerKind::Cors(cors) => cors_simple_response(cors, request, &mut headers),
            _ => {}
        }
    }
    headers
}

/// The request-id layer keeps an incoming id of 1 to 128 visible ASCII characters.
pub fn valid_request_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 128 && id.bytes().all(|b| (0x21..0x7f).contains(&b))
}

/// Starlette's CORS on a response that is not a preflight's.
fn cors_simple_response(cors: &Cors, request: &TestRequest, headers: &mut Headers) {
    if let Some(origin) = request.header("origin") {
        if cors.allow_credentials {
            headers.insert(
                "access-control-allow-credentials".into(),
                Value::Equal("true".into()),
            );
        }
        if !cors.expose_headers.is_empty() {
            headers.insert(
                "access-control-expose-headers".into(),
                Value::Tokens(lower(&cors.expose_headers)),
            );
        }
        if cors.allow_all_origins && !cors.allow_credentials {
            headers.insert(
                "access-control-allow-origin".into(),
                Value::Equal("*".into()),
            );
        } else if origin_allowed(cors, origin) {
            headers.insert(
                "access-control-allow-origin".into(),
                Value::Equal(origin.to_string()),
            );
        }
    }
    add_tokens(headers, "vary", &["origin"]);
}

/// Adds tokens to a list header (merging with an exact value already expected).
pub fn add_tokens(headers: &mut Headers, name: &str, tokens: &[&str]) {
    let mut list = match headers.remove(name) {
        Some(Value::Tokens(list)) => list,
        Some(Value::Equal(text)) => split_tokens(&text),
        _ => Vec::new(),
    };
    for token in tokens {
        if !list.iter().any(|t| t == token) {
            list.push(token.to_string());
        }
    }
    headers.insert(name.to_string(), Value::Tokens(list));
}

fn split_tokens(text: &str) -> Vec<String> {
    text.split(',')
        .map(|t| t.trim().to_ascii_lowercase())
        .filter(|t| !t.is_empty())
        .collect()
}

fn lower(names: &[String]) -> Vec<String> {
    names.iter().map(|n| n.to_ascii_lowercase()).collect()
}

/// Whether the CORS layer allows `origin` (a listed origin, `*`, or the anchored regex).
pub fn origin_allowed(cors: &Cors, origin: &str) -> bool {
    cors.allow_all_origins
        || cors.allow_origins.iter().any(|o| o == origin)
        || cors
            .allow_origin_regex
            .as_ref()
            .and_then(|p| regex::Regex::new(&format!("^(?:{p})$")).ok())
            .is_some_and(|r| r.is_match(origin))
}

/// The request headers every preflight may ask for.
pub const SAFELISTED_HEADERS: [&str; 4] = [
    "Accept",
    "Accept-Language",
    "Content-Language",
    "Content-Type",
];

/// The methods `allow_methods: ["*"]` stands for.
pub const ALL_METHODS: [&str; 8] = [
    "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "QUERY",
];

/// The methods a CORS layer allows, `*` expanded.
pub fn allowed_methods(cors: &Cors) -> Vec<String> {
    if cors.allow_methods.iter().any(|m| m == "*") {
        ALL_METHODS.iter().map(|m| m.to_string()).collect()
    } else {
        cors.allow_methods.clone()
    }
}

/// Starlette's answer to a preflight: status, headers and body.
pub fn preflight_answer(cors: &Cors, request: &TestRequest) -> (u16, Headers, String) {
    let mut headers = Headers::new();
    let mut failures = Vec::new();
    add_tokens(
        &mut headers,
        "vary",
        &[
            "origin",
            "access-control-request-method",
            "access-control-request-headers",
            "access-control-request-private-network",
        ],
    );
    let methods = allowed_methods(cors);
    headers.insert(
        "access-control-allow-methods".into(),
        Value::Tokens(methods.iter().map(|m| m.to_ascii_lowercase()).collect()),
    );
    headers.insert(
        "access-control-max-age".into(),
        Value::Equal(cors.max_age.to_string()),
    );
    let allow_all_headers = cors.allow_headers.iter().any(|h| h == "*");
    let mut allowed: Vec<String> = SAFELISTED_HEADERS.iter().map(|h| h.to_string()).collect();
    allowed.extend(cors.allow_headers.iter().filter(|h| *h != "*").cloned());
    let mut allowed = lower(&allowed);
    allowed.sort();
    allowed.dedup();
    if !allow_all_headers {
        headers.insert(
            "access-control-allow-headers".into(),
            Value::Tokens(allowed.clone()),
        );
    }
    if cors.allow_credentials {
        headers.insert(
            "access-control-allow-credentials".into(),
            Value::Equal("true".into()),
        );
    }
    let explicit_origin = !cors.allow_all_origins || cors.allow_credentials;
    let origin = request.header("origin").unwrap_or_default();
    if !explicit_origin {
        headers.insert(
            "access-control-allow-origin".into(),
            Value::Equal("*".into()),
        );
    }
    if origin_allowed(cors, origin) {
        if explicit_origin {
            headers.insert(
                "access-control-allow-origin".into(),
                Value::Equal(origin.to_string()),
            );
        }
    } else {
        failures.push("origin");
    }
    let method = request
        .header("access-control-request-method")
        .unwrap_or_default();
    if !methods.iter().any(|m| m == method) {
        failures.push("method");
    }
    if let Some(requested) = request.header("access-control-request-headers") {
        if allow_all_headers {
            headers.insert(
                "access-control-allow-headers".into(),
                Value::Equal(requested.to_string()),
            );
        } else if !requested
            .split(',')
            .all(|h| allowed.contains(&h.trim().to_ascii_lowercase()))
        {
            failures.push("headers");
        }
    }
    if request
        .header("access-control-request-private-network")
        .is_some()
    {
        if cors.allow_private_network {
            headers.insert(
                "access-control-allow-private-network".into(),
                Value::Equal("true".into()),
            );
        } else {
            failures.push("private-network");
        }
    }
    if failures.is_empty() {
        (200, headers, "OK".into())
    } else {
        (
            400,
            headers,
            format!("Disallowed CORS {}", failures.join(", ")),
        )
    }
}

/// Expectations from simulated headers: each one's value; every header named in `absent_unless_set`
/// that the simulation did not set must be absent.
pub fn expect_from(
    simulated: &Headers,
    absent_unless_set: &BTreeSet<String>,
    status: u16,
) -> Expect {
    let mut expect = Expect {
        status,
        ..Expect::default()
    };
    for (name, value) in simulated {
        match value {
            // Other layers (gzip) append to Vary: expect its tokens, not its exact text.
            Value::Equal(text) if name == "vary" => {
                expect.tokens.push((name.clone(), split_tokens(text)))
            }
            Value::Equal(text) => expect.equal.push((name.clone(), text.clone())),
            Value::NotEqual(text) => expect.not_equal.push((name.clone(), text.clone())),
            Value::Numeric => expect.numeric.push(name.clone()),
            Value::Present => expect.present.push(name.clone()),
            Value::Tokens(tokens) => expect.tokens.push((name.clone(), tokens.clone())),
        }
    }
    expect.absent = absent_unless_set
        .iter()
        .filter(|name| !simulated.contains_key(*name))
        .cloned()
        .collect();
    expect
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preflight_refused_for_every_reason_is_the_longest_refusal() {
        let cors = Cors {
            allow_origins: vec!["https://a.example".into()],
            allow_all_origins: false,
            allow_origin_regex: None,
            allow_credentials: false,
            allow_methods: vec!["GET".into()],
            allow_headers: Vec::new(),
            expose_headers: Vec::new(),
            max_age: 600,
            allow_private_network: false,
        };
        let request = TestRequest {
            method: "OPTIONS".into(),
            uri: "/".into(),
            headers: [
                ("origin", "https://b.example"),
                ("access-control-request-method", "PUT"),
                ("access-control-request-headers", "x-other"),
                ("access-control-request-private-network", "true"),
            ]
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
            body: None,
            body_size: None,
            padding: None,
            peer: None,
        };
        let (status, _, body) = preflight_answer(&cors, &request);
        assert_eq!(status, 400);
        assert_eq!(body, super::super::LONGEST_PREFLIGHT_REFUSAL);
    }
}
