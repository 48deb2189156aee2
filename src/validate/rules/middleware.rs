//! Settings of individual middleware kinds: trusted hosts, proxies, bearer tokens and their
//! public paths, gzip level, timeout and body limit.

use crate::diagnostic::{Rule, Severity};
use crate::source::Span;
use crate::spec::{BearerAuth, MISSING_KEY, Middleware, Spanned};
use crate::validate::{Cx, Findings};

pub const TRUSTED_HOST_PATTERN: Rule = Rule {
    code: "trusted-host-pattern",
    severity: Severity::Error,
    summary: "an `allowed_hosts` entry that is not a host name, `*.domain` or `*` (a port, a path, `*` in the middle)",
    help: "write a host name (`api.example.com`), `*.example.com` for its subdomains, or `*`",
};
pub const PROXY_INVALID: Rule = Rule {
    code: "proxy-invalid",
    severity: Severity::Error,
    summary: "a `trusted_proxies` entry that is not an IP address or CIDR range",
    help: "write an address (`127.0.0.1`) or a range (`10.0.0.0/8`)",
};
pub const BEARER_LITERAL_TOKEN: Rule = Rule {
    code: "bearer-literal-token",
    severity: Severity::Error,
    summary: "a bearer token written in the spec, where everyone with the repository can read it",
    help: "remove `token` and name the environment variable that holds it: `token_env: API_TOKEN`",
};
pub const BEARER_TOKEN_ENV: Rule = Rule {
    code: "bearer-token-env",
    severity: Severity::Error,
    summary: "`token_env` is not an environment variable name",
    help: "use upper-case letters, digits and `_`, like `TASKS_API_TOKEN`",
};
pub const PUBLIC_PATH_UNMATCHED: Rule = Rule {
    code: "public-path-unmatched",
    severity: Severity::Warning,
    summary: "a `public_paths` entry that matches no route the `bearer_auth` layer wraps",
    help: "",
};
pub const GZIP_LEVEL: Rule = Rule {
    code: "gzip-level",
    severity: Severity::Error,
    summary: "`compresslevel` outside 1-9",
    help: "use 1 (fastest) to 9 (smallest); Starlette's default is 9",
};
pub const LIMIT_INVALID: Rule = Rule {
    code: "limit-invalid",
    severity: Severity::Error,
    summary: "a `timeout` that is not a positive number of seconds up to a day, or a `body_limit` of 0",
    help: "",
};

pub const RULES: &[Rule] = &[
    TRUSTED_HOST_PATTERN,
    PROXY_INVALID,
    BEARER_LITERAL_TOKEN,
    BEARER_TOKEN_ENV,
    PUBLIC_PATH_UNMATCHED,
    GZIP_LEVEL,
    LIMIT_INVALID,
];

pub fn check(cx: &Cx, out: &mut Findings) {
    for (stack_index, stack) in cx.walk.stacks.iter().enumerate() {
        for layer in stack.layers {
            match &layer.value {
                Middleware::TrustedHost(trusted) => {
                    for host in &trusted.allowed_hosts {
                        if let Some(problem) = host_pattern_problem(&host.value) {
                            out.report(TRUSTED_HOST_PATTERN.at(host.span, problem));
                        }
                    }
                    if trusted.allowed_hosts.is_empty() {
                        out.report(
                            TRUSTED_HOST_PATTERN
                                .at(
                                    layer.span,
                                    "`allowed_hosts` is empty: every request would get 400",
                                )
                                .with_help("list the host names this service answers to"),
                        );
                    }
                }
                Middleware::HttpsRedirect(redirect) => {
                    for proxy in &redirect.trusted_proxies {
                        if crate::grammar::net::parse_cidr(&proxy.value).is_none() {
                            out.report(PROXY_INVALID.at(
                                proxy.span,
                                format!("`{}` is not an IP address or CIDR range", proxy.value),
                            ));
                        }
                    }
                }
                Middleware::BearerAuth(bearer) => {
                    check_bearer(cx, out, bearer, layer.span, stack_index)
                }
                Middleware::Gzip(gzip) => {
                    if let Some(level) = &gzip.compresslevel
                        && !(1..=9).contains(&level.value)
                    {
                        out.report(GZIP_LEVEL.at(
                            level.span,
                            format!("compression level {} is outside 1-9", level.value),
                        ));
                    }
                }
                Middleware::Timeout(timeout) => {
                    let seconds = timeout.seconds.value;
                    if !(0.001..=86_400.0).contains(&seconds) {
                        out.report(
                            LIMIT_INVALID
                                .at(
                                    timeout.seconds.span,
                                    format!("a timeout of {seconds} seconds is not usable"),
                                )
                                .with_help("use a number of seconds from 0.001 to 86400"),
                        );
                    }
                }
                Middleware::BodyLimit(limit) if limit.max_bytes.value == 0 => {
                    out.report(
                        LIMIT_INVALID
                            .at(
                                limit.max_bytes.span,
                                "a body limit of 0 bytes rejects every request with a body",
                            )
                            .with_help(
                                "use the largest body you accept, in bytes (1048576 is 1 MiB)",
                            ),
                    );
                }
                _ => {}
            }
        }
    }
}

