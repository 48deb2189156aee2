//! Ordering hazards: stacks whose order is legal but almost certainly not what was meant.
//!
//! The spec lists middleware outermost first, and a route's full chain is app → mount → router.
//! Each rule looks at that chain for every route, so a hazard that spans levels (auth in the app
//! stack, CORS in a router's) is found too.

use crate::diagnostic::{Rule, Severity};
use crate::spec::{Middleware, Spanned};
use crate::validate::{Cx, Findings};

pub const AUTH_OUTSIDE_CORS: Rule = Rule {
    code: "order-auth-outside-cors",
    severity: Severity::Warning,
    summary: "`bearer_auth` runs before `cors`: preflights (which carry no token) get 401, and 401s reach the page without CORS headers",
    help: "",
};
pub const TIMING_INSIDE_GZIP: Rule = Rule {
    code: "order-timing-inside-gzip",
    severity: Severity::Warning,
    summary: "`timing` sits inside `gzip`, so its figure leaves out everything above it",
    help: "",
};
pub const TRUSTED_HOST_NOT_OUTERMOST: Rule = Rule {
    code: "order-trusted-host-not-outermost",
    severity: Severity::Warning,
    summary: "`trusted_host` is not the outermost layer, so other layers run for requests it would reject",
    help: "",
};
pub const HTTPS_REDIRECT_NOT_OUTERMOST: Rule = Rule {
    code: "order-https-redirect-not-outermost",
    severity: Severity::Warning,
    summary: "`https_redirect` has layers other than `trusted_host` outside it, which run on plain-HTTP requests before the redirect",
    help: "",
};
pub const DUPLICATE_LAYER: Rule = Rule {
    code: "middleware-duplicate",
    severity: Severity::Warning,
    summary: "the same kind of middleware twice on one route (two `cors`, two `gzip`…), or the same header written twice, where one of them is redundant or conflicting",
    help: "keep one of them",
};

pub const RULES: &[Rule] = &[
    AUTH_OUTSIDE_CORS,
    TIMING_INSIDE_GZIP,
    TRUSTED_HOST_NOT_OUTERMOST,
    HTTPS_REDIRECT_NOT_OUTERMOST,
    DUPLICATE_LAYER,
];

/// Kinds for which a second layer on the same route is a mistake.
const SINGULAR: &[&str] = &[
    "trusted_host",
    "https_redirect",
    "cors",
    "gzip",
    "request_id",
    "logging",
    "bearer_auth",
    "timeout",
    "body_limit",
];

pub fn check(cx: &Cx, out: &mut Findings) {
    let mut chains: Vec<Vec<&Spanned<Middleware>>> = cx
        .walk
        .endpoints
        .iter()
        .map(|e| cx.walk.layers_of(e).into_iter().map(|(_, l)| l).collect())
        .collect();
    // The app stack alone also matters for requests that match no route (404s, preflights).
    chains.push(cx.walk.stacks[0].layers.iter().collect());
    for chain in chains {
        check_chain(out, &chain);
    }
}

fn check_chain(out: &mut Findings, chain: &[&Spanned<Middleware>]) {
    let position = |kind: &str| chain.iter().position(|l| l.value.kind() == kind);
    if let (Some(auth), Some(cors)) = (position("bearer_auth"), position("cors"))
        && auth < cors
    {
        out.report(
            AUTH_OUTSIDE_CORS
                .at(chain[auth].span, "`bearer_auth` runs before `cors`")
                .with_related(chain[cors].span, "`cors` is inside it")
                .with_help("move `cors` above `bearer_auth`: browser preflights carry no token, and a 401 without CORS headers is unreadable to the page"),
        );
    }
    if let (Some(gzip), Some(timing)) = (position("gzip"), position("timing"))
        && gzip < timing
    {
        out.report(
            TIMING_INSIDE_GZIP
                .at(chain[timing].span, "`timing` is inside `gzip`")
                .with_related(chain[gzip].span, "`gzip` is outside it")
                .with_help("move `timing` above `gzip` to measure what the client waits for; keep it here only to time the handler alone"),
        );
    }
    if let Some(host) = position("trusted_host")
        && let Some(first) = chain[..host]
            .iter()
            .find(|l| l.value.kind() != "trusted_host")
    {
        out.report(
            TRUSTED_HOST_NOT_OUTERMOST
                .at(
                    chain[host].span,
                    "`trusted_host` is not the outermost layer",
                )
                .with_related(
                    first.span,
                    format!("`{}` runs before it", first.value.kind()),
                )
                .with_help("make `trusted_host` the first entry of the app's `middleware`"),
        );
    }
    if let Some(redirect) = position("https_redirect")
        && let Some(first) = chain[..redirect]
            .iter()
            .find(|l| !matches!(l.value.kind(), "trusted_host" | "https_redirect"))
    {
        out.report(
            HTTPS_REDIRECT_NOT_OUTERMOST
                .at(chain[redirect].span, "`https_redirect` is not outermost")
                .with_related(first.span, format!("`{}` runs before it", first.value.kind()))
                .with_help("put `https_redirect` first (after `trusted_host`, if any) in the app's `middleware`"),
        );
    }
    // Kinds that may repeat, but not with the same effect: the same header written twice (one
    // of the two values is never seen), the same custom function run twice.
    let mut written: Vec<(String, &Spanned<Middleware>)> = Vec::new();
    for layer in chain {
        let names: Vec<String> = match &layer.value {
            Middleware::Timing(timing) => vec![
                timing
                    .header
                    .as_ref()
                    .map_or("x-process-time".to_string(), |h| {
                        h.value.to_ascii_lowercase()
                    }),
            ],
            Middleware::SetHeaders(headers) => headers
                .iter()
                .map(|(name, _)| name.value.to_ascii_lowercase())
                .collect(),
            Middleware::Custom(custom) => vec![format!("custom {}", custom.name.value)],
            _ => Vec::new(),
        };
        for name in names {
            if let Some((_, first)) = written.iter().find(|(n, _)| *n == name) {
                let what = match name.strip_prefix("custom ") {
                    Some(function) => format!("`custom: {function}` runs twice on the same route"),
                    None => format!("`{name}` is written by two layers on the same route"),
                };
                out.report(
                    DUPLICATE_LAYER
                        .at(layer.span, what)
                        .with_related(first.span, "the first one"),
                );
            } else {
                written.push((name, layer));
            }
        }
    }
    for kind in SINGULAR {
        let mut of_kind = chain.iter().filter(|l| l.value.kind() == *kind);
        if let (Some(first), Some(second)) = (of_kind.next(), of_kind.next()) {
            out.report(
                DUPLICATE_LAYER
                    .at(second.span, format!("a second `{kind}` on the same route"))
                    .with_related(first.span, "the first one"),
            );
        }
    }
}
