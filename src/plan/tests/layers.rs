//! The tests each layer gets. Every request is built so that the setting under test decides
//! the answer: each listed origin, host pattern, trusted proxy and public path is used once; a
//! threshold is approached from both sides; a layer that answers by itself is made to answer.
//! The expectations come from [`answer::outcome`], never from the layer under test alone.

use super::answer::{self, Answer};
use super::probe::{self, *};
use super::simulate::{self, ALL_METHODS, SAFELISTED_HEADERS};
use super::{Expect, Planner, TestRequest, example_body};
use crate::model::{Cors, Layer, LayerKind, Level, Model, Route};

impl Planner {
    /// The expectations of `request` on `route`.
    fn expect(&self, route: &Route, layers: &[&Layer], request: &TestRequest) -> (Expect, Answer) {
        answer::outcome(route, layers, request, &self.set_anywhere)
    }

    /// The request with an allowed `Origin` when a CORS layer wraps the route, so the test also
    /// shows whether CORS is outside the layer that answers.
    pub(super) fn with_origin(request: &mut TestRequest, layers: &[&Layer]) {
        let origin = layers.iter().find_map(|l| match &l.kind {
            LayerKind::Cors(cors) => probe::allowed_origin(cors),
            _ => None,
        });
        if let Some(origin) = origin {
            request.set_header("origin", origin);
        }
    }

    /// With `Accept-Encoding: gzip` when a gzip layer wraps the route, so the test also shows
    /// whether gzip is outside the layer that answers.
    fn with_gzip(request: &mut TestRequest, layers: &[&Layer]) {
        if layers
            .iter()
            .any(|l| matches!(l.kind, LayerKind::Gzip { .. }))
        {
            request.set_header("accept-encoding", "gzip");
        }
    }

    /// One test per route: its example, with every header its stack promises.
    pub(super) fn example(&mut self, route: &Route) {
        let endpoint = route.endpoint;
        let layers: Vec<&Layer> = route.layers().collect();
        let request = base_request(route, &layers);
        let (mut expect, answer) = self.expect(route, &layers, &request);
        if answer.position < layers.len() {
            // An https_redirect that trusts no proxy answers every request.
            let name = format!("{}_is_redirected_to_https", endpoint.name);
            let doc = format!(
                "`{} {}` answers {} to https: the server is not behind a trusted proxy.",
                endpoint.method, endpoint.full_path, answer.status
            );
            self.push(name, doc, request, expect);
            return;
        }
        // The example's bytes exactly, as the spec gives them: no final newline added.
        if let Some(body) = example_body(endpoint)
            && endpoint.method != "HEAD"
        {
            expect.body_exact = Some(body);
        }
        let name = format!("{}_answers_with_its_example", endpoint.name);
        let doc = format!(
            "`{} {}` answers {} with the example body and every header its stack promises.",
            endpoint.method, endpoint.full_path, endpoint.response.status
        );
        self.push(name, doc, request, expect);
    }

