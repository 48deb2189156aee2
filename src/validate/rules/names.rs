//! Names that become Rust identifiers, the crate name, the version and the listen address.

use crate::diagnostic::{Rule, Severity};
use crate::grammar::{IdentProblem, check_ident, rust_field_name, suggest_ident, type_stem};
use crate::spec::{Middleware, Spanned};
use crate::validate::{Cx, Findings};
use std::collections::HashMap;

pub const UNSUPPORTED_VERSION: Rule = Rule {
    code: "unsupported-version",
    severity: Severity::Error,
    summary: "the `axumgen:` format version is not one this axumgen reads",
    help: "write `axumgen: 1`",
};
pub const NAME_INVALID: Rule = Rule {
    code: "name-invalid",
    severity: Severity::Error,
    summary: "a name that cannot become a Rust identifier (handler, router, mount, custom middleware), or a query parameter name that is not URL-safe (`A-Z a-z 0-9 _ . -`) or shares its Rust field with another",
    help: "",
};
pub const NAME_DUPLICATE: Rule = Rule {
    code: "name-duplicate",
    severity: Severity::Error,
    summary: "two endpoints, routers or mounts with the same name, or two endpoints whose names make the same type names (`get_2_send` and `get2_send`: `Get2Send…`)",
    help: "names become Rust items and file names: give each its own",
};
pub const SERVICE_NAME_INVALID: Rule = Rule {
    code: "service-name-invalid",
    severity: Severity::Error,
    summary: "`service.name` is not a usable crate name",
    help: "use lower-case letters, digits, `-` and `_`, starting with a letter",
};
pub const VERSION_INVALID: Rule = Rule {
    code: "version-invalid",
    severity: Severity::Error,
    summary: "`service.version` is not a semantic version",
    help: "write it as MAJOR.MINOR.PATCH, like `0.1.0`",
};
pub const LISTEN_INVALID: Rule = Rule {
    code: "listen-invalid",
    severity: Severity::Error,
    summary: "`service.listen` is not a `host:port` socket address",
    help: "write an IP address and a port, like `127.0.0.1:8000` or `0.0.0.0:8080`",
};

pub const RULES: &[Rule] = &[
    UNSUPPORTED_VERSION,
    NAME_INVALID,
    NAME_DUPLICATE,
    SERVICE_NAME_INVALID,
    VERSION_INVALID,
    LISTEN_INVALID,
];

/// Crate names that would clash with the generated project's own dependencies or std.
pub const RESERVED_CRATES: &[&str] = &[
    "std",
    "core",
    "alloc",
    "proc_macro",
    "test",
    "axum",
    "tokio",
    "tower",
    "tower_http",
    "tracing",
    "tracing_subscriber",
    "serde",
    "serde_json",
    "http",
    "http_body",
    "http_body_util",
    "regex",
    "subtle",
    "sha2",
    "pin_project_lite",
    "hyper",
];

pub fn check(cx: &Cx, out: &mut Findings) {
    let spec = cx.spec;
    if spec.axumgen.value != 1 {
        out.report(UNSUPPORTED_VERSION.at(
            spec.axumgen.span,
            format!(
                "spec format version {} is not supported",
                spec.axumgen.value
            ),
        ));
    }
    check_service(cx, out);

    let mut seen_endpoints: HashMap<&str, &Spanned<String>> = HashMap::new();
    let mut seen_stems: HashMap<String, &Spanned<String>> = HashMap::new();
    for endpoint in &cx.walk.endpoints {
        let name = &endpoint.endpoint.name;
        ident(out, name, "handler name");
        if let Some(first) = seen_endpoints.insert(&name.value, name) {
            out.report(
                NAME_DUPLICATE
                    .at(
                        name.span,
                        format!("two endpoints are named `{}`", name.value),
                    )
                    .with_related(first.span, "first used here"),
            );
        }
        type_stems(out, name, &mut seen_stems);
        let mut fields: HashMap<String, &Spanned<String>> = HashMap::new();
        for (query, _) in endpoint.endpoint.query.iter() {
            query_name(out, query, &mut fields);
        }
    }
    let mut seen_routers: HashMap<&str, &Spanned<String>> = HashMap::new();
    for (router, _) in crate::validate::Walk::routers_with_mounts(spec) {
        ident(out, &router.name, "router name");
        if let Some(first) = seen_routers.insert(&router.name.value, &router.name) {
            out.report(
                NAME_DUPLICATE
                    .at(
                        router.name.span,
                        format!("two routers are named `{}`", router.name.value),
                    )
                    .with_related(first.span, "first used here"),
            );
        }
    }
    let mut seen_mounts: HashMap<&str, &Spanned<String>> = HashMap::new();
    for mount in &spec.mounts {
        ident(out, &mount.name, "mount name");
        if let Some(first) = seen_mounts.insert(&mount.name.value, &mount.name) {
            out.report(
                NAME_DUPLICATE
                    .at(
                        mount.name.span,
                        format!("two mounts are named `{}`", mount.name.value),
                    )
                    .with_related(first.span, "first used here"),
            );
        }
    }
    for layer in super::every_layer(cx) {
        if let Middleware::Custom(custom) = &layer.value {
            ident(out, &custom.name, "custom middleware name");
        }
    }
}

