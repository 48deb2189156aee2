//! The app's `build` function (`src/app.rs`) laid out as rustfmt lays it out, when
//! `crate::layout::chain_lines` knows how: its routers, mounts and middleware stack as
//! expressions, the same calls `templates/src/_stack.j2` writes. The template writes the laid
//! out function when there is one, and the formatting stage keeps it from rustfmt; otherwise the
//! template writes the function itself and rustfmt lays it out.

use super::{MountContext, RouterContext, ScopeContext};
use crate::layout::{Expr, MethodCall, chain_lines};
use crate::model::{Layer, LayerKind};
use crate::render::filters::rust_str;

/// The whole `fn build(…) -> Router<RouterState> { … }` item (without its final line break), or
/// `None` when its layout is not known here (routes of the app's own, a short chain, a line too
/// long, text that is not ASCII).
pub fn app_build(
    app: &ScopeContext,
    routers: &[RouterContext],
    mounts: &[MountContext],
    openapi: Option<&str>,
) -> Option<String> {
    if !app.routes.is_empty() {
        return None;
    }
    let with_config = |needs: bool| {
        let mut args = vec![Expr::atom("using")];
        if needs {
            args.push(Expr::atom("config"));
        }
        args
    };
    let mut calls = Vec::new();
    for router in routers {
        checked(&router.name)?;
        calls.push(MethodCall::new(
            "merge",
            vec![Expr::call(
                &format!("crate::routes::{}::router", router.name),
                with_config(router.needs_config),
            )],
        ));
    }
    for mount in mounts {
        checked(&mount.name)?;
        calls.push(MethodCall::new(
            "nest",
            vec![
                Expr::atom(rust_str(&mount.path)),
                Expr::call(
                    &format!("crate::mounts::{}::router", mount.name),
                    with_config(mount.needs_config),
                ),
            ],
        ));
    }
    if let Some(path) = openapi {
        calls.push(MethodCall::new(
            "route",
            vec![
                Expr::atom(rust_str(path)),
                Expr::call("get", vec![Expr::atom("openapi")]),
            ],
        ));
    }
    calls.push(MethodCall::new("fallback", vec![Expr::atom("not_found")]));
    if !app.stack.is_empty() {
        let stack = Expr::Chain(
            "ServiceBuilder::new()".into(),
            layer_calls(&app.stack, "app")?,
        );
        calls.push(MethodCall::new("layer", vec![stack]));
    }
    let body = chain_lines(&Expr::Chain("Router::new()".into(), calls), 4, "")?;
    let using = if app.uses_handlers { "using" } else { "_using" };
    let config = if app.needs_config {
        "config"
    } else {
        "_config"
    };
    Some(format!(
        "fn build({using}: Handlers, {config}: &Config) -> Router<RouterState> {{\n{}\n}}",
        body.join("\n")
    ))
}

/// A checked identifier, as the templates' `ident` filter requires.
fn checked(name: &str) -> Option<()> {
    crate::grammar::check_ident(name).ok()
}

