//! The typed context templates render from, derived from the model.
//!
//! Decisions live here, in Rust: which crates and features the project needs, how routes group
//! by path, what each handler's signature is, which tests prove the headers. Templates only loop
//! over these values and branch on them.

use super::handler::{HandlerContext, handler};
use crate::model::{Endpoint, Layer, LayerKind, Model, Router};
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
    /// The modules `src/middleware/mod.rs` declares (the runtime's `support` among them), in
    /// rustfmt's order.
    pub middleware_declared: Vec<&'static str>,
    pub app: ScopeContext,
    pub routers: Vec<RouterContext>,
    pub mounts: Vec<MountContext>,
    pub handlers: Vec<HandlerContext>,
    /// Each endpoint's example and example handler, laid out as rustfmt would (kept out of
    /// `HandlerContext`, which every handler file carries).
    pub examples: Vec<ExampleContext>,
    /// The handlers' names in the orders rustfmt gives `src/handlers/mod.rs`: its `mod`
    /// declarations (`crate::layout::module_order`) and its `use` re-exports
    /// (`crate::layout::version_order`).
    pub handler_modules: Vec<String>,
    pub handler_exports: Vec<String>,
    /// Some handler answers with a typed reply (its response has a model).
    pub typed_replies: bool,
    /// The project has the validation runtime (`src/validation/`): it has models, or a typed
    /// reply (whose type, `[string]` say, may need no model).
    pub validation_runtime: bool,
    /// The stack as a Mermaid flowchart, for the generated README.
    pub stack_diagram: String,
    /// Environment variables the server needs at start-up (bearer tokens).
    pub secrets: Vec<Secret>,
    /// The spec's settings, read into `Config` at start-up.
    pub settings: Vec<SettingContext>,
    /// Custom middleware names, sorted, each once.
    pub customs: Vec<String>,
    /// Where the OpenAPI document is served, if it is.
    pub openapi: Option<String>,
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
    /// What `use axum::routing::` imports: `get`, or `{delete, get}` (None: nothing).
    pub routing: Option<String>,
    /// The app reads `Config` (a bearer token, or a router or mount that does).
    pub needs_config: bool,
    /// Something is routed (an endpoint, a router or a mount), so the choice between your
    /// handlers and the examples is used.
    pub uses_handlers: bool,
    /// The app's `build` function laid out as rustfmt would (`super::stack`), when its layout
    /// is known: the template writes it as it is.
    pub build: Option<String>,
}

/// One endpoint's functions in `src/examples.rs` and `src/examples/serve.rs`.
#[derive(Debug, Clone, Serialize)]
pub struct ExampleContext {
    /// `GET`, `POST`…
    pub method: String,
    pub full_path: String,
    /// The example is a typed reply, read through its model.
    pub typed: bool,
    /// The example: the typed reply read from its file, or the response built.
    pub function: String,
    /// The example handler, which reads the request as the endpoint's handler does.
    pub serve_function: String,
    /// `function` is laid out as rustfmt would (none of it is left for rustfmt).
    #[serde(skip)]
    pub function_laid_out: bool,
    /// `serve_function` is laid out as rustfmt would.
    #[serde(skip)]
    pub serve_laid_out: bool,
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
}

