//! Stage 2's output: the validated model of a service.
//!
//! Everything here has been checked: names are valid Rust identifiers, paths are valid axum 0.8
//! routes with their prefixes applied, header names are lower-case tokens, header values are
//! visible ASCII, methods are upper-case. Later stages read only this, never the raw [`crate::spec`].

mod build;
mod data;
mod written;

pub use build::{DEFAULT_LISTEN, build, openapi_path};
pub use data::*;
pub use written::{dates_written, serialize_as};

use serde::Serialize;

/// A validated service.
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    pub service: Service,
    /// App-wide middleware, outermost first.
    pub stack: Vec<Layer>,
    /// Endpoints on the app itself.
    pub endpoints: Vec<Endpoint>,
    pub routers: Vec<Router>,
    pub mounts: Vec<Mount>,
    /// Where the OpenAPI document is served, if it is.
    pub openapi_path: Option<String>,
    /// Data models of typed bodies, in spec order.
    pub models: Vec<DataModel>,
    /// Settings from the environment, in the spec's order.
    pub settings: Vec<Setting>,
    /// Requests are validated as FastAPI validates them (the runtime of `src/validation/`):
    /// in a spec with models, a list query parameter (serde's query strings have no repeated
    /// names) or a parameter with constraints (`ge`, `enum`…, which serde does not check).
    /// Without, parameters are read by axum's `Path` and `Query`.
    pub validates_requests: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Service {
    /// The crate name as written (`task-manager`).
    pub name: String,
    /// The crate name as a Rust identifier (`task_manager`).
    pub crate_ident: String,
    pub version: String,
    pub description: String,
    /// `host:port` to bind by default.
    pub listen: String,
}

/// A router: endpoints sharing a prefix and a stack that wraps only them.
#[derive(Debug, Clone, Serialize)]
pub struct Router {
    pub name: String,
    /// The prefix as written (`/tasks`), empty for none.
    pub prefix: String,
    pub tags: Vec<String>,
    pub stack: Vec<Layer>,
    pub endpoints: Vec<Endpoint>,
}

/// A mounted sub-app: its stack wraps its endpoints and routers, inside the app's stack.
#[derive(Debug, Clone, Serialize)]
pub struct Mount {
    pub name: String,
    pub path: String,
    pub stack: Vec<Layer>,
    pub endpoints: Vec<Endpoint>,
    pub routers: Vec<Router>,
}

/// An endpoint with its full path resolved.
#[derive(Debug, Clone, Serialize)]
pub struct Endpoint {
    /// The handler's name, a valid Rust identifier, unique in the spec.
    pub name: String,
    /// Upper-case method (`GET`).
    pub method: String,
    /// The path as written, relative to its router and mount.
    pub path: String,
    /// The full path after the mount's path and the router's prefix.
    pub full_path: String,
    /// The path relative to the mount (the route inside the nested sub-app); equals `full_path`
    /// outside mounts.
    pub mount_relative_path: String,
    pub params: Vec<Param>,
    pub query: Vec<QueryParam>,
    /// Example request body, as JSON text.
    pub request_body: Option<String>,
    /// The request body's type, when it is typed (`model:`).
    pub request_type: Option<FieldType>,
    /// The response body's type, when it is typed.
    pub response_type: Option<FieldType>,
    pub response: Response,
    pub summary: Option<String>,
    /// Router tags followed by the endpoint's own.
    pub tags: Vec<String>,
    /// Statuses the handler may answer with an `HttpError`, sorted, each once.
    pub errors: Vec<u16>,
}

/// A path parameter, in path order.
#[derive(Debug, Clone, Serialize)]
pub struct Param {
    pub name: String,
    pub ty: ParamType,
    /// `{ type, ge, le… }` constraints.
    pub constraints: Constraints,
    /// A value of this type, for generated tests and examples.
    pub example: String,
}

/// A query parameter.
#[derive(Debug, Clone, Serialize)]
pub struct QueryParam {
    /// The name on the wire (`type`, `per_page`).
    pub name: String,
    /// Its Rust field (`type_`, `per_page`), a checked identifier.
    pub rust_name: String,
    /// The type of its value, or of each item of a list.
    pub ty: ParamType,
    /// A list (`[u32]`): the name is given once per item (`?id=1&id=2`), as FastAPI reads a
    /// `list[int]` parameter.
    pub list: bool,
    /// `{ type, ge, le… }` constraints (`min_items`, `max_items` on a list, the others on its
    /// items' type… which only a list's `min_items`/`max_items` may name: check refuses the
    /// rest).
    pub constraints: Constraints,
    /// A value that meets them, for generated tests (before percent-encoding): an item's, for
    /// a list.
    pub example: String,
    pub optional: bool,
    /// The value when the parameter is absent (checked against its type and constraints).
    pub default: Option<serde_json::Value>,
}

impl QueryParam {
    /// A request must give it: it is neither optional nor has a default.
    pub fn required(&self) -> bool {
        !self.optional && self.default.is_none()
    }

