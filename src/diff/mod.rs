//! `axumgen diff`: the API changes between two validated models, each classed as breaking for
//! clients, worth a security reviewer's eye, or neither.
//!
//! Routes are matched by method and full path, endpoints by name (so a changed method or path
//! is one "moved" change, not a removal and an addition). Authentication and CORS are compared
//! per route, as a client experiences them, whatever level of the spec they come from.

use crate::model::{Cors, LayerKind, Model, Route};
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

fn change(class: Class, code: &'static str, message: String) -> Change {
    Change {
        class,
        code,
        message,
    }
}

/// Per-route findings, grouped so one change that affects many routes is reported once.
type Grouped = BTreeMap<(Class, &'static str, String), Vec<String>>;

fn note(grouped: &mut Grouped, class: Class, code: &'static str, detail: String, route: &str) {
    grouped
        .entry((class, code, detail))
        .or_default()
        .push(route.to_string());
}

/// What a client sees of one route.
struct View<'a> {
    name: &'a str,
    method: &'a str,
    path: &'a str,
    params: BTreeMap<&'a str, &'static str>,
    query: BTreeMap<&'a str, (&'static str, bool)>,
    status: u16,
    protected: bool,
    cors: Option<&'a Cors>,
    kinds: BTreeSet<&'static str>,
}

fn views(model: &Model) -> Vec<View<'_>> {
    model
        .routes()
        .into_iter()
        .map(|route| {
            let endpoint = route.endpoint;
            View {
                name: &endpoint.name,
                method: &endpoint.method,
                path: &endpoint.full_path,
                params: endpoint
                    .params
                    .iter()
                    .map(|p| (p.name.as_str(), p.ty.rust()))
                    .collect(),
                query: endpoint
                    .query
                    .iter()
                    .map(|q| (q.name.as_str(), (q.ty.rust(), q.optional)))
                    .collect(),
                status: endpoint.response.status,
                protected: protected(&route),
                cors: route.layers().find_map(|l| match &l.kind {
                    LayerKind::Cors(cors) => Some(cors),
                    _ => None,
                }),
                kinds: route.layers().map(|l| l.kind.name()).collect(),
            }
        })
        .collect()
}

