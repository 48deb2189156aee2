//! The generated project's tests, decided here from the model.
//!
//! For each route the plan simulates its stack, innermost layer first, to know which headers the
//! response must carry (and which, set elsewhere in the spec, it must not). Short-circuiting
//! layers (trusted host 400, bearer 401, https redirect 307, CORS preflight, body limit 413) get
//! their own tests, which also pin the order: headers of layers outside the short-circuit are
//! present, those of layers inside it are absent, so swapping two layers fails a test.

use super::context::concrete_path;
use crate::model::{Cors, Endpoint, Layer, LayerKind, Model, Route};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Default, Serialize)]
pub struct TestPlan {
    pub cases: Vec<TestCase>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TestCase {
    /// The test function's name (a checked identifier).
    pub name: String,
    /// One sentence: what the test proves.
    pub doc: String,
    pub request: TestRequest,
    pub expect: Expect,
}

#[derive(Debug, Clone, Serialize)]
pub struct TestRequest {
    pub method: String,
    pub uri: String,
    pub headers: Vec<(String, String)>,
    /// A JSON body.
    pub body: Option<String>,
    /// Raw body size in bytes (filled with `x`), for body-limit tests.
    pub body_size: Option<u64>,
    /// The peer address given to the app as `ConnectInfo`.
    pub peer: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Expect {
    pub status: u16,
    /// Headers with an exact value.
    pub equal: Vec<(String, String)>,
    /// Headers that must be present (any value).
    pub present: Vec<String>,
    /// Headers that must be absent.
    pub absent: Vec<String>,
    /// Headers whose value parses as a number ≥ 0.
    pub numeric: Vec<String>,
    /// Comma-separated list headers that must contain these tokens (case-insensitive).
    pub tokens: Vec<(String, Vec<String>)>,
    /// The body, compared as JSON.
    pub body_json: Option<String>,
    /// Text the body must contain.
    pub body_contains: Option<String>,
}

/// The token every generated test config uses for the secret named `field`.
pub fn test_token(field: &str) -> String {
    format!("test-token-{field}")
}

/// The example body exactly as the generated server sends it: pretty JSON, or the text itself
/// for a string body with a non-JSON content type; with a final newline either way.
pub fn example_body(endpoint: &Endpoint) -> Option<String> {
    let body = endpoint.response.body.as_ref()?;
    let value = serde_json::from_str::<serde_json::Value>(body).unwrap_or(serde_json::Value::Null);
    let is_json = endpoint
        .response
        .content_type
        .as_deref()
        .is_none_or(is_json_media_type);
    Some(match (&value, is_json) {
        (serde_json::Value::String(text), false) => format!("{text}\n"),
        _ => format!(
            "{}\n",
            serde_json::to_string_pretty(&value).unwrap_or_else(|_| body.clone())
        ),
    })
}

/// `application/json` and `application/*+json`.
pub fn is_json_media_type(content_type: &str) -> bool {
    let media = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    media == "application/json" || (media.starts_with("application/") && media.ends_with("+json"))
}

const REQUEST_ID: &str = "test-request-id-1";
const DISALLOWED_ORIGIN: &str = "https://disallowed.invalid";

pub fn plan_tests(model: &Model) -> TestPlan {
    let routes = model.routes();
    let all_set_headers = headers_set_anywhere(model);
    let mut plan = Planner {
        cases: Vec::new(),
        names: BTreeSet::new(),
    };
    for route in &routes {
        plan.base(route, &all_set_headers);
    }
    plan.not_found(model, &all_set_headers);
    // Tests per layer, on the first route each layer wraps; routes a bearer token protects come
    // first, so CORS is tested where a preflight without a token must still succeed.
    let mut done: BTreeSet<(String, usize)> = BTreeSet::new();
    let mut ordered: Vec<&Route> = routes.iter().filter(|r| protected(r)).collect();
    ordered.extend(routes.iter().filter(|r| !protected(r)));
    for route in ordered {
        let layers: Vec<&Layer> = route.layers().collect();
        for (position, layer) in layers.iter().enumerate() {
            let key = (layer.level.to_string(), layer.index);
            if done.contains(&key) {
                continue;
            }
            let added = match &layer.kind {
                LayerKind::Cors(cors) => plan.cors(route, &layers, position, cors),
                LayerKind::TrustedHost { allowed_hosts, .. } => {
                    plan.trusted_host(route, &layers, position, allowed_hosts)
                }
                LayerKind::BearerAuth { public_paths, .. } => {
                    plan.bearer(route, &layers, position, public_paths, &routes)
                }
                LayerKind::HttpsRedirect { .. } => plan.https_redirect(route, &layers, position),
                LayerKind::Gzip { minimum_size, .. } => {
                    plan.gzip(route, &layers, *minimum_size, &routes, layer)
                }
                LayerKind::BodyLimit { max_bytes } => {
                    plan.body_limit(route, &layers, position, *max_bytes)
                }
                LayerKind::RequestId { header } => plan.request_id(route, &layers, header),
                _ => true,
            };
            if added {
                done.insert(key);
            }
        }
    }
    TestPlan { cases: plan.cases }
}

struct Planner {
    cases: Vec<TestCase>,
    names: BTreeSet<String>,
}

/// What a layer does to response headers on the way out.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Equal(String),
    Numeric,
    Present,
}

/// Header names any set_headers, timing or request_id layer in the spec sets.
fn headers_set_anywhere(model: &Model) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for layer in super::context::all_layers(model) {
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

/// The headers `layers` (outermost first) put on a response that already has `start`.
fn simulate(
    layers: &[&Layer],
    start: BTreeMap<String, Value>,
    request_id: bool,
) -> BTreeMap<String, Value> {
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
                // The id the request sent is echoed; without one, a new id is created.
                let value = if request_id {
                    Value::Equal(REQUEST_ID.to_string())
                } else {
                    Value::Present
                };
                headers.insert(header.clone(), value);
            }
            _ => {}
        }
    }
    headers
}