    /// How many times a generated request gives it: once, or a list's `min_items` (at least
    /// one) items.
    pub fn example_count(&self) -> usize {
        match self.list {
            true => usize::try_from(self.constraints.min_items.unwrap_or(1).max(1)).unwrap_or(1),
            false => 1,
        }
    }

    /// Its type as a spec writes it: `u32`, `[string]`, with `?` when optional.
    pub fn type_text(&self) -> String {
        self.ty.written(self.list, self.optional)
    }
}

/// The closed set of parameter types a spec may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamType {
    String,
    Bool,
    U8,
    U16,
    U32,
    U64,
    I32,
    I64,
    F64,
}

impl ParamType {
    pub const NAMES: &'static [&'static str] = &[
        "string", "bool", "u8", "u16", "u32", "u64", "i32", "i64", "f64",
    ];

    pub fn parse(name: &str) -> Option<ParamType> {
        Some(match name {
            "string" | "String" | "str" => ParamType::String,
            "bool" => ParamType::Bool,
            "u8" => ParamType::U8,
            "u16" => ParamType::U16,
            "u32" => ParamType::U32,
            "u64" => ParamType::U64,
            "i32" => ParamType::I32,
            "i64" => ParamType::I64,
            "f64" => ParamType::F64,
            _ => return None,
        })
    }

    /// A query parameter's type without its `?`: a scalar (`u32`), or a list of one
    /// (`[u32]`, then `true`).
    pub fn parse_query(text: &str) -> Option<(ParamType, bool)> {
        match text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            Some(item) => ParamType::parse(item.trim()).map(|ty| (ty, true)),
            None => ParamType::parse(text).map(|ty| (ty, false)),
        }
    }

    /// A parameter of this type as a spec writes it: `u32`, a list `[u32]`, `?` when optional.
    pub fn written(&self, list: bool, optional: bool) -> String {
        let name = self.name();
        let optional = if optional { "?" } else { "" };
        match list {
            true => format!("[{name}]{optional}"),
            false => format!("{name}{optional}"),
        }
    }

    /// The name a spec writes (`u64`): the Rust type's, but `string`.
    pub fn name(&self) -> &'static str {
        match self {
            ParamType::String => "string",
            other => other.rust(),
        }
    }

    /// The Rust type.
    pub fn rust(&self) -> &'static str {
        match self {
            ParamType::String => "String",
            ParamType::Bool => "bool",
            ParamType::U8 => "u8",
            ParamType::U16 => "u16",
            ParamType::U32 => "u32",
            ParamType::U64 => "u64",
            ParamType::I32 => "i32",
            ParamType::I64 => "i64",
            ParamType::F64 => "f64",
        }
    }

    /// A valid value, as it appears in a URL.
    pub fn example(&self) -> &'static str {
        match self {
            ParamType::String => "example",
            ParamType::Bool => "true",
            ParamType::F64 => "1.5",
            _ => "1",
        }
    }
}

/// The example response a generated handler sends.
#[derive(Debug, Clone, Serialize)]
pub struct Response {
    pub status: u16,
    /// JSON text of the example body.
    pub body: Option<String>,
    pub content_type: Option<String>,
    /// Extra headers: lower-case name, value.
    pub headers: Vec<(String, String)>,
    /// For a typed body: the exact bytes the server sends, the example serialized through its
    /// model ([`serialize_as`]).
    pub serialized: Option<String>,
}

/// Where a layer was declared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "level", content = "name", rename_all = "lowercase")]
pub enum Level {
    App,
    Mount(String),
    Router(String),
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Level::App => f.write_str("app"),
            Level::Mount(name) => write!(f, "mount `{name}`"),
            Level::Router(name) => write!(f, "router `{name}`"),
        }
    }
}

/// One middleware layer with its validated settings.
#[derive(Debug, Clone, Serialize)]
pub struct Layer {
    pub level: Level,
    /// Position in its stack, 0 = outermost.
    pub index: usize,
    #[serde(flatten)]
    pub kind: LayerKind,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LayerKind {
    TrustedHost {
        /// Lower-case patterns.
        allowed_hosts: Vec<String>,
        www_redirect: bool,
    },
    HttpsRedirect {
        /// CIDR ranges (`10.0.0.0/8`), empty when no proxy is trusted.
        trusted_proxies: Vec<String>,
    },
    Cors(Cors),
    Gzip {
        minimum_size: u64,
        level: u32,
    },
    Timing {
        /// Lower-case header name.
        header: String,
    },
    SetHeaders {
        headers: Vec<FixedHeader>,
    },
    RequestId {
        header: String,
    },
    Logging,
    BearerAuth {
        token_env: String,
        public_paths: Vec<String>,
    },
    Timeout {
        millis: u64,
    },
    BodyLimit {
        max_bytes: u64,
    },
    Custom {
        name: String,
    },
}

impl LayerKind {
    /// The kind as written in specs.
    pub fn name(&self) -> &'static str {
        match self {
            LayerKind::TrustedHost { .. } => "trusted_host",
            LayerKind::HttpsRedirect { .. } => "https_redirect",
            LayerKind::Cors(_) => "cors",
            LayerKind::Gzip { .. } => "gzip",
            LayerKind::Timing { .. } => "timing",
            LayerKind::SetHeaders { .. } => "set_headers",
            LayerKind::RequestId { .. } => "request_id",
            LayerKind::Logging => "logging",
            LayerKind::BearerAuth { .. } => "bearer_auth",
            LayerKind::Timeout { .. } => "timeout",
            LayerKind::BodyLimit { .. } => "body_limit",
            LayerKind::Custom { .. } => "custom",
        }
    }

