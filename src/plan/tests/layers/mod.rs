//! The tests each layer gets. Every request is built so that the setting under test decides
//! the answer: each listed origin, host pattern, trusted proxy and public path is used once; a
//! threshold is approached from both sides; a layer that answers by itself is made to answer.
//! The expectations come from [`answer::outcome`], never from the layer under test alone.

mod access;
mod limits;

use super::answer::{self, Answer};
use super::probe::{self, *};
use super::simulate::{self, ALL_METHODS, SAFELISTED_HEADERS};
use super::{Expect, Planner, TestRequest, example_body};
use crate::model::{Layer, LayerKind, Level, Model, Route};

impl Planner {
    /// The expectations of `request` on `route`.
    fn expect(&self, route: &Route, layers: &[&Layer], request: &TestRequest) -> (Expect, Answer) {
        answer::outcome(route, layers, request, &self.set_anywhere)
    }

    /// The request with an allowed `Origin` when a CORS layer wraps the route, so the test also
    /// shows whether CORS is outside the layer that answers.
    pub(super) fn with_origin(request: &mut TestRequest, layers: &[&Layer]) {
        let origin = layers.iter().find_map(|l| match &l.kind {
            LayerKind::Cors(cors) => probe::allowed_origin(cors),
            _ => None,
        });
        if let Some(origin) = origin {
            request.set_header("origin", origin);
        }
    }

    /// With `Accept-Encoding: gzip` when a gzip layer wraps the route, so the test also shows
    /// whether gzip is outside the layer that answers.
    fn with_gzip(request: &mut TestRequest, layers: &[&Layer]) {
        if layers
            .iter()
            .any(|l| matches!(l.kind, LayerKind::Gzip { .. }))
        {
            request.set_header("accept-encoding", "gzip");
        }
    }

    /// One test per route: its example, with every header its stack promises.
    pub(super) fn example(&mut self, route: &Route) {
        let endpoint = route.endpoint;
        let layers: Vec<&Layer> = route.layers().collect();
        let request = base_request(route, &layers);
        let (mut expect, answer) = self.expect(route, &layers, &request);
        if answer.position < layers.len() {
            // An https_redirect that trusts no proxy answers every request.
            let name = format!("{}_is_redirected_to_https", endpoint.name);
            let doc = format!(
                "`{} {}` answers {} to https: the server is not behind a trusted proxy.",
                endpoint.method, endpoint.full_path, answer.status
            );
            self.push(name, doc, request, expect);
            return;
        }
        // The example's bytes exactly, as the spec gives them: no final newline added.
        if let Some(body) = example_body(endpoint)
            && endpoint.method != "HEAD"
        {
            expect.body_exact = Some(body);
        }
        let name = format!("{}_answers_with_its_example", endpoint.name);
        let doc = format!(
            "`{} {}` answers {} with the example body and every header its stack promises.",
            endpoint.method, endpoint.full_path, endpoint.response.status
        );
        self.push(name, doc, request, expect);
    }

