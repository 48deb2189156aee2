//! The spec format: what a user writes in `axumgen.yaml`, exactly as parsed.
//!
//! These types are the format's single definition: serde reads them (rejecting unknown keys) and
//! schemars turns their doc comments into the JSON Schema that editors use. Nothing here is
//! checked beyond YAML types; the validator turns a [`Spec`] into a [`crate::model::Model`].

use super::spanned::{Spanned, SpannedMap};
use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use std::fmt;

/// An axumgen spec: a web service, its middleware stack, endpoints, routers and mounted sub-apps.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "axumgen spec")]
pub struct Spec {
    /// Spec format version. Only `1` exists.
    pub axumgen: Spanned<u32>,
    pub service: Service,
    /// App-wide middleware in execution order: the first entry is the outermost layer, the first
    /// to see a request and the last to touch the response.
    #[serde(default)]
    pub middleware: Vec<Spanned<Middleware>>,
    /// Endpoints on the app itself.
    #[serde(default)]
    pub endpoints: Vec<Endpoint>,
    /// Groups of endpoints sharing a path prefix, tags and a middleware stack of their own.
    #[serde(default)]
    pub routers: Vec<RouterSpec>,
    /// Sub-apps mounted under a path, with their own middleware inside the app's.
    #[serde(default)]
    pub mounts: Vec<Mount>,
    /// The OpenAPI document the generated server serves.
    #[serde(default)]
    pub openapi: Option<OpenApi>,
    /// Data models for request and response bodies, by name (`NewTask`). Fields are validated,
    /// and their errors reported, in the order written.
    #[serde(default)]
    pub models: SpannedMap<ModelSpec>,
    /// Settings read from the environment at start-up, by variable name (`DATABASE_URL`). Each
    /// becomes a typed field of the generated `Config` (`config.database_url`); every missing or
    /// malformed one is reported at once, by name, and a secret's value is never printed.
    #[serde(default)]
    pub settings: SpannedMap<SettingSpec>,
}

/// One setting read from the environment.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingSpec {
    /// `string` (when left out), `bool`, `u8`, `u16`, `u32`, `u64`, `i32`, `i64` or `f64`; a
    /// trailing `?` makes it optional (unset is `None`).
    #[serde(rename = "type", default)]
    pub ty: Option<Spanned<String>>,
    /// The value when the variable is unset. A setting with neither a default nor `?` must be
    /// set, or the server refuses to start.
    #[serde(default)]
    pub default: Option<Spanned<serde_json::Value>>,
    /// A password or token: it must come from the environment (no default), and its value is
    /// never printed or logged.
    #[serde(default)]
    pub secret: bool,
    /// One line about it, for `Config`'s documentation and `.env.example`.
    #[serde(default)]
    pub description: Option<String>,
}

/// A data model: a JSON object with typed fields.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModelSpec {
    /// One line about the model (a doc comment and the OpenAPI description).
    #[serde(default)]
    pub description: Option<String>,
    /// Pydantic's strict mode for this model's fields (`ConfigDict(strict=True)`): a value must
    /// already have its JSON type (`"done": 0` or `"count": "5"` answer 422 instead of being
    /// converted). Date-times, dates and UUIDs are still read from strings, as Pydantic's JSON
    /// mode does. A nested model keeps its own setting.
    #[serde(default)]
    pub strict: bool,
    /// The fields, by JSON name, in order. A field's value is its type (`string`, `u32?`,
    /// `[Tag]`, `{string: string}`, another model) or `{ type, constraints… }`.
    #[serde(default)]
    pub fields: SpannedMap<Spanned<FieldSpec>>,
    /// Instead of fields: the model is one of these types (Pydantic's `Union[...]`), each a
    /// model name, `string`, an integer type, `f64`, `bool`, `[T]` or `{string: T}`, at most one
    /// of each JSON kind, so a value's kind tells which it is.
    #[serde(default)]
    pub one_of: Option<Spanned<Vec<Spanned<String>>>>,
    /// With `one_of` of models only: the field whose value tells which model a value is
    /// (Pydantic's `Field(discriminator=...)`); in each model, a `string` with a one-value
    /// `enum`.
    #[serde(default)]
    pub discriminator: Option<Spanned<String>>,
}

