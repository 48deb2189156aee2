//! Routes: methods, paths (as axum 0.8 reads them), prefixes, parameters, duplicates and
//! conflicts, and the example response.
//!
//! Conflicts are decided by inserting every full path into `matchit`, the router axum 0.8 uses,
//! so `check` rejects exactly the routes with which the generated server would panic at start-up.

use crate::diagnostic::{Rule, Severity};
use crate::grammar::parse_route_path;
use crate::model::ParamType;
use crate::source::Span;
use crate::spec::Spanned;
use crate::validate::{Cx, Findings};
use std::collections::HashMap;

pub const METHOD_INVALID: Rule = Rule {
    code: "method-invalid",
    severity: Severity::Error,
    summary: "an endpoint method that is not GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS",
    help: "",
};
pub const PATH_INVALID: Rule = Rule {
    code: "path-invalid",
    severity: Severity::Error,
    summary: "a route path axum 0.8 would reject or never match (old `:id` syntax, `//`, non-ASCII, misplaced catch-all)",
    help: "",
};
pub const PREFIX_INVALID: Rule = Rule {
    code: "prefix-invalid",
    severity: Severity::Error,
    summary: "a router prefix or mount path that is not a plain `/segment` path (or a mount at `/`, which axum rejects)",
    help: "",
};
pub const ROUTE_DUPLICATE: Rule = Rule {
    code: "route-duplicate",
    severity: Severity::Error,
    summary: "two endpoints with the same method and full path (after prefixes and mounts)",
    help: "remove one, or change its method or path",
};
pub const ROUTE_CONFLICT: Rule = Rule {
    code: "route-conflict",
    severity: Severity::Error,
    summary: "paths axum cannot hold together (`/items/{id}` beside `/items/{item_id}`, a parameter beside a catch-all), or a route hidden inside a mount",
    help: "",
};
pub const PARAM_UNKNOWN: Rule = Rule {
    code: "param-unknown",
    severity: Severity::Error,
    summary: "a typed path parameter that the path does not contain",
    help: "",
};
pub const PARAM_UNDECLARED: Rule = Rule {
    code: "param-undeclared",
    severity: Severity::Warning,
    summary: "a path parameter without a type in `params` (it will be a `String`)",
    help: "",
};
pub const PARAM_TYPE_UNKNOWN: Rule = Rule {
    code: "param-type-unknown",
    severity: Severity::Error,
    summary: "a parameter type outside string, bool, u8, u16, u32, u64, i32, i64, f64 (and, in the query, lists of them: `[u32]`)",
    help: "",
};
pub const STATUS_INVALID: Rule = Rule {
    code: "status-invalid",
    severity: Severity::Error,
    summary: "a response status outside 200-599, an `errors` status outside 400-599, or a body on a status that cannot have one (204, 304)",
    help: "",
};
pub const EMPTY_GROUP: Rule = Rule {
    code: "router-empty",
    severity: Severity::Warning,
    summary: "a router or mount with no endpoints: its prefix and middleware apply to nothing",
    help: "add its endpoints, or remove it",
};

pub const RULES: &[Rule] = &[
    METHOD_INVALID,
    PATH_INVALID,
    PREFIX_INVALID,
    ROUTE_DUPLICATE,
    ROUTE_CONFLICT,
    PARAM_UNKNOWN,
    PARAM_UNDECLARED,
    PARAM_TYPE_UNKNOWN,
    STATUS_INVALID,
    EMPTY_GROUP,
];

pub const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

pub fn check(cx: &Cx, out: &mut Findings) {
    check_prefixes(cx, out);
    check_empty(cx, out);
    let mut valid_paths: Vec<(String, Spanned<String>)> = Vec::new();
    let mut seen: HashMap<(String, String), Spanned<String>> = HashMap::new();
    for endpoint in &cx.walk.endpoints {
        let spec = endpoint.endpoint;
        let method = &spec.method;
        if !METHODS.contains(&method.value.as_str()) {
            let upper = method.value.to_ascii_uppercase();
            let help = if METHODS.contains(&upper.as_str()) {
                format!("methods are upper-case: write `{upper}`")
            } else {
                format!("use one of {}", METHODS.join(", "))
            };
            out.report(
                METHOD_INVALID
                    .at(
                        method.span,
                        format!("`{}` is not a method axumgen can route", method.value),
                    )
                    .with_help(help),
            );
        }
        match parse_route_path(&spec.path.value) {
            Err(problem) => {
                let span =
                    spec.path
                        .span
                        .narrow(cx.source, &spec.path.value, problem.offset, problem.len);
                out.report(
                    PATH_INVALID
                        .at(span, problem.message)
                        .with_help(problem.help),
                );
            }
            Ok(params) => {
                check_params(cx, out, spec, &params);
                let key = (
                    method.value.to_ascii_uppercase(),
                    endpoint.full_path.clone(),
                );
                match seen.get(&key) {
                    Some(first) => out.report(
                        ROUTE_DUPLICATE
                            .at(
                                spec.path.span,
                                format!("`{} {}` is declared twice", key.0, key.1),
                            )
                            .with_related(first.span, "first declared here"),
                    ),
                    None => {
                        seen.insert(key, spec.path.clone());
                    }
                }
                if !valid_paths
                    .iter()
                    .any(|(path, _)| *path == endpoint.full_path)
                {
                    valid_paths.push((endpoint.full_path.clone(), spec.path.clone()));
                }
            }
        }
        check_response(out, spec);
        if endpoint.mount.is_none() {
            for mount in &cx.spec.mounts {
                let base = &mount.path.value;
                if endpoint.full_path == *base
                    || endpoint.full_path.starts_with(&format!("{base}/"))
                {
                    out.report(
                        ROUTE_CONFLICT
                            .at(
                                spec.path.span,
                                format!(
                                    "`{}` lies inside mount `{}` at `{base}`",
                                    endpoint.full_path, mount.name.value
                                ),
                            )
                            .with_related(mount.path.span, "mounted here")
                            .with_help(format!(
                                "move the endpoint into mount `{}`, or change its path",
                                mount.name.value
                            )),
                    );
                }
            }
        }
    }
    check_conflicts(cx, out, &valid_paths);
}

