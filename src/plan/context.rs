//! The typed context templates render from, derived from the model.
//!
//! Decisions live here, in Rust: which crates and features the project needs, how routes group
//! by path, what each handler's signature is, which tests prove the headers. Templates only loop
//! over these values and branch on them.

use crate::model::{Endpoint, Layer, LayerKind, Model, ParamType, Router};
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Serialize)]
pub struct ProjectContext {
    pub service: crate::model::Service,
    /// The spec's file name, quoted in generated headers.
    pub spec_name: String,
    pub axumgen_version: &'static str,
    pub deps: Deps,
    /// Runtime middleware modules the project needs (`cors`, `trusted_host`…), sorted.
    pub middleware_modules: Vec<&'static str>,
    pub app: ScopeContext,
    pub routers: Vec<RouterContext>,
    pub mounts: Vec<MountContext>,
    pub handlers: Vec<HandlerContext>,
    /// Environment variables the server needs at start-up (bearer tokens).
    pub secrets: Vec<Secret>,
    /// Custom middleware names, sorted, each once.
    pub customs: Vec<String>,
    /// Where the OpenAPI document is served, if it is.
    pub openapi: Option<String>,
    /// The OpenAPI document, pretty-printed.
    pub openapi_document: String,
    pub tests: super::tests::TestPlan,
    /// `src/models.rs`: the data models as Rust types.
    pub models: super::models::ModelsContext,
}

/// Which optional dependencies and features the generated Cargo.toml needs.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Deps {
    /// Path or query structs derive `Deserialize`.
    pub serde: bool,
    /// A handler takes a JSON body.
    pub serde_json: bool,
    /// A CORS layer has an origin regex.
    pub regex: bool,
    /// Bearer auth (constant-time comparison of SHA-256 digests).
    pub bearer: bool,
    /// A request_id layer (new ids are random UUIDs).
    pub uuid: bool,
    pub gzip: bool,
    pub timeout: bool,
    pub body_limit: bool,
    /// The server must be run with `ConnectInfo` (https_redirect behind trusted proxies).
    pub connect_info: bool,
    /// The runtime middleware need pin-project-lite and http-body.
    pub runtime: bool,
    /// tower-http features, when any layer comes from tower-http.
    pub tower_http_features: Vec<&'static str>,
}

/// A stack plus the routes it wraps.
#[derive(Debug, Clone, Serialize)]
pub struct ScopeContext {
    /// The stack refers to `crate::middleware` (anything but `timeout` and `custom`).
    pub uses_middleware: bool,
    pub stack: Vec<Layer>,
    pub routes: Vec<PathRoutes>,
    pub functions: Vec<String>,
    /// The app reads `Config` (a bearer token, or a router or mount that does).
    pub needs_config: bool,
    /// Something is routed (an endpoint, a router or a mount), so the choice between your
    /// handlers and the examples is used.
    pub uses_handlers: bool,
}

