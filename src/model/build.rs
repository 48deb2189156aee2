//! Builds the [`Model`] from a spec the rules accepted: fills in defaults, resolves full paths,
//! lower-cases header names. It trusts the validator and never fails.

use super::*;
use crate::grammar::{join_path, parse_route_path};
use crate::spec::{self, Spanned};

/// The default listen address.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8000";

/// Where the OpenAPI document is served, or `None` when the spec turns it off.
pub fn openapi_path(spec: &spec::Spec) -> Option<String> {
    match &spec.openapi {
        Some(openapi) if openapi.enabled == Some(false) => None,
        Some(openapi) => Some(
            openapi
                .path
                .as_ref()
                .map_or("/openapi.json".into(), |p| p.value.clone()),
        ),
        None => Some("/openapi.json".into()),
    }
}

pub fn build(spec: &spec::Spec) -> Model {
    let service = &spec.service;
    let listen = service
        .listen
        .as_ref()
        .map_or(DEFAULT_LISTEN.to_string(), |l| {
            crate::grammar::net::parse_listen(&l.value).map_or(l.value.clone(), |a| a.to_string())
        });
    let mut model = Model {
        models: data_models(spec),
        settings: settings(spec),
        service: Service {
            name: service.name.value.clone(),
            crate_ident: service.name.value.replace('-', "_"),
            version: service
                .version
                .as_ref()
                .map_or("0.1.0".into(), |v| v.value.clone()),
            description: service
                .description
                .as_ref()
                .map_or(String::new(), |d| d.value.clone()),
            listen,
        },
        stack: stack(&spec.middleware, &Level::App, ""),
        endpoints: spec
            .endpoints
            .iter()
            .map(|e| endpoint(e, "", "", &[]))
            .collect(),
        routers: spec.routers.iter().map(|r| router(r, "")).collect(),
        mounts: spec
            .mounts
            .iter()
            .map(|m| Mount {
                name: m.name.value.clone(),
                path: m.path.value.clone(),
                stack: stack(
                    &m.middleware,
                    &Level::Mount(m.name.value.clone()),
                    &m.path.value,
                ),
                endpoints: m
                    .endpoints
                    .iter()
                    .map(|e| endpoint(e, &m.path.value, "", &[]))
                    .collect(),
                routers: m.routers.iter().map(|r| router(r, &m.path.value)).collect(),
            })
            .collect(),
        openapi_path: openapi_path(spec),
        validates_requests: false,
    };
    type_bodies(&mut model, spec);
    // axum's `Path` and `Query` read a parameter's type, not its constraints nor a list.
    let unconstrained = Constraints::default();
    model.validates_requests = !model.models.is_empty()
        || model.routes().iter().any(|r| {
            let endpoint = r.endpoint;
            endpoint
                .query
                .iter()
                .any(|q| q.list || q.constraints != unconstrained)
                || endpoint
                    .params
                    .iter()
                    .any(|p| p.constraints != unconstrained)
        });
    model
}

/// The spec's models, fields in order, types parsed (the validator accepted them).
fn data_models(spec: &spec::Spec) -> Vec<DataModel> {
    let mut models: Vec<DataModel> = spec
        .models
        .iter()
        .map(|(name, model)| DataModel {
            name: name.value.clone(),
            description: model.description.clone(),
            strict: model.strict,
            union: model.one_of.as_ref().map(|members| Union {
                members: union_members(&members.value, model, spec),
                discriminator: model.discriminator.as_ref().map(|d| d.value.clone()),
            }),
            fields: model
                .fields
                .iter()
                .map(|(field, spec)| Field {
                    name: field.value.clone(),
                    rust_name: crate::grammar::rust_field_name(&field.value).unwrap_or_default(),
                    ty: parse_type(spec.value.type_text()),
                    constraints: Constraints::from_spec(spec.value.details()),
                    default: spec
                        .value
                        .details()
                        .and_then(|d| d.default.as_ref())
                        .map(|d| d.value.clone()),
                    description: spec.value.details().and_then(|d| d.description.clone()),
                    omit_none: spec
                        .value
                        .details()
                        .and_then(|d| d.omit_none.as_ref())
                        .is_some_and(|o| o.value),
                    example: spec
                        .value
                        .details()
                        .and_then(|d| d.example.as_ref())
                        .map(|e| e.value.clone()),
                    enum_name: None,
                })
                .collect(),
        })
        .collect();
    let mut enum_names = crate::grammar::EnumNames::new(models.iter().map(|m| m.name.as_str()));
    for model in &mut models {
        for field in &mut model.fields {
            if field.has_enum() {
                field.enum_name = Some(enum_names.next(&model.name, &field.rust_name));
            }
        }
    }
    models
}

