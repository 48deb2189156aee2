//! Equivalent mutants: changes no request can observe, each by a rule stated in one line.
//! Everything else is observable, and a generated test must notice it.

use super::{Mutant, Operator, StackAt};
use crate::model::{Cors, Layer, LayerKind, Model, Route};
use crate::plan::tests as planned;
use std::collections::BTreeSet;

/// Why a mutant cannot be told from the original.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Equivalence {
    NoVisibleEffect,
    NeverReached,
    AllowsAnyHost,
    CoveredHostPattern,
    NoWwwPattern,
    CoveredProxyRange,
    CoveredOrigin,
    SafelistedHeader,
    NothingSetInside,
    CommutingHeaders,
    SmallAnswers,
    TimeoutAndInstantAnswer,
    TwoTimeouts,
    IdenticalLayers,
    ShadowedCors,
}

impl Equivalence {
    pub const ALL: [Equivalence; 15] = [
        Equivalence::NoVisibleEffect,
        Equivalence::NeverReached,
        Equivalence::AllowsAnyHost,
        Equivalence::CoveredHostPattern,
        Equivalence::NoWwwPattern,
        Equivalence::CoveredProxyRange,
        Equivalence::CoveredOrigin,
        Equivalence::SafelistedHeader,
        Equivalence::NothingSetInside,
        Equivalence::CommutingHeaders,
        Equivalence::SmallAnswers,
        Equivalence::TimeoutAndInstantAnswer,
        Equivalence::TwoTimeouts,
        Equivalence::IdenticalLayers,
        Equivalence::ShadowedCors,
    ];

    /// The rule, in one line.
    pub fn rule(self) -> &'static str {
        match self {
            Equivalence::NoVisibleEffect => {
                "`logging` and `custom` (as scaffolded: it calls `next`) change nothing a client receives, so dropping or moving them is unobservable."
            }
            Equivalence::NeverReached => {
                "A layer no request reaches (inside an `https_redirect` that trusts no proxy, or in a stack with no routes) can be changed at will."
            }
            Equivalence::AllowsAnyHost => {
                "A `trusted_host` that allows `*` lets every request through, whatever else it lists."
            }
            Equivalence::CoveredHostPattern => {
                "A host pattern that another pattern of the same list already matches can be removed."
            }
            Equivalence::NoWwwPattern => {
                "`www_redirect` matters only when a `www.` host is listed whose bare name no pattern matches."
            }
            Equivalence::CoveredProxyRange => {
                "A trusted proxy range inside another listed range can be removed."
            }
            Equivalence::CoveredOrigin => {
                "An origin that `allow_origin_regex` (or `*`) also allows can be removed from `allow_origins`."
            }
            Equivalence::SafelistedHeader => {
                "The four CORS-safelisted request headers (Accept, Accept-Language, Content-Language, Content-Type) are allowed whether listed or not."
            }
            Equivalence::NothingSetInside => {
                "A `set_headers` entry's mode (always or only if absent) matters only when something inside the layer sets that header."
            }
            Equivalence::CommutingHeaders => {
                "Two layers that only write response headers commute when neither writes a header the other reads or writes (Vary is a set: the order of its tokens means nothing)."
            }
            Equivalence::SmallAnswers => {
                "`gzip` leaves a response under `minimum_size` alone, and every answer the other layer makes itself is smaller."
            }
            Equivalence::TimeoutAndInstantAnswer => {
                "A `timeout` fires only on requests that reach the handler; the other layer answers the rest at once and adds no header to any response."
            }
            Equivalence::TwoTimeouts => {
                "Two `timeout` layers answer the same 408, whichever is outside."
            }
            Equivalence::IdenticalLayers => "Two identical layers trade places without any change.",
            Equivalence::ShadowedCors => {
                "A `cors` inside another `cors` never sees a preflight (the outer one answers them all), and what the outer one also sets (an allowed origin, credentials, expose headers) it overwrites."
            }
        }
    }
}

