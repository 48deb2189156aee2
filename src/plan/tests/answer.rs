//! Which layer of a route answers a request, and with what: the handler, or a layer that
//! answers by itself (trusted host, https redirect, CORS preflight, bearer token, body limit,
//! timeout). [`outcome`] turns that into the generated test's expectations.

use super::probe::{self, BODY_SIZE_HEADER, DELAY_HEADER};
use super::simulate::{self, CORS_RESPONSE_HEADERS, Headers, Value};
use super::{Expect, TestRequest, test_token};
use crate::model::{Layer, LayerKind, Route};
use std::collections::BTreeSet;
use std::net::IpAddr;

/// The bodies of the answers layers make by themselves (the runtime middleware's and
/// tower-http's), here and where `crate::mutate` weighs them against gzip's `minimum_size`.
pub const INVALID_HOST: &str = "Invalid host header";
pub const MISSING_TOKEN: &str = r#"{"error":"missing token"}"#;
pub const INVALID_TOKEN: &str = r#"{"error":"invalid token"}"#;
pub const TOO_LARGE: &str = "length limit exceeded";
/// The longest refusal of a preflight: every reason at once.
pub const LONGEST_PREFLIGHT_REFUSAL: &str =
    "Disallowed CORS origin, method, headers, private-network";

/// The answer of a handler's validation to a request that does not fit: FastAPI's status and
/// body.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub status: u16,
    pub body: String,
}

/// A response decided by a layer (or the handler, at `position == layers.len()`).
#[derive(Debug, Clone)]
pub struct Answer {
    pub position: usize,
    pub status: u16,
    pub headers: Headers,
    /// The body, when the tests can know it exactly.
    pub body: Option<String>,
    pub content_type: Option<String>,
}

/// The answer a layer gives by itself, if it does not pass `request` on.
fn layer_answer(
    layer: &Layer,
    route: &Route,
    request: &TestRequest,
    position: usize,
) -> Option<Answer> {
    let answer = |status: u16, headers: Headers, body: &str, content_type: Option<&str>| Answer {
        position,
        status,
        headers,
        body: Some(body.to_string()),
        content_type: content_type.map(str::to_string),
    };
    let text = Some("text/plain; charset=utf-8");
    let host = request
        .header("host")
        .unwrap_or_default()
        .to_ascii_lowercase();
    match &layer.kind {
        LayerKind::TrustedHost {
            allowed_hosts,
            www_redirect,
        } => {
            let name = probe::host_without_port(&host);
            if allowed_hosts.iter().any(|p| probe::host_matches(p, name)) {
                return None;
            }
            let www = format!("www.{name}");
            if *www_redirect && allowed_hosts.contains(&www) {
                let port = &host[name.len()..];
                let mut headers = Headers::new();
                headers.insert(
                    "location".into(),
                    Value::Equal(format!("http://{www}{port}{}", request.uri)),
                );
                return Some(answer(307, headers, "", None));
            }
            Some(answer(400, Headers::new(), INVALID_HOST, text))
        }
        LayerKind::HttpsRedirect { trusted_proxies } => {
            let from_proxy = request.peer.as_deref().is_some_and(|peer| {
                trusted_proxies
                    .iter()
                    .any(|range| in_range(peer_ip(peer), range))
            });
            let https = from_proxy
                && request
                    .header("x-forwarded-proto")
                    .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"));
            if https {
                return None;
            }
            let name = probe::host_without_port(&host);
            let port = match host[name.len()..].trim_start_matches(':') {
                "" | "80" | "443" => String::new(),
                port => format!(":{port}"),
            };
            let mut headers = Headers::new();
            headers.insert(
                "location".into(),
                Value::Equal(format!("https://{name}{port}{}", request.uri)),
            );
            Some(answer(307, headers, "", None))
        }
        LayerKind::Cors(cors) => {
            let preflight = request.method == "OPTIONS"
                && request.header("origin").is_some()
                && request.header("access-control-request-method").is_some();
            if !preflight {
                return None;
            }
            let (status, headers, body) = simulate::preflight_answer(cors, request);
            Some(answer(status, headers, &body, text))
        }
        LayerKind::BearerAuth {
            token_env,
            public_paths,
        } => {
            let path = request.uri.split('?').next().unwrap_or_default();
            let seen = match (&layer.level, route.mount) {
                (crate::model::Level::App, _) | (_, None) => path.to_string(),
                (_, Some(mount)) => match path.strip_prefix(&mount.path) {
                    Some("") => "/".to_string(),
                    Some(rest) => rest.to_string(),
                    None => path.to_string(),
                },
            };
            if public_paths.contains(&seen) {
                return None;
            }
            let expected = test_token(&crate::grammar::config_field(token_env));
            let body = match request.header("authorization").map(str::trim) {
                Some(value) => match value.split_once(' ') {
                    Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => {
                        if token.trim() == expected {
                            return None;
                        }
                        INVALID_TOKEN
                    }
                    _ => MISSING_TOKEN,
                },
                None => MISSING_TOKEN,
            };
            let mut headers = Headers::new();
            headers.insert("www-authenticate".into(), Value::Equal("Bearer".into()));
            Some(answer(401, headers, body, Some("application/json")))
        }
        LayerKind::BodyLimit { max_bytes } => {
            let size = request
                .body_size
                .or(request.body.as_ref().map(|b| b.len() as u64))?;
            (size > *max_bytes).then(|| answer(413, Headers::new(), TOO_LARGE, text))
        }
        _ => None,
    }
}

