//! The tests of the layers that decide who may reach a route: CORS (every origin, the
//! preflight and its refusals), trusted hosts, bearer tokens and the HTTPS redirect.

use super::*;
use crate::model::{Cors, Layer, Route};

impl Planner {
    pub(super) fn cors(
        &mut self,
        route: &Route,
        layers: &[&Layer],
        position: usize,
        cors: &Cors,
    ) -> bool {
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

    pub(super) fn trusted_host(
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

    pub(super) fn bearer(
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
            // The route axum sends the path to: the OpenAPI document's (a static path), else
            // the one of the matching routes matchit prefers (`/health` before `/{bucket}`).
            let routed = routes
                .iter()
                .filter(|r| template_matches(&r.endpoint.full_path, &full))
                .min_by_key(|r| probe::route_priority(&r.endpoint.full_path));
            let open = match routed {
                _ if layer.level == Level::App
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
                Some(open) if probe::wraps(layer, open) => *open,
                _ => continue,
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

    pub(super) fn https_redirect(
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
}