/// Why `mutant` of `model` is equivalent, if it is.
pub fn equivalence(model: &Model, mutant: &Mutant) -> Option<Equivalence> {
    let stack = super::stack(model, mutant.stack);
    let layer = &stack[mutant.index];
    let touched: Vec<usize> = match mutant.operator {
        Operator::Swap => vec![mutant.index, mutant.index + 1],
        _ => vec![mutant.index],
    };
    if never_reached(model, mutant.stack, &touched) {
        return Some(Equivalence::NeverReached);
    }
    if let LayerKind::Cors(_) = &layer.kind
        && mutant.operator != Operator::Swap
        && let Some(outer) = outer_cors(model, mutant.stack, mutant.index)
    {
        let hidden = match &mutant.operator {
            Operator::Narrow { .. } | Operator::Change { .. } => true,
            Operator::Flip { setting } if setting == "allow_private_network" => true,
            Operator::Flip { .. } => outer.iter().all(|o| o.allow_credentials),
            Operator::RemoveEntry { setting, entry } => match *setting {
                "allow_methods" | "allow_headers" => true,
                "expose_headers" => outer.iter().all(|o| !o.expose_headers.is_empty()),
                _ => outer.iter().all(|o| planned::origin_allowed(o, entry)),
            },
            _ => false,
        };
        if hidden {
            return Some(Equivalence::ShadowedCors);
        }
    }
    match &mutant.operator {
        Operator::Swap => {
            let shadowed = |index: usize| {
                matches!(stack[index].kind, LayerKind::Cors(_))
                    && outer_cors(model, mutant.stack, index).is_some()
            };
            swap(
                layer,
                &stack[mutant.index + 1],
                shadowed(mutant.index),
                shadowed(mutant.index + 1),
            )
        }
        Operator::Drop => match &layer.kind {
            LayerKind::Logging | LayerKind::Custom { .. } => Some(Equivalence::NoVisibleEffect),
            kind if allows_any_host(kind) => Some(Equivalence::AllowsAnyHost),
            _ => None,
        },
        Operator::RemoveEntry { setting, entry } => remove_entry(&layer.kind, setting, entry),
        Operator::Flip { setting } => match &layer.kind {
            kind if allows_any_host(kind) => Some(Equivalence::AllowsAnyHost),
            LayerKind::TrustedHost { allowed_hosts, .. } => {
                let redirects = allowed_hosts.iter().any(|h| {
                    h.strip_prefix("www.").is_some_and(|bare| {
                        !allowed_hosts.iter().any(|p| planned::host_matches(p, bare))
                    })
                });
                (!redirects).then_some(Equivalence::NoWwwPattern)
            }
            LayerKind::SetHeaders { headers } => headers
                .iter()
                .find(|h| *setting == format!("mode of {}", h.name))
                .filter(|h| !set_inside(model, mutant.stack, mutant.index, &h.name))
                .map(|_| Equivalence::NothingSetInside),
            _ => None,
        },
        Operator::Change { .. } | Operator::Narrow { .. } | Operator::DropRegex => None,
    }
}

fn allows_any_host(kind: &LayerKind) -> bool {
    matches!(kind, LayerKind::TrustedHost { allowed_hosts, .. } if allowed_hosts.iter().any(|h| h == "*"))
}

fn remove_entry(kind: &LayerKind, setting: &str, entry: &str) -> Option<Equivalence> {
    match kind {
        LayerKind::TrustedHost { allowed_hosts, .. } => {
            let others: Vec<&String> = allowed_hosts.iter().filter(|h| *h != entry).collect();
            if others.iter().any(|h| *h == "*") {
                return Some(Equivalence::AllowsAnyHost);
            }
            let host = planned::host_matching(entry)?;
            others
                .iter()
                .any(|p| planned::host_matches(p, &host))
                .then_some(Equivalence::CoveredHostPattern)
        }
        LayerKind::HttpsRedirect { trusted_proxies } => trusted_proxies
            .iter()
            .filter(|r| *r != entry)
            .any(|outer| range_within(entry, outer))
            .then_some(Equivalence::CoveredProxyRange),
        LayerKind::Cors(cors) => match setting {
            "allow_origins" if entry != "*" => {
                let mut others = cors.clone();
                others.allow_origins.retain(|o| o != entry);
                others.allow_all_origins = others.allow_origins.iter().any(|o| o == "*");
                planned::origin_allowed(&others, entry).then_some(Equivalence::CoveredOrigin)
            }
            "allow_headers" => planned::SAFELISTED_HEADERS
                .iter()
                .any(|h| h.eq_ignore_ascii_case(entry))
                .then_some(Equivalence::SafelistedHeader),
            _ => None,
        },
        _ => None,
    }
}

/// What a layer does, as far as swapping it with its neighbour can show.
struct Effects {
    /// It answers some requests by itself.
    answers: bool,
    /// The largest body of its own answers.
    largest_answer: usize,
    /// It writes headers on responses that pass through it (Vary appends excluded).
    writes: BTreeSet<String>,
    /// Response headers it reads.
    reads: BTreeSet<String>,
}

