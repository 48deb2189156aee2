//! The tests of endpoints that validate as FastAPI does: requests that do not fit their types
//! (a body without a required field, with a wrong type, breaking a constraint, malformed; a
//! path or query parameter that is not of its type) are answered 422 with FastAPI's exact
//! `detail`, by the handler, so every layer outside it adds its headers to the 422 too.

use super::answer::{self, Refusal};
use super::invalid::{self, ValidationError};
use super::probe::base_request;
use super::{Planner, TestRequest};
use crate::model::{Layer, Model, ParamType, Route, TypeExpr};
use serde_json::{Value, json};

impl Planner {
    pub(super) fn typed(&mut self, model: &Model, route: &Route) {
        let endpoint = route.endpoint;
        if !crate::plan::validates(model, endpoint) {
            return;
        }
        let layers: Vec<&Layer> = route.layers().collect();
        let base = base_request(route, &layers);
        if answer::answer(route, &layers, &base).position < layers.len() {
            return; // Redirected before it reaches the handler.
        }
        // The body.
        if let Some(TypeExpr::Model(name)) = endpoint.request_type.as_ref().map(|t| &t.ty)
            && let Some(data) = model.models.iter().find(|m| m.name == *name)
            && let Some(example) = endpoint
                .request_body
                .as_deref()
                .and_then(|b| serde_json::from_str::<Value>(b).ok())
        {
            for case in invalid::invalid_bodies(data, &example, &model.models) {
                let mut request = base.clone();
                request.body = Some(case.body.clone());
                request.set_header("content-type", "application/json");
                self.refused(
                    route,
                    &layers,
                    request,
                    &case.detail,
                    &case.label,
                    &case.doc,
                );
            }
        }
        // The first path parameter, then the first query parameter, that a string can break.
        let params = endpoint
            .params
            .iter()
            .map(|p| ("path", p.name.as_str(), p.ty, false))
            .chain(
                endpoint
                    .query
                    .iter()
                    .map(|q| ("query", q.name.as_str(), q.ty, q.list)),
            );
        for (source, name, ty, list) in params {
            let Some((value, kind, msg)) = wrong_text(ty) else {
                continue;
            };
            let mut request = base.clone();
            // A list's only item then: its error's `loc` ends with the item's index.
            request.uri = with_param(endpoint, &request.uri, source, name, value);
            let mut loc = vec![json!(source), json!(name)];
            if list {
                loc.push(json!(0));
            }
            let detail = invalid::detail(&[ValidationError {
                kind,
                loc,
                msg: msg.into(),
                input: json!(value),
                ctx: None,
            }]);
            // The test's name takes the parameter's Rust name: its wire name may be
            // `skipContent` or `service.ranking`.
            let label = format!(
                "with_a_wrong_type_of_{source}_{}",
                crate::grammar::rust_field_name(name)
                    .map(|rust| rust.trim_end_matches('_').to_string())
                    .unwrap_or_else(|| super::probe::slug(name))
            );
            let doc = match list {
                true => format!(
                    "A {source} parameter `{name}` whose item is not a `{}` is answered 422.",
                    ty.name()
                ),
                false => format!(
                    "A {source} parameter `{name}` that is not a `{}` is answered 422.",
                    ty.name()
                ),
            };
            self.refused(route, &layers, request, &detail, &label, &doc);
        }
    }

    fn refused(
        &mut self,
        route: &Route,
        layers: &[&Layer],
        mut request: TestRequest,
        detail: &str,
        label: &str,
        doc: &str,
    ) {
        // From an allowed origin: the 422 must carry the CORS headers too.
        Self::with_origin(&mut request, layers);
        let refusal = Refusal {
            status: 422,
            body: detail.to_string(),
        };
        let (expect, _) =
            answer::outcome_or(route, layers, &request, &self.set_anywhere, Some(&refusal));
        self.push(
            format!("{}_rejects_a_request_{label}", route.endpoint.name),
            doc.to_string(),
            request,
            expect,
        );
    }
}

/// Text that is not a value of `ty`, with Pydantic's error type and message (`None` for
/// `string`, which takes any text).
fn wrong_text(ty: ParamType) -> Option<(&'static str, &'static str, &'static str)> {
    Some(match ty {
        ParamType::String => return None,
        ParamType::Bool => (
            "maybe",
            "bool_parsing",
            "Input should be a valid boolean, unable to interpret input",
        ),
        ParamType::F64 => (
            "abc",
            "float_parsing",
            "Input should be a valid number, unable to parse string as a number",
        ),
        _ => (
            "abc",
            "int_parsing",
            "Input should be a valid integer, unable to parse string as an integer",
        ),
    })
}

/// The request URI with one path or query parameter set to `value`.
fn with_param(
    endpoint: &crate::model::Endpoint,
    uri: &str,
    source: &str,
    name: &str,
    value: &str,
) -> String {
    let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
    if source == "path" {
        // The same path with this parameter's segment replaced.
        let template: Vec<&str> = endpoint.full_path.split('/').collect();
        let mut segments: Vec<String> = path.split('/').map(str::to_string).collect();
        if let Some(i) = template.iter().position(|t| *t == format!("{{{name}}}"))
            && i < segments.len()
        {
            segments[i] = value.to_string();
        }
        let path = segments.join("/");
        return if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        };
    }
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty() && p.split('=').next() != Some(name))
        .map(str::to_string)
        .collect();
    pairs.push(format!("{name}={value}"));
    format!("{path}?{}", pairs.join("&"))
}