/// Which layer answers `request` on `route` (whose layers are `layers`, outermost first).
pub fn answer(route: &Route, layers: &[&Layer], request: &TestRequest) -> Answer {
    answer_or(route, layers, request, None)
}

/// [`answer`], where the handler (when the request reaches it) answers `refused` instead of
/// the example: the validation's 422 for a request that does not fit.
pub fn answer_or(
    route: &Route,
    layers: &[&Layer],
    request: &TestRequest,
    refused: Option<&Refusal>,
) -> Answer {
    for (position, layer) in layers.iter().enumerate() {
        if let Some(answer) = layer_answer(layer, route, request, position) {
            return answer;
        }
    }
    // Nothing refused it: the example answers, unless a timeout fires first.
    let delay: Option<u64> = request.header(DELAY_HEADER).and_then(|d| d.parse().ok());
    let fired = layers
        .iter()
        .enumerate()
        .filter_map(|(position, layer)| match layer.kind {
            LayerKind::Timeout { millis } if delay.is_some_and(|d| d > millis) => {
                Some((millis, position))
            }
            _ => None,
        })
        .min();
    if let Some((_, position)) = fired {
        return Answer {
            position,
            status: 408,
            headers: Headers::new(),
            body: Some(String::new()),
            content_type: None,
        };
    }
    if let Some(refusal) = refused {
        return Answer {
            position: layers.len(),
            status: refusal.status,
            headers: Headers::new(),
            body: Some(refusal.body.clone()),
            content_type: Some("application/json".into()),
        };
    }
    let endpoint = route.endpoint;
    if let Some(size) = request
        .header(BODY_SIZE_HEADER)
        .and_then(|s| s.parse::<usize>().ok())
    {
        return Answer {
            position: layers.len(),
            status: 200,
            headers: Headers::new(),
            body: Some("a".repeat(size)),
            content_type: Some("text/plain; charset=utf-8".into()),
        };
    }
    let headers = endpoint
        .response
        .headers
        .iter()
        .map(|(name, value)| (name.clone(), Value::Equal(value.clone())))
        .collect();
    Answer {
        position: layers.len(),
        status: endpoint.response.status,
        headers,
        body: super::example_body(endpoint).or_else(|| Some(String::new())),
        content_type: endpoint.response.content_type.clone().or_else(|| {
            endpoint
                .response
                .body
                .as_ref()
                .map(|_| "application/json".into())
        }),
    }
}

