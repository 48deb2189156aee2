//! The requests the generated tests send: one every layer of a route lets through, and the
//! hosts, origins, peers and tokens that make a given layer answer or stand aside.

use super::TestRequest;
use super::test_token;
use crate::model::{Cors, Endpoint, Layer, LayerKind, Level, Response, Route};
use crate::plan::concrete_path;

pub const REQUEST_ID: &str = "test-request-id-1";
pub const DISALLOWED_ORIGIN: &str = "https://disallowed.invalid";
pub const UNTRUSTED_HOST: &str = "evil.invalid";
/// A request header no CORS configuration safelists.
pub const CUSTOM_REQUEST_HEADER: &str = "x-axumgen-test";
/// The test hooks of the example app (see the generated `src/examples.rs`).
pub const DELAY_HEADER: &str = "x-axumgen-test-delay-ms";
pub const BODY_SIZE_HEADER: &str = "x-axumgen-test-body-size";
/// Bodies the generated tests are willing to send.
pub const MAX_TEST_BODY: u64 = 16 * 1024 * 1024;

/// The request every test of `route` starts from: one the whole stack lets through.
pub fn base_request(route: &Route, layers: &[&Layer]) -> TestRequest {
    let endpoint = route.endpoint;
    let mut request = TestRequest {
        method: endpoint.method.clone(),
        uri: concrete_path(endpoint),
        headers: Vec::new(),
        body: endpoint.request_body.clone(),
        body_size: None,
        padding: None,
        peer: None,
    };
    request.set_header("host", host_for(layers));
    for layer in layers {
        match &layer.kind {
            LayerKind::BearerAuth { token_env, .. }
                if request.header("authorization").is_none() =>
            {
                let token = test_token(&crate::grammar::config_field(token_env));
                request.set_header("authorization", format!("Bearer {token}"));
            }
            LayerKind::HttpsRedirect { trusted_proxies }
                if !trusted_proxies.is_empty() && request.peer.is_none() =>
            {
                request.set_header("x-forwarded-proto", "https");
                request.peer = Some(trusted_peer(layers));
            }
            LayerKind::RequestId { header } => request.set_header(header, REQUEST_ID),
            _ => {}
        }
    }
    if endpoint.request_body.is_some() {
        request.set_header("content-type", "application/json");
    }
    request
}

/// A Host header every trusted_host layer of the stack accepts.
pub fn host_for(layers: &[&Layer]) -> String {
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

/// A host a trusted-host pattern matches: the name itself, or `app.` under a `*.` pattern.
pub fn host_matching(pattern: &str) -> Option<String> {
    match pattern.strip_prefix("*.") {
        Some(domain) => Some(format!("app.{domain}")),
        None if pattern == "*" => None,
        None => Some(pattern.to_string()),
    }
}

/// Whether a trusted-host pattern accepts `host` (lower-case, without port).
pub fn host_matches(pattern: &str, host: &str) -> bool {
    match pattern.strip_prefix('*') {
        Some("") => true,
        Some(suffix) if suffix.starts_with('.') => host.ends_with(suffix),
        _ => pattern == host,
    }
}

/// The Host header without its port (IPv6 literals keep their brackets).
pub fn host_without_port(host: &str) -> &str {
    if host.starts_with('[') {
        host.find(']').map_or(host, |end| &host[..=end])
    } else {
        host.split(':').next().unwrap_or(host)
    }
}

/// A peer every https_redirect of the stack trusts: the first address of a range (innermost
/// first) that every such layer has in one of its ranges.
pub fn trusted_peer(layers: &[&Layer]) -> String {
    let ranges: Vec<&Vec<String>> = layers
        .iter()
        .filter_map(|l| match &l.kind {
            LayerKind::HttpsRedirect { trusted_proxies } => Some(trusted_proxies),
            _ => None,
        })
        .collect();
    let candidates = ranges.iter().rev().flat_map(|r| r.iter());
    for candidate in candidates.clone() {
        let peer = proxy_address(candidate);
        let ip = peer.parse::<std::net::SocketAddr>().ok().map(|s| s.ip());
        if ranges
            .iter()
            .all(|list| list.iter().any(|range| super::in_range(ip, range)))
        {
            return peer;
        }
    }
    candidates
        .map(|c| proxy_address(c))
        .next()
        .unwrap_or_else(|| "127.0.0.1:40000".into())
}

/// A host every trusted_host in `outer` accepts and `patterns` do not: the one this layer
/// refuses by itself. Without trusted_host layers outside, any host outside `patterns`.
pub fn untrusted_host(outer: &[&Layer], patterns: &[String]) -> Option<String> {
    let outer_patterns: Vec<&Vec<String>> = outer
        .iter()
        .filter_map(|l| match &l.kind {
            LayerKind::TrustedHost { allowed_hosts, .. } => Some(allowed_hosts),
            _ => None,
        })
        .collect();
    let mut candidates = vec![UNTRUSTED_HOST.to_string()];
    for pattern in outer_patterns.iter().flat_map(|p| p.iter()) {
        match pattern.strip_prefix("*.") {
            Some(domain) => candidates.push(format!("axumgen-other.{domain}")),
            None => candidates.push(pattern.clone()),
        }
    }
    candidates.into_iter().find(|host| {
        outer_patterns
            .iter()
            .all(|list| list.iter().any(|p| host_matches(p, host)))
            && !patterns.iter().any(|p| host_matches(p, host))
    })
}

/// A peer every https_redirect in `outer` trusts and none of `proxies` contains, when the
/// outer layers have one.
pub fn untrusted_peer(outer: &[&Layer], proxies: &[String]) -> Option<String> {
    let outer_ranges: Vec<&Vec<String>> = outer
        .iter()
        .filter_map(|l| match &l.kind {
            LayerKind::HttpsRedirect { trusted_proxies } => Some(trusted_proxies),
            _ => None,
        })
        .collect();
    if outer_ranges.is_empty() {
        return None;
    }
    outer_ranges
        .iter()
        .flat_map(|r| r.iter())
        .map(|range| proxy_address(range))
        .find(|peer| {
            let ip = peer.parse::<std::net::SocketAddr>().ok().map(|s| s.ip());
            outer_ranges
                .iter()
                .all(|list| list.iter().any(|range| super::in_range(ip, range)))
                && !proxies.iter().any(|range| super::in_range(ip, range))
        })
}

/// An address inside a trusted proxy range, as a socket address.
pub fn proxy_address(cidr: &str) -> String {
    let address = cidr.split('/').next().unwrap_or("127.0.0.1");
    match address.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) => format!("[{v6}]:40000"),
        _ => format!("{address}:40000"),
    }
}