#[derive(Debug, Clone, Serialize)]
pub struct RouterContext {
    /// The stack refers to `crate::middleware` (anything but `timeout` and `custom`).
    pub uses_middleware: bool,
    pub name: String,
    pub prefix: String,
    pub stack: Vec<Layer>,
    /// What `use axum::routing::` imports: `get`, or `{delete, get}` (None: nothing).
    pub routing: Option<String>,
    /// The stack needs the run-time `Config` (a bearer token).
    pub needs_config: bool,
    /// The router has routes, so it uses the handlers (an empty one is still valid code).
    pub uses_handlers: bool,
    /// The body of `to_handlers`: each route to its handler, laid out as rustfmt would.
    pub handler_routes: String,
    /// The body of `to_examples`: each route to its example handler (`examples::serve`).
    pub example_routes: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MountContext {
    /// The stack refers to `crate::middleware` (anything but `timeout` and `custom`).
    pub uses_middleware: bool,
    pub name: String,
    pub path: String,
    pub stack: Vec<Layer>,
    pub routes: Vec<PathRoutes>,
    /// What `use axum::routing::` imports: `get`, or `{delete, get}` (None: nothing).
    pub routing: Option<String>,
    pub routers: Vec<RouterContext>,
    pub needs_config: bool,
    /// The mount has routes or routers, so it uses the handlers.
    pub uses_handlers: bool,
}

/// A setting: how `Config` reads it, and what the tests and `.env.example` give it.
#[derive(Debug, Clone, Serialize)]
pub struct SettingContext {
    pub env: String,
    /// The `Config` field.
    pub field: String,
    /// The variable `Config::from_lookup` reads it into ([`super::reader_local`]).
    pub local: String,
    /// `u32`, `String`, `Option<u32>`.
    pub rust_type: String,
    /// The type read from the text, without the `Option` (`u32`, `String`).
    pub parse_type: &'static str,
    /// `required`, `with_default` or `optional`: the reader's method.
    pub read: &'static str,
    /// The default as the environment gives it.
    pub default: Option<String>,
    /// What a malformed value should have been (`an integer from 0 to 4294967295`).
    pub expected: String,
    pub secret: bool,
    pub description: Option<String>,
    /// What the generated tests set it to: its default, or a value of its type.
    pub test_value: String,
    /// One line for `.env.example`: `POOL_SIZE: an integer from 0 to 4294967295, required.`
    pub summary: String,
}

impl SettingContext {
    fn new(setting: &crate::model::Setting) -> SettingContext {
        use crate::model::Scalar;
        let base = super::validators::scalar_type(setting.ty);
        let expected = match setting.ty.integer_range() {
            Some((min, max)) => format!("an integer from {min} to {max}"),
            None if setting.ty == Scalar::Bool => "true or false".to_string(),
            None if setting.ty == Scalar::F64 => "a number".to_string(),
            None => "text".to_string(),
        };
        let test_value = setting.default.clone().unwrap_or_else(|| {
            match setting.ty {
                Scalar::Bool => "false",
                Scalar::F64 => "1.5",
                Scalar::String => "",
                _ => "1",
            }
            .to_string()
        });
        let mut summary = format!("{}: {expected}", setting.env);
        if setting.secret {
            summary.push_str(", secret");
        }
        match (setting.optional, &setting.default) {
            (true, _) => summary.push_str(", optional"),
            (false, None) => summary.push_str(", required"),
            (false, Some(_)) => {}
        }
        summary.push('.');
        if let Some(description) = &setting.description {
            summary.push(' ');
            summary.push_str(description);
        }
        SettingContext {
            summary,
            env: setting.env.clone(),
            field: setting.field.clone(),
            local: super::reader_local(&setting.field, &CONFIG_READER),
            parse_type: base,
            rust_type: if setting.optional {
                format!("Option<{base}>")
            } else {
                base.to_string()
            },
            read: match (setting.optional, &setting.default) {
                (true, _) => "optional",
                (false, Some(_)) => "with_default",
                (false, None) => "required",
            },
            default: setting.default.clone(),
            expected,
            secret: setting.secret,
            description: setting.description.clone(),
            test_value: if test_value.is_empty() {
                format!("test-{}", setting.field.trim_end_matches('_'))
            } else {
                test_value
            },
        }
    }
}

/// An environment variable read at start-up.
#[derive(Debug, Clone, Serialize)]
pub struct Secret {
    pub env: String,
    /// The `Config` field (`tasks_api_token`).
    pub field: String,
    /// The variable `Config::from_lookup` reads it into ([`super::reader_local`]).
    pub local: String,
}

/// The variables of `Config::from_lookup` (`templates/src/config.rs.j2`) a setting's must not
/// hide.
const CONFIG_READER: [&str; 2] = ["read", "lookup"];

impl ProjectContext {
    pub fn new(model: &Model, options: &super::PlanOptions) -> Self {
        // The generated tests are the largest part that needs no other: planned on another core
        // while the rest is.
        std::thread::scope(|scope| {
            let tests = scope.spawn(|| super::tests::plan_tests(model));
            let mut context = Self::all_but_tests(model, options);
            context.tests = tests
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            context
        })
    }