fn protected(route: &Route) -> bool {
    route.layers().any(|layer| match &layer.kind {
        LayerKind::BearerAuth { public_paths, .. } => {
            let seen = match (&layer.level, route.mount) {
                (crate::model::Level::App, _) | (_, None) => &route.endpoint.full_path,
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
    let mut changes = BTreeSet::new();
    let mut grouped = Grouped::new();
    let route = |v: &View| format!("{} {}", v.method, v.path);
    for before in &old_views {
        let same_route = new_views
            .iter()
            .find(|v| v.method == before.method && v.path == before.path);
        let same_name = new_views.iter().find(|v| v.name == before.name);
        let Some(after) = same_route.or(same_name) else {
            changes.insert(change(
                Class::Breaking,
                "endpoint-removed",
                format!("`{}` removed (endpoint `{}`)", route(before), before.name),
            ));
            continue;
        };
        if same_route.is_none() {
            changes.insert(change(
                Class::Breaking,
                "endpoint-moved",
                format!(
                    "endpoint `{}` moved from `{}` to `{}`",
                    before.name,
                    route(before),
                    route(after)
                ),
            ));
        }
        compare_route(before, after, &route(after), &mut grouped);
    }
    for after in &new_views {
        let existed = old_views
            .iter()
            .any(|v| (v.method == after.method && v.path == after.path) || v.name == after.name);
        if !existed {
            changes.insert(change(
                Class::Change,
                "endpoint-added",
                format!("`{}` added (endpoint `{}`)", route(after), after.name),
            ));
            if !after.protected && new_views.iter().any(|v| v.protected) {
                changes.insert(change(
                    Class::Security,
                    "path-made-public",
                    format!("`{}` is new and answers without a token", route(after)),
                ));
            }
        }
    }
    for ((class, code, detail), routes) in grouped {
        let on = match routes.as_slice() {
            [one] => format!("`{one}`"),
            [first, second] => format!("`{first}` and `{second}`"),
            [first, rest @ ..] => format!("`{first}` and {} other routes", rest.len()),
            [] => String::new(),
        };
        changes.insert(change(class, code, format!("{on}: {detail}")));
    }
    let mut changes: Vec<Change> = changes.into_iter().collect();
    changes.sort();
    changes
}

fn compare_route(before: &View, after: &View, route: &str, grouped: &mut Grouped) {
    for (name, ty) in &before.params {
        match after.params.get(name) {
            Some(new_ty) if new_ty != ty => {
                note(
                    grouped,
                    Class::Breaking,
                    "param-type-changed",
                    format!("path parameter `{name}` changed from {ty} to {new_ty}"),
                    route,
                );
            }
            _ => {}
        }
    }
    for (name, (ty, optional)) in &after.query {
        match before.query.get(name) {
            None if !optional => {
                note(
                    grouped,
                    Class::Breaking,
                    "query-param-required",
                    format!("new required query parameter `{name}`"),
                    route,
                );
            }
            Some((_, true)) if !optional => {
                note(
                    grouped,
                    Class::Breaking,
                    "query-param-required",
                    format!("query parameter `{name}` is now required"),
                    route,
                );
            }
            Some((old_ty, _)) if old_ty != ty => {
                note(
                    grouped,
                    Class::Breaking,
                    "param-type-changed",
                    format!("query parameter `{name}` changed from {old_ty} to {ty}"),
                    route,
                );
            }
            _ => {}
        }
    }
    if before.status != after.status {
        note(
            grouped,
            Class::Breaking,
            "status-changed",
            format!("answers {} instead of {}", after.status, before.status),
            route,
        );
    }
    match (before.protected, after.protected) {
        (false, true) => {
            note(
                grouped,
                Class::Breaking,
                "auth-added",
                "now needs a bearer token".to_string(),
                route,
            );
        }
        (true, false) => {
            note(
                grouped,
                Class::Security,
                "path-made-public",
                "now answers without a token".to_string(),
                route,
            );
        }
        _ => {}
    }
    compare_cors(before.cors, after.cors, route, grouped);
    for kind in before.kinds.difference(&after.kinds) {
        note(
            grouped,
            Class::Security,
            "middleware-removed",
            format!("is no longer behind `{kind}`"),
            route,
        );
    }
    for kind in after.kinds.difference(&before.kinds) {
        let class = if *kind == "trusted_host"
            || *kind == "https_redirect"
            || *kind == "body_limit"
            || *kind == "timeout"
        {
            Class::Breaking
        } else {
            Class::Change
        };
        note(
            grouped,
            class,
            "middleware-added",
            format!("is now behind `{kind}`"),
            route,
        );
    }
}

fn compare_cors(before: Option<&Cors>, after: Option<&Cors>, route: &str, grouped: &mut Grouped) {
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
    let (old, new) = (origins(before), origins(after));
    for origin in old.difference(&new) {
        note(
            grouped,
            Class::Breaking,
            "cors-origin-removed",
            format!("browsers at `{origin}` can no longer read responses"),
            route,
        );
    }
    for origin in new.difference(&old) {
        note(
            grouped,
            Class::Security,
            "cors-origin-added",
            format!("browsers at `{origin}` can now read responses"),
            route,
        );
    }
    let regex = |c: Option<&Cors>| c.and_then(|c| c.allow_origin_regex.clone());
    if regex(before) != regex(after) {
        let class = if regex(after).is_some() {
            Class::Security
        } else {
            Class::Breaking
        };
        note(
            grouped,
            class,
            "cors-regex-changed",
            format!(
                "allow_origin_regex changed from {:?} to {:?}",
                regex(before),
                regex(after)
            ),
            route,
        );
    }
    let credentials = |c: Option<&Cors>| c.is_some_and(|c| c.allow_credentials);
    match (credentials(before), credentials(after)) {
        (true, false) => {
            note(
                grouped,
                Class::Breaking,
                "cors-credentials-off",
                "cross-origin requests can no longer send credentials".to_string(),
                route,
            );
        }
        (false, true) => {
            note(
                grouped,
                Class::Security,
                "cors-credentials-on",
                "cross-origin requests can now send credentials".to_string(),
                route,
            );
        }
        _ => {}
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