    /// An unknown path under each mount gets the mount's 404, through the app's and the
    /// mount's stacks.
    pub(super) fn mount_not_found(&mut self, model: &Model) {
        for mount in &model.mounts {
            let path = format!("{}/axumgen-no-such-route", mount.path);
            let endpoint =
                synthetic_endpoint("not_found", &path, 404, Some(r#"{"detail":"Not Found"}"#));
            let none: &[Layer] = &[];
            let route = Route {
                endpoint: &endpoint,
                mount: Some(mount),
                router: None,
                stacks: [&model.stack, &mount.stack, none],
            };
            let layers: Vec<&Layer> = route.layers().collect();
            let request = base_request(&route, &layers);
            let (mut expect, answer) = self.expect(&route, &layers, &request);
            if answer.position == layers.len() {
                expect.body_exact = Some(r#"{"detail":"Not Found"}"#.into());
            }
            self.push(
                format!("unknown_path_under_{}_is_a_404", mount.name),
                format!("An unknown path under `{}` answers 404 through the app's stack and the mount's.", mount.path),
                request,
                expect,
            );
        }
    }

    /// Always pushes a case, so every project has at least one (the smoke test sends it).
    pub(super) fn not_found(&mut self, model: &Model) {
        let layers: Vec<&Layer> = model.stack.iter().collect();
        let endpoint = synthetic_endpoint(
            "not_found",
            "/axumgen-no-such-route",
            404,
            Some(r#"{"detail":"Not Found"}"#),
        );
        let none: &[Layer] = &[];
        let route = Route {
            endpoint: &endpoint,
            mount: None,
            router: None,
            stacks: [&model.stack, none, none],
        };
        let request = base_request(&route, &layers);
        let (mut expect, answer) = self.expect(&route, &layers, &request);
        if answer.position < layers.len() {
            self.push(
                "unknown_path_over_plain_http_is_redirected".into(),
                "An unknown path over plain HTTP is redirected to https like any other: the app's https_redirect runs before routing.".into(),
                request,
                expect,
            );
            return;
        }
        expect.body_exact = Some(r#"{"detail":"Not Found"}"#.into());
        self.push(
            "unknown_path_is_a_json_404_with_app_headers".into(),
            "An unknown path answers FastAPI's JSON 404, with the app stack's headers and no router's.".into(),
            request,
            expect,
        );
    }

    /// The tests of the layer at `position` on `route`; `false` when this route cannot show
    /// them (another route wrapped by the same layer is tried next).
    pub(super) fn layer(
        &mut self,
        route: &Route,
        layers: &[&Layer],
        position: usize,
        routes: &[Route],
    ) -> bool {
        // An https_redirect that trusts no proxy, outside this layer, answers every request.
        if redirect_position(layers).is_some_and(|r| r < position) {
            return false;
        }
        match &layers[position].kind {
            LayerKind::Cors(cors) => self.cors(route, layers, position, cors),
            LayerKind::TrustedHost {
                allowed_hosts,
                www_redirect,
            } => self.trusted_host(route, layers, position, allowed_hosts, *www_redirect),
            LayerKind::BearerAuth { public_paths, .. } => {
                self.bearer(route, layers, position, public_paths, routes)
            }
            LayerKind::HttpsRedirect { trusted_proxies } => {
                self.https_redirect(route, layers, position, trusted_proxies)
            }
            LayerKind::Gzip { minimum_size, .. } => {
                self.gzip(route, layers, position, *minimum_size)
            }
            LayerKind::BodyLimit { max_bytes } => {
                self.body_limit(route, layers, position, *max_bytes)
            }
            LayerKind::RequestId { header } => self.request_id(route, layers, header),
            LayerKind::Timeout { millis } => self.timeout(route, layers, position, *millis),
            LayerKind::Timing { .. }
            | LayerKind::SetHeaders { .. }
            | LayerKind::Logging
            | LayerKind::Custom { .. } => true,
        }
    }

    fn cors(&mut self, route: &Route, layers: &[&Layer], position: usize, cors: &Cors) -> bool {
        let endpoint = route.endpoint;
        let origins = allowed_origins(cors);
        let Some(origin) = origins.first().cloned() else {
            return false;
        };
        let base = base_request(route, layers);
        // A simple request from each way of being allowed.
        for allowed in &origins {
            let mut request = base.clone();
            request.set_header("origin", allowed.clone());
            let (expect, _) = self.expect(route, layers, &request);
            self.push(
                format!("{}_cors_allows_{}", endpoint.name, slug(allowed)),
                format!("A request from the allowed origin `{allowed}` gets the CORS headers, with the headers of every layer."),
                request,
                expect,
            );
        }
        if !simulate::origin_allowed(cors, DISALLOWED_ORIGIN) {
            let mut request = base.clone();
            request.set_header("origin", DISALLOWED_ORIGIN);
            let (expect, _) = self.expect(route, layers, &request);
            self.push(
                format!("{}_cors_ignores_a_disallowed_origin", endpoint.name),
                format!("A request from `{DISALLOWED_ORIGIN}` gets no access-control-allow-origin, so browsers hide the response."),
                request,
                expect,
            );
        }
        // Preflights, answered by the CORS layer itself (or by a layer outside it).
        let methods = simulate::allowed_methods(cors);
        let method = if methods.contains(&endpoint.method) {
            endpoint.method.clone()
        } else {
            methods.first().cloned().unwrap_or_else(|| "GET".into())
        };
        let requested_headers = if cors.allow_headers.iter().any(|h| h == "*") {
            CUSTOM_REQUEST_HEADER.to_string()
        } else {
            // Every configured header at once, as a browser lists them: lower-case, sorted.
            let mut names: Vec<String> = cors
                .allow_headers
                .iter()
                .filter(|h| !SAFELISTED_HEADERS.iter().any(|s| s.eq_ignore_ascii_case(h)))
                .map(|h| h.to_ascii_lowercase())
                .collect();
            names.sort();
            names.push("content-type".into());
            names.join(",")
        };
        let mut preflight = base.clone();
        preflight.method = "OPTIONS".into();
        preflight.body = None;
        // Browsers send preflights without credentials: no cookie, no Authorization.
        preflight.remove_header("content-type");
        preflight.remove_header("authorization");
        preflight.set_header("origin", origin.clone());
        preflight.set_header("access-control-request-method", method.clone());
        preflight.set_header("access-control-request-headers", requested_headers);
        let (expect, answer) = self.expect(route, layers, &preflight);
        let answered_by = if answer.position == position {
            "is answered by the CORS layer itself, with only the headers of layers outside it"
        } else {
            "is refused by a layer outside CORS: browsers send preflights without a token"
        };
        self.push(
            format!("{}_cors_preflight", endpoint.name),
            format!(
                "A preflight for `{method} {}` from `{origin}` {answered_by}.",
                endpoint.full_path
            ),
            preflight.clone(),
            expect,
        );
        if answer.position != position {
            return true;
        }
        // A preflight for each other allowed method (the listed ones are also in ACAM).
        if !cors.allow_methods.iter().any(|m| m == "*") {
            for other in methods.iter().filter(|m| **m != method) {
                let mut request = preflight.clone();
                request.set_header("access-control-request-method", other.clone());
                request.remove_header("access-control-request-headers");
                let (expect, _) = self.expect(route, layers, &request);
                self.push(
                    format!(
                        "{}_cors_preflight_allows_{}",
                        endpoint.name,
                        other.to_ascii_lowercase()
                    ),
                    format!("A preflight for `{other}` is allowed: `allow_methods` lists it."),
                    request,
                    expect,
                );
            }
        } else if let Some(other) = ALL_METHODS.iter().find(|m| **m != "GET" && **m != method) {
            let mut request = preflight.clone();
            request.set_header("access-control-request-method", *other);
            request.remove_header("access-control-request-headers");
            let (expect, _) = self.expect(route, layers, &request);
            self.push(
                format!("{}_cors_preflight_allows_{}", endpoint.name, other.to_ascii_lowercase()),
                format!("A preflight for `{other}` is allowed: `allow_methods: [\"*\"]` stands for all eight methods."),
                request,
                expect,
            );
        }
        // Private network access, allowed or refused.
        let mut request = preflight.clone();
        request.set_header("access-control-request-private-network", "true");
        let (expect, _) = self.expect(route, layers, &request);
        self.push(
            format!("{}_cors_preflight_private_network", endpoint.name),
            format!(
                "A preflight asking for private network access is {}.",
                if cors.allow_private_network {
                    "allowed (`allow_private_network: true`)"
                } else {
                    "refused with 400: `allow_private_network` is off"
                }
            ),
            request,
            expect,
        );
        if !simulate::origin_allowed(cors, DISALLOWED_ORIGIN) {
            let mut request = preflight;
            request.set_header("origin", DISALLOWED_ORIGIN);
            let (expect, _) = self.expect(route, layers, &request);
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
        www_redirect: bool,
    ) -> bool {
        if hosts.iter().any(|h| h == "*") {
            return true;
        }
        let name = &route.endpoint.name;
        let base = base_request(route, layers);
        let mut request = base.clone();
        let untrusted = untrusted_host(&layers[..position], hosts);
        request.set_header("host", untrusted.as_deref().unwrap_or(UNTRUSTED_HOST));
        Self::with_origin(&mut request, layers);
        Self::with_gzip(&mut request, layers);
        let (expect, _) = self.expect(route, layers, &request);
        self.push(
            format!("{name}_rejects_an_untrusted_host"),
            "A request whose Host is not allowed is answered 400 `Invalid host header` before any inner layer runs.".into(),
            request,
            expect,
        );
        // Each pattern lets its hosts in (a port does not matter).
        for pattern in hosts {
            let Some(host) = host_matching(pattern) else {
                continue;
            };
            let mut request = base.clone();
            request.set_header("host", format!("{host}:8080"));
            let (expect, _) = self.expect(route, layers, &request);
            let label = match pattern.strip_prefix("*.") {
                Some(domain) => format!("subdomains_of_{}", slug(domain)),
                None => format!("host_{}", slug(pattern)),
            };
            self.push(
                format!("{name}_trusts_{label}"),
                format!("`{host}:8080` is trusted: `{pattern}` is in `allowed_hosts`."),
                request,
                expect,
            );
            // `*.domain` covers subdomains, not the domain itself.
            if let Some(domain) = pattern.strip_prefix("*.")
                && !hosts.iter().any(|p| probe::host_matches(p, domain))
            {
                let mut request = base.clone();
                request.set_header("host", domain);
                let (expect, _) = self.expect(route, layers, &request);
                self.push(
                    format!("{name}_does_not_trust_bare_{}", slug(domain)),
                    format!("`{domain}` is not trusted: `{pattern}` covers its subdomains only."),
                    request,
                    expect,
                );
            }
        }
        // A `www.` pattern: the bare name is redirected to it, or refused.
        if let Some(bare) = hosts
            .iter()
            .find_map(|h| h.strip_prefix("www."))
            .filter(|bare| {
                !bare.contains('*') && !hosts.iter().any(|p| probe::host_matches(p, bare))
            })
        {
            let mut request = base;
            request.set_header("host", format!("{bare}:8000"));
            request.uri = with_query(&request.uri, "page=2");
            let (expect, _) = self.expect(route, layers, &request);
            self.push(
                format!("{name}_bare_host_of_a_www_pattern"),
                format!(
                    "`{bare}` is only allowed as `www.{bare}`: {}.",
                    if www_redirect {
                        "the request is redirected there with 307, port, path and query kept"
                    } else {
                        "`www_redirect` is off, so it is refused"
                    }
                ),
                request,
                expect,
            );
        }
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
        let layer = layers[position];
        if public.contains(&path_seen_by(layer, route)) {
            // A public route shows nothing of the check; a protected one will.
            return false;
        }
        let endpoint = route.endpoint;
        for (label, authorization) in [
            ("without_a_token", None),
            ("with_a_wrong_token", Some("Bearer wrong-token")),
            ("with_another_scheme", Some("Basic dGVzdA==")),
        ] {
            let mut request = base_request(route, layers);
            request.remove_header("authorization");
            if let Some(value) = authorization {
                request.set_header("authorization", value);
            }
            Self::with_origin(&mut request, layers);
            Self::with_gzip(&mut request, layers);
            let (expect, _) = self.expect(route, layers, &request);
            self.push(
                format!("{}_is_401_{label}", endpoint.name),
                format!(
                    "`{} {}` {} is answered 401 with WWW-Authenticate: Bearer, and only the headers of the layers outside `bearer_auth`.",
                    endpoint.method,
                    endpoint.full_path,
                    label.replace('_', " ")
                ),
                request,
                expect,
            );
        }
        // Each public path answers without a token.
        for path in public {
            let prefix = match (&layer.level, route.mount) {
                (Level::App, _) | (_, None) => "",
                (_, Some(mount)) => mount.path.as_str(),
            };
            let full = match (prefix, path.as_str()) {
                ("", path) => path.to_string(),
                (prefix, "/") => prefix.to_string(),
                (prefix, path) => format!("{prefix}{path}"),
            };
            let openapi;
            let open = match routes
                .iter()
                .find(|r| probe::wraps(layer, r) && template_matches(&r.endpoint.full_path, &full))
            {
                Some(open) => *open,
                None if layer.level == Level::App
                    && self.openapi.as_deref() == Some(full.as_str()) =>
                {
                    openapi = synthetic_endpoint("openapi", &full, 200, None);
                    Route {
                        endpoint: &openapi,
                        mount: None,
                        router: None,
                        stacks: [route.stacks[0], &[], &[]],
                    }
                }
                None => continue,
            };
            let open_layers: Vec<&Layer> = open.layers().collect();
            let mut request = base_request(&open, &open_layers);
            request.remove_header("authorization");
            request.uri = match request.uri.split_once('?') {
                Some((_, query)) => format!("{full}?{query}"),
                None => full.clone(),
            };
            let (expect, _) = self.expect(&open, &open_layers, &request);
            self.push(
                format!("{}_is_public", open.endpoint.name),
                format!(
                    "`{} {full}` is a public path: it answers without a token.",
                    open.endpoint.method
                ),
                request,
                expect,
            );
        }
        true
    }

    fn https_redirect(
        &mut self,
        route: &Route,
        layers: &[&Layer],
        position: usize,
        proxies: &[String],
    ) -> bool {
        let name = &route.endpoint.name;
        let mut request = base_request(route, layers);
        // From a peer every https_redirect outside this one trusts, and this one does not: this
        // layer is the one that redirects. Without one, the request is plain HTTP.
        match untrusted_peer(&layers[..position], proxies) {
            Some(peer) => request.peer = Some(peer),
            None => {
                request.remove_header("x-forwarded-proto");
                request.peer = proxies.first().map(|p| proxy_address(p));
            }
        }
        let host = request.header("host").unwrap_or("localhost").to_string();
        request.set_header("host", format!("{}:8443", host_without_port(&host)));
        request.uri = with_query(&request.uri, "a=1&b=%20x");
        Self::with_origin(&mut request, layers);
        Self::with_gzip(&mut request, layers);
        let (expect, _) = self.expect(route, layers, &request);
        self.push(
            format!("{name}_over_plain_http_is_redirected_with_port_and_query"),
            "A request that did not arrive over https is redirected with 307 to the same host, port, path and query on https.".into(),
            request,
            expect,
        );
        // Each trusted proxy is believed when it says the request came over https.
        for proxy in proxies.iter().skip(1) {
            let mut request = base_request(route, layers);
            request.peer = Some(proxy_address(proxy));
            let (expect, _) = self.expect(route, layers, &request);
            self.push(
                format!("{name}_trusts_proxy_{}", slug(proxy)),
                format!("A request from `{proxy}` with X-Forwarded-Proto: https is not redirected: the range is trusted."),
                request,
                expect,
            );
        }
        true
    }

    fn gzip(&mut self, route: &Route, layers: &[&Layer], position: usize, minimum: u64) -> bool {
        let endpoint = route.endpoint;
        if endpoint.method == "HEAD" {
            return false;
        }
        // Another gzip layer with a lower threshold hides this one's on this route.
        let shadowed = layers.iter().enumerate().any(|(i, l)| {
            i != position
                && matches!(l.kind, LayerKind::Gzip { minimum_size, .. } if minimum_size < minimum)
        });
        if shadowed {
            return false;
        }
        let mut sizes = vec![minimum];
        if minimum > 0 {
            sizes.insert(0, minimum - 1);
        }
        for size in sizes {
            let mut request = base_request(route, layers);
            request.set_header("accept-encoding", "gzip");
            request.set_header(BODY_SIZE_HEADER, size.to_string());
            let (expect, _) = self.expect(route, layers, &request);
            let compressed = size >= minimum;
            self.push(
                format!(
                    "{}_gzip_{}_a_{size}_byte_body",
                    endpoint.name,
                    if compressed { "compresses" } else { "skips" }
                ),
                format!(
                    "A {size}-byte body is {} (`minimum_size` is {minimum}).",
                    if compressed {
                        "gzipped and decompresses to the same bytes"
                    } else {
                        "sent as it is"
                    }
                ),
                request,
                expect,
            );
        }
        // The example itself, when it is large enough: it decompresses to the spec's bytes.
        if let Some(body) = example_body(endpoint).filter(|b| b.len() as u64 >= minimum) {
            let mut request = base_request(route, layers);
            request.set_header("accept-encoding", "gzip");
            let (mut expect, answer) = self.expect(route, layers, &request);
            if expect
                .equal
                .iter()
                .any(|(n, v)| n == "content-encoding" && v == "gzip")
                && answer.position == layers.len()
            {
                expect.body_gunzip = Some(body);
                self.push(
                    format!("{}_gzip_compresses_the_example", endpoint.name),
                    "The example body is gzipped and decompresses to exactly the example.".into(),
                    request,
                    expect,
                );
            }
        }
        true
    }

    fn body_limit(
        &mut self,
        route: &Route,
        layers: &[&Layer],
        position: usize,
        max_bytes: u64,
    ) -> bool {
        if max_bytes >= MAX_TEST_BODY {
            return true;
        }
        // A lower limit elsewhere on this route would answer first.
        let shadowed = layers.iter().enumerate().any(|(i, l)| {
            i != position
                && matches!(l.kind, LayerKind::BodyLimit { max_bytes: other } if other <= max_bytes)
        });
        if shadowed {
            return false;
        }
        for size in [max_bytes, max_bytes + 1] {
            let mut request = base_request(route, layers);
            // The example body, padded with spaces to the size, is still the example to a
            // typed endpoint; without one (or one larger than the size), `x` bytes.
            match request.body.take() {
                Some(body) if body.len() as u64 <= size => {
                    request.padding = Some(size - body.len() as u64);
                    request.body = Some(body);
                }
                _ => {}
            }
            request.body_size = Some(size);
            if size > max_bytes {
                Self::with_origin(&mut request, layers);
                Self::with_gzip(&mut request, layers);
            }
            let (expect, _) = self.expect(route, layers, &request);
            let over = size > max_bytes;
            self.push(
                format!(
                    "{}_{}_a_{size}_byte_body",
                    route.endpoint.name,
                    if over { "rejects" } else { "accepts" }
                ),
                format!(
                    "A {size}-byte body is {} the limit is {max_bytes} bytes.",
                    if over { "answered 413:" } else { "accepted:" }
                ),
                request,
                expect,
            );
        }
        true
    }

    fn request_id(&mut self, route: &Route, layers: &[&Layer], header: &str) -> bool {
        let name = &route.endpoint.name;
        let long = "a".repeat(129);
        for (label, sent, doc) in [
            (
                "gets_a_new_request_id",
                None,
                format!("A request without {header} gets one created and echoed."),
            ),
            (
                "replaces_a_too_long_request_id",
                Some(long.as_str()),
                format!("A {header} of 129 characters is replaced by a new one."),
            ),
            (
                "replaces_a_request_id_with_a_space",
                Some("not valid"),
                format!("A {header} with a space is replaced by a new one."),
            ),
        ] {
            let mut request = base_request(route, layers);
            request.remove_header(header);
            if let Some(value) = sent {
                request.set_header(header, value);
            }
            let (expect, _) = self.expect(route, layers, &request);
            self.push(format!("{name}_{label}"), doc, request, expect);
        }
        true
    }

    fn timeout(&mut self, route: &Route, layers: &[&Layer], position: usize, millis: u64) -> bool {
        // A shorter timeout elsewhere on this route would fire first.
        let shadowed = layers.iter().enumerate().any(|(i, l)| {
            i != position
                && matches!(l.kind, LayerKind::Timeout { millis: other } if other <= millis + 1)
        });
        if shadowed || millis < 2 {
            return false;
        }
        for (delay, label) in [(millis - 1, "in_time"), (millis + 1, "too_late")] {
            let mut request = base_request(route, layers);
            request.set_header(DELAY_HEADER, delay.to_string());
            if delay > millis {
                Self::with_origin(&mut request, layers);
                Self::with_gzip(&mut request, layers);
            }
            let (expect, _) = self.expect(route, layers, &request);
            self.push_case(
                format!("{}_answers_{label}", route.endpoint.name),
                format!(
                    "An answer after {delay} ms is {} the timeout is {millis} ms.",
                    if delay > millis {
                        "replaced by 408:"
                    } else {
                        "sent:"
                    }
                ),
                request,
                expect,
                true,
            );
        }
        true
    }
}

/// `uri` with `query` appended.
fn with_query(uri: &str, query: &str) -> String {
    if uri.contains('?') {
        format!("{uri}&{query}")
    } else {
        format!("{uri}?{query}")
    }
}
