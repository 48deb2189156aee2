//! `axumgen diff`: the API changes between two validated models, each classed as breaking for
//! clients, worth a security reviewer's eye, or neither.
//!
//! Routes are matched by method and full path (a renamed path parameter is the same route),
//! then endpoints by name (so a changed method or path is one "moved" change, not a removal and
//! an addition). Everything is compared per route, as a client experiences it, whatever level of
//! the spec it comes from: parameters and typed bodies (`models.rs`, followed through every
//! model they name), the response, and every setting of every middleware layer (`layers.rs`).

mod layers;
mod models;

use crate::model::{Endpoint, FieldType, LayerKind, Level, Model, ParamType, Route};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// How much a change matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// Existing clients stop working.
    Breaking,
    /// Widens who can do what: worth a reviewer's eye.
    Security,
    /// Neither (an endpoint added, a header changed).
    Change,
}

impl std::fmt::Display for Class {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Class::Breaking => "breaking",
            Class::Security => "security",
            Class::Change => "change",
        })
    }
}

/// One API change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    pub class: Class,
    /// Stable kebab-case code (`endpoint-removed`).
    pub code: &'static str,
    pub message: String,
}

/// The changes found so far: whole-API ones as they are, per-route ones grouped so that one
/// change affecting many routes is reported once.
#[derive(Default)]
struct Report {
    changes: BTreeSet<Change>,
    grouped: BTreeMap<(Class, &'static str, String), Vec<String>>,
}

impl Report {
    fn add(&mut self, class: Class, code: &'static str, message: String) {
        self.changes.insert(Change {
            class,
            code,
            message,
        });
    }

    /// A change to one route: `detail` says what changed, without the route.
    fn note(&mut self, class: Class, code: &'static str, detail: String, route: &str) {
        let routes = self.grouped.entry((class, code, detail)).or_default();
        if !routes.iter().any(|r| r == route) {
            routes.push(route.to_string());
        }
    }

    fn finish(mut self) -> Vec<Change> {
        for ((class, code, detail), routes) in std::mem::take(&mut self.grouped) {
            let on = match routes.as_slice() {
                [one] => format!("`{one}`"),
                [first, second] => format!("`{first}` and `{second}`"),
                [first, rest @ ..] => format!("`{first}` and {} other routes", rest.len()),
                [] => String::new(),
            };
            self.add(class, code, format!("{on}: {detail}"));
        }
        let mut changes: Vec<Change> = self.changes.into_iter().collect();
        changes.sort();
        changes
    }
}

/// A body as a client sees it.
#[derive(Debug, Clone, Copy)]
enum Body<'a> {
    /// No body (the request's is not read).
    None,
    /// JSON without a model (an example only).
    Untyped,
    /// JSON of this type.
    Typed(&'a FieldType),
}

/// What a client sees of one route.
struct View<'a> {
    endpoint: &'a Endpoint,
    /// Method and path with parameter names left out: what a client's request matches.
    key: String,
    /// Path parameters in path order.
    params: Vec<(&'a str, ParamType)>,
    /// Query parameters: type and whether they may be left out.
    /// Each query parameter's type, whether it is a list, and whether a request must give it.
    query: BTreeMap<&'a str, (ParamType, bool, bool)>,
    request: Body<'a>,
    response: Body<'a>,
    protected: bool,
    /// Every layer a request passes through, outermost first, with its stack (0 app, 1 mount,
    /// 2 router).
    layers: Vec<(usize, &'a crate::model::Layer)>,
}

impl View<'_> {
    fn route(&self) -> String {
        format!("{} {}", self.endpoint.method, self.endpoint.full_path)
    }
}

fn views(model: &Model) -> Vec<View<'_>> {
    model
        .routes()
        .into_iter()
        .map(|route| {
            let endpoint = route.endpoint;
            View {
                endpoint,
                key: format!(
                    "{} {}",
                    endpoint.method,
                    without_param_names(&endpoint.full_path)
                ),
                params: endpoint
                    .params
                    .iter()
                    .map(|p| (p.name.as_str(), p.ty))
                    .collect(),
                query: endpoint
                    .query
                    .iter()
                    .map(|q| (q.name.as_str(), (q.ty, q.list, q.required())))
                    .collect(),
                request: body(
                    endpoint.request_type.as_ref(),
                    endpoint.request_body.is_some(),
                ),
                response: body(
                    endpoint.response_type.as_ref(),
                    endpoint.response.body.is_some(),
                ),
                protected: protected(&route),
                layers: route
                    .stacks
                    .iter()
                    .enumerate()
                    .flat_map(|(slot, stack)| stack.iter().map(move |layer| (slot, layer)))
                    .collect(),
            }
        })
        .collect()
}