/// A union's members, each with its Rust variant name (unique) and, with a discriminator, the
/// one value its model's discriminator field takes.
fn union_members(
    members: &[spec::Spanned<String>],
    model: &spec::ModelSpec,
    spec: &spec::Spec,
) -> Vec<UnionMember> {
    let mut taken = std::collections::BTreeSet::new();
    members
        .iter()
        .map(|member| {
            let ty = parse_type(&member.value);
            let base = match &ty.ty {
                TypeExpr::Model(name) => name.clone(),
                TypeExpr::Scalar(scalar) => {
                    heck::ToUpperCamelCase::to_upper_camel_case(scalar.name())
                }
                TypeExpr::List(_) => "List".to_string(),
                TypeExpr::Map(_) => "Map".to_string(),
            };
            let mut variant = base.clone();
            let mut n = 2;
            while !taken.insert(variant.clone()) {
                variant = format!("{base}{n}");
                n += 1;
            }
            let tag = match (&model.discriminator, &ty.ty) {
                (Some(field), TypeExpr::Model(name)) => spec
                    .models
                    .get(name)
                    .and_then(|m| m.fixed_value(&field.value))
                    .map(str::to_string),
                _ => None,
            };
            UnionMember {
                kind: JsonKind::of(&ty).unwrap_or(JsonKind::Object),
                ty,
                variant,
                tag,
            }
        })
        .collect()
}

fn parse_type(text: &str) -> FieldType {
    crate::grammar::types::parse(text).unwrap_or(FieldType {
        ty: TypeExpr::Scalar(Scalar::String),
        optional: false,
    })
}

/// Typed request and response bodies: their types, and their examples (the spec's, or one
/// derived from the type).
fn type_bodies(model: &mut Model, spec: &spec::Spec) {
    let mut specs: Vec<&spec::Endpoint> = spec.endpoints.iter().collect();
    for router in &spec.routers {
        specs.extend(&router.endpoints);
    }
    for mount in &spec.mounts {
        specs.extend(&mount.endpoints);
        for router in &mount.routers {
            specs.extend(&router.endpoints);
        }
    }
    let names: Vec<String> = model.endpoints_mut().map(|e| e.name.clone()).collect();
    // A response's example is what FastAPI would send: its dates written as pydantic writes
    // them (`dates_written`), and the bytes the server writes for it (`serialize_as`); a
    // request's stays as written, which is what clients send.
    let typed = |ty: &Option<Spanned<String>>,
                 example: &Option<Spanned<serde_json::Value>>,
                 is_response: bool| {
        ty.as_ref().map(|ty| {
            let ty = parse_type(&ty.value);
            let models = &model.models;
            let mut example = example.as_ref().map_or_else(
                || derive_example(&ty, &Constraints::default(), models),
                |e| e.value.clone(),
            );
            let serialized = is_response.then(|| {
                dates_written(&mut example, &ty, models);
                serialize_as(&example, &ty, models)
            });
            (ty, json(&example), serialized)
        })
    };
    // Each endpoint's spec by name, the first of a name as a search in order would find it.
    let mut by_name: std::collections::HashMap<&str, &spec::Endpoint> =
        std::collections::HashMap::with_capacity(specs.len());
    for spec in &specs {
        by_name.entry(spec.name.value.as_str()).or_insert(spec);
    }
    // Each endpoint's bodies are worked out on its own, on every core, then given to it.
    let order: Vec<usize> = (0..names.len()).collect();
    let bodies = crate::cores::map_in_order(&order, |n| {
        let spec = by_name.get(names[n].as_str())?;
        let request = spec
            .request
            .as_ref()
            .and_then(|r| typed(&r.model, &r.example, false));
        let response = spec
            .response
            .as_ref()
            .and_then(|r| typed(&r.model, &r.example, true));
        Some((request, response))
    });
    for (endpoint, bodies) in model.endpoints_mut().zip(bodies) {
        let Some((request, response)) = bodies else {
            continue;
        };
        if let Some((ty, example, _)) = request {
            endpoint.request_type = Some(ty);
            endpoint.request_body = Some(example);
        }
        if let Some((ty, example, serialized)) = response {
            endpoint.response_type = Some(ty);
            endpoint.response.body = Some(example);
            endpoint.response.serialized = serialized;
            endpoint
                .response
                .content_type
                .get_or_insert_with(|| "application/json".into());
        }
    }
}

