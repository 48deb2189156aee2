//! The order of two adjacent layers that both act on a request by themselves (answer it,
//! delay it, compress it): one request that sets off both, whose answer says which one is
//! outside. A pair gets a test only when the simulation shows the swapped order answering
//! differently; otherwise their order cannot be observed (see `crate::mutate`).

use super::answer;
use super::probe::*;
use super::{Planner, TestRequest};
use crate::model::{Layer, LayerKind, Route};
use std::collections::BTreeSet;

pub(super) fn plan(planner: &mut Planner, routes: &[&Route]) {
    let mut done: BTreeSet<(String, usize)> = BTreeSet::new();
    for route in routes {
        let layers: Vec<&Layer> = route.layers().collect();
        if redirect_position(&layers).is_some() {
            continue;
        }
        for outer in 0..layers.len().saturating_sub(1) {
            let (a, b) = (layers[outer], layers[outer + 1]);
            let key = (a.level.to_string(), a.index);
            if a.level != b.level || done.contains(&key) {
                continue;
            }
            let mut request = base_request(route, &layers);
            if !(trigger(a, route, &layers, outer, &mut request)
                && trigger(b, route, &layers, outer, &mut request))
            {
                continue;
            }
            let (expect, _) = answer::outcome(route, &layers, &request, &planner.set_anywhere);
            let mut swapped = layers.clone();
            swapped.swap(outer, outer + 1);
            let (other, _) = answer::outcome(route, &swapped, &request, &planner.set_anywhere);
            if serde_json::to_value(&expect).ok() == serde_json::to_value(&other).ok() {
                continue;
            }
            done.insert(key);
            let (first, second) = (a.kind.name(), b.kind.name());
            planner.push_case(
                format!("{}_{first}_runs_before_{second}", route.endpoint.name),
                format!(
                    "A request that both `{first}` and `{second}` act on gets `{first}`'s answer: it is the outer layer."
                ),
                request,
                expect,
                matches!(a.kind, LayerKind::Timeout { .. }) || matches!(b.kind, LayerKind::Timeout { .. }),
            );
        }
    }
}

/// Changes the request so that `layer` acts on it by itself; `false` for layers that act on
/// every request alike (or never, on this route).
fn trigger(
    layer: &Layer,
    route: &Route,
    layers: &[&Layer],
    position: usize,
    request: &mut TestRequest,
) -> bool {
    // Layers outside the pair (before `position`) must still let the request through.
    let outside = &layers[..position.min(layers.len())];
    match &layer.kind {
        LayerKind::TrustedHost { allowed_hosts, .. } => {
            match untrusted_host(outside, allowed_hosts) {
                Some(host) if !allowed_hosts.iter().any(|h| h == "*") => {
                    request.set_header("host", host);
                    true
                }
                _ => false,
            }
        }
        LayerKind::HttpsRedirect { trusted_proxies } => {
            if trusted_proxies.is_empty() {
                return false;
            }
            match untrusted_peer(outside, trusted_proxies) {
                Some(peer) => request.peer = Some(peer),
                None => request.remove_header("x-forwarded-proto"),
            }
            true
        }
        LayerKind::Cors(cors) => {
            let Some(origin) = allowed_origin(cors) else {
                return false;
            };
            let methods = super::simulate::allowed_methods(cors);
            let method = if methods.contains(&route.endpoint.method) {
                route.endpoint.method.clone()
            } else {
                methods.first().cloned().unwrap_or_else(|| "GET".into())
            };
            request.method = "OPTIONS".into();
            request.body = None;
            request.remove_header("content-type");
            request.set_header("origin", origin);
            request.set_header("access-control-request-method", method);
            true
        }
        LayerKind::BearerAuth { .. } => {
            let position = layers
                .iter()
                .position(|l| l.level == layer.level && l.index == layer.index);
            if bearer_blocks(route, layers) != position {
                return false;
            }
            request.remove_header("authorization");
            true
        }
        LayerKind::BodyLimit { max_bytes } if *max_bytes < MAX_TEST_BODY => {
            request.body = None;
            request.body_size = Some(max_bytes + 1);
            true
        }
        LayerKind::Timeout { millis } => {
            request.set_header(DELAY_HEADER, (millis + 1).to_string());
            true
        }
        LayerKind::Gzip { .. } => {
            request.set_header("accept-encoding", "gzip");
            true
        }
        _ => false,
    }
}