fn body(ty: Option<&FieldType>, example: bool) -> Body<'_> {
    match ty {
        Some(ty) => Body::Typed(ty),
        None if example => Body::Untyped,
        None => Body::None,
    }
}

/// `/tasks/{task_id}/{*rest}` → `/tasks/{}/{*}`: clients cannot tell parameter names apart.
fn without_param_names(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push_str(if rest[open..].starts_with("{*") {
            "{*}"
        } else {
            "{}"
        });
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

fn protected(route: &Route) -> bool {
    route.layers().any(|layer| match &layer.kind {
        LayerKind::BearerAuth { public_paths, .. } => {
            let seen = match (&layer.level, route.mount) {
                (Level::App, _) | (_, None) => &route.endpoint.full_path,
                (_, Some(_)) => &route.endpoint.mount_relative_path,
            };
            !public_paths.contains(seen)
        }
        _ => false,
    })
}

/// Every API change from `old` to `new`, breaking first.
pub fn diff(old: &Model, new: &Model) -> Vec<Change> {
    let old_views = views(old);
    let new_views = views(new);
    let mut report = Report::default();
    let paths = layers::RoutePaths::new(old, new);
    for before in &old_views {
        let same_route = new_views.iter().find(|v| v.key == before.key);
        let same_name = new_views
            .iter()
            .find(|v| v.endpoint.name == before.endpoint.name);
        let Some(after) = same_route.or(same_name) else {
            report.add(
                Class::Breaking,
                "endpoint-removed",
                format!(
                    "`{}` removed (endpoint `{}`)",
                    before.route(),
                    before.endpoint.name
                ),
            );
            continue;
        };
        if same_route.is_none() {
            report.add(
                Class::Breaking,
                "endpoint-moved",
                format!(
                    "endpoint `{}` moved from `{}` to `{}`",
                    before.endpoint.name,
                    before.route(),
                    after.route()
                ),
            );
        }
        let route = after.route();
        compare_route(before, after, &route, &mut report);
        models::compare_bodies(old, new, before, after, &route, &mut report);
        layers::compare(before, after, &route, &paths, &mut report);
    }
    for after in &new_views {
        let existed = old_views
            .iter()
            .any(|v| v.key == after.key || v.endpoint.name == after.endpoint.name);
        if !existed {
            report.add(
                Class::Change,
                "endpoint-added",
                format!(
                    "`{}` added (endpoint `{}`)",
                    after.route(),
                    after.endpoint.name
                ),
            );
            if !after.protected && new_views.iter().any(|v| v.protected) {
                report.add(
                    Class::Security,
                    "path-made-public",
                    format!("`{}` is new and answers without a token", after.route()),
                );
            }
        }
    }
    compare_openapi(old, new, &mut report);
    report.finish()
}

/// The OpenAPI document is a route clients read too.
fn compare_openapi(old: &Model, new: &Model, report: &mut Report) {
    match (&old.openapi_path, &new.openapi_path) {
        (Some(before), None) => report.add(
            Class::Breaking,
            "endpoint-removed",
            format!("`GET {before}` removed (the OpenAPI document is turned off)"),
        ),
        (None, Some(after)) => report.add(
            Class::Change,
            "endpoint-added",
            format!("`GET {after}` added (the OpenAPI document)"),
        ),
        (Some(before), Some(after)) if before != after => report.add(
            Class::Breaking,
            "endpoint-moved",
            format!("the OpenAPI document moved from `GET {before}` to `GET {after}`"),
        ),
        _ => {}
    }
}

/// Parameters, status, content type and headers of the response.
fn compare_route(before: &View, after: &View, route: &str, report: &mut Report) {
    // Same key: the same number of parameters, in the same places.
    for ((_, old_ty), (name, new_ty)) in before.params.iter().zip(&after.params) {
        models::compare_param("path parameter", name, *old_ty, *new_ty, route, report);
    }
    for (name, (ty, list, required)) in &after.query {
        match before.query.get(name) {
            None if *required => report.note(
                Class::Breaking,
                "query-param-required",
                format!("new required query parameter `{name}`"),
                route,
            ),
            None => report.note(
                Class::Change,
                "query-param-added",
                format!("new optional query parameter `{name}`"),
                route,
            ),
            Some((old_ty, was_list, was_required)) => {
                match (was_required, required) {
                    (false, true) => report.note(
                        Class::Breaking,
                        "query-param-required",
                        format!("query parameter `{name}` is now required"),
                        route,
                    ),
                    (true, false) => report.note(
                        Class::Change,
                        "query-param-optional",
                        format!("query parameter `{name}` is now optional"),
                        route,
                    ),
                    _ => {}
                }
                match (was_list, list) {
                    (false, true) => report.note(
                        Class::Change,
                        "query-param-list",
                        format!("query parameter `{name}` is now a list (each value an item)"),
                        route,
                    ),
                    (true, false) => report.note(
                        Class::Breaking,
                        "query-param-not-list",
                        format!(
                            "query parameter `{name}` is no longer a list: only its last value is read"
                        ),
                        route,
                    ),
                    _ => {}
                }
                models::compare_param("query parameter", name, *old_ty, *ty, route, report);
            }
        }
    }
    for name in before.query.keys() {
        if !after.query.contains_key(name) {
            report.note(
                Class::Change,
                "query-param-removed",
                format!("query parameter `{name}` removed (the server ignores it now)"),
                route,
            );
        }
    }
    let (old, new) = (&before.endpoint.response, &after.endpoint.response);
    if old.status != new.status {
        report.note(
            Class::Breaking,
            "status-changed",
            format!("answers {} instead of {}", new.status, old.status),
            route,
        );
    }
    if let (Some(old_type), Some(new_type)) = (&old.content_type, &new.content_type)
        && old_type != new_type
    {
        report.note(
            Class::Breaking,
            "content-type-changed",
            format!("answers `{new_type}` instead of `{old_type}`"),
            route,
        );
    }
    let headers = |r: &'_ crate::model::Response| -> BTreeMap<String, String> {
        r.headers.iter().cloned().collect()
    };
    let (old_headers, new_headers) = (headers(old), headers(new));
    for (name, value) in &new_headers {
        match old_headers.get(name) {
            None => report.note(
                Class::Change,
                "response-header-added",
                format!("now answers with header `{name}: {value}`"),
                route,
            ),
            Some(old_value) if old_value != value => report.note(
                Class::Change,
                "response-header-changed",
                format!("answers with header `{name}: {value}` instead of `{old_value}`"),
                route,
            ),
            Some(_) => {}
        }
    }
    for name in old_headers.keys() {
        if !new_headers.contains_key(name) {
            report.note(
                Class::Change,
                "response-header-removed",
                format!("no longer answers with header `{name}`"),
                route,
            );
        }
    }
}

/// `--fail-on`: which changes make `diff` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Breaking changes.
    Breaking,
    /// Breaking or security changes.
    Security,
    /// Any change.
    Any,
}

impl FailOn {
    pub fn fails(&self, change: &Change) -> bool {
        match self {
            FailOn::Breaking => change.class == Class::Breaking,
            FailOn::Security => change.class <= Class::Security,
            FailOn::Any => true,
        }
    }
}
