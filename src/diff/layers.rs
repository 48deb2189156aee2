//! The middleware a route passes through, compared setting by setting as a client sees it.
//!
//! Each layer of the old route is paired with one of the same kind on the new route (a custom
//! layer with one of the same name): first within the same stack (app, mount, router), then
//! anywhere on the route, so a layer moved from the app to a router is compared, not removed and
//! added. What is left is removed or added; paired layers are compared setting by setting, and
//! their relative order too. Authentication, CORS and fixed headers are compared for the route
//! as a whole (which token it needs, which origins read it, which headers it carries), whichever
//! layer provides them.

use super::{Class, Report, View};
use crate::model::{Cors, FixedHeader, Layer, LayerKind, Model};
use std::collections::{BTreeMap, BTreeSet};

/// Every path a route has, in each model: a public path that is none of them (a concrete
/// `/tasks/7`, `/openapi.json`) is compared on its own, the others through the routes.
pub(super) struct RoutePaths<'a> {
    old: BTreeSet<&'a str>,
    new: BTreeSet<&'a str>,
}

impl<'a> RoutePaths<'a> {
    pub(super) fn new(old: &'a Model, new: &'a Model) -> RoutePaths<'a> {
        let paths = |model: &'a Model| {
            let mut paths = BTreeSet::new();
            for route in model.routes() {
                paths.insert(route.endpoint.full_path.as_str());
                paths.insert(route.endpoint.mount_relative_path.as_str());
            }
            paths
        };
        RoutePaths {
            old: paths(old),
            new: paths(new),
        }
    }
}

pub(super) fn compare(
    before: &View,
    after: &View,
    route: &str,
    paths: &RoutePaths,
    report: &mut Report,
) {
    match (before.protected, after.protected) {
        (false, true) => report.note(
            Class::Breaking,
            "auth-added",
            "now needs a bearer token".to_string(),
            route,
        ),
        (true, false) => report.note(
            Class::Security,
            "path-made-public",
            "now answers without a token".to_string(),
            route,
        ),
        _ => {}
    }
    let cors = |view: &View<'_>| {
        view.layers.iter().find_map(|(_, l)| match &l.kind {
            LayerKind::Cors(cors) => Some(cors.clone()),
            _ => None,
        })
    };
    compare_cors(cors(before).as_ref(), cors(after).as_ref(), route, report);
    compare_fixed_headers(before, after, route, report);
    let pairs = pair(&before.layers, &after.layers);
    for (i, (_, layer)) in before.layers.iter().enumerate() {
        match pairs.iter().find(|(old, _)| *old == i) {
            Some((_, j)) => {
                compare_settings(&layer.kind, &after.layers[*j].1.kind, route, paths, report)
            }
            None if matches!(layer.kind, LayerKind::SetHeaders { .. }) => {}
            None => report.note(
                Class::Security,
                "middleware-removed",
                format!("is no longer behind {}", label(layer)),
                route,
            ),
        }
    }
    for (j, (_, layer)) in after.layers.iter().enumerate() {
        if pairs.iter().any(|(_, new)| *new == j)
            || matches!(layer.kind, LayerKind::SetHeaders { .. })
        {
            continue;
        }
        let class = match layer.kind {
            LayerKind::TrustedHost { .. }
            | LayerKind::HttpsRedirect { .. }
            | LayerKind::BodyLimit { .. }
            | LayerKind::Timeout { .. } => Class::Breaking,
            _ => Class::Change,
        };
        report.note(
            class,
            "middleware-added",
            format!("is now behind {}", label(layer)),
            route,
        );
    }
    // Paired layers in old order: their new positions must still increase.
    if pairs.windows(2).any(|w| w[0].1 > w[1].1) {
        let order = |layers: &[(usize, &Layer)]| {
            layers
                .iter()
                .map(|(_, l)| match &l.kind {
                    LayerKind::Custom { name } => format!("custom {name}"),
                    kind => kind.name().to_string(),
                })
                .collect::<Vec<_>>()
                .join(" → ")
        };
        report.note(
            Class::Change,
            "middleware-order-changed",
            format!(
                "layers now run as {} (outermost first; was {})",
                order(&after.layers),
                order(&before.layers)
            ),
            route,
        );
    }
}

/// How a layer is named in a change: its kind, and a custom layer's name.
fn label(layer: &Layer) -> String {
    match &layer.kind {
        LayerKind::Custom { name } => format!("custom middleware `{name}`"),
        kind => format!("`{}`", kind.name()),
    }
}