    /// The context but its `tests`, left empty.
    fn all_but_tests(model: &Model, options: &super::PlanOptions) -> Self {
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
                        let field = crate::grammar::config_field(token_env);
                        secrets.push(Secret {
                            env: token_env.clone(),
                            local: super::reader_local(&field, &CONFIG_READER),
                            field,
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
        let examples: Vec<ExampleContext> = model
            .routes()
            .iter()
            .zip(&handlers)
            .map(|(r, handler)| {
                let (function, function_laid_out) = super::handler::example_function(
                    &handler.name,
                    handler.reply.as_ref(),
                    &handler.response,
                );
                let (serve_function, serve_laid_out) = super::handler::serve_function(
                    &handler.name,
                    valid_type(model, r.endpoint).as_deref(),
                );
                ExampleContext {
                    method: handler.method.clone(),
                    full_path: handler.full_path.clone(),
                    typed: handler.reply.is_some(),
                    function,
                    serve_function,
                    function_laid_out,
                    serve_laid_out,
                }
            })
            .collect();
        let mut handler_modules: Vec<String> = handlers.iter().map(|h| h.name.clone()).collect();
        let mut handler_exports = handler_modules.clone();
        handler_modules.sort_by(|a, b| crate::layout::module_order(a, b));
        handler_exports.sort_by(|a, b| crate::layout::version_order(a, b));
        deps.serde = handlers
            .iter()
            .any(|h| h.path_struct.is_some() || h.query_struct.is_some());
        deps.serde_json = handlers.iter().any(|h| h.json_body);
        // A typed reply (`model: "[string]"` needs no model) is written with serde_json, and
        // its example read back through serde (`src/examples.rs`).
        let typed_replies = handlers.iter().any(|h| h.reply.is_some());
        deps.serde |= typed_replies;
        deps.serde_json |= typed_replies;
        let models = super::models::ModelsContext::new(model);
        // Models derive serde's traits and read their defaults from JSON; a `pattern` is a regex.
        deps.serde |= !models.is_empty();
        deps.serde_json |= !models.is_empty() || model.validates_requests;
        deps.regex |= model
            .models
            .iter()
            .flat_map(|m| &m.fields)
            .any(|f| f.constraints.pattern.is_some());
        // So is one on a path or query parameter of an endpoint that validates (`src/api.rs`):
        // APIs.guru's documents have many where no model field has one.
        deps.regex |= model
            .routes()
            .iter()
            .filter(|r| validates(model, r.endpoint))
            .flat_map(|r| {
                let path = r.endpoint.params.iter().map(|p| &p.constraints);
                path.chain(r.endpoint.query.iter().map(|q| &q.constraints))
            })
            .any(|c| c.pattern.is_some());
        let routers: Vec<RouterContext> = model.routers.iter().map(router).collect();
        let mounts: Vec<MountContext> = model
            .mounts
            .iter()
            .map(|m| {
                let routes = group(&m.endpoints, |e| e.mount_relative_path.clone());
                let routers: Vec<RouterContext> = m.routers.iter().map(router).collect();
                MountContext {
                    name: m.name.clone(),
                    path: m.path.clone(),
                    stack: m.stack.clone(),
                    routing: routing_import(functions(&routes)),
                    routes,
                    needs_config: has_bearer(&m.stack) || routers.iter().any(|r| r.needs_config),
                    uses_middleware: uses_middleware(&m.stack),
                    uses_handlers: !m.endpoints.is_empty() || !routers.is_empty(),
                    routers,
                }
            })
            .collect();
        let app = {
            let routes = group(&model.endpoints, |e| e.full_path.clone());
            ScopeContext {
                uses_middleware: uses_middleware(&model.stack),
                stack: model.stack.clone(),
                // The OpenAPI document is served with `get`.
                routing: routing_import(
                    functions(&routes)
                        .into_iter()
                        .chain(model.openapi_path.as_ref().map(|_| "get".to_string()))
                        .collect(),
                ),
                routes,
                needs_config: has_bearer(&model.stack)
                    || routers.iter().any(|r| r.needs_config)
                    || mounts.iter().any(|m| m.needs_config),
                uses_handlers: !model.endpoints.is_empty()
                    || !routers.is_empty()
                    || !mounts.is_empty(),
                build: None,
            }
        };
        let app = ScopeContext {
            build: super::stack::app_build(&app, &routers, &mounts, model.openapi_path.as_deref()),
            ..app
        };
        ProjectContext {
            service: model.service.clone(),
            spec_name: options.spec_name.clone(),
            axumgen_version: env!("CARGO_PKG_VERSION"),
            deps,
            middleware_declared: {
                let mut declared: Vec<&'static str> =
                    modules.iter().copied().chain(["support"]).collect();
                declared.sort_by(|a, b| crate::layout::module_order(a, b));
                declared
            },
            middleware_modules: modules.into_iter().collect(),
            app,
            routers,
            mounts,
            typed_replies,
            validation_runtime: typed_replies || !models.is_empty() || model.validates_requests,
            stack_diagram: super::mermaid::diagram(&model.routes().iter().collect::<Vec<_>>()),
            handlers,
            examples,
            handler_modules,
            handler_exports,
            secrets,
            settings: model.settings.iter().map(SettingContext::new).collect(),
            customs: customs.into_iter().collect(),
            openapi: model.openapi_path.clone(),
            tests: Default::default(),
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

fn router(router: &Router) -> RouterContext {
    let routes = group(&router.endpoints, |e| e.mount_relative_path.clone());
    let chain = |module: &str| {
        let calls: Vec<[String; 2]> = routes
            .iter()
            .flat_map(|route| {
                route.methods.iter().map(|method| {
                    [
                        crate::render::filters::rust_str(&route.path),
                        format!("{}({module}::{})", method.function, method.handler),
                    ]
                })
            })
            .collect();
        // Where rustfmt's layout is not known, one call a line, and rustfmt decides.
        crate::layout::route_chain(&calls)
            .unwrap_or_else(|| crate::layout::chain_as_written(&calls))
    };
    let all_functions: BTreeSet<String> = routes
        .iter()
        .flat_map(|r| r.methods.iter().map(|m| m.function.clone()))
        .collect();
    RouterContext {
        name: router.name.clone(),
        prefix: router.prefix.clone(),
        stack: router.stack.clone(),
        routing: routing_import(all_functions.into_iter().collect()),
        handler_routes: chain("handlers"),
        example_routes: chain("examples::serve"),
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

/// The `use` tree of axum's routing functions, as rustfmt writes it: one name alone, several
/// in braces, sorted (they are lowercase words, so byte order is rustfmt's), each once.
fn routing_import(mut functions: Vec<String>) -> Option<String> {
    functions.sort();
    functions.dedup();
    match functions.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        many => Some(format!("{{{}}}", many.join(", "))),
    }
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
    let name = crate::grammar::type_stem(&endpoint.name);
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

fn group(endpoints: &[Endpoint], path_of: impl Fn(&Endpoint) -> String) -> Vec<PathRoutes> {
    let mut groups: Vec<PathRoutes> = Vec::new();
    for endpoint in endpoints {
        let path = path_of(endpoint);
        let route = MethodRoute {
            function: endpoint.method.to_ascii_lowercase(),
            handler: endpoint.name.clone(),
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

/// Whether an endpoint reads its request as FastAPI does, with the validation runtime and its
/// 422s: in a spec with models, a list query parameter or a constrained parameter
/// ([`Model::validates_requests`]),
/// every endpoint whose body is typed, or that has none but has path or query parameters. An
/// untyped `body:` keeps axum's extractors (check refuses a list query parameter beside one).
pub fn validates(model: &Model, endpoint: &Endpoint) -> bool {
    model.validates_requests
        && (endpoint.request_type.is_some()
            || (endpoint.request_body.is_none()
                && (!endpoint.params.is_empty() || !endpoint.query.is_empty())))
}

/// `text` with every byte outside RFC 3986's unreserved characters percent-encoded, so an
/// example value is one path segment or one query value whatever it holds.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A concrete request path for a route template: each parameter replaced by an example value,
/// and every required query parameter given one.
pub fn concrete_path(endpoint: &Endpoint) -> String {
    let mut path = endpoint.full_path.clone();
    for param in &endpoint.params {
        path = path
            .replace(
                &format!("{{{}}}", param.name),
                &percent_encode(&param.example),
            )
            .replace(&format!("{{*{}}}", param.name), "a/b");
    }
    let required: Vec<String> = endpoint
        .query
        .iter()
        .filter(|q| q.required())
        .flat_map(|q| {
            let pair = format!("{}={}", q.name, percent_encode(&q.example));
            std::iter::repeat_n(pair, q.example_count())
        })
        .collect();
    if !required.is_empty() {
        path.push('?');
        path.push_str(&required.join("&"));
    }
    path
}