impl ModelSpec {
    /// The one value the field `name` is fixed to, when it is a required `string` with a
    /// one-value `enum`: what a union's discriminator reads to pick this model.
    pub fn fixed_value(&self, name: &str) -> Option<&str> {
        let field = self.fields.get(name)?;
        let details = field.value.details()?;
        let allowed = details.allowed.as_ref()?;
        let plain = field.value.type_text() == "string" && details.default.is_none();
        match allowed.value.as_slice() {
            [one] if plain => Some(one.value.as_str()),
            _ => None,
        }
    }
}

/// A field, query parameter or path parameter: its type alone, or its type with constraints.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(untagged)]
pub enum FieldSpec {
    /// The type: a scalar (`string`, `bool`, `u8`…`u64`, `i32`, `i64`, `f64`, `date-time`,
    /// `date`, `uuid`, `email`), `[T]`, `{string: T}` or a model name; `?` makes it optional
    /// (absent or `null`).
    Type(String),
    Detailed(Box<FieldDetails>),
}

/// A type with constraints (Pydantic's `Field(...)`).
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldDetails {
    /// The type, as in the short form.
    #[serde(rename = "type")]
    pub ty: Spanned<String>,
    /// One line about the field.
    #[serde(default)]
    pub description: Option<String>,
    /// The value when the field is absent (it is then not required).
    #[serde(default)]
    pub default: Option<Spanned<serde_json::Value>>,
    /// Strings: fewest characters.
    #[serde(default)]
    pub min_length: Option<Spanned<u64>>,
    /// Strings: most characters.
    #[serde(default)]
    pub max_length: Option<Spanned<u64>>,
    /// Strings: a regular expression the value must contain a match of.
    #[serde(default)]
    pub pattern: Option<Spanned<String>>,
    /// Numbers: greater than or equal to.
    #[serde(default)]
    pub ge: Option<Spanned<serde_json::Number>>,
    /// Numbers: greater than.
    #[serde(default)]
    pub gt: Option<Spanned<serde_json::Number>>,
    /// Numbers: less than or equal to.
    #[serde(default)]
    pub le: Option<Spanned<serde_json::Number>>,
    /// Numbers: less than.
    #[serde(default)]
    pub lt: Option<Spanned<serde_json::Number>>,
    /// Strings: the only values allowed.
    #[serde(default, rename = "enum")]
    pub allowed: Option<Spanned<Vec<Spanned<String>>>>,
    /// Lists: fewest items.
    #[serde(default)]
    pub min_items: Option<Spanned<u64>>,
    /// Lists: most items.
    #[serde(default)]
    pub max_items: Option<Spanned<u64>>,
    /// An optional field (`T?`) whose `None` is left out of the JSON the server writes instead
    /// of written as `null`: for APIs where a property may be absent but is never `null`
    /// (FastAPI's `response_model_exclude_none`, for one field). Requests may still send `null`.
    #[serde(default)]
    pub omit_none: Option<Spanned<bool>>,
    /// A value of the field, for examples axumgen derives (a model's example takes it instead of
    /// a made-up one) and for `/openapi.json` (Pydantic's `Field(examples=[...])`).
    #[serde(default)]
    pub example: Option<Spanned<serde_json::Value>>,
}

impl FieldSpec {
    /// The type as written.
    pub fn type_text(&self) -> &str {
        match self {
            FieldSpec::Type(text) => text,
            FieldSpec::Detailed(details) => &details.ty.value,
        }
    }

    /// The constraints, when written in the long form.
    pub fn details(&self) -> Option<&FieldDetails> {
        match self {
            FieldSpec::Type(_) => None,
            FieldSpec::Detailed(details) => Some(details),
        }
    }
}

impl Spanned<FieldSpec> {
    /// The type as written, with where it was written.
    pub fn type_spanned(&self) -> Spanned<String> {
        match &self.value {
            FieldSpec::Type(text) => Spanned {
                value: text.clone(),
                span: self.span,
            },
            FieldSpec::Detailed(details) => details.ty.clone(),
        }
    }
}

impl<'de> Deserialize<'de> for FieldSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldVisitor;
        impl<'de> Visitor<'de> for FieldVisitor {
            type Value = FieldSpec;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a type (`string`, `u32?`, `[Tag]`…) or `{ type: ..., constraints… }`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<FieldSpec, E> {
                Ok(FieldSpec::Type(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<FieldSpec, A::Error> {
                FieldDetails::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|details| FieldSpec::Detailed(Box::new(details)))
            }
        }
        deserializer.deserialize_any(FieldVisitor)
    }
}

