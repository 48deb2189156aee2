//! Mutants of a validated model: the same service with one layer moved, dropped or configured
//! otherwise. The generated tests promise to notice each of them; `tests/mutation.rs` renders
//! every mutant's app with the real templates, runs the original project's generated tests
//! against it, and requires them to fail, unless [`equivalent`] states in one line why no
//! request can tell the mutant from the original.
//!
//! A consumer of the model, like `plan` and `diff`: model in, mutated models out.

mod equivalent;
pub mod harness;

pub use equivalent::Equivalence;

use crate::model::{Layer, LayerKind, Model};

/// Where a stack lives in the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StackAt {
    App,
    Router(usize),
    Mount(usize),
    MountRouter(usize, usize),
}

/// What was changed.
#[derive(Debug, Clone, PartialEq)]
pub enum Operator {
    /// The layer at `index` and the one inside it trade places.
    Swap,
    Drop,
    /// One entry of a list setting removed.
    RemoveEntry {
        setting: &'static str,
        entry: String,
    },
    /// A boolean setting flipped.
    Flip {
        setting: String,
    },
    /// A number changed.
    Change {
        setting: &'static str,
        from: u64,
        to: u64,
    },
    /// `allow_methods: ["*"]` narrowed to `["GET"]`, or `allow_headers: ["*"]` to nothing.
    Narrow {
        setting: &'static str,
    },
    /// `allow_origin_regex` removed.
    DropRegex,
}

/// One mutant of a model.
#[derive(Debug, Clone)]
pub struct Mutant {
    /// A short, stable identifier (`m12`), unique among a model's mutants.
    pub id: String,
    pub stack: StackAt,
    /// The position of the mutated layer in its stack (the outer one, for a swap).
    pub index: usize,
    pub operator: Operator,
    /// One line: what differs from the spec.
    pub description: String,
    pub model: Model,
    /// Why no request can tell this mutant from the original, if none can.
    pub equivalent: Option<Equivalence>,
}

/// Every mutant of `model`, in a stable order.
pub fn mutants(model: &Model) -> Vec<Mutant> {
    let mut out = Vec::new();
    for (at, stack) in stacks(model) {
        for index in 0..stack.len() {
            let layer = &stack[index];
            let mut changes: Vec<(Operator, String)> = Vec::new();
            if index + 1 < stack.len() {
                changes.push((
                    Operator::Swap,
                    format!(
                        "`{}` and `{}` swapped",
                        layer.kind.name(),
                        stack[index + 1].kind.name()
                    ),
                ));
            }
            changes.push((Operator::Drop, format!("`{}` dropped", layer.kind.name())));
            changes.extend(setting_changes(&layer.kind));
            for (operator, what) in changes {
                let mut mutated = model.clone();
                apply(stack_mut(&mut mutated, at), index, &operator);
                let mut mutant = Mutant {
                    id: format!("m{}", out.len() + 1),
                    stack: at,
                    index,
                    description: format!(
                        "{} ({} stack, layer {})",
                        what,
                        describe(model, at),
                        index + 1
                    ),
                    operator,
                    model: mutated,
                    equivalent: None,
                };
                mutant.equivalent = equivalent::equivalence(model, &mutant);
                out.push(mutant);
            }
        }
    }
    out
}

/// Every stack of the model with where it lives.
fn stacks(model: &Model) -> Vec<(StackAt, &[Layer])> {
    let mut all: Vec<(StackAt, &[Layer])> = vec![(StackAt::App, &model.stack)];
    for (i, router) in model.routers.iter().enumerate() {
        all.push((StackAt::Router(i), &router.stack));
    }
    for (i, mount) in model.mounts.iter().enumerate() {
        all.push((StackAt::Mount(i), &mount.stack));
        for (j, router) in mount.routers.iter().enumerate() {
            all.push((StackAt::MountRouter(i, j), &router.stack));
        }
    }
    all
}

fn stack_mut(model: &mut Model, at: StackAt) -> &mut Vec<Layer> {
    match at {
        StackAt::App => &mut model.stack,
        StackAt::Router(i) => &mut model.routers[i].stack,
        StackAt::Mount(i) => &mut model.mounts[i].stack,
        StackAt::MountRouter(i, j) => &mut model.mounts[i].routers[j].stack,
    }
}