/// What makes two layers the same one: their kind, and a custom layer's name.
fn identity(layer: &Layer) -> (&'static str, &str) {
    match &layer.kind {
        LayerKind::Custom { name } => ("custom", name),
        kind => (kind.name(), ""),
    }
}

/// (old index, new index) of the layers that are the same one, in old order.
fn pair(old: &[(usize, &Layer)], new: &[(usize, &Layer)]) -> Vec<(usize, usize)> {
    let mut taken = vec![false; new.len()];
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for same_stack in [true, false] {
        for (i, (stack, layer)) in old.iter().enumerate() {
            if pairs.iter().any(|(o, _)| *o == i) {
                continue;
            }
            let found = new.iter().enumerate().position(|(j, (s, l))| {
                !taken[j] && (!same_stack || s == stack) && identity(l) == identity(layer)
            });
            if let Some(j) = found {
                taken[j] = true;
                pairs.push((i, j));
            }
        }
    }
    pairs.sort_unstable();
    pairs
}

/// Two layers of one kind. CORS is compared for the route (`compare_cors`), and fixed headers
/// across layers (`compare_fixed_headers`); logging and custom layers have no settings.
fn compare_settings(
    old: &LayerKind,
    new: &LayerKind,
    route: &str,
    paths: &RoutePaths,
    report: &mut Report,
) {
    let mut note =
        |class: Class, code: &'static str, detail: String| report.note(class, code, detail, route);
    match (old, new) {
        (
            LayerKind::TrustedHost {
                allowed_hosts: old_hosts,
                www_redirect: old_www,
            },
            LayerKind::TrustedHost {
                allowed_hosts: new_hosts,
                www_redirect: new_www,
            },
        ) => {
            for host in new_hosts.iter().filter(|h| !old_hosts.contains(h)) {
                note(
                    Class::Security,
                    "trusted-host-added",
                    format!("trusted_host now accepts Host `{host}`"),
                );
            }
            for host in old_hosts.iter().filter(|h| !new_hosts.contains(h)) {
                note(
                    Class::Breaking,
                    "trusted-host-removed",
                    format!("trusted_host now answers 400 to Host `{host}`"),
                );
            }
            if old_www != new_www {
                // Only a `www.` pattern makes the apex redirect to it.
                let matters = old_hosts
                    .iter()
                    .chain(new_hosts)
                    .any(|h| h.starts_with("www."));
                let (class, detail) = match (new_www, matters) {
                    (true, true) => (
                        Class::Change,
                        "trusted_host now redirects the apex of a `www.` host to it",
                    ),
                    (false, true) => (
                        Class::Breaking,
                        "trusted_host answers 400 to the apex of a `www.` host instead of redirecting (www_redirect off)",
                    ),
                    (true, false) => (
                        Class::Change,
                        "trusted_host www_redirect turned on (no `www.` host to redirect to yet)",
                    ),
                    (false, false) => (
                        Class::Change,
                        "trusted_host www_redirect turned off (no `www.` host was redirected to)",
                    ),
                };
                note(class, "trusted-host-www-redirect", detail.to_string());
            }
        }
        (
            LayerKind::HttpsRedirect {
                trusted_proxies: old_proxies,
            },
            LayerKind::HttpsRedirect {
                trusted_proxies: new_proxies,
            },
        ) => {
            for proxy in new_proxies.iter().filter(|p| !old_proxies.contains(p)) {
                note(
                    Class::Security,
                    "proxy-trusted",
                    format!("https_redirect now trusts X-Forwarded-Proto from `{proxy}`"),
                );
            }
            for proxy in old_proxies.iter().filter(|p| !new_proxies.contains(p)) {
                note(
                    Class::Breaking,
                    "proxy-untrusted",
                    format!(
                        "https_redirect no longer trusts X-Forwarded-Proto from `{proxy}`: requests through it are redirected"
                    ),
                );
            }
        }
        (
            LayerKind::Gzip {
                minimum_size: old_size,
                level: old_level,
            },
            LayerKind::Gzip {
                minimum_size: new_size,
                level: new_level,
            },
        ) => {
            if old_size != new_size {
                note(
                    Class::Change,
                    "gzip-changed",
                    format!("gzip minimum_size changed from {old_size} to {new_size}"),
                );
            }
            if old_level != new_level {
                note(
                    Class::Change,
                    "gzip-changed",
                    format!("gzip compresslevel changed from {old_level} to {new_level}"),
                );
            }
        }
        (LayerKind::Timing { header: was }, LayerKind::Timing { header: is }) if was != is => {
            note(
                Class::Change,
                "timing-header-changed",
                format!("timing now sends the elapsed time in `{is}` instead of `{was}`"),
            );
        }
        (LayerKind::RequestId { header: was }, LayerKind::RequestId { header: is })
            if was != is =>
        {
            note(
                Class::Change,
                "request-id-header-changed",
                format!("request_id now reads and sends the id in `{is}` instead of `{was}`"),
            );
        }
        (
            LayerKind::BearerAuth {
                token_env: old_env,
                public_paths: old_paths,
            },
            LayerKind::BearerAuth {
                token_env: new_env,
                public_paths: new_paths,
            },
        ) => {
            if old_env != new_env {
                note(
                    Class::Security,
                    "auth-token-changed",
                    format!(
                        "bearer_auth now reads its token from ${new_env} instead of ${old_env}"
                    ),
                );
            }
            // Public paths that are a route show as that route's change (`path-made-public`).
            for path in new_paths
                .iter()
                .filter(|p| !old_paths.contains(p) && !paths.new.contains(p.as_str()))
            {
                note(
                    Class::Security,
                    "public-path-added",
                    format!("bearer_auth now lets `{path}` through without a token"),
                );
            }
            for path in old_paths
                .iter()
                .filter(|p| !new_paths.contains(p) && !paths.old.contains(p.as_str()))
            {
                note(
                    Class::Change,
                    "public-path-removed",
                    format!("bearer_auth now needs a token for `{path}`"),
                );
            }
        }
        (LayerKind::Timeout { millis: was }, LayerKind::Timeout { millis: is }) if was != is => {
            let seconds = |ms: &u64| *ms as f64 / 1000.0;
            let (class, code, verb) = if is < was {
                (Class::Breaking, "timeout-lowered", "lowered")
            } else {
                (Class::Change, "timeout-raised", "raised")
            };
            note(
                class,
                code,
                format!(
                    "timeout {verb} from {} s to {} s",
                    seconds(was),
                    seconds(is)
                ),
            );
        }
        (LayerKind::BodyLimit { max_bytes: was }, LayerKind::BodyLimit { max_bytes: is })
            if was != is =>
        {
            let (class, code, verb) = if is < was {
                (Class::Breaking, "body-limit-lowered", "lowered")
            } else {
                (Class::Change, "body-limit-raised", "raised")
            };
            note(
                class,
                code,
                format!("body_limit {verb} from {was} to {is} bytes"),
            );
        }
        _ => {}
    }
}