/// The generated crate's identity and where it listens.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Crate name of the generated project (`task-manager`).
    pub name: Spanned<String>,
    /// Semantic version of the service. Default `0.1.0`.
    #[serde(default)]
    pub version: Option<Spanned<String>>,
    /// One line describing the service (crate description and OpenAPI title).
    #[serde(default)]
    pub description: Option<Spanned<String>>,
    /// Address to bind, `host:port`. Default `127.0.0.1:8000`. The `BIND` (full address) and
    /// `PORT` environment variables override it at run time.
    #[serde(default)]
    pub listen: Option<Spanned<String>>,
}

/// Serving the OpenAPI document.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenApi {
    /// Serve the document. Default `true`.
    #[serde(default)]
    pub enabled: Option<bool>,
    /// Where to serve it. Default `/openapi.json`.
    #[serde(default)]
    pub path: Option<Spanned<String>>,
}

/// One middleware layer. Written as a one-key mapping: `- cors: { ... }`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Middleware {
    /// Reject requests whose `Host` is not allowed (400 `Invalid host header`).
    TrustedHost(TrustedHost),
    /// Redirect plain-HTTP requests to https (307).
    HttpsRedirect(HttpsRedirect),
    /// Cross-origin resource sharing, with Starlette's `CORSMiddleware` semantics.
    Cors(Cors),
    /// Gzip response bodies at least `minimum_size` bytes long.
    Gzip(Gzip),
    /// Add a header with the elapsed milliseconds of everything inside this layer.
    Timing(Timing),
    /// Add fixed response headers: `{ X-Handled-By: datatweets }`.
    SetHeaders(SpannedMap<Spanned<HeaderSetting>>),
    /// Keep or create an `X-Request-Id` and echo it on the response.
    RequestId(RequestId),
    /// One structured log line per request.
    Logging(Logging),
    /// Require `Authorization: Bearer <token>`, the token read from an environment variable.
    BearerAuth(BearerAuth),
    /// Answer 408 when the inner layers take longer than `seconds`.
    Timeout(Timeout),
    /// Answer 413 to request bodies larger than `max_bytes`.
    BodyLimit(BodyLimit),
    /// A middleware you write: axumgen scaffolds it once and wires it in at this position.
    Custom(Custom),
}

impl Middleware {
    /// The kind as written in the spec (`trusted_host`).
    pub fn kind(&self) -> &'static str {
        match self {
            Middleware::TrustedHost(_) => "trusted_host",
            Middleware::HttpsRedirect(_) => "https_redirect",
            Middleware::Cors(_) => "cors",
            Middleware::Gzip(_) => "gzip",
            Middleware::Timing(_) => "timing",
            Middleware::SetHeaders(_) => "set_headers",
            Middleware::RequestId(_) => "request_id",
            Middleware::Logging(_) => "logging",
            Middleware::BearerAuth(_) => "bearer_auth",
            Middleware::Timeout(_) => "timeout",
            Middleware::BodyLimit(_) => "body_limit",
            Middleware::Custom(_) => "custom",
        }
    }
}

/// `trusted_host` settings (Starlette's `TrustedHostMiddleware`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrustedHost {
    /// Host names allowed in the `Host` header: exact names, `*.example.com` (any subdomain, not
    /// the apex), or `*` (anything).
    pub allowed_hosts: Vec<Spanned<String>>,
    /// Redirect `example.com` to `www.example.com` when only the latter is allowed. Default `true`.
    #[serde(default)]
    pub www_redirect: Option<bool>,
}

/// `https_redirect` settings (Starlette's `HTTPSRedirectMiddleware`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HttpsRedirect {
    /// Proxies (IP addresses or CIDR ranges) whose `X-Forwarded-Proto` is believed. Empty (the
    /// default): the server itself is the edge, every request arrives over plain HTTP.
    #[serde(default)]
    pub trusted_proxies: Vec<Spanned<String>>,
}