impl Planner {
    fn name(&mut self, wanted: String) -> String {
        let mut name = wanted.clone();
        let mut n = 2;
        while !self.names.insert(name.clone()) {
            name = format!("{wanted}_{n}");
            n += 1;
        }
        name
    }

    fn push(&mut self, name: String, doc: String, request: TestRequest, expect: Expect) {
        let name = self.name(name);
        self.cases.push(TestCase {
            name,
            doc,
            request,
            expect,
        });
    }

    /// The request every test of `route` starts from: one the whole stack lets through.
    fn request(route: &Route, layers: &[&Layer]) -> TestRequest {
        let endpoint = route.endpoint;
        let mut request = TestRequest {
            method: endpoint.method.clone(),
            uri: concrete_path(endpoint),
            headers: Vec::new(),
            body: endpoint.request_body.clone(),
            body_size: None,
            peer: None,
        };
        request.headers.push(("host".into(), host_for(layers)));
        for layer in layers {
            match &layer.kind {
                LayerKind::BearerAuth { token_env, .. } => {
                    let token = test_token(&token_env.to_ascii_lowercase());
                    if !request.headers.iter().any(|(n, _)| n == "authorization") {
                        request
                            .headers
                            .push(("authorization".into(), format!("Bearer {token}")));
                    }
                }
                LayerKind::HttpsRedirect { trusted_proxies } if !trusted_proxies.is_empty() => {
                    request
                        .headers
                        .push(("x-forwarded-proto".into(), "https".into()));
                    request.peer = Some(proxy_address(&trusted_proxies[0]));
                }
                LayerKind::RequestId { header } => {
                    request.headers.push((header.clone(), REQUEST_ID.into()));
                }
                _ => {}
            }
        }
        if endpoint.request_body.is_some() {
            request
                .headers
                .push(("content-type".into(), "application/json".into()));
        }
        request
    }