fn router(router: &spec::RouterSpec, mount: &str) -> Router {
    let prefix = router
        .prefix
        .as_ref()
        .map_or(String::new(), |p| p.value.clone());
    Router {
        name: router.name.value.clone(),
        prefix: prefix.clone(),
        tags: router.tags.clone(),
        stack: stack(
            &router.middleware,
            &Level::Router(router.name.value.clone()),
            mount,
        ),
        endpoints: router
            .endpoints
            .iter()
            .map(|e| endpoint(e, mount, &prefix, &router.tags))
            .collect(),
    }
}

fn endpoint(
    endpoint: &spec::Endpoint,
    mount: &str,
    prefix: &str,
    router_tags: &[String],
) -> Endpoint {
    let relative = join_path(prefix, &endpoint.path.value);
    let full_path = if mount.is_empty() {
        relative.clone()
    } else {
        join_path(mount, &relative)
    };
    let params = parse_route_path(&endpoint.path.value)
        .unwrap_or_default()
        .into_iter()
        .map(|p| {
            let spec = endpoint.params.get(p.name);
            let ty = spec
                .and_then(|t| ParamType::parse(t.value.type_text()))
                .unwrap_or(ParamType::String);
            let constraints = Constraints::from_spec(spec.and_then(|t| t.value.details()));
            let mut example = crate::model::data::param_example(ty, &constraints);
            if example.is_empty() {
                // A path segment is never empty (`/links/` is no route's): a character at
                // least, or an `enum`'s first value that is not `""` (PeerTube's job states).
                let segment = Constraints {
                    min_length: Some(1),
                    allowed: constraints
                        .allowed
                        .iter()
                        .filter(|value| !value.is_empty())
                        .cloned()
                        .collect(),
                    ..constraints.clone()
                };
                example = crate::model::data::param_example(ty, &segment);
            }
            Param {
                name: p.name.to_string(),
                ty,
                example,
                constraints,
            }
        })
        .collect();
    let query = endpoint
        .query
        .iter()
        .map(|(name, spec)| {
            let written = spec.value.type_text();
            let optional = written.ends_with('?');
            let (ty, list) = ParamType::parse_query(written.trim_end_matches('?'))
                .unwrap_or((ParamType::String, false));
            let constraints = Constraints::from_spec(spec.value.details());
            QueryParam {
                name: name.value.clone(),
                rust_name: crate::grammar::rust_field_name(&name.value)
                    .unwrap_or_else(|| name.value.clone()),
                ty,
                list,
                example: crate::model::data::param_example(ty, &constraints),
                constraints,
                optional,
                default: spec
                    .value
                    .details()
                    .and_then(|d| d.default.as_ref())
                    .map(|d| d.value.clone()),
            }
        })
        .collect();
    let response = endpoint.response.as_ref();
    let body = response
        .and_then(|r| r.body.as_ref())
        .map(|b| json(&b.value));
    let mut tags = router_tags.to_vec();
    tags.extend(
        endpoint
            .tags
            .iter()
            .filter(|t| !router_tags.contains(t))
            .cloned(),
    );
    Endpoint {
        name: endpoint.name.value.clone(),
        method: endpoint.method.value.clone(),
        path: endpoint.path.value.clone(),
        full_path,
        mount_relative_path: relative,
        params,
        query,
        request_type: None,
        response_type: None,
        request_body: endpoint
            .request
            .as_ref()
            .and_then(|r| r.body.as_ref())
            .map(|b| json(&b.value)),
        response: Response {
            status: response
                .and_then(|r| r.status.as_ref())
                .map_or(200, |s| s.value),
            content_type: response
                .and_then(|r| r.content_type.as_ref())
                .map(|c| c.value.clone())
                .or_else(|| body.as_ref().map(|_| "application/json".to_string())),
            body,
            headers: response
                .map(|r| {
                    r.headers
                        .iter()
                        .map(|(n, v)| (n.value.to_ascii_lowercase(), v.value.clone()))
                        .collect()
                })
                .unwrap_or_default(),
            serialized: None,
        },
        summary: endpoint.summary.clone(),
        tags,
        errors: {
            let mut errors: Vec<u16> = endpoint.errors.iter().map(|e| e.value).collect();
            errors.sort_unstable();
            errors.dedup();
            errors
        },
    }
}

fn json(value: &serde_json::Value) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

fn lower(name: &Option<Spanned<String>>, default: &str) -> String {
    name.as_ref()
        .map_or(default.to_string(), |n| n.value.to_ascii_lowercase())
}

fn values(list: &[Spanned<String>]) -> Vec<String> {
    list.iter().map(|s| s.value.clone()).collect()
}