/// An endpoint's name makes its type names (`Get2SendPath`, `Get2SendQuery`, `Get2SendReply`):
/// two names that differ (a duplicate name is reported as such) but make the same types would
/// define each type twice. Only names that are identifiers are compared.
fn type_stems<'a>(
    out: &mut Findings,
    name: &'a Spanned<String>,
    seen: &mut HashMap<String, &'a Spanned<String>>,
) {
    if check_ident(&name.value).is_err() {
        return;
    }
    let stem = type_stem(&name.value);
    match seen.get(&stem) {
        Some(first) if first.value != name.value => out.report(
            NAME_DUPLICATE
                .at(
                    name.span,
                    format!(
                        "the endpoints `{}` and `{}` make the same type names (`{stem}Path`, `{stem}Query`, `{stem}Reply`)",
                        first.value, name.value
                    ),
                )
                .with_related(first.span, "first used here")
                .with_help(
                    "an endpoint's name becomes its types' names in PascalCase, where `_` disappears: rename one",
                ),
        ),
        Some(_) => {}
        None => {
            seen.insert(stem, name);
        }
    }
}

fn ident(out: &mut Findings, name: &Spanned<String>, what: &str) {
    let problem = match check_ident(&name.value) {
        Ok(()) => return,
        Err(IdentProblem::Empty) => format!("the {what} is empty"),
        Err(IdentProblem::Keyword) => format!("the {what} `{}` is a Rust keyword", name.value),
        Err(IdentProblem::BadChar(_)) => {
            format!(
                "the {what} `{}` is not a snake_case Rust identifier",
                name.value
            )
        }
    };
    out.report(
        NAME_INVALID
            .at(name.span, problem)
            .with_help(format!("rename it, e.g. `{}`", suggest_ident(&name.value))),
    );
}

/// A query parameter keeps its name on the wire (`type`, `per-page`) and gets a Rust field of
/// its own (`type_`, `per_page`).
fn query_name<'s>(
    out: &mut Findings,
    name: &'s Spanned<String>,
    fields: &mut HashMap<String, &'s Spanned<String>>,
) {
    let url_safe = !name.value.is_empty()
        && name
            .value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    let field = rust_field_name(&name.value).filter(|_| url_safe);
    let Some(field) = field else {
        out.report(
            NAME_INVALID
                .at(
                    name.span,
                    format!(
                        "the query parameter name `{}` is not URL-safe or has no letter",
                        name.value
                    ),
                )
                .with_help("use ASCII letters, digits, `_`, `.` and `-`"),
        );
        return;
    };
    if let Some(first) = fields.insert(field.clone(), name) {
        out.report(
            NAME_INVALID
                .at(
                    name.span,
                    format!(
                        "the query parameters `{}` and `{}` are both the Rust field `{field}`",
                        first.value, name.value
                    ),
                )
                .with_related(first.span, "the first one")
                .with_help("rename one of them"),
        );
    }
}

fn check_service(cx: &Cx, out: &mut Findings) {
    let service = &cx.spec.service;
    let name = &service.name;
    let valid_chars = name.value.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let ident = name.value.replace('-', "_");
    if !valid_chars || name.value.len() > 64 {
        out.report(SERVICE_NAME_INVALID.at(
            name.span,
            format!("`{}` is not a valid crate name", name.value),
        ));
    } else if crate::grammar::RUST_KEYWORDS.contains(&ident.as_str())
        || RESERVED_CRATES.contains(&ident.to_ascii_lowercase().as_str())
    {
        out.report(
            SERVICE_NAME_INVALID
                .at(
                    name.span,
                    format!(
                        "the crate name `{}` clashes with a keyword or a dependency",
                        name.value
                    ),
                )
                .with_help(format!("pick another name, e.g. `{}-service`", name.value)),
        );
    } else if name.value.chars().any(|c| c.is_ascii_uppercase()) {
        out.report(
            SERVICE_NAME_INVALID
                .at(
                    name.span,
                    format!("crate names are lower-case; `{}` is not", name.value),
                )
                .with_help(format!("write `{}`", name.value.to_ascii_lowercase())),
        );
    }
    if let Some(version) = &service.version
        && !is_semver(&version.value)
    {
        out.report(VERSION_INVALID.at(
            version.span,
            format!("`{}` is not a semantic version", version.value),
        ));
    }
    if let Some(listen) = &service.listen
        && crate::grammar::net::parse_listen(&listen.value).is_none()
    {
        out.report(LISTEN_INVALID.at(
            listen.span,
            format!("`{}` is not a socket address", listen.value),
        ));
    }
}

/// `MAJOR.MINOR.PATCH` with optional `-pre` and `+build` parts.
pub fn is_semver(text: &str) -> bool {
    let core = text.split(['-', '+']).next().unwrap_or("");
    let rest_ok = text[core.len()..]
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'));
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars().all(|c| c.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
        })
        && rest_ok
        && !text.ends_with(['-', '+'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semver() {
        assert!(is_semver("0.1.0"));
        assert!(is_semver("1.2.3-beta.1+build5"));
        assert!(!is_semver("1.2"));
        assert!(!is_semver("01.2.3"));
        assert!(!is_semver("1.2.x"));
    }
}