fn check_bearer(cx: &Cx, out: &mut Findings, bearer: &BearerAuth, layer: Span, stack_index: usize) {
    if let Some(token) = &bearer.token {
        out.report(BEARER_LITERAL_TOKEN.at(token.span, "a bearer token is written in the spec"));
    }
    let Some(token_env) = &bearer.token_env else {
        out.report(
            MISSING_KEY
                .at(layer, "missing key `token_env`")
                .with_help("add `token_env:` here (the environment variable that holds the token)"),
        );
        return;
    };
    let env = &token_env.value;
    if !crate::grammar::is_env_name(env) {
        out.report(BEARER_TOKEN_ENV.at(
            token_env.span,
            format!("`{env}` is not an environment variable name"),
        ));
    }
    // The routes this layer wraps: those whose stacks include this one.
    let mut router = matchit::Router::new();
    let mut any = false;
    for endpoint in &cx.walk.endpoints {
        if endpoint.stacks.contains(&stack_index) {
            let _ = router.insert(endpoint.full_path.as_str(), ());
            any = true;
        }
    }
    if stack_index == 0
        && let Some(openapi) = crate::model::openapi_path(cx.spec)
    {
        let _ = router.insert(openapi.as_str(), ());
        any = true;
    }
    for path in &bearer.public_paths {
        if path.value.contains('{') {
            // The route's template, not a path a client sends: `/tasks/7` would stay protected.
            out.report(
                PUBLIC_PATH_UNMATCHED
                    .at(
                        path.span,
                        format!(
                            "public path `{}` is a route template; requests are matched by their exact path",
                            path.value
                        ),
                    )
                    .with_help("list the request paths to serve without a token (`/tasks/7`), or move the route to a router without `bearer_auth`"),
            );
            continue;
        }
        let matched = any && router.at(&path.value).is_ok();
        if !matched {
            report_unmatched(out, path);
        }
    }
}

fn report_unmatched(out: &mut Findings, path: &Spanned<String>) {
    let help = if path.value != "/" && path.value.ends_with('/') {
        format!(
            "paths are matched exactly; did you mean `{}`?",
            path.value.trim_end_matches('/')
        )
    } else {
        "public paths are full request paths (with prefixes), matched exactly; fix the path or remove it".to_string()
    };
    out.report(
        PUBLIC_PATH_UNMATCHED
            .at(
                path.span,
                format!(
                    "public path `{}` matches no route behind this `bearer_auth`",
                    path.value
                ),
            )
            .with_help(help),
    );
}

/// Why a trusted-host pattern is invalid, following Starlette's rules.
pub fn host_pattern_problem(pattern: &str) -> Option<String> {
    if pattern == "*" {
        return None;
    }
    let host = pattern.strip_prefix("*.").unwrap_or(pattern);
    if host.contains('*') {
        return Some(format!(
            "`{pattern}`: a `*` may only stand alone or lead as `*.`"
        ));
    }
    if host.is_empty() {
        return Some(format!("`{pattern}` has no host name"));
    }
    if host.starts_with('[')
        && host.ends_with(']')
        && host[1..host.len() - 1]
            .parse::<std::net::Ipv6Addr>()
            .is_ok()
    {
        return None;
    }
    if host.contains(':') {
        return Some(format!(
            "`{pattern}` has a port; the port is ignored when hosts are compared, so leave it out"
        ));
    }
    if let Some(c) = host
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
    {
        return Some(format!(
            "`{pattern}` contains {}, which no host name has",
            crate::grammar::describe_char(c)
        ));
    }
    if host.ends_with('.') {
        return Some(format!(
            "`{pattern}` ends with `.`; requests for it never match"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_patterns_follow_starlette() {
        assert_eq!(host_pattern_problem("*.example.com"), None);
        assert_eq!(host_pattern_problem("localhost"), None);
        assert_eq!(host_pattern_problem("*"), None);
        assert!(host_pattern_problem("api.*.example.com").is_some());
        assert!(host_pattern_problem("*example.com").is_some());
        assert!(host_pattern_problem("localhost:8000").is_some());
        assert!(host_pattern_problem("example.com.").is_some());
    }
}