/// Origins that exercise every way a CORS layer allows an origin: each listed origin, one the
/// regex alone accepts, and any origin under `*`.
pub fn allowed_origins(cors: &Cors) -> Vec<String> {
    let mut origins: Vec<String> = cors
        .allow_origins
        .iter()
        .filter(|o| *o != "*")
        .cloned()
        .collect();
    if cors.allow_all_origins {
        origins.push("https://any-origin.example".into());
    }
    if let Some(origin) = regex_origin(cors).filter(|o| !origins.contains(o)) {
        origins.push(origin);
    }
    origins
}

/// An origin the layer allows, if any.
pub fn allowed_origin(cors: &Cors) -> Option<String> {
    allowed_origins(cors).into_iter().next()
}

/// An origin the regex accepts and the list does not hold.
fn regex_origin(cors: &Cors) -> Option<String> {
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
                format!("{scheme}://app.{domain}:8443"),
            ]
        })
        .find(|candidate| regex.is_match(candidate) && !cors.allow_origins.contains(candidate))
}

/// An endpoint that is not in the spec but answers like one: the unknown-path 404, the
/// OpenAPI document.
pub fn synthetic_endpoint(name: &str, path: &str, status: u16, body: Option<&str>) -> Endpoint {
    Endpoint {
        name: name.into(),
        method: "GET".into(),
        path: path.into(),
        full_path: path.into(),
        mount_relative_path: path.into(),
        params: Vec::new(),
        query: Vec::new(),
        request_type: None,
        response_type: None,
        request_body: None,
        response: Response {
            status,
            body: body.map(str::to_string),
            content_type: None,
            headers: Vec::new(),
            serialized: None,
        },
        summary: None,
        tags: Vec::new(),
        errors: Vec::new(),
    }
}

/// Whether an axum route template (`/items/{id}`, `/files/{*rest}`) matches a request path: a
/// parameter takes one segment that is not empty (`{name}.json` is read as a parameter), a
/// catch-all the rest of the path, at least one character.
pub fn template_matches(template: &str, path: &str) -> bool {
    let mut templates = template.split('/');
    let mut segments = path.split('/');
    loop {
        match (templates.next(), segments.next()) {
            (None, None) => return true,
            (Some(t), Some(p)) if t.starts_with("{*") => {
                return !p.is_empty() || segments.next().is_some();
            }
            (Some(t), Some(p)) if t.starts_with('{') => {
                if p.is_empty() {
                    return false;
                }
            }
            (Some(t), Some(p)) if t == p => {}
            _ => return false,
        }
    }
}