/// Routers and mounts that route nothing.
fn check_empty(cx: &Cx, out: &mut Findings) {
    for (router, _) in crate::validate::Walk::routers_with_mounts(cx.spec) {
        if router.endpoints.is_empty() {
            out.report(EMPTY_GROUP.at(
                router.name.span,
                format!("router `{}` has no endpoints", router.name.value),
            ));
        }
    }
    for mount in &cx.spec.mounts {
        if mount.endpoints.is_empty() && mount.routers.iter().all(|r| r.endpoints.is_empty()) {
            out.report(EMPTY_GROUP.at(
                mount.name.span,
                format!("mount `{}` has no endpoints", mount.name.value),
            ));
        }
    }
}

fn check_prefixes(cx: &Cx, out: &mut Findings) {
    let spec = cx.spec;
    let mut prefixes: Vec<(&Spanned<String>, bool)> = spec
        .mounts
        .iter()
        .map(|mount| (&mount.path, true))
        .collect();
    for (router, _) in crate::validate::Walk::routers_with_mounts(spec) {
        if let Some(prefix) = &router.prefix {
            prefixes.push((prefix, false));
        }
    }
    for (prefix, is_mount) in prefixes {
        let what = if is_mount {
            "mount path"
        } else {
            "router prefix"
        };
        let value = &prefix.value;
        let problem = if value == "/" {
            Some(if is_mount {
                (
                    "a mount at `/` is not possible: axum panics when nesting at the root"
                        .to_string(),
                    "put these endpoints on the app itself, or mount at a path like `/api`"
                        .to_string(),
                )
            } else {
                (
                    "the prefix `/` adds nothing".to_string(),
                    "remove `prefix`".to_string(),
                )
            })
        } else if value.ends_with('/') {
            Some((
                format!("the {what} `{value}` ends with `/`"),
                format!("write `{}`", value.trim_end_matches('/')),
            ))
        } else {
            match parse_route_path(value) {
                Err(problem) => Some((problem.message, problem.help)),
                Ok(params) if !params.is_empty() => Some((
                    format!("a {what} cannot contain parameters"),
                    "put the parameter in each endpoint's path".to_string(),
                )),
                Ok(_) => None,
            }
        };
        if let Some((message, help)) = problem {
            out.report(PREFIX_INVALID.at(prefix.span, message).with_help(help));
        }
    }
}

fn check_params(
    cx: &Cx,
    out: &mut Findings,
    spec: &crate::spec::Endpoint,
    in_path: &[crate::grammar::PathParam],
) {
    for (name, ty) in spec.params.iter() {
        if !in_path.iter().any(|p| p.name == name.value) {
            let names: Vec<&str> = in_path.iter().map(|p| p.name).collect();
            let help = match crate::spec::did_you_mean(&name.value, &names) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!(
                    "add `{{{}}}` to the path, or remove it from `params`",
                    name.value
                ),
            };
            out.report(
                PARAM_UNKNOWN
                    .at(
                        name.span,
                        format!(
                            "`{}` is not a parameter of `{}`",
                            name.value, spec.path.value
                        ),
                    )
                    .with_help(help),
            );
        }
        param_type(out, &ty.type_spanned(), false);
    }
    for param in in_path {
        if spec.params.get(param.name).is_none() {
            let span = spec.path.span.narrow(
                cx.source,
                &spec.path.value,
                param.offset,
                param.name.len() + usize::from(param.catch_all),
            );
            out.report(
                PARAM_UNDECLARED
                    .at(
                        span,
                        format!(
                            "path parameter `{}` has no type; it will be a `String`",
                            param.name
                        ),
                    )
                    .with_help(format!(
                        "declare it: `params: {{ {}: string }}` (or u64, …)",
                        param.name
                    )),
            );
        }
    }
    for (_, ty) in spec.query.iter() {
        param_type(out, &ty.type_spanned(), true);
    }
}