/// The headers `set_headers` layers give the route's responses, whichever layer sets each.
/// Responses pass the innermost layer first: an outer layer overwrites a header unless it only
/// sets it when absent.
fn compare_fixed_headers(before: &View, after: &View, route: &str, report: &mut Report) {
    let headers = |view: &View<'_>| -> BTreeMap<String, FixedHeader> {
        let mut sent = BTreeMap::new();
        let layers = view.layers.iter().rev().filter_map(|(_, l)| match &l.kind {
            LayerKind::SetHeaders { headers } => Some(headers),
            _ => None,
        });
        for header in layers.flatten() {
            if !header.if_absent || !sent.contains_key(&header.name) {
                sent.insert(header.name.clone(), header.clone());
            }
        }
        sent
    };
    let (old, new) = (headers(before), headers(after));
    let mode = |h: &FixedHeader| {
        if h.if_absent {
            " (unless the handler sets it)"
        } else {
            ""
        }
    };
    for (name, header) in &new {
        match old.get(name) {
            None => report.note(
                Class::Change,
                "header-added",
                format!(
                    "set_headers now sends `{name}: {}`{}",
                    header.value,
                    mode(header)
                ),
                route,
            ),
            Some(was) if was.value != header.value || was.if_absent != header.if_absent => report
                .note(
                    Class::Change,
                    "header-changed",
                    format!(
                        "set_headers sends `{name}: {}`{} instead of `{}`{}",
                        header.value,
                        mode(header),
                        was.value,
                        mode(was)
                    ),
                    route,
                ),
            Some(_) => {}
        }
    }
    for name in old.keys().filter(|n| !new.contains_key(*n)) {
        report.note(
            Class::Security,
            "header-removed",
            format!("set_headers no longer sends `{name}`"),
            route,
        );
    }
}