/// How matchit (axum's router) ranks templates that match one path, lower first: segment by
/// segment, a static segment before a parameter with a prefix or suffix (`{name}.json`), before
/// a parameter, before a catch-all.
pub fn route_priority(template: &str) -> Vec<u8> {
    template
        .split('/')
        .map(|segment| match segment {
            s if s.starts_with("{*") => 3,
            s if s.starts_with('{') && s.ends_with('}') && s.matches('{').count() == 1 => 2,
            s if s.contains('{') => 1,
            _ => 0,
        })
        .collect()
}

/// A path under `prefix` that none of `templates` matches, for the unknown-path tests:
/// `{prefix}/axumgen-no-such-route`, a segment deeper each time a route takes it (S3's
/// `/{bucket}` takes every path of one segment); `None` when a catch-all takes them all.
pub fn unrouted_path(prefix: &str, templates: &[&str]) -> Option<String> {
    let deepest = templates
        .iter()
        .map(|t| t.matches('/').count())
        .max()
        .unwrap_or(0);
    let mut path = format!("{prefix}/axumgen-no-such-route");
    for _ in 0..=deepest {
        if !templates.iter().any(|t| template_matches(t, &path)) {
            return Some(path);
        }
        path.push_str("/axumgen");
    }
    None
}

/// Whether a bearer layer wraps the route and the route is not one of its public paths.
pub fn protected(route: &Route) -> bool {
    bearer_blocks(route, &route.layers().collect::<Vec<_>>()).is_some()
}

/// The path a layer sees for a route: mount layers see it relative to the mount.
pub fn path_seen_by(layer: &Layer, route: &Route) -> String {
    let full = concrete_path(route.endpoint);
    let full = full.split('?').next().unwrap_or(&full).to_string();
    match (&layer.level, route.mount) {
        (Level::App, _) | (_, None) => full,
        (_, Some(mount)) => match full.strip_prefix(&mount.path) {
            Some("") => "/".to_string(),
            Some(rest) => rest.to_string(),
            None => full,
        },
    }
}

/// The position of the first bearer layer that refuses `route` without a token.
pub fn bearer_blocks(route: &Route, layers: &[&Layer]) -> Option<usize> {
    layers.iter().position(|layer| match &layer.kind {
        LayerKind::BearerAuth { public_paths, .. } => {
            !public_paths.contains(&path_seen_by(layer, route))
        }
        _ => false,
    })
}

/// The position of an https_redirect that trusts no proxy: it redirects every request.
pub fn redirect_position(layers: &[&Layer]) -> Option<usize> {
    layers.iter().position(
        |l| matches!(&l.kind, LayerKind::HttpsRedirect { trusted_proxies } if trusted_proxies.is_empty()),
    )
}

/// Whether `layer` is one of the layers around `route`.
pub fn wraps(layer: &Layer, route: &Route) -> bool {
    route
        .layers()
        .any(|l| l.level == layer.level && l.index == layer.index)
}

/// Starlette's gzip exclusions (media type, lower-cased, parameters stripped).
pub fn excluded_from_gzip(content_type: &str) -> bool {
    let media = super::media_type(content_type);
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
pub fn slug(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_as_axum_routes_them() {
        assert!(template_matches("/items/{id}", "/items/7"));
        assert!(!template_matches("/items/{id}", "/items/"));
        assert!(!template_matches("/items/{id}", "/items/7/8"));
        assert!(template_matches("/files/{*rest}", "/files/a/b"));
        assert!(!template_matches("/files/{*rest}", "/files/"));
        assert!(template_matches("/files/{name}.json", "/files/x.json"));
        assert!(!template_matches("/", "/x"));
        assert!(template_matches("/", "/"));
    }

    #[test]
    fn unrouted_paths_go_deeper_than_the_routes_that_take_them() {
        let s3 = ["/", "/{bucket}", "/{bucket}/{key}"];
        assert_eq!(
            unrouted_path("", &s3).as_deref(),
            Some("/axumgen-no-such-route/axumgen/axumgen")
        );
        assert_eq!(
            unrouted_path("/m", &["/m/items"]).as_deref(),
            Some("/m/axumgen-no-such-route")
        );
        assert_eq!(unrouted_path("", &["/{*path}"]), None);
    }

    #[test]
    fn static_segments_are_preferred_as_matchit_prefers_them() {
        let mut templates = ["/{*rest}", "/{bucket}", "/{name}.json", "/health"];
        templates.sort_by_key(|t| route_priority(t));
        assert_eq!(
            templates,
            ["/health", "/{name}.json", "/{bucket}", "/{*rest}"]
        );
    }
}