/// Checks a parameter type: `u64` in the path; in the query also `[u64]` (a list, the name
/// given once per item), and either with `?` (optional).
fn param_type(out: &mut Findings, ty: &Spanned<String>, in_query: bool) {
    let name = if in_query {
        ty.value.strip_suffix('?').unwrap_or(&ty.value)
    } else {
        ty.value.as_str()
    };
    let known = match in_query {
        true => ParamType::parse_query(name).is_some(),
        false => ParamType::parse(name).is_some(),
    };
    if known {
        return;
    }
    let list_item = name.strip_prefix('[').and_then(|n| n.strip_suffix(']'));
    let help = match (list_item, crate::spec::did_you_mean(name, ParamType::NAMES)) {
        (Some(item), _) if !in_query && ParamType::parse(item.trim()).is_some() => {
            "a path parameter is one value; a list goes in the query (`query: { id: \"[u64]\" }`)"
                .into()
        }
        (Some(item), _) => match crate::spec::did_you_mean(item.trim(), ParamType::NAMES) {
            Some(best) => format!("did you mean `[{best}]`?"),
            None => format!("a list's items are one of {}", ParamType::NAMES.join(", ")),
        },
        (None, Some(best)) => format!("did you mean `{best}`?"),
        (None, None) if !in_query && ty.value.ends_with('?') => {
            "path parameters are always present; remove the `?`".into()
        }
        (None, None) if in_query => format!(
            "use one of {}, or a list of one: `[{}]`",
            ParamType::NAMES.join(", "),
            ParamType::NAMES[0]
        ),
        (None, None) => format!("use one of {}", ParamType::NAMES.join(", ")),
    };
    out.report(
        PARAM_TYPE_UNKNOWN
            .at(ty.span, format!("unknown parameter type `{}`", ty.value))
            .with_help(help),
    );
}

fn check_response(out: &mut Findings, spec: &crate::spec::Endpoint) {
    for error in &spec.errors {
        if !(400..=599).contains(&error.value) {
            out.report(
                STATUS_INVALID
                    .at(
                        error.span,
                        format!("{} is not an error status", error.value),
                    )
                    .with_help("`errors` lists statuses from 400 to 599 the handler may answer with `HttpError`"),
            );
        }
    }
    let Some(response) = &spec.response else {
        return;
    };
    let Some(status) = &response.status else {
        return;
    };
    if !(200..=599).contains(&status.value) {
        out.report(
            STATUS_INVALID
                .at(
                    status.span,
                    format!("{} is not a final response status", status.value),
                )
                .with_help("use a status from 200 to 599"),
        );
    } else if matches!(status.value, 204 | 304) && response.body.is_some() {
        out.report(
            STATUS_INVALID
                .at(
                    status.span,
                    format!("a {} response cannot have a body", status.value),
                )
                .with_help("remove `body`, or use 200"),
        );
    }
}

/// Inserts every distinct full path into matchit, as axum does, and reports what it rejects.
fn check_conflicts(cx: &Cx, out: &mut Findings, paths: &[(String, Spanned<String>)]) {
    let mut all: Vec<(String, Spanned<String>)> = paths.to_vec();
    if let Some(openapi) = crate::model::openapi_path(cx.spec) {
        let span = cx
            .spec
            .openapi
            .as_ref()
            .and_then(|o| o.path.as_ref())
            .map_or(Span::UNKNOWN, |p| p.span);
        all.push((
            openapi,
            Spanned {
                value: String::new(),
                span,
            },
        ));
    }
    let mut router = matchit::Router::new();
    for (path, spanned) in &all {
        match router.insert(path.as_str(), ()) {
            Ok(()) => {}
            Err(matchit::InsertError::Conflict { with }) if with == *path => {
                // The same path with another method (or the OpenAPI route over an endpoint).
                if spanned.value.is_empty() {
                    // Point at the endpoint: the OpenAPI path may be the unwritten default.
                    let endpoint = all.iter().find(|(p, s)| p == path && !s.value.is_empty());
                    let mut diagnostic = ROUTE_CONFLICT
                        .at(
                            endpoint.map_or(spanned.span, |(_, s)| s.span),
                            format!("`{path}` is where the OpenAPI document is served"),
                        )
                        .with_help("change this path, or move the document: `openapi: { path: /docs/openapi.json }` (or `enabled: false`)");
                    if spanned.span.is_known() {
                        diagnostic = diagnostic.with_related(spanned.span, "the OpenAPI path");
                    }
                    out.report(diagnostic);
                }
            }
            Err(matchit::InsertError::Conflict { with }) => {
                let mut diagnostic = ROUTE_CONFLICT
                    .at(
                        spanned.span,
                        format!("`{path}` conflicts with `{with}`: axum cannot route both"),
                    )
                    .with_help("give the parameter at this position the same name in every route");
                if let Some((_, first)) = all.iter().find(|(p, _)| *p == with) {
                    diagnostic = diagnostic.with_related(first.span, "the other route");
                }
                out.report(diagnostic);
            }
            Err(error) => {
                out.report(PATH_INVALID.at(spanned.span, format!("axum rejects `{path}`: {error}")))
            }
        }
    }
}