    /// An unknown path under each mount gets the mount's 404, through the app's and the
    /// mount's stacks.
    pub(super) fn mount_not_found(&mut self, model: &Model) {
        for mount in &model.mounts {
            let routes: Vec<&str> = model
                .routes()
                .into_iter()
                .filter(|r| r.mount.is_some_and(|m| m.name == mount.name))
                .map(|r| r.endpoint.full_path.as_str())
                .collect();
            // A catch-all of the mount's takes every path under it: no 404 to show.
            let Some(path) = probe::unrouted_path(&mount.path, &routes) else {
                continue;
            };
            let endpoint =
                synthetic_endpoint("not_found", &path, 404, Some(r#"{"detail":"Not Found"}"#));
            let none: &[Layer] = &[];
            let route = Route {
                endpoint: &endpoint,
                mount: Some(mount),
                router: None,
                stacks: [&model.stack, &mount.stack, none],
            };
            let layers: Vec<&Layer> = route.layers().collect();
            let request = base_request(&route, &layers);
            let (mut expect, answer) = self.expect(&route, &layers, &request);
            if answer.position == layers.len() {
                expect.body_exact = Some(r#"{"detail":"Not Found"}"#.into());
            }
            self.push(
                format!("unknown_path_under_{}_is_a_404", mount.name),
                format!("An unknown path under `{}` answers 404 through the app's stack and the mount's.", mount.path),
                request,
                expect,
            );
        }
    }

    /// A project without routes gets this case, so every project has at least one (the smoke
    /// test sends it); one whose catch-all at the root takes every path has its routes' cases.
    pub(super) fn not_found(&mut self, model: &Model) {
        let layers: Vec<&Layer> = model.stack.iter().collect();
        let mounted: Vec<String> = model
            .mounts
            .iter()
            .flat_map(|m| [m.path.clone(), format!("{}/{{*rest}}", m.path)])
            .collect();
        let routes: Vec<&str> = model
            .routes()
            .into_iter()
            .filter(|r| r.mount.is_none())
            .map(|r| r.endpoint.full_path.as_str())
            .chain(model.openapi_path.as_deref())
            .chain(mounted.iter().map(String::as_str))
            .collect();
        let Some(path) = probe::unrouted_path("", &routes) else {
            return;
        };
        let endpoint =
            synthetic_endpoint("not_found", &path, 404, Some(r#"{"detail":"Not Found"}"#));
        let none: &[Layer] = &[];
        let route = Route {
            endpoint: &endpoint,
            mount: None,
            router: None,
            stacks: [&model.stack, none, none],
        };
        let request = base_request(&route, &layers);
        let (mut expect, answer) = self.expect(&route, &layers, &request);
        if answer.position < layers.len() {
            self.push(
                "unknown_path_over_plain_http_is_redirected".into(),
                "An unknown path over plain HTTP is redirected to https like any other: the app's https_redirect runs before routing.".into(),
                request,
                expect,
            );
            return;
        }
        expect.body_exact = Some(r#"{"detail":"Not Found"}"#.into());
        self.push(
            "unknown_path_is_a_json_404_with_app_headers".into(),
            "An unknown path answers FastAPI's JSON 404, with the app stack's headers and no router's.".into(),
            request,
            expect,
        );
    }

    /// The tests of the layer at `position` on `route`; `false` when this route cannot show
    /// them (another route wrapped by the same layer is tried next).
    pub(super) fn layer(
        &mut self,
        route: &Route,
        layers: &[&Layer],
        position: usize,
        routes: &[Route],
    ) -> bool {
        // An https_redirect that trusts no proxy, outside this layer, answers every request.
        if redirect_position(layers).is_some_and(|r| r < position) {
            return false;
        }
        match &layers[position].kind {
            LayerKind::Cors(cors) => self.cors(route, layers, position, cors),
            LayerKind::TrustedHost {
                allowed_hosts,
                www_redirect,
            } => self.trusted_host(route, layers, position, allowed_hosts, *www_redirect),
            LayerKind::BearerAuth { public_paths, .. } => {
                self.bearer(route, layers, position, public_paths, routes)
            }
            LayerKind::HttpsRedirect { trusted_proxies } => {
                self.https_redirect(route, layers, position, trusted_proxies)
            }
            LayerKind::Gzip { minimum_size, .. } => {
                self.gzip(route, layers, position, *minimum_size)
            }
            LayerKind::BodyLimit { max_bytes } => {
                self.body_limit(route, layers, position, *max_bytes)
            }
            LayerKind::RequestId { header } => self.request_id(route, layers, header),
            LayerKind::Timeout { millis } => self.timeout(route, layers, position, *millis),
            LayerKind::Timing { .. }
            | LayerKind::SetHeaders { .. }
            | LayerKind::Logging
            | LayerKind::Custom { .. } => true,
        }
    }
}

/// `uri` with `query` appended.
fn with_query(uri: &str, query: &str) -> String {
    if uri.contains('?') {
        format!("{uri}&{query}")
    } else {
        format!("{uri}?{query}")
    }
}