fn effects(kind: &LayerKind) -> Effects {
    let set = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<BTreeSet<_>>();
    let answering = |largest_answer: usize| Effects {
        answers: true,
        largest_answer,
        writes: BTreeSet::new(),
        reads: BTreeSet::new(),
    };
    let writing = |writes: BTreeSet<String>, reads: BTreeSet<String>| Effects {
        answers: false,
        largest_answer: 0,
        writes,
        reads,
    };
    match kind {
        k if allows_any_host(k) => writing(BTreeSet::new(), BTreeSet::new()),
        LayerKind::TrustedHost { .. } | LayerKind::HttpsRedirect { .. } => {
            answering(planned::INVALID_HOST.len())
        }
        LayerKind::BearerAuth { .. } => answering(
            planned::MISSING_TOKEN
                .len()
                .max(planned::INVALID_TOKEN.len()),
        ),
        LayerKind::BodyLimit { .. } => answering(planned::TOO_LARGE.len()),
        LayerKind::Timeout { .. } => answering(0),
        LayerKind::Cors(_) => Effects {
            answers: true,
            largest_answer: planned::LONGEST_PREFLIGHT_REFUSAL.len(),
            writes: set(&planned::CORS_RESPONSE_HEADERS),
            reads: BTreeSet::new(),
        },
        LayerKind::Gzip { .. } => writing(
            set(&["content-encoding", "content-length"]),
            set(&[
                "content-type",
                "content-encoding",
                "content-range",
                "content-length",
            ]),
        ),
        LayerKind::Timing { header } | LayerKind::RequestId { header } => {
            writing(set(&[header.as_str()]), BTreeSet::new())
        }
        LayerKind::SetHeaders { headers } => writing(
            headers.iter().map(|h| h.name.clone()).collect(),
            headers
                .iter()
                .filter(|h| h.if_absent)
                .map(|h| h.name.clone())
                .collect(),
        ),
        LayerKind::Logging | LayerKind::Custom { .. } => writing(BTreeSet::new(), BTreeSet::new()),
    }
}

/// `outer_quiet` / `inner_quiet`: that layer is a `cors` another `cors` shadows, so it
/// answers nothing itself.
fn swap(outer: &Layer, inner: &Layer, outer_quiet: bool, inner_quiet: bool) -> Option<Equivalence> {
    use LayerKind as K;
    if [outer, inner]
        .iter()
        .any(|l| matches!(l.kind, K::Logging | K::Custom { .. }))
    {
        return Some(Equivalence::NoVisibleEffect);
    }
    if serde_json::to_value(&outer.kind).ok() == serde_json::to_value(&inner.kind).ok() {
        return Some(Equivalence::IdenticalLayers);
    }
    if matches!(
        (&outer.kind, &inner.kind),
        (K::Timeout { .. }, K::Timeout { .. })
    ) {
        return Some(Equivalence::TwoTimeouts);
    }
    let (mut a, mut b) = (effects(&outer.kind), effects(&inner.kind));
    a.answers &= !outer_quiet;
    b.answers &= !inner_quiet;
    let conflict = |x: &Effects, y: &Effects| {
        x.writes
            .iter()
            .any(|h| y.writes.contains(h) || y.reads.contains(h))
    };
    if !a.answers && !b.answers {
        return (!conflict(&a, &b) && !conflict(&b, &a)).then_some(Equivalence::CommutingHeaders);
    }
    // One answers by itself: the other must leave its answers alone.
    let gzip_minimum = |kind: &LayerKind| match kind {
        K::Gzip { minimum_size, .. } => Some(*minimum_size),
        _ => None,
    };
    for (answering, other, other_kind) in [(&a, &b, &inner.kind), (&b, &a, &outer.kind)] {
        if !answering.answers || other.answers {
            continue;
        }
        if let Some(minimum) = gzip_minimum(other_kind)
            && (answering.largest_answer as u64) < minimum
            && !conflict(answering, other)
        {
            return Some(Equivalence::SmallAnswers);
        }
        return None;
    }
    // Both answer: a timeout commutes with a layer that answers at once and writes nothing.
    let instant = |e: &Effects, kind: &LayerKind| {
        e.answers && e.writes.is_empty() && !matches!(kind, K::Timeout { .. })
    };
    let timeout_and_instant = (matches!(outer.kind, K::Timeout { .. }) && instant(&b, &inner.kind))
        || (matches!(inner.kind, K::Timeout { .. }) && instant(&a, &outer.kind));
    timeout_and_instant.then_some(Equivalence::TimeoutAndInstantAnswer)
}

/// The `cors` layers outside the layer at `index` of stack `at`, when every request that
/// reaches it (on every route, and the fallback) passed one: the outermost of each route's.
fn outer_cors(model: &Model, at: StackAt, index: usize) -> Option<Vec<Cors>> {
    let mut found = Vec::new();
    for (layers, start) in reaching(model, at) {
        let outer = layers[..start + index].iter().find_map(|l| match &l.kind {
            LayerKind::Cors(cors) => Some(cors.clone()),
            _ => None,
        })?;
        found.push(outer);
    }
    (!found.is_empty()).then_some(found)
}