    fn base(&mut self, route: &Route, all_set: &BTreeSet<String>) {
        let endpoint = route.endpoint;
        let layers: Vec<&Layer> = route.layers().collect();
        let request = Self::request(route, &layers);
        if let Some(position) = redirect_position(&layers) {
            // Every plain-HTTP request is redirected before reaching the handler.
            let expect = short_circuit(&layers, position, all_set, 307);
            let name = format!("{}_is_redirected_to_https", endpoint.name);
            let doc = format!(
                "`{} {}` answers 307 to https: the server is not behind a trusted proxy.",
                endpoint.method, endpoint.full_path
            );
            self.push(name, doc, request, expect);
            return;
        }
        let mut start = BTreeMap::new();
        for (name, value) in &endpoint.response.headers {
            start.insert(name.clone(), Value::Equal(value.clone()));
        }
        let simulated = simulate(&layers, start, true);
        let mut expect = expect_from(&simulated, all_set, endpoint.response.status);
        if layers.iter().any(|l| matches!(l.kind, LayerKind::Cors(_))) {
            expect.tokens.push(("vary".into(), vec!["origin".into()]));
        }
        if let Some(body) = example_body(endpoint)
            && endpoint.method != "HEAD"
        {
            if endpoint
                .response
                .content_type
                .as_deref()
                .is_none_or(is_json_media_type)
            {
                expect.body_json = Some(body);
            } else {
                expect.body_contains = Some(body);
            }
        }
        let name = format!("{}_answers_with_its_example", endpoint.name);
        let doc = format!(
            "`{} {}` answers {} with the example body and every header its stack promises.",
            endpoint.method, endpoint.full_path, endpoint.response.status
        );
        self.push(name, doc, request, expect);
    }