/// The stack `at` of `model`.
pub fn stack(model: &Model, at: StackAt) -> &[Layer] {
    match at {
        StackAt::App => &model.stack,
        StackAt::Router(i) => &model.routers[i].stack,
        StackAt::Mount(i) => &model.mounts[i].stack,
        StackAt::MountRouter(i, j) => &model.mounts[i].routers[j].stack,
    }
}

fn describe(model: &Model, at: StackAt) -> String {
    match at {
        StackAt::App => "app".into(),
        StackAt::Router(i) => format!("router `{}`", model.routers[i].name),
        StackAt::Mount(i) => format!("mount `{}`", model.mounts[i].name),
        StackAt::MountRouter(i, j) => format!(
            "router `{}` of mount `{}`",
            model.mounts[i].routers[j].name, model.mounts[i].name
        ),
    }
}

/// The setting changes of one layer: each list entry removed, each boolean flipped, each
/// number moved by the smallest step the tests can resolve.
fn setting_changes(kind: &LayerKind) -> Vec<(Operator, String)> {
    let mut changes = Vec::new();
    match kind {
        LayerKind::TrustedHost { allowed_hosts, .. } => {
            changes.extend(removals("allowed_hosts", allowed_hosts))
        }
        LayerKind::HttpsRedirect { trusted_proxies } => {
            changes.extend(removals("trusted_proxies", trusted_proxies))
        }
        LayerKind::Cors(cors) => {
            changes.extend(removals("allow_origins", &cors.allow_origins));
            if cors.allow_methods.iter().any(|m| m == "*") {
                changes.push((
                    Operator::Narrow {
                        setting: "allow_methods",
                    },
                    "`allow_methods: [\"*\"]` narrowed to `[GET]`".into(),
                ));
            } else {
                changes.extend(removals("allow_methods", &cors.allow_methods));
            }
            if cors.allow_headers.iter().any(|h| h == "*") {
                changes.push((
                    Operator::Narrow {
                        setting: "allow_headers",
                    },
                    "`allow_headers: [\"*\"]` narrowed to `[]`".into(),
                ));
            } else {
                changes.extend(removals("allow_headers", &cors.allow_headers));
            }
            changes.extend(removals("expose_headers", &cors.expose_headers));
            if cors.allow_origin_regex.is_some() {
                changes.push((Operator::DropRegex, "`allow_origin_regex` removed".into()));
            }
            for setting in ["allow_credentials", "allow_private_network"] {
                changes.push((
                    Operator::Flip {
                        setting: setting.into(),
                    },
                    format!("`{setting}` flipped"),
                ));
            }
            changes.extend(plus_minus_one("max_age", cors.max_age));
        }
        LayerKind::Gzip { minimum_size, .. } => {
            changes.extend(plus_minus_one("minimum_size", *minimum_size))
        }
        LayerKind::SetHeaders { headers } => {
            for header in headers {
                changes.push((
                    Operator::RemoveEntry {
                        setting: "headers",
                        entry: header.name.clone(),
                    },
                    format!("header `{}` removed", header.name),
                ));
                changes.push((
                    Operator::Flip {
                        setting: format!("mode of {}", header.name),
                    },
                    format!(
                        "`{}` set {}",
                        header.name,
                        if header.if_absent {
                            "always"
                        } else {
                            "only if absent"
                        }
                    ),
                ));
            }
        }
        LayerKind::BearerAuth { public_paths, .. } => {
            changes.extend(removals("public_paths", public_paths))
        }
        LayerKind::Timeout { millis } => {
            for to in [millis / 2, millis * 2] {
                changes.push((
                    Operator::Change {
                        setting: "timeout",
                        from: *millis,
                        to,
                    },
                    format!("timeout {millis} ms → {to} ms"),
                ));
            }
        }
        LayerKind::BodyLimit { max_bytes } => {
            changes.extend(plus_minus_one("max_bytes", *max_bytes))
        }
        LayerKind::Timing { .. }
        | LayerKind::RequestId { .. }
        | LayerKind::Logging
        | LayerKind::Custom { .. } => {}
    }
    if let LayerKind::TrustedHost { .. } = kind {
        changes.push((
            Operator::Flip {
                setting: "www_redirect".into(),
            },
            "`www_redirect` flipped".into(),
        ));
    }
    changes
}