fn compare_cors(before: Option<&Cors>, after: Option<&Cors>, route: &str, report: &mut Report) {
    let origins = |c: Option<&Cors>| -> BTreeSet<String> {
        c.map(|c| {
            if c.allow_all_origins {
                vec!["*".to_string()]
            } else {
                c.allow_origins.clone()
            }
        })
        .unwrap_or_default()
        .into_iter()
        .collect()
    };
    // Whether browsers at `origin` read responses: listed, `*`, or matched by the regex
    // (anchored as the generated code anchors it).
    let reads = |c: Option<&Cors>, origin: &str| {
        c.is_some_and(|c| {
            c.allow_all_origins
                || c.allow_origins.iter().any(|o| o == origin)
                || c.allow_origin_regex.as_ref().is_some_and(|r| {
                    regex::Regex::new(&format!("^(?:{r})$")).is_ok_and(|r| r.is_match(origin))
                })
        })
    };
    let (old, new) = (origins(before), origins(after));
    for origin in old.difference(&new).filter(|o| !reads(after, o)) {
        report.note(
            Class::Breaking,
            "cors-origin-removed",
            format!("browsers at `{origin}` can no longer read responses"),
            route,
        );
    }
    for origin in new.difference(&old).filter(|o| !reads(before, o)) {
        report.note(
            Class::Security,
            "cors-origin-added",
            format!("browsers at `{origin}` can now read responses"),
            route,
        );
    }
    let regex = |c: Option<&Cors>| c.and_then(|c| c.allow_origin_regex.clone());
    let (class, detail) = match (regex(before), regex(after)) {
        (None, Some(is)) => (
            Class::Security,
            format!("browsers at origins matching `{is}` can now read responses"),
        ),
        (Some(was), None) => (
            Class::Breaking,
            format!("browsers at origins matching `{was}` can no longer read responses"),
        ),
        (Some(was), Some(is)) if was != is => (
            Class::Security,
            format!("allow_origin_regex changed from `{was}` to `{is}`"),
        ),
        _ => (Class::Change, String::new()),
    };
    if !detail.is_empty() {
        report.note(class, "cors-regex-changed", detail, route);
    }
    let credentials = |c: Option<&Cors>| c.is_some_and(|c| c.allow_credentials);
    match (credentials(before), credentials(after)) {
        (true, false) => report.note(
            Class::Breaking,
            "cors-credentials-off",
            "cross-origin requests can no longer send credentials".to_string(),
            route,
        ),
        (false, true) => report.note(
            Class::Security,
            "cors-credentials-on",
            "cross-origin requests can now send credentials".to_string(),
            route,
        ),
        _ => {}
    }
    // The rest only matters while CORS is there: its arrival or departure is reported above.
    let (Some(old), Some(new)) = (before, after) else {
        return;
    };
    // `*` stands for every method or header; header names are compared case-insensitively.
    let lists: [(&[String], &[String], bool, _, _); 3] = [
        (
            &old.allow_methods,
            &new.allow_methods,
            false,
            (
                "cors-method-added",
                "cross-origin `{}` requests are now allowed",
            ),
            (
                "cors-method-removed",
                "cross-origin `{}` requests are no longer allowed",
            ),
        ),
        (
            &old.allow_headers,
            &new.allow_headers,
            true,
            (
                "cors-header-allowed",
                "cross-origin requests may now send `{}`",
            ),
            (
                "cors-header-disallowed",
                "cross-origin requests may no longer send `{}`",
            ),
        ),
        (
            &old.expose_headers,
            &new.expose_headers,
            true,
            ("cors-header-exposed", "browsers can now read `{}`"),
            ("cors-header-unexposed", "browsers can no longer read `{}`"),
        ),
    ];
    for (was, is, fold, (added_code, added), (removed_code, removed)) in lists {
        let set = |list: &[String]| -> BTreeSet<String> {
            list.iter()
                .map(|v| {
                    if fold {
                        v.to_ascii_lowercase()
                    } else {
                        v.clone()
                    }
                })
                .collect()
        };
        let (was, is) = (set(was), set(is));
        if !was.contains("*") {
            for value in is.difference(&was) {
                report.note(
                    Class::Security,
                    added_code,
                    added.replace("{}", value),
                    route,
                );
            }
        }
        if !is.contains("*") {
            for value in was.difference(&is) {
                report.note(
                    Class::Breaking,
                    removed_code,
                    removed.replace("{}", value),
                    route,
                );
            }
        }
    }
    if old.max_age != new.max_age {
        report.note(
            Class::Change,
            "cors-max-age-changed",
            format!(
                "CORS max_age changed from {} to {}",
                old.max_age, new.max_age
            ),
            route,
        );
    }
    match (old.allow_private_network, new.allow_private_network) {
        (false, true) => report.note(
            Class::Security,
            "cors-private-network-on",
            "public websites can now reach this server on a private network (allow_private_network)"
                .to_string(),
            route,
        ),
        (true, false) => report.note(
            Class::Breaking,
            "cors-private-network-off",
            "public websites can no longer reach this server on a private network (allow_private_network)"
                .to_string(),
            route,
        ),
        _ => {}
    }
}