    /// Always pushes a case, so every project has at least one (the smoke test sends it).
    fn not_found(&mut self, model: &Model, all_set: &BTreeSet<String>) {
        let layers: Vec<&Layer> = model.stack.iter().collect();
        let host = host_for(&layers);
        let mut request = TestRequest {
            method: "GET".into(),
            uri: "/axumgen-no-such-route".into(),
            headers: vec![("host".into(), host.clone())],
            body: None,
            body_size: None,
            peer: None,
        };
        if let Some(position) = redirect_position(&layers) {
            // Not behind a trusted proxy: the redirect answers before any route is looked up.
            let mut expect = short_circuit(&layers, position, all_set, 307);
            expect
                .equal
                .push(("location".into(), format!("https://{host}{}", request.uri)));
            self.push(
                "unknown_path_over_plain_http_is_redirected".into(),
                "An unknown path over plain HTTP is redirected to https like any other: the app's https_redirect runs before routing.".into(),
                request,
                expect,
            );
            return;
        }
        for layer in &layers {
            if let LayerKind::BearerAuth { token_env, .. } = &layer.kind {
                request.headers.push((
                    "authorization".into(),
                    format!("Bearer {}", test_token(&token_env.to_ascii_lowercase())),
                ));
            }
            if let LayerKind::HttpsRedirect { trusted_proxies } = &layer.kind
                && let Some(proxy) = trusted_proxies.first()
            {
                request
                    .headers
                    .push(("x-forwarded-proto".into(), "https".into()));
                request.peer = Some(proxy_address(proxy));
            }
        }
        let simulated = simulate(&layers, BTreeMap::new(), false);
        let mut expect = expect_from(&simulated, all_set, 404);
        expect.body_json = Some(r#"{"detail":"Not Found"}"#.into());
        self.push(
            "unknown_path_is_a_json_404_with_app_headers".into(),
            "An unknown path answers FastAPI's JSON 404, with the app stack's headers and no router's.".into(),
            request,
            expect,
        );
    }

    fn cors(&mut self, route: &Route, layers: &[&Layer], position: usize, cors: &Cors) -> bool {
        if redirect_position(layers).is_some_and(|r| r < position) {
            return false;
        }
        let endpoint = route.endpoint;
        let all: BTreeSet<String> = BTreeSet::new();
        let Some(origin) = allowed_origin(cors) else {
            return false;
        };
        let base = Self::request(route, layers);
        // A simple cross-origin request from an allowed origin.
        let mut request = base.clone();
        request.headers.push(("origin".into(), origin.clone()));
        let mut expect = Expect {
            status: endpoint.response.status,
            ..Expect::default()
        };
        let acao = if cors.allow_all_origins && !cors.allow_credentials {
            "*".to_string()
        } else {
            origin.clone()
        };
        expect
            .equal
            .push(("access-control-allow-origin".into(), acao.clone()));
        if cors.allow_credentials {
            expect
                .equal
                .push(("access-control-allow-credentials".into(), "true".into()));
        } else {
            expect
                .absent
                .push("access-control-allow-credentials".into());
        }
        if !cors.expose_headers.is_empty() {
            expect.tokens.push((
                "access-control-expose-headers".into(),
                cors.expose_headers
                    .iter()
                    .map(|h| h.to_ascii_lowercase())
                    .collect(),
            ));
        }
        expect.tokens.push(("vary".into(), vec!["origin".into()]));
        self.push(
            format!("{}_cors_allows_{}", endpoint.name, slug(&origin)),
            format!("A request from the allowed origin `{origin}` gets it back in access-control-allow-origin."),
            request,
            expect,
        );
        // A disallowed origin.
        if !cors.allow_all_origins && !origin_allowed(cors, DISALLOWED_ORIGIN) {
            let mut request = base.clone();
            request
                .headers
                .push(("origin".into(), DISALLOWED_ORIGIN.into()));
            let mut expect = Expect {
                status: endpoint.response.status,
                ..Expect::default()
            };
            expect.absent.push("access-control-allow-origin".into());
            expect.tokens.push(("vary".into(), vec!["origin".into()]));
            self.push(
                format!("{}_cors_ignores_a_disallowed_origin", endpoint.name),
                format!("A request from `{DISALLOWED_ORIGIN}` gets no access-control-allow-origin, so browsers hide the response."),
                request,
                expect,
            );
        }
        // Preflights, answered by the CORS layer itself: outer layers' headers only.
        let method = if cors
            .allow_methods
            .iter()
            .any(|m| m == "*" || *m == endpoint.method)
        {
            endpoint.method.clone()
        } else {
            cors.allow_methods
                .first()
                .cloned()
                .unwrap_or_else(|| "GET".into())
        };
        let requested_header = cors
            .allow_headers
            .iter()
            .find(|h| *h != "*")
            .map_or("x-requested-with".to_string(), |h| h.to_ascii_lowercase());
        let mut preflight = base.clone();
        preflight.method = "OPTIONS".into();
        preflight.body = None;
        // Browsers send preflights without credentials: no cookie, no Authorization.
        preflight
            .headers
            .retain(|(name, _)| name != "content-type" && name != "authorization");
        preflight.headers.push(("origin".into(), origin.clone()));
        preflight
            .headers
            .push(("access-control-request-method".into(), method.clone()));
        let header_allowed = cors
            .allow_headers
            .iter()
            .any(|h| h == "*" || h.eq_ignore_ascii_case(&requested_header));
        if header_allowed {
            preflight.headers.push((
                "access-control-request-headers".into(),
                requested_header.clone(),
            ));
        }
        if let Some(bearer) = bearer_blocks(route, layers).filter(|b| *b < position) {
            // `bearer_auth` outside `cors` (check warns): the token-less preflight is refused.
            let mut expect = short_circuit(layers, bearer, &all, 401);
            expect.absent.push("access-control-allow-origin".into());
            self.push(
                format!("{}_cors_preflight_is_refused_by_bearer_auth_outside_cors", endpoint.name),
                "`bearer_auth` runs before `cors`, so a browser's preflight (which carries no token) gets 401 without CORS headers.".into(),
                preflight,
                expect,
            );
            return true;
        }
        let mut expect = short_circuit(layers, position, &all, 200);
        let preflight_acao = if cors.allow_all_origins && !cors.allow_credentials {
            "*".to_string()
        } else {
            origin.clone()
        };
        expect
            .equal
            .push(("access-control-allow-origin".into(), preflight_acao));
        expect
            .equal
            .push(("access-control-max-age".into(), cors.max_age.to_string()));
        expect.tokens.push((
            "access-control-allow-methods".into(),
            vec![method.to_ascii_lowercase()],
        ));
        if header_allowed {
            expect.tokens.push((
                "access-control-allow-headers".into(),
                vec![requested_header],
            ));
        }
        expect.tokens.push((
            "vary".into(),
            vec![
                "origin".into(),
                "access-control-request-method".into(),
                "access-control-request-headers".into(),
            ],
        ));
        expect.body_contains = Some("OK".into());
        self.push(
            format!("{}_cors_preflight_is_answered", endpoint.name),
            format!("A preflight for `{method} {}` from `{origin}` is answered 200 by the CORS layer, with only the headers of layers outside it.", endpoint.full_path),
            preflight.clone(),
            expect,
        );
        if !cors.allow_all_origins && !origin_allowed(cors, DISALLOWED_ORIGIN) {
            let mut request = preflight;
            for (name, value) in request.headers.iter_mut() {
                if name == "origin" {
                    *value = DISALLOWED_ORIGIN.into();
                }
            }
            let mut expect = short_circuit(layers, position, &all, 400);
            expect.absent.push("access-control-allow-origin".into());
            expect.body_contains = Some("Disallowed CORS origin".into());
            self.push(
                format!("{}_cors_preflight_from_a_disallowed_origin_is_refused", endpoint.name),
                format!("A preflight from `{DISALLOWED_ORIGIN}` is refused with 400 and no access-control-allow-origin."),
                request,
                expect,
            );
        }
        true
    }

    fn trusted_host(
        &mut self,
        route: &Route,
        layers: &[&Layer],
        position: usize,
        hosts: &[String],
    ) -> bool {
        if hosts.iter().any(|h| h == "*") {
            return true;
        }
        let mut request = Self::request(route, layers);
        request.headers.retain(|(n, _)| n != "host");
        request.headers.push(("host".into(), "evil.invalid".into()));
        let mut expect = short_circuit(layers, position, &BTreeSet::new(), 400);
        expect.body_contains = Some("Invalid host header".into());
        self.push(
            format!("{}_rejects_an_untrusted_host", route.endpoint.name),
            "A request whose Host is not allowed is answered 400 `Invalid host header` before any inner layer runs.".into(),
            request,
            expect,
        );
        true
    }

    fn bearer(
        &mut self,
        route: &Route,
        layers: &[&Layer],
        position: usize,
        public: &[String],
        routes: &[Route],
    ) -> bool {
        let relative = |r: &Route| match r.mount {
            Some(mount) if layers[position].level != crate::model::Level::App => {
                concrete_path(r.endpoint)
                    .strip_prefix(&mount.path)
                    .map(|p| {
                        if p.is_empty() {
                            "/".to_string()
                        } else {
                            p.to_string()
                        }
                    })
                    .unwrap_or_default()
            }
            _ => concrete_path(r.endpoint),
        };
        if redirect_position(layers).is_some_and(|r| r < position) {
            return false;
        }
        if public.contains(&relative(route)) {
            // Find a protected route in the same scope instead; a later route will do.
            return false;
        }
        let cors = layers.iter().enumerate().find_map(|(i, l)| match &l.kind {
            LayerKind::Cors(cors) => allowed_origin(cors).map(|o| (i, o)),
            _ => None,
        });
        for (label, authorization) in [
            ("without_a_token", None),
            ("with_a_wrong_token", Some("Bearer wrong-token")),
        ] {
            let mut request = Self::request(route, layers);
            request.headers.retain(|(n, _)| n != "authorization");
            if let Some(value) = authorization {
                request.headers.push(("authorization".into(), value.into()));
            }
            let mut expect = short_circuit(layers, position, &BTreeSet::new(), 401);
            expect
                .equal
                .push(("www-authenticate".into(), "Bearer".into()));
            if let Some((cors_position, origin)) = &cors {
                request.headers.push(("origin".into(), origin.clone()));
                if *cors_position < position {
                    expect.present.push("access-control-allow-origin".into());
                } else {
                    expect.absent.push("access-control-allow-origin".into());
                }
            }
            self.push(
                format!("{}_is_401_{label}", route.endpoint.name),
                format!(
                    "`{} {}` {label} is answered 401 with WWW-Authenticate: Bearer{}.",
                    route.endpoint.method,
                    route.endpoint.full_path,
                    match &cors {
                        Some((c, _)) if *c < position => ", and the 401 keeps its CORS headers because `cors` is outside `bearer_auth`",
                        Some(_) => "; `cors` is inside `bearer_auth`, so the 401 has no CORS headers",
                        None => "",
                    }
                ),
                request,
                expect,
            );
        }
        // A public path in this layer's scope answers without a token.
        let in_scope = |r: &&Route| {
            let rl: Vec<&Layer> = r.layers().collect();
            rl.iter()
                .any(|l| l.level == layers[position].level && l.index == layers[position].index)
        };
        if let Some(open) = routes
            .iter()
            .filter(in_scope)
            .find(|r| public.contains(&relative(r)))
        {
            let open_layers: Vec<&Layer> = open.layers().collect();
            let mut request = Self::request(open, &open_layers);
            request.headers.retain(|(n, _)| n != "authorization");
            let expect = Expect {
                status: open.endpoint.response.status,
                absent: vec!["www-authenticate".into()],
                ..Expect::default()
            };
            self.push(
                format!("{}_is_public", open.endpoint.name),
                format!(
                    "`{}` is a public path: it answers without a token.",
                    open.endpoint.full_path
                ),
                request,
                expect,
            );
        }
        true
    }

    fn https_redirect(&mut self, route: &Route, layers: &[&Layer], position: usize) -> bool {
        let LayerKind::HttpsRedirect { trusted_proxies } = &layers[position].kind else {
            return true;
        };
        if trusted_proxies.is_empty() {
            return true; // The base test already expects the redirect.
        }
        let mut request = Self::request(route, layers);
        request.headers.retain(|(n, _)| n != "x-forwarded-proto");
        let host = request
            .headers
            .iter()
            .find(|(n, _)| n == "host")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let mut expect = short_circuit(layers, position, &BTreeSet::new(), 307);
        let bare_host = host.split(':').next().unwrap_or(&host);
        expect.equal.push((
            "location".into(),
            format!("https://{bare_host}{}", request.uri),
        ));
        self.push(
            format!("{}_over_plain_http_is_redirected", route.endpoint.name),
            "A request that did not arrive over https (no X-Forwarded-Proto from a trusted proxy) is redirected with 307.".into(),
            request,
            expect,
        );
        true
    }

    fn gzip(
        &mut self,
        route: &Route,
        layers: &[&Layer],
        minimum: u64,
        routes: &[Route],
        layer: &Layer,
    ) -> bool {
        let Some(body) = example_body(route.endpoint) else {
            return false;
        };
        if redirect_position(layers).is_some() || route.endpoint.method == "HEAD" {
            return false;
        }
        let compressible = route
            .endpoint
            .response
            .content_type
            .as_deref()
            .is_none_or(|t| !excluded_from_gzip(t));
        let large = body.len() as u64 >= minimum && compressible;
        // Prefer covering both sides: if this route's body is small, look for a large one later.
        let in_scope: Vec<&Route> = routes
            .iter()
            .filter(|r| {
                r.layers()
                    .any(|l| l.level == layer.level && l.index == layer.index)
            })
            .collect();
        let any_large = in_scope
            .iter()
            .any(|r| example_body(r.endpoint).is_some_and(|b| b.len() as u64 >= minimum));
        let mut request = Self::request(route, layers);
        request
            .headers
            .push(("accept-encoding".into(), "gzip".into()));
        let mut expect = Expect {
            status: route.endpoint.response.status,
            ..Expect::default()
        };
        let what = if large {
            expect
                .equal
                .push(("content-encoding".into(), "gzip".into()));
            expect
                .tokens
                .push(("vary".into(), vec!["accept-encoding".into()]));
            format!(
                "is {} bytes, at least `minimum_size` ({minimum}), so it is gzipped",
                body.len()
            )
        } else {
            expect.absent.push("content-encoding".into());
            format!(
                "is {} bytes, under `minimum_size` ({minimum}), so it is sent as it is",
                body.len()
            )
        };
        self.push(
            format!(
                "{}_gzip_{}",
                route.endpoint.name,
                if large {
                    "compresses"
                } else {
                    "skips_small_bodies"
                }
            ),
            format!(
                "The example body of `{} {}` {what}.",
                route.endpoint.method, route.endpoint.full_path
            ),
            request,
            expect,
        );
        // Done once both sides are covered, or when no route can show the other side.
        large || !any_large
    }

    fn body_limit(
        &mut self,
        route: &Route,
        layers: &[&Layer],
        position: usize,
        max_bytes: u64,
    ) -> bool {
        if max_bytes > 16 * 1024 * 1024 || redirect_position(layers).is_some_and(|r| r < position) {
            return true;
        }
        let mut request = Self::request(route, layers);
        request.body = None;
        request.body_size = Some(max_bytes + 1);
        let expect = short_circuit(layers, position, &BTreeSet::new(), 413);
        self.push(
            format!("{}_rejects_a_body_over_the_limit", route.endpoint.name),
            format!(
                "A {}-byte body is answered 413: the limit is {max_bytes} bytes.",
                max_bytes + 1
            ),
            request,
            expect,
        );
        true
    }

    fn request_id(&mut self, route: &Route, layers: &[&Layer], header: &str) -> bool {
        if redirect_position(layers).is_some() {
            return false;
        }
        let mut request = Self::request(route, layers);
        request.headers.retain(|(n, _)| n != header);
        let expect = Expect {
            status: route.endpoint.response.status,
            present: vec![header.to_string()],
            ..Expect::default()
        };
        self.push(
            format!("{}_gets_a_new_request_id", route.endpoint.name),
            format!("A request without {header} gets one created and echoed."),
            request,
            expect,
        );
        true
    }
}

/// Expectations from simulated headers: each one's value, and every other header the spec sets
/// somewhere marked absent.
fn expect_from(
    simulated: &BTreeMap<String, Value>,
    all_set: &BTreeSet<String>,
    status: u16,
) -> Expect {
    let mut expect = Expect {
        status,
        ..Expect::default()
    };
    for (name, value) in simulated {
        match value {
            // Other layers (CORS, gzip) append to Vary: expect its tokens, not its exact text.
            Value::Equal(v) if name == "vary" => expect.tokens.push((
                name.clone(),
                v.split(',')
                    .map(|t| t.trim().to_ascii_lowercase())
                    .filter(|t| !t.is_empty())
                    .collect(),
            )),
            Value::Equal(v) => expect.equal.push((name.clone(), v.clone())),
            Value::Numeric => expect.numeric.push(name.clone()),
            Value::Present => expect.present.push(name.clone()),
        }
    }
    expect.absent = all_set
        .iter()
        .filter(|name| !simulated.contains_key(*name))
        .cloned()
        .collect();
    expect
}

/// A response produced by the layer at `position`: only layers outside it add headers; headers
/// that only layers inside it set must be absent.
fn short_circuit(
    layers: &[&Layer],
    position: usize,
    _all: &BTreeSet<String>,
    status: u16,
) -> Expect {
    let outer = simulate(&layers[..position], BTreeMap::new(), true);
    let inner_only: BTreeSet<String> = simulate(&layers[position + 1..], BTreeMap::new(), true)
        .into_keys()
        .filter(|name| !outer.contains_key(name))
        .collect();
    expect_from(&outer, &inner_only, status)
}

/// Whether a bearer layer wraps the route and the route is not one of its public paths.
fn protected(route: &Route) -> bool {
    bearer_blocks(route, &route.layers().collect::<Vec<_>>()).is_some()
}

/// The position of the first bearer layer that refuses `route` without a token.
fn bearer_blocks(route: &Route, layers: &[&Layer]) -> Option<usize> {
    layers.iter().position(|layer| match &layer.kind {
        LayerKind::BearerAuth { public_paths, .. } => {
            let seen = match (&layer.level, route.mount) {
                (crate::model::Level::App, _) | (_, None) => concrete_path(route.endpoint),
                (_, Some(mount)) => {
                    let full = concrete_path(route.endpoint);
                    let rest = full.strip_prefix(&mount.path).unwrap_or(&full);
                    if rest.is_empty() {
                        "/".to_string()
                    } else {
                        rest.to_string()
                    }
                }
            };
            !public_paths.contains(&seen)
        }
        _ => false,
    })
}

fn redirect_position(layers: &[&Layer]) -> Option<usize> {
    layers.iter().position(|l| matches!(&l.kind, LayerKind::HttpsRedirect { trusted_proxies } if trusted_proxies.is_empty()))
}

/// A Host header the stack's trusted_host layers all accept.
fn host_for(layers: &[&Layer]) -> String {
    for layer in layers {
        if let LayerKind::TrustedHost { allowed_hosts, .. } = &layer.kind {
            if let Some(host) = allowed_hosts.iter().find(|h| !h.contains('*')) {
                return host.clone();
            }
            if let Some(wild) = allowed_hosts.iter().find_map(|h| h.strip_prefix("*.")) {
                return format!("app.{wild}");
            }
        }
    }
    "localhost".into()
}

/// An address inside a trusted proxy range.
fn proxy_address(cidr: &str) -> String {
    let address = cidr.split('/').next().unwrap_or("127.0.0.1");
    match address.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) => format!("[{v6}]:40000"),
        _ => format!("{address}:40000"),
    }
}