/// The stacks (outermost first) of every request that reaches stack `at`, with the position
/// of its first layer: its routes, and for the app and a mount, the unknown-path fallback.
fn reaching(model: &Model, at: StackAt) -> Vec<(Vec<&Layer>, usize)> {
    let mut reached: Vec<(Vec<&Layer>, usize)> = routes_of(model, at)
        .into_iter()
        .map(|(route, start)| (route.layers().collect(), start))
        .collect();
    match at {
        StackAt::App => reached.push((model.stack.iter().collect(), 0)),
        StackAt::Mount(i) => reached.push((
            model.stack.iter().chain(&model.mounts[i].stack).collect(),
            model.stack.len(),
        )),
        StackAt::Router(_) | StackAt::MountRouter(..) => {}
    }
    reached
}

/// The routes the stack `at` wraps, with the position its first layer has in their stacks.
fn routes_of(model: &Model, at: StackAt) -> Vec<(Route<'_>, usize)> {
    model
        .routes()
        .into_iter()
        .filter_map(|route| {
            let app = model.stack.len();
            let position = match at {
                StackAt::App => Some(0),
                StackAt::Router(i) => (route.mount.is_none()
                    && route
                        .router
                        .is_some_and(|r| std::ptr::eq(r, &model.routers[i])))
                .then_some(app),
                StackAt::Mount(i) => route
                    .mount
                    .is_some_and(|m| std::ptr::eq(m, &model.mounts[i]))
                    .then_some(app),
                StackAt::MountRouter(i, j) => route
                    .router
                    .is_some_and(|r| std::ptr::eq(r, &model.mounts[i].routers[j]))
                    .then(|| app + model.mounts[i].stack.len()),
            }?;
            Some((route, position))
        })
        .collect()
}

/// No request reaches the touched layers: every route of the stack, and the unknown-path
/// fallback of the app or mount it belongs to, is redirected before them.
fn never_reached(model: &Model, at: StackAt, touched: &[usize]) -> bool {
    let reached = reaching(model, at);
    let first = touched.iter().min().copied().unwrap_or(0);
    reached.iter().all(|(layers, start)| {
        layers[..start + first].iter().any(|l| {
            matches!(&l.kind, LayerKind::HttpsRedirect { trusted_proxies } if trusted_proxies.is_empty())
        })
    })
}

/// Whether anything inside the layer at `index` of stack `at` may set response header `name`.
fn set_inside(model: &Model, at: StackAt, index: usize, name: &str) -> bool {
    let routes = routes_of(model, at);
    let fallback = matches!(at, StackAt::App | StackAt::Mount(_));
    if fallback && name == "content-type" {
        return true;
    }
    routes.iter().any(|(route, start)| {
        let layers: Vec<&Layer> = route.layers().collect();
        let inside = &layers[start + index + 1..];
        let endpoint = route.endpoint;
        let by_endpoint = endpoint.response.headers.iter().any(|(n, _)| n == name)
            || (name == "content-type"
                && (endpoint.response.body.is_some() || endpoint.response.content_type.is_some()));
        by_endpoint
            || inside.iter().any(|l| {
                let e = effects(&l.kind);
                e.writes.contains(name)
                    || (e.answers && answer_headers(&l.kind).contains(&name))
                    || (name == "vary"
                        && matches!(l.kind, LayerKind::Cors(_) | LayerKind::Gzip { .. }))
            })
    })
}

/// Headers a layer's own answers carry.
fn answer_headers(kind: &LayerKind) -> &'static [&'static str] {
    match kind {
        LayerKind::TrustedHost { .. } | LayerKind::HttpsRedirect { .. } => {
            &["location", "content-type"]
        }
        LayerKind::BearerAuth { .. } => &["www-authenticate", "content-type"],
        LayerKind::BodyLimit { .. } => &["content-type"],
        LayerKind::Cors(_) => &[
            "content-type",
            "access-control-allow-methods",
            "access-control-max-age",
            "access-control-allow-headers",
            "access-control-allow-private-network",
        ],
        _ => &[],
    }
}

/// Whether CIDR range `inner` lies within `outer`.
fn range_within(inner: &str, outer: &str) -> bool {
    use crate::grammar::net::{parse_cidr, range_contains};
    match (parse_cidr(inner), parse_cidr(outer)) {
        (Some((address, inner_bits)), Some(outer_range)) => {
            outer_range.1 <= inner_bits && range_contains(outer_range, address)
        }
        _ => false,
    }
}