/// The `.layer(…)` calls of `stack` in a `ServiceBuilder` chain, outermost first, as
/// `templates/src/_stack.j2` writes them; `scope` names the CORS origin predicates.
pub fn layer_calls(stack: &[Layer], scope: &str) -> Option<Vec<MethodCall>> {
    let mut calls = Vec::new();
    let mut layer = |expr: Expr| calls.push(MethodCall::new("layer", vec![expr]));
    for entry in stack {
        match &entry.kind {
            LayerKind::TrustedHost {
                allowed_hosts,
                www_redirect,
            } => layer(Expr::call(
                "middleware::trusted_host::TrustedHostLayer::new",
                vec![strings(allowed_hosts), boolean(*www_redirect)],
            )),
            LayerKind::HttpsRedirect { trusted_proxies } => layer(Expr::call(
                "middleware::https_redirect::HttpsRedirectLayer::new",
                vec![strings(trusted_proxies)],
            )),
            LayerKind::Cors(cors) => {
                let origins = if cors.allow_all_origins {
                    strings(&["*".to_string()])
                } else {
                    strings(&cors.allow_origins)
                };
                let mut chain = vec![MethodCall::new("allow_origins", vec![origins])];
                if cors.allow_origin_regex.is_some() {
                    chain.push(MethodCall::new(
                        "allow_origin_predicate",
                        vec![Expr::atom(format!("{scope}_cors_origin_{}", entry.index))],
                    ));
                }
                chain.extend([
                    MethodCall::new("allow_methods", vec![strings(&cors.allow_methods)]),
                    MethodCall::new("allow_headers", vec![strings(&cors.allow_headers)]),
                    MethodCall::new("allow_credentials", vec![boolean(cors.allow_credentials)]),
                    MethodCall::new("expose_headers", vec![strings(&cors.expose_headers)]),
                    MethodCall::new("max_age", vec![Expr::atom(cors.max_age.to_string())]),
                    MethodCall::new(
                        "allow_private_network",
                        vec![boolean(cors.allow_private_network)],
                    ),
                    MethodCall::new("layer", Vec::new()),
                ]);
                layer(Expr::Chain("middleware::cors::Cors::new()".into(), chain));
            }
            LayerKind::Gzip {
                minimum_size,
                level,
            } => layer(Expr::call(
                "middleware::gzip::layer",
                vec![
                    Expr::atom(minimum_size.to_string()),
                    Expr::atom(level.to_string()),
                ],
            )),
            LayerKind::Timing { header } => layer(Expr::call(
                "middleware::timing::TimingLayer::new",
                vec![Expr::atom(rust_str(header))],
            )),
            LayerKind::SetHeaders { headers } => {
                let tuples = headers
                    .iter()
                    .map(|h| {
                        let mode = if h.if_absent { "IfAbsent" } else { "Overwrite" };
                        Expr::Tuple(vec![
                            Expr::atom(rust_str(&h.name)),
                            Expr::atom(rust_str(&h.value)),
                            Expr::atom(format!("middleware::set_headers::Mode::{mode}")),
                        ])
                    })
                    .collect();
                layer(Expr::call(
                    "middleware::set_headers::SetHeadersLayer::new",
                    vec![slice(tuples)],
                ));
            }
            LayerKind::RequestId { header } => layer(Expr::call(
                "middleware::request_id::RequestIdLayer::new",
                vec![Expr::atom(rust_str(header))],
            )),
            LayerKind::Logging => layer(Expr::atom("middleware::logging::LoggingLayer")),
            LayerKind::BearerAuth {
                token_env,
                public_paths,
            } => {
                let field = crate::grammar::config_field(token_env);
                checked(&field)?;
                layer(Expr::call(
                    "middleware::bearer_auth::BearerAuthLayer::new",
                    vec![
                        Expr::atom(format!("&config.{field}")),
                        strings(public_paths),
                    ],
                ));
            }
            LayerKind::Timeout { millis } => layer(Expr::call(
                "tower_http::timeout::TimeoutLayer::with_status_code",
                vec![
                    Expr::atom("axum::http::StatusCode::REQUEST_TIMEOUT"),
                    Expr::call(
                        "std::time::Duration::from_millis",
                        vec![Expr::atom(millis.to_string())],
                    ),
                ],
            )),
            LayerKind::BodyLimit { max_bytes } => {
                let bytes = Expr::atom(max_bytes.to_string());
                layer(Expr::atom("middleware::support::IntoAxumBodyLayer"));
                layer(Expr::call(
                    "tower_http::limit::RequestBodyLimitLayer::new",
                    vec![bytes.clone()],
                ));
                layer(Expr::call(
                    "tower_http::map_request_body::MapRequestBodyLayer::new",
                    vec![Expr::atom("axum::body::Body::new")],
                ));
                layer(Expr::call(
                    "axum::extract::DefaultBodyLimit::max",
                    vec![bytes],
                ));
            }
            LayerKind::Custom { name } => {
                checked(name)?;
                layer(Expr::call(
                    "axum::middleware::from_fn",
                    vec![Expr::atom(format!("crate::custom::{name}::{name}"))],
                ));
            }
        }
    }
    Some(calls)
}

fn boolean(value: bool) -> Expr {
    Expr::atom(if value { "true" } else { "false" })
}

/// `&[…]` of string literals.
fn strings(values: &[String]) -> Expr {
    slice(values.iter().map(|v| Expr::atom(rust_str(v))).collect())
}

/// `&[…]`; empty, `&[]`, which is never broken.
fn slice(items: Vec<Expr>) -> Expr {
    if items.is_empty() {
        Expr::atom("&[]")
    } else {
        Expr::Slice(items)
    }
}