/// An origin the CORS layer allows: the first listed, else one the regex accepts.
fn allowed_origin(cors: &Cors) -> Option<String> {
    if cors.allow_all_origins {
        return Some("https://any-origin.example".into());
    }
    if let Some(origin) = cors.allow_origins.first() {
        return Some(origin.clone());
    }
    let pattern = cors.allow_origin_regex.as_ref()?;
    let regex = regex::Regex::new(&format!("^(?:{pattern})$")).ok()?;
    let domain = regex::Regex::new(r"(?:[a-z0-9-]+\\?\.)+[a-z]{2,}")
        .ok()?
        .find(pattern)?
        .as_str()
        .replace("\\.", ".");
    ["https", "http"]
        .iter()
        .flat_map(|scheme| {
            [
                format!("{scheme}://app.{domain}"),
                format!("{scheme}://{domain}"),
                format!("{scheme}://a.b.{domain}"),
            ]
        })
        .find(|candidate| regex.is_match(candidate))
}

fn origin_allowed(cors: &Cors, origin: &str) -> bool {
    cors.allow_all_origins
        || cors.allow_origins.iter().any(|o| o == origin)
        || cors
            .allow_origin_regex
            .as_ref()
            .and_then(|p| regex::Regex::new(&format!("^(?:{p})$")).ok())
            .is_some_and(|r| r.is_match(origin))
}

/// Starlette's gzip exclusions (media type, lower-cased, parameters stripped).
pub fn excluded_from_gzip(content_type: &str) -> bool {
    let media = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    media.starts_with("audio/")
        || media.starts_with("video/")
        || media.starts_with("application/grpc")
        || matches!(
            media.as_str(),
            "application/gzip"
                | "application/x-gzip"
                | "application/zip"
                | "font/woff"
                | "font/woff2"
                | "image/avif"
                | "image/gif"
                | "image/jpeg"
                | "image/png"
                | "image/webp"
                | "text/event-stream"
        )
}

/// `https://datatweets.com` → `https_datatweets_com`, for test names.
fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('_') {
            slug.push('_');
        }
    }
    slug.trim_matches('_').to_string()
}