/// `cors` settings (Starlette's `CORSMiddleware`; same names and defaults).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cors {
    /// Origins allowed to read responses: `scheme://host[:port]`, exactly as browsers send them.
    #[serde(default)]
    pub allow_origins: Vec<Spanned<String>>,
    /// A regular expression an origin must match in full (as Python's `fullmatch`).
    #[serde(default)]
    pub allow_origin_regex: Option<Spanned<String>>,
    /// Allow cookies and `Authorization` on cross-origin requests. Default `false`.
    #[serde(default)]
    pub allow_credentials: Option<Spanned<bool>>,
    /// Methods allowed in preflights. `["*"]` allows all. Default `["GET"]`.
    #[serde(default)]
    pub allow_methods: Option<Vec<Spanned<String>>>,
    /// Request headers allowed in preflights (the CORS-safelisted four are always allowed).
    /// `["*"]` allows any.
    #[serde(default)]
    pub allow_headers: Vec<Spanned<String>>,
    /// Response headers browsers may expose to scripts.
    #[serde(default)]
    pub expose_headers: Vec<Spanned<String>>,
    /// Seconds browsers may cache a preflight answer. Default 600.
    #[serde(default)]
    pub max_age: Option<Spanned<u64>>,
    /// Answer Private Network Access preflights (legacy Chrome feature). Default `false`.
    #[serde(default)]
    pub allow_private_network: Option<bool>,
    /// Permit a configuration that lets any site read credentialed responses. Default `false`.
    #[serde(default)]
    pub unsafe_allow_any_origin_with_credentials: Option<bool>,
}

/// `gzip` settings (Starlette's `GZipMiddleware`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gzip {
    /// Bodies shorter than this many bytes are sent uncompressed. Default 500.
    #[serde(default)]
    pub minimum_size: Option<Spanned<u64>>,
    /// Gzip level, 1 (fastest) to 9 (smallest). Default 9.
    #[serde(default)]
    pub compresslevel: Option<Spanned<u32>>,
}

/// `timing` settings.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Timing {
    /// Response header that receives the elapsed milliseconds. Default `X-Process-Time`.
    #[serde(default)]
    pub header: Option<Spanned<String>>,
}

/// A fixed header: a value, or a value and how to treat an existing header of that name.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(untagged)]
pub enum HeaderSetting {
    /// The value; replaces any value the inner layers set.
    Value(String),
    Detailed {
        value: String,
        /// `overwrite` (default) or `if_absent`.
        mode: HeaderMode,
    },
}

impl HeaderSetting {
    pub fn value(&self) -> &str {
        match self {
            HeaderSetting::Value(value) | HeaderSetting::Detailed { value, .. } => value,
        }
    }

    pub fn mode(&self) -> HeaderMode {
        match self {
            HeaderSetting::Value(_) => HeaderMode::Overwrite,
            HeaderSetting::Detailed { mode, .. } => *mode,
        }
    }
}

/// What `set_headers` does when the response already has the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HeaderMode {
    #[default]
    Overwrite,
    IfAbsent,
}