/// All methods on one path: one `.route(path, get(..).post(..))` call.
#[derive(Debug, Clone, Serialize)]
pub struct PathRoutes {
    /// The path as the router that registers it sees it.
    pub path: String,
    pub methods: Vec<MethodRoute>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MethodRoute {
    /// `get`, `post`… (axum's method-router functions).
    pub function: String,
    pub handler: String,
    /// For an endpoint that validates: the `Valid<…>` its example handler reads the request
    /// with, so the example app answers invalid requests as your handlers do.
    pub valid: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RouterContext {
    /// The stack refers to `crate::middleware` (anything but `timeout` and `custom`).
    pub uses_middleware: bool,
    pub name: String,
    pub prefix: String,
    pub stack: Vec<Layer>,
    pub routes: Vec<PathRoutes>,
    /// axum routing functions used (`get`, `post`), sorted, for the `use` line.
    pub functions: Vec<String>,
    /// The stack needs the run-time `Config` (a bearer token).
    pub needs_config: bool,
    /// The router has routes, so it uses the handlers (an empty one is still valid code).
    pub uses_handlers: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct MountContext {
    /// The stack refers to `crate::middleware` (anything but `timeout` and `custom`).
    pub uses_middleware: bool,
    pub name: String,
    pub path: String,
    pub stack: Vec<Layer>,
    pub routes: Vec<PathRoutes>,
    pub functions: Vec<String>,
    pub routers: Vec<RouterContext>,
    pub needs_config: bool,
    /// The mount has routes or routers, so it uses the handlers.
    pub uses_handlers: bool,
}

/// Everything about one endpoint's handler.
#[derive(Debug, Clone, Serialize)]
pub struct HandlerContext {
    pub name: String,
    pub method: String,
    pub full_path: String,
    pub summary: Option<String>,
    pub params: Vec<crate::model::Param>,
    pub query: Vec<QueryField>,
    /// `GetTaskPath`, when the path has parameters.
    pub path_struct: Option<String>,
    /// `ListTasksQuery`, when there are query parameters.
    pub query_struct: Option<String>,
    /// The handler takes a JSON body.
    pub json_body: bool,
    pub response: ResponseContext,
    /// The handler's extractor arguments, in order (`Path(_path): Path<GetTaskPath>`).
    pub arguments: Vec<String>,
    /// `use` lines the handler file needs.
    pub imports: Vec<String>,
    /// What the handler's signature depends on (extractors and parameter types): when it
    /// changes, `generate` tells the user their handler file no longer fits.
    pub signature: String,
    /// How rustfmt lays out the handler's declaration.
    pub declaration: Declaration,
    /// The handler takes `Valid<Path, Query, Body>`: its parameter structs implement
    /// `FromParams`, each field read with its validator.
    pub validated: bool,
    /// For `FromParams`: each path parameter's read method and validator.
    pub param_reads: Vec<ParamRead>,
    /// The same for the query parameters.
    pub query_reads: Vec<ParamRead>,
}

/// How a validated path or query parameter is read.
#[derive(Debug, Clone, Serialize)]
pub struct ParamRead {
    pub name: String,
    /// `required` or `optional`.
    pub read: &'static str,
    /// Runtime validator code (see `models::validator`).
    pub validator: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct QueryField {
    pub name: String,
    /// `Option<u32>` or `u32`.
    pub rust: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResponseContext {
    pub status: u16,
    /// Where the example body lives, relative to `src/` (`examples/get_task.json`).
    pub body_file: Option<String>,
    /// Pretty-printed JSON of the example body.
    pub body: Option<String>,
    pub content_type: Option<String>,
    pub headers: Vec<(String, String)>,
    /// A typed body's Rust type (`Vec<crate::models::Task>`): the example is read through it.
    pub rust_type: Option<String>,
}

/// An environment variable read at start-up.
#[derive(Debug, Clone, Serialize)]
pub struct Secret {
    pub env: String,
    /// The `Config` field (`tasks_api_token`).
    pub field: String,
}

impl ProjectContext {
    pub fn new(model: &Model, options: &super::PlanOptions) -> Self {
        let layers: Vec<&Layer> = all_layers(model);
        let mut modules = BTreeSet::new();
        let mut deps = Deps::default();
        let mut secrets: Vec<Secret> = Vec::new();
        let mut customs = BTreeSet::new();
        for layer in &layers {
            match &layer.kind {
                LayerKind::TrustedHost { .. } => {
                    modules.insert("trusted_host");
                }
                LayerKind::HttpsRedirect { trusted_proxies } => {
                    modules.insert("https_redirect");
                    deps.connect_info |= !trusted_proxies.is_empty();
                }
                LayerKind::Cors(cors) => {
                    modules.insert("cors");
                    deps.regex |= cors.allow_origin_regex.is_some();
                }
                LayerKind::Gzip { .. } => {
                    modules.insert("gzip");
                    deps.gzip = true;
                }
                LayerKind::Timing { .. } => {
                    modules.insert("timing");
                }
                LayerKind::SetHeaders { .. } => {
                    modules.insert("set_headers");
                }
                LayerKind::RequestId { .. } => {
                    modules.insert("request_id");
                    deps.uuid = true;
                }
                LayerKind::Logging => {
                    modules.insert("logging");
                }
                LayerKind::BearerAuth { token_env, .. } => {
                    modules.insert("bearer_auth");
                    deps.bearer = true;
                    if !secrets.iter().any(|s| s.env == *token_env) {
                        secrets.push(Secret {
                            env: token_env.clone(),
                            field: token_env.to_ascii_lowercase(),
                        });
                    }
                }
                LayerKind::Timeout { .. } => deps.timeout = true,
                LayerKind::BodyLimit { .. } => deps.body_limit = true,
                LayerKind::Custom { name } => {
                    customs.insert(name.clone());
                }
            }
        }
        deps.runtime = !modules.is_empty() || deps.body_limit;
        for (used, feature) in [
            (deps.gzip, "compression-gzip"),
            (deps.body_limit, "limit"),
            // The limited request body is turned back into axum's `Body` for the layers inside.
            (deps.body_limit, "map-request-body"),
            (deps.timeout, "timeout"),
        ] {
            if used {
                deps.tower_http_features.push(feature);
            }
        }
        let handlers: Vec<HandlerContext> = model
            .routes()
            .iter()
            .map(|r| handler(r.endpoint, validates(model, r.endpoint)))
            .collect();
        deps.serde = handlers
            .iter()
            .any(|h| h.path_struct.is_some() || h.query_struct.is_some());
        deps.serde_json = handlers.iter().any(|h| h.json_body);
        let models = super::models::ModelsContext::new(model);
        // Models derive serde's traits and read their defaults from JSON; a `pattern` is a regex.
        deps.serde |= !models.is_empty();
        deps.serde_json |= !models.is_empty();
        deps.regex |= model
            .models
            .iter()
            .flat_map(|m| &m.fields)
            .any(|f| f.constraints.pattern.is_some());
        let valid = |e: &Endpoint| valid_type(model, e);
        let routers: Vec<RouterContext> = model.routers.iter().map(|r| router(r, &valid)).collect();
        let mounts: Vec<MountContext> = model
            .mounts
            .iter()
            .map(|m| {
                let routes = group(&m.endpoints, |e| e.mount_relative_path.clone(), &valid);
                let routers: Vec<RouterContext> =
                    m.routers.iter().map(|r| router(r, &valid)).collect();
                MountContext {
                    name: m.name.clone(),
                    path: m.path.clone(),
                    stack: m.stack.clone(),
                    functions: functions(&routes),
                    routes,
                    needs_config: has_bearer(&m.stack) || routers.iter().any(|r| r.needs_config),
                    uses_middleware: uses_middleware(&m.stack),
                    uses_handlers: !m.endpoints.is_empty() || !routers.is_empty(),
                    routers,
                }
            })
            .collect();
        let app = {
            let routes = group(&model.endpoints, |e| e.full_path.clone(), &valid);
            ScopeContext {
                uses_middleware: uses_middleware(&model.stack),
                stack: model.stack.clone(),
                functions: functions(&routes),
                routes,
                needs_config: has_bearer(&model.stack)
                    || routers.iter().any(|r| r.needs_config)
                    || mounts.iter().any(|m| m.needs_config),
                uses_handlers: !model.endpoints.is_empty()
                    || !routers.is_empty()
                    || !mounts.is_empty(),
            }
        };
        ProjectContext {
            service: model.service.clone(),
            spec_name: options.spec_name.clone(),
            axumgen_version: env!("CARGO_PKG_VERSION"),
            deps,
            middleware_modules: modules.into_iter().collect(),
            app,
            routers,
            mounts,
            handlers,
            secrets,
            customs: customs.into_iter().collect(),
            openapi: model.openapi_path.clone(),
            openapi_document: serde_json::to_string_pretty(&super::openapi::document(model))
                .unwrap_or_default(),
            tests: super::tests::plan_tests(model),
            models,
        }
    }
}

/// Every layer in the model, app first.
pub fn all_layers(model: &Model) -> Vec<&Layer> {
    let mut layers: Vec<&Layer> = model.stack.iter().collect();
    layers.extend(model.routers.iter().flat_map(|r| &r.stack));
    for mount in &model.mounts {
        layers.extend(&mount.stack);
        layers.extend(mount.routers.iter().flat_map(|r| &r.stack));
    }
    layers
}

fn router(router: &Router, valid: &dyn Fn(&Endpoint) -> Option<String>) -> RouterContext {
    let routes = group(&router.endpoints, |e| e.mount_relative_path.clone(), valid);
    RouterContext {
        name: router.name.clone(),
        prefix: router.prefix.clone(),
        stack: router.stack.clone(),
        functions: functions(&routes),
        routes,
        needs_config: has_bearer(&router.stack),
        uses_middleware: uses_middleware(&router.stack),
        uses_handlers: !router.endpoints.is_empty(),
    }
}

fn uses_middleware(stack: &[Layer]) -> bool {
    stack
        .iter()
        .any(|l| !matches!(l.kind, LayerKind::Timeout { .. } | LayerKind::Custom { .. }))
}

fn has_bearer(stack: &[Layer]) -> bool {
    stack
        .iter()
        .any(|l| matches!(l.kind, LayerKind::BearerAuth { .. }))
}

/// The routing functions a set of routes calls (`get(a).post(b)` calls `get`; `.post` is a
/// method), sorted and unique.
fn functions(routes: &[PathRoutes]) -> Vec<String> {
    let set: BTreeSet<String> = routes
        .iter()
        .filter_map(|r| r.methods.first().map(|m| m.function.clone()))
        .collect();
    set.into_iter().collect()
}

/// Groups endpoints by the path their router registers, in first-seen order.
/// The `Valid<Path, Query, Body>` an endpoint that validates takes, with full paths.
fn valid_type(model: &Model, endpoint: &Endpoint) -> Option<String> {
    if !validates(model, endpoint) {
        return None;
    }
    let name = pascal(&endpoint.name);
    let path = if endpoint.params.is_empty() {
        "()".to_string()
    } else {
        format!("crate::api::{name}Path")
    };
    let query = if endpoint.query.is_empty() {
        "()".to_string()
    } else {
        format!("crate::api::{name}Query")
    };
    let body = endpoint
        .request_type
        .as_ref()
        .map_or("()".to_string(), super::models::rust_type_outside);
    Some(format!("crate::validation::Valid<{path}, {query}, {body}>"))
}

fn group(
    endpoints: &[Endpoint],
    path_of: impl Fn(&Endpoint) -> String,
    valid: &dyn Fn(&Endpoint) -> Option<String>,
) -> Vec<PathRoutes> {
    let mut groups: Vec<PathRoutes> = Vec::new();
    for endpoint in endpoints {
        let path = path_of(endpoint);
        let route = MethodRoute {
            function: endpoint.method.to_ascii_lowercase(),
            handler: endpoint.name.clone(),
            valid: valid(endpoint),
        };
        match groups.iter_mut().find(|g| g.path == path) {
            Some(group) => group.methods.push(route),
            None => groups.push(PathRoutes {
                path,
                methods: vec![route],
            }),
        }
    }
    groups
}

fn pascal(name: &str) -> String {
    heck::ToUpperCamelCase::to_upper_camel_case(name)
}

/// Whether an endpoint reads its request as FastAPI does, with the validation runtime and its
/// 422s: in a spec with models, every endpoint whose body is typed, or that has none but has
/// path or query parameters. An untyped `body:` keeps axum's extractors.
pub fn validates(model: &Model, endpoint: &Endpoint) -> bool {
    !model.models.is_empty()
        && (endpoint.request_type.is_some()
            || (endpoint.request_body.is_none()
                && (!endpoint.params.is_empty() || !endpoint.query.is_empty())))
}

fn handler(endpoint: &Endpoint, validated: bool) -> HandlerContext {
    let path_struct =
        (!endpoint.params.is_empty()).then(|| format!("{}Path", pascal(&endpoint.name)));
    let query_struct =
        (!endpoint.query.is_empty()).then(|| format!("{}Query", pascal(&endpoint.name)));
    let json_body = endpoint.request_body.is_some() && !validated;
    let mut arguments = Vec::new();
    let mut extractors = Vec::new();
    let mut validated_imports = Vec::new();
    if validated {
        let body = match &endpoint.request_type {
            Some(ty) => {
                let name = super::models::rust_type(ty, None, false);
                validated_imports.push(format!("use crate::models::{name};"));
                name
            }
            None => "()".to_string(),
        };
        arguments.push(format!(
            "_request: Valid<{}, {}, {body}>",
            path_struct.as_deref().unwrap_or("()"),
            query_struct.as_deref().unwrap_or("()")
        ));
        validated_imports.push("use crate::validation::Valid;".to_string());
    } else if let Some(name) = &path_struct {
        arguments.push(format!("Path(_path): Path<{name}>"));
        extractors.push("Path");
    }
    if let Some(name) = query_struct.as_ref().filter(|_| !validated) {
        arguments.push(format!("Query(_query): Query<{name}>"));
        extractors.push("Query");
    }
    if json_body {
        arguments.push("Json(_body): Json<serde_json::Value>".to_string());
        extractors.push("Json");
    }
    // One path per `use`, in rustfmt's order (`crate::` first, then version-sorted), so the
    // file is formatted as rendered whatever the length of the names.
    let mut imports: Vec<String> = path_struct
        .iter()
        .chain(&query_struct)
        .map(|name| format!("use crate::api::{name};"))
        .collect();
    imports.extend(validated_imports);
    extractors.sort_unstable();
    imports.extend(
        extractors
            .iter()
            .map(|extractor| format!("use axum::extract::{extractor};")),
    );
    imports.push("use axum::response::Response;".to_string());
    // The example file holds the body exactly as sent (a typed one is read through its model).
    let body = super::tests::example_file(endpoint);
    HandlerContext {
        name: endpoint.name.clone(),
        method: endpoint.method.clone(),
        full_path: endpoint.full_path.clone(),
        summary: endpoint.summary.clone(),
        params: endpoint.params.clone(),
        query: endpoint
            .query
            .iter()
            .map(|q| QueryField {
                name: q.name.clone(),
                rust: if q.optional {
                    format!("Option<{}>", q.ty.rust())
                } else {
                    q.ty.rust().to_string()
                },
            })
            .collect(),
        path_struct,
        query_struct,
        json_body,
        response: ResponseContext {
            body_file: body.as_ref().map(|_| {
                let json = endpoint
                    .response
                    .content_type
                    .as_deref()
                    .is_none_or(super::tests::is_json_media_type);
                format!(
                    "examples/{}.{}",
                    endpoint.name,
                    if json { "json" } else { "txt" }
                )
            }),
            status: endpoint.response.status,
            rust_type: endpoint
                .response_type
                .as_ref()
                .map(super::models::rust_type_outside),
            body,
            content_type: endpoint.response.content_type.clone(),
            headers: endpoint.response.headers.clone(),
        },
        validated,
        param_reads: endpoint
            .params
            .iter()
            .map(|p| param_read(&p.name, p.ty, false, &p.constraints))
            .collect(),
        query_reads: endpoint
            .query
            .iter()
            .map(|q| param_read(&q.name, q.ty, q.optional, &q.constraints))
            .collect(),
        signature: signature(endpoint, &arguments),
        declaration: declaration(&endpoint.name, &arguments),
        arguments,
        imports,
    }
}

fn param_read(
    name: &str,
    ty: ParamType,
    optional: bool,
    constraints: &crate::model::Constraints,
) -> ParamRead {
    let scalar = crate::model::Scalar::from_name(ty.name()).unwrap_or(crate::model::Scalar::String);
    ParamRead {
        name: name.to_string(),
        read: if optional { "optional" } else { "required" },
        validator: super::models::validator(
            &crate::model::FieldType {
                ty: crate::model::TypeExpr::Scalar(scalar),
                optional: false,
            },
            constraints,
            None,
        ),
    }
}

/// rustfmt's `max_width`.
const MAX_WIDTH: usize = 100;

/// How rustfmt lays out a handler's `pub async fn name(arguments) -> Response {`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Declaration {
    /// On one line: it fits in [`MAX_WIDTH`] columns.
    OneLine,
    /// One argument a line, each fitting in [`MAX_WIDTH`] columns.
    Tall,
    /// Too wide with no arguments to break, or with an argument too wide for a line of its
    /// own: rustfmt breaks it in ways not modelled here, so the file goes through rustfmt.
    Unknown,
}

/// With the `use` lines above, this is what lets most handler files skip rustfmt
/// (`tests/preformatted.rs` holds rustfmt to it).
fn declaration(name: &str, arguments: &[String]) -> Declaration {
    let one_line = format!(
        "pub async fn {name}({}) -> Response {{",
        arguments.join(", ")
    );
    if one_line.len() <= MAX_WIDTH {
        Declaration::OneLine
    } else if !arguments.is_empty()
        && arguments
            .iter()
            .all(|a| "    ".len() + a.len() + ",".len() <= MAX_WIDTH)
    {
        Declaration::Tall
    } else {
        Declaration::Unknown
    }
}

fn signature(endpoint: &Endpoint, arguments: &[String]) -> String {
    let params: Vec<String> = endpoint
        .params
        .iter()
        .map(|p| format!("{}: {}", p.name, p.ty.rust()))
        .collect();
    let query: Vec<String> = endpoint
        .query
        .iter()
        .map(|q| {
            format!(
                "{}: {}{}",
                q.name,
                q.ty.rust(),
                if q.optional { "?" } else { "" }
            )
        })
        .collect();
    format!(
        "({}) path {{ {} }} query {{ {} }}",
        arguments.join(", "),
        params.join(", "),
        query.join(", ")
    )
}

/// A concrete request path for a route template: each parameter replaced by an example value,
/// and every required query parameter given one.
pub fn concrete_path(endpoint: &Endpoint) -> String {
    let mut path = endpoint.full_path.clone();
    for param in &endpoint.params {
        let example = if param.ty == ParamType::String {
            "example"
        } else {
            param.ty.example()
        };
        path = path
            .replace(&format!("{{{}}}", param.name), example)
            .replace(&format!("{{*{}}}", param.name), "a/b");
    }
    let required: Vec<String> = endpoint
        .query
        .iter()
        .filter(|q| !q.optional)
        .map(|q| format!("{}={}", q.name, q.ty.example()))
        .collect();
    if !required.is_empty() {
        path.push('?');
        path.push_str(&required.join("&"));
    }
    path
}