    /// A short description of what the layer does to a request, for `explain`.
    pub fn describe(&self) -> String {
        match self {
            LayerKind::TrustedHost { allowed_hosts, .. } => {
                format!("400 unless Host is one of {}", allowed_hosts.join(", "))
            }
            LayerKind::HttpsRedirect { .. } => "307 to https for plain HTTP".into(),
            LayerKind::Cors(cors) => format!(
                "answers preflights, adds access-control-* for {} origin(s){}",
                cors.allow_origins.len(),
                if cors.allow_origin_regex.is_some() {
                    " and the origin regex"
                } else {
                    ""
                }
            ),
            LayerKind::Gzip { minimum_size, .. } => {
                format!("compresses bodies of {minimum_size} bytes or more")
            }
            LayerKind::Timing { header } => format!("sets {header} on the way out"),
            LayerKind::SetHeaders { headers } => headers
                .iter()
                .map(|h| format!("{}: {}", h.name, h.value))
                .collect::<Vec<_>>()
                .join(", "),
            LayerKind::RequestId { header } => format!("keeps or creates {header}"),
            LayerKind::Logging => "one line per request".into(),
            LayerKind::BearerAuth { token_env, .. } => {
                format!("401 without the token from ${token_env}")
            }
            LayerKind::Timeout { millis } => format!("408 after {millis} ms"),
            LayerKind::BodyLimit { max_bytes } => format!("413 above {max_bytes} bytes"),
            LayerKind::Custom { name } => format!("your `{name}` middleware"),
        }
    }
}

/// A header set by `set_headers`.
#[derive(Debug, Clone, Serialize)]
pub struct FixedHeader {
    /// Lower-case name.
    pub name: String,
    pub value: String,
    /// Only set when the response lacks it.
    pub if_absent: bool,
}

/// Validated CORS settings, with Starlette's defaults filled in.
#[derive(Debug, Clone, Serialize)]
pub struct Cors {
    pub allow_origins: Vec<String>,
    pub allow_all_origins: bool,
    /// The regex as written; the generator anchors it.
    pub allow_origin_regex: Option<String>,
    pub allow_credentials: bool,
    /// Upper-case methods, or `["*"]`.
    pub allow_methods: Vec<String>,
    /// Header names as written, or `["*"]`.
    pub allow_headers: Vec<String>,
    pub expose_headers: Vec<String>,
    pub max_age: u64,
    pub allow_private_network: bool,
}

/// A route with the stacks that wrap it, outermost first.
#[derive(Debug, Clone, Copy)]
pub struct Route<'a> {
    pub endpoint: &'a Endpoint,
    pub mount: Option<&'a Mount>,
    pub router: Option<&'a Router>,
    pub stacks: [&'a [Layer]; 3],
}

impl<'a> Route<'a> {
    /// Every layer a request passes through, outermost first.
    pub fn layers(&self) -> impl Iterator<Item = &'a Layer> + 'a {
        let stacks = self.stacks;
        stacks.into_iter().flatten()
    }
}

impl Model {
    /// Every endpoint, in spec order, to change.
    pub fn endpoints_mut(&mut self) -> impl Iterator<Item = &mut Endpoint> {
        self.endpoints
            .iter_mut()
            .chain(self.routers.iter_mut().flat_map(|r| r.endpoints.iter_mut()))
            .chain(self.mounts.iter_mut().flat_map(|m| {
                m.endpoints
                    .iter_mut()
                    .chain(m.routers.iter_mut().flat_map(|r| r.endpoints.iter_mut()))
            }))
    }

    /// Every route with the layers that wrap it, in spec order.
    pub fn routes(&self) -> Vec<Route<'_>> {
        let mut routes = Vec::new();
        let none: &[Layer] = &[];
        for endpoint in &self.endpoints {
            routes.push(Route {
                endpoint,
                mount: None,
                router: None,
                stacks: [&self.stack, none, none],
            });
        }
        for router in &self.routers {
            for endpoint in &router.endpoints {
                routes.push(Route {
                    endpoint,
                    mount: None,
                    router: Some(router),
                    stacks: [&self.stack, none, &router.stack],
                });
            }
        }
        for mount in &self.mounts {
            for endpoint in &mount.endpoints {
                routes.push(Route {
                    endpoint,
                    mount: Some(mount),
                    router: None,
                    stacks: [&self.stack, &mount.stack, none],
                });
            }
            for router in &mount.routers {
                for endpoint in &router.endpoints {
                    routes.push(Route {
                        endpoint,
                        mount: Some(mount),
                        router: Some(router),
                        stacks: [&self.stack, &mount.stack, &router.stack],
                    });
                }
            }
        }
        routes
    }
}