impl<'de> Deserialize<'de> for HeaderSetting {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SettingVisitor;
        impl<'de> Visitor<'de> for SettingVisitor {
            type Value = HeaderSetting;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a header value, or `{ value: ..., mode: overwrite | if_absent }`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<HeaderSetting, E> {
                Ok(HeaderSetting::Value(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<HeaderSetting, E> {
                Ok(HeaderSetting::Value(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<HeaderSetting, E> {
                Ok(HeaderSetting::Value(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<HeaderSetting, E> {
                Ok(HeaderSetting::Value(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<HeaderSetting, E> {
                Err(E::custom(
                    "a number with a fractional part is not a header value: quote it (`\"2.1\"`) so it keeps its digits",
                ))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<HeaderSetting, A::Error> {
                let mut value = None;
                let mut mode = HeaderMode::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "value" => value = Some(map.next_value::<String>()?),
                        "mode" => mode = map.next_value()?,
                        other => {
                            return Err(serde::de::Error::unknown_field(other, &["value", "mode"]));
                        }
                    }
                }
                let value = value.ok_or_else(|| serde::de::Error::missing_field("value"))?;
                Ok(HeaderSetting::Detailed { value, mode })
            }
        }
        deserializer.deserialize_any(SettingVisitor)
    }
}

/// `request_id` settings.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestId {
    /// The header carrying the id. Default `X-Request-Id`.
    #[serde(default)]
    pub header: Option<Spanned<String>>,
}

/// `logging` settings.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Logging {}

/// `bearer_auth` settings.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BearerAuth {
    /// Environment variable holding the token; the server refuses to start without it.
    //
    // Required (the schema says so), but read as optional so that `check` reports a missing one
    // beside the layer's other problems (a literal `token`), not instead of them.
    #[schemars(required)]
    pub token_env: Option<Spanned<String>>,
    /// Paths served without a token (exact full paths, like `/ping`).
    #[serde(default)]
    pub public_paths: Vec<Spanned<String>>,
    /// Not allowed: a token must never be written in the spec. Use `token_env`.
    #[serde(default)]
    #[schemars(skip)]
    pub token: Option<Spanned<String>>,
}

/// `timeout` settings.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Timeout {
    /// Seconds (fractions allowed) before the request is answered with 408.
    pub seconds: Spanned<f64>,
}

/// `body_limit` settings.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BodyLimit {
    /// Largest request body accepted, in bytes.
    pub max_bytes: Spanned<u64>,
}

/// `custom` settings.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Custom {
    /// The middleware's name, a snake_case Rust identifier (`audit`).
    pub name: Spanned<String>,
}

/// An HTTP endpoint: becomes a route and a handler.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    /// The handler's name: a snake_case Rust identifier, unique in the spec.
    pub name: Spanned<String>,
    /// `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, `HEAD` or `OPTIONS`.
    pub method: Spanned<String>,
    /// Path in axum 0.8 syntax, relative to the router's prefix: `/`, `/{task_id}`, `/{*rest}`.
    pub path: Spanned<String>,
    /// Types of the path parameters: `{ task_id: u64 }` (or `{ type: u64, ge: 1 }`).
    #[serde(default)]
    pub params: SpannedMap<Spanned<FieldSpec>>,
    /// Types of the query parameters; a trailing `?` makes one optional (`{ page: u32? }`), a
    /// `default` is its value when absent (`{ page: { type: u32, default: 1 } }`), and `[T]` is
    /// a list, given once per item (`{ tag: "[string]" }`: `?tag=a&tag=b`).
    #[serde(default)]
    pub query: SpannedMap<Spanned<FieldSpec>>,
    #[serde(default)]
    pub request: Option<RequestSpec>,
    #[serde(default)]
    pub response: Option<ResponseSpec>,
    /// One line for the OpenAPI document.
    #[serde(default)]
    pub summary: Option<String>,
    /// Statuses the handler may answer with an `HttpError` (`[404, 409]`), for the OpenAPI
    /// document: each is documented with FastAPI's `{"detail": ...}` body.
    #[serde(default)]
    pub errors: Vec<Spanned<u16>>,
    /// Extra OpenAPI tags (the router's tags apply too).
    #[serde(default)]
    pub tags: Vec<String>,
}

/// The request an endpoint expects.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestSpec {
    /// An example JSON body, untyped (no model).
    #[serde(default)]
    pub body: Option<Spanned<serde_json::Value>>,
    /// The body's type: a model name, or any type (`[NewTask]`).
    #[serde(default)]
    pub model: Option<Spanned<String>>,
    /// An example body of that type (checked against it). Without one, axumgen derives one
    /// from the model.
    #[serde(default)]
    pub example: Option<Spanned<serde_json::Value>>,
}

/// The response a generated handler answers with until you write your own logic.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseSpec {
    /// Status code. Default 200.
    #[serde(default)]
    pub status: Option<Spanned<u16>>,
    /// Example body, sent as JSON, untyped (no model).
    #[serde(default)]
    pub body: Option<Spanned<serde_json::Value>>,
    /// The body's type: a model name, or any type (`[Task]`).
    #[serde(default)]
    pub model: Option<Spanned<String>>,
    /// An example body of that type (checked against it). Without one, axumgen derives one
    /// from the model.
    #[serde(default)]
    pub example: Option<Spanned<serde_json::Value>>,
    /// Content type. Default `application/json` when there is a body.
    #[serde(default)]
    pub content_type: Option<Spanned<String>>,
    /// Extra response headers.
    #[serde(default)]
    pub headers: SpannedMap<Spanned<String>>,
}

/// A router (FastAPI's `APIRouter`): endpoints under a prefix, with tags and middleware.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RouterSpec {
    /// Module name: a snake_case Rust identifier.
    pub name: Spanned<String>,
    /// Path prefix, like `/tasks` (no trailing slash).
    #[serde(default)]
    pub prefix: Option<Spanned<String>>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// This router's middleware, outermost first; it wraps only this router's routes.
    #[serde(default)]
    pub middleware: Vec<Spanned<Middleware>>,
    #[serde(default)]
    pub endpoints: Vec<Endpoint>,
}

/// A mounted sub-app (FastAPI's `app.mount`): its own middleware stack inside the app's.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mount {
    /// Module name: a snake_case Rust identifier.
    pub name: Spanned<String>,
    /// Where it is mounted, like `/metrics`.
    pub path: Spanned<String>,
    /// The sub-app's middleware, outermost first, inside the app's.
    #[serde(default)]
    pub middleware: Vec<Spanned<Middleware>>,
    #[serde(default)]
    pub endpoints: Vec<Endpoint>,
    #[serde(default)]
    pub routers: Vec<RouterSpec>,
}