/// What the generated test expects of `request` on `route`: the status, every header the
/// layers outside the answering one add (and the absence of those only others set), the body
/// of a layer's own answer, and compression by the gzip layers outside it.
pub fn outcome(
    route: &Route,
    layers: &[&Layer],
    request: &TestRequest,
    set_anywhere: &BTreeSet<String>,
) -> (Expect, Answer) {
    outcome_or(route, layers, request, set_anywhere, None)
}

/// [`outcome`] where the handler refuses the request (see [`answer_or`]).
pub fn outcome_or(
    route: &Route,
    layers: &[&Layer],
    request: &TestRequest,
    set_anywhere: &BTreeSet<String>,
    refused: Option<&Refusal>,
) -> (Expect, Answer) {
    let answer = answer_or(route, layers, request, refused);
    let outer = &layers[..answer.position];
    let mut headers = simulate::simulate(outer, answer.headers.clone(), request);
    let mut absent = set_anywhere.clone();
    if request.header("origin").is_some() {
        absent.extend(CORS_RESPONSE_HEADERS.iter().map(|h| h.to_string()));
    }
    let gzipped = gzip(outer, &answer, request, &mut headers);
    let mut expect = simulate::expect_from(&headers, &absent, answer.status);
    if request
        .header("accept-encoding")
        .is_some_and(|ae| ae.contains("gzip"))
        && !gzipped
    {
        expect.absent.push("content-encoding".into());
    }
    let own_answer = answer.position < layers.len()
        || request.header(BODY_SIZE_HEADER).is_some()
        || refused.is_some();
    // axum sends no body in answer to HEAD from a route (a 422 too); a layer's answer keeps it.
    let bodiless = request.method == "HEAD" && answer.position == layers.len();
    if own_answer && bodiless {
        expect.body_exact = Some(String::new());
    } else if own_answer && let Some(body) = &answer.body {
        if gzipped {
            expect.body_gunzip = Some(body.clone());
        } else if !body.is_empty() {
            expect.body_exact = Some(body.clone());
        }
    }
    (expect, answer)
}

/// gzip layers outside the answer (innermost first): the first that finds the body large
/// enough and its media type compressible adds `Vary: Accept-Encoding`, and compresses it for a
/// client that accepts gzip. Returns whether the body arrives compressed.
fn gzip(outer: &[&Layer], answer: &Answer, request: &TestRequest, headers: &mut Headers) -> bool {
    let Some(body) = &answer.body else {
        return false;
    };
    if request.method == "HEAD" {
        return false;
    }
    let accepts = request
        .header("accept-encoding")
        .is_some_and(|ae| ae.contains("gzip"));
    for layer in outer.iter().rev() {
        if let LayerKind::Gzip { minimum_size, .. } = layer.kind {
            let compressible = answer
                .content_type
                .as_deref()
                .is_none_or(|t| !probe::excluded_from_gzip(t));
            if headers.contains_key("content-encoding")
                || (body.len() as u64) < minimum_size
                || !compressible
            {
                continue;
            }
            simulate::add_tokens(headers, "vary", &["accept-encoding"]);
            if accepts {
                headers.insert("content-encoding".into(), Value::Equal("gzip".into()));
                return true;
            }
        }
    }
    false
}

fn peer_ip(peer: &str) -> Option<IpAddr> {
    peer.parse::<std::net::SocketAddr>().ok().map(|s| s.ip())
}

/// Whether `ip` is inside the CIDR range `range` (`10.0.0.0/8`, or one address).
pub fn in_range(ip: Option<IpAddr>, range: &str) -> bool {
    match (ip, crate::grammar::net::parse_cidr(range)) {
        (Some(ip), Some(range)) => crate::grammar::net::range_contains(range, ip),
        _ => false,
    }
}