/// `mount` is the mount path the stack sits under: inside a nested sub-app, axum strips it from
/// the request path, so public paths are stored relative to it.
fn stack(layers: &[Spanned<spec::Middleware>], level: &Level, mount: &str) -> Vec<Layer> {
    layers
        .iter()
        .enumerate()
        .map(|(index, layer)| Layer {
            level: level.clone(),
            index,
            kind: kind(&layer.value, mount),
        })
        .collect()
}

fn kind(middleware: &spec::Middleware, mount: &str) -> LayerKind {
    use spec::Middleware as M;
    match middleware {
        M::TrustedHost(t) => LayerKind::TrustedHost {
            allowed_hosts: t
                .allowed_hosts
                .iter()
                .map(|h| h.value.to_ascii_lowercase())
                .collect(),
            www_redirect: t.www_redirect.unwrap_or(true),
        },
        M::HttpsRedirect(h) => LayerKind::HttpsRedirect {
            trusted_proxies: h
                .trusted_proxies
                .iter()
                .filter_map(|p| crate::grammar::net::parse_cidr(&p.value))
                .map(|(address, bits)| format!("{address}/{bits}"))
                .collect(),
        },
        M::Cors(c) => {
            let allow_all_origins = c.allow_origins.iter().any(|o| o.value == "*");
            LayerKind::Cors(Cors {
                allow_origins: if allow_all_origins {
                    Vec::new()
                } else {
                    values(&c.allow_origins)
                },
                allow_all_origins,
                allow_origin_regex: c.allow_origin_regex.as_ref().map(|r| r.value.clone()),
                allow_credentials: c.allow_credentials.as_ref().is_some_and(|c| c.value),
                allow_methods: c
                    .allow_methods
                    .as_ref()
                    .map_or(vec!["GET".into()], |m| values(m)),
                allow_headers: values(&c.allow_headers),
                expose_headers: values(&c.expose_headers),
                max_age: c.max_age.as_ref().map_or(600, |m| m.value),
                allow_private_network: c.allow_private_network.unwrap_or(false),
            })
        }
        M::Gzip(g) => LayerKind::Gzip {
            minimum_size: g.minimum_size.as_ref().map_or(500, |m| m.value),
            level: g.compresslevel.as_ref().map_or(9, |l| l.value),
        },
        M::Timing(t) => LayerKind::Timing {
            header: lower(&t.header, "x-process-time"),
        },
        M::SetHeaders(headers) => LayerKind::SetHeaders {
            headers: headers
                .iter()
                .map(|(name, setting)| FixedHeader {
                    name: name.value.to_ascii_lowercase(),
                    value: setting.value.value().to_string(),
                    if_absent: setting.value.mode() == spec::HeaderMode::IfAbsent,
                })
                .collect(),
        },
        M::RequestId(r) => LayerKind::RequestId {
            header: lower(&r.header, "x-request-id"),
        },
        M::Logging(_) => LayerKind::Logging,
        M::BearerAuth(b) => LayerKind::BearerAuth {
            // Present: `check` reports a bearer_auth without one.
            token_env: b
                .token_env
                .as_ref()
                .map_or_else(String::new, |t| t.value.clone()),
            public_paths: b
                .public_paths
                .iter()
                .map(|p| match p.value.strip_prefix(mount) {
                    Some("") if !mount.is_empty() => "/".to_string(),
                    Some(rest) if !mount.is_empty() && rest.starts_with('/') => rest.to_string(),
                    _ => p.value.clone(),
                })
                .collect(),
        },
        M::Timeout(t) => LayerKind::Timeout {
            millis: (t.seconds.value * 1000.0).round().max(1.0) as u64,
        },
        M::BodyLimit(b) => LayerKind::BodyLimit {
            max_bytes: b.max_bytes.value,
        },
        M::Custom(c) => LayerKind::Custom {
            name: c.name.value.clone(),
        },
    }
}

/// The spec's settings, types parsed and defaults written as the environment gives them (the
/// validator accepted them).
fn settings(spec: &spec::Spec) -> Vec<Setting> {
    use crate::grammar::settings::{default_text, setting_scalar};
    spec.settings
        .iter()
        .filter_map(|(name, setting)| {
            let text = setting.ty.as_ref().map_or("string", |ty| ty.value.as_str());
            let (ty, optional) = setting_scalar(text)?;
            Some(Setting {
                env: name.value.clone(),
                field: crate::grammar::config_field(&name.value),
                ty,
                optional,
                default: setting
                    .default
                    .as_ref()
                    .and_then(|value| default_text(ty, &value.value)),
                secret: setting.secret,
                description: setting.description.clone(),
            })
        })
        .collect()
}