fn removals(setting: &'static str, entries: &[String]) -> Vec<(Operator, String)> {
    entries
        .iter()
        .map(|entry| {
            (
                Operator::RemoveEntry {
                    setting,
                    entry: entry.clone(),
                },
                format!("`{entry}` removed from `{setting}`"),
            )
        })
        .collect()
}

fn plus_minus_one(setting: &'static str, value: u64) -> Vec<(Operator, String)> {
    let mut out = Vec::new();
    for to in [value.checked_sub(1), value.checked_add(1)]
        .into_iter()
        .flatten()
    {
        out.push((
            Operator::Change {
                setting,
                from: value,
                to,
            },
            format!("`{setting}` {value} → {to}"),
        ));
    }
    out
}

/// Applies one change to the layer at `index` of `stack`.
fn apply(stack: &mut Vec<Layer>, index: usize, operator: &Operator) {
    match operator {
        Operator::Swap => stack.swap(index, index + 1),
        Operator::Drop => {
            stack.remove(index);
        }
        other => change_setting(&mut stack[index].kind, other),
    }
    for (position, layer) in stack.iter_mut().enumerate() {
        layer.index = position;
    }
}

fn change_setting(kind: &mut LayerKind, operator: &Operator) {
    let without = |list: &mut Vec<String>, entry: &str| list.retain(|e| e != entry);
    match (kind, operator) {
        (LayerKind::TrustedHost { allowed_hosts, .. }, Operator::RemoveEntry { entry, .. }) => {
            without(allowed_hosts, entry)
        }
        (LayerKind::TrustedHost { www_redirect, .. }, Operator::Flip { .. }) => {
            *www_redirect = !*www_redirect
        }
        (LayerKind::HttpsRedirect { trusted_proxies }, Operator::RemoveEntry { entry, .. }) => {
            without(trusted_proxies, entry)
        }
        (LayerKind::Cors(cors), Operator::RemoveEntry { setting, entry }) => match *setting {
            "allow_origins" => {
                without(&mut cors.allow_origins, entry);
                cors.allow_all_origins = cors.allow_origins.iter().any(|o| o == "*");
            }
            "allow_methods" => without(&mut cors.allow_methods, entry),
            "allow_headers" => without(&mut cors.allow_headers, entry),
            _ => without(&mut cors.expose_headers, entry),
        },
        (LayerKind::Cors(cors), Operator::Narrow { setting }) => {
            if *setting == "allow_methods" {
                cors.allow_methods = vec!["GET".into()];
            } else {
                cors.allow_headers.clear();
            }
        }
        (LayerKind::Cors(cors), Operator::DropRegex) => cors.allow_origin_regex = None,
        (LayerKind::Cors(cors), Operator::Flip { setting }) => {
            if setting == "allow_credentials" {
                cors.allow_credentials = !cors.allow_credentials;
            } else {
                cors.allow_private_network = !cors.allow_private_network;
            }
        }
        (LayerKind::Cors(cors), Operator::Change { to, .. }) => cors.max_age = *to,
        (LayerKind::Gzip { minimum_size, .. }, Operator::Change { to, .. }) => *minimum_size = *to,
        (LayerKind::SetHeaders { headers }, Operator::RemoveEntry { entry, .. }) => {
            headers.retain(|h| h.name != *entry)
        }
        (LayerKind::SetHeaders { headers }, Operator::Flip { setting }) => {
            for header in headers.iter_mut() {
                if *setting == format!("mode of {}", header.name) {
                    header.if_absent = !header.if_absent;
                }
            }
        }
        (LayerKind::BearerAuth { public_paths, .. }, Operator::RemoveEntry { entry, .. }) => {
            without(public_paths, entry)
        }
        (LayerKind::Timeout { millis }, Operator::Change { to, .. }) => *millis = (*to).max(1),
        (LayerKind::BodyLimit { max_bytes }, Operator::Change { to, .. }) => *max_bytes = *to,
        _ => {}
    }
}
