//! One endpoint's handler: its signature (the validated request it takes, the typed reply it
//! gives), its file's `use` lines and layout. Its `api.rs` parameter structs are `params.rs`'s.

use crate::grammar::type_stem;
use crate::model::Endpoint;
use serde::Serialize;

/// Everything about one endpoint's handler.
#[derive(Debug, Clone, Serialize)]
pub struct HandlerContext {
    pub name: String,
    pub method: String,
    pub full_path: String,
    pub summary: Option<String>,
    pub params: Vec<crate::model::Param>,
    pub query: Vec<super::params::QueryField>,
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
    /// What the handler returns: `Response`, or `Result<CreateTaskReply, HttpError>` when the
    /// response has a model.
    pub returns: String,
    /// The typed reply, when the response has a model.
    pub reply: Option<ReplyContext>,
    /// The body of the reply's `into_response`, the call of `crate::validation::reply`, laid
    /// out as rustfmt would (eight columns in).
    pub reply_call: String,
    /// The handler's declaration up to its brace, as rustfmt lays it out (`None` when that
    /// layout is not known here: the file then goes through rustfmt).
    pub declaration: Option<String>,
    /// The handler takes `Valid<Path, Query, Body>`: its parameter structs implement
    /// `FromParams`, each field read with its validator.
    pub validated: bool,
    /// For `FromParams`: each path parameter's read method and validator.
    pub param_reads: Vec<super::params::ParamRead>,
    /// The same for the query parameters.
    pub query_reads: Vec<super::params::ParamRead>,
    /// rustfmt writes the path struct's `Some(Self { a: a? })` on one line.
    pub path_literal_on_one_line: bool,
    /// The same for the query struct.
    pub query_literal_on_one_line: bool,
    /// A query parameter has a default (the query struct has functions that give them).
    pub query_defaults: bool,
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

/// The typed answer of an endpoint whose response has a `model`.
#[derive(Debug, Clone, Serialize)]
pub struct ReplyContext {
    /// `CreateTaskReply`, defined in `api.rs`.
    pub name: String,
    /// The body's Rust type from outside `models.rs` (`Vec<crate::models::Task>`).
    pub body: String,
    /// The model as the handler's doc names it (`[Task]`).
    pub model: String,
    /// `pub struct Name(pub Body);` fits on one line (else its field goes on a line of its own).
    pub on_one_line: bool,
}

pub(super) fn handler(endpoint: &Endpoint, validated: bool) -> HandlerContext {
    let path_struct =
        (!endpoint.params.is_empty()).then(|| format!("{}Path", type_stem(&endpoint.name)));
    let query_struct =
        (!endpoint.query.is_empty()).then(|| format!("{}Query", type_stem(&endpoint.name)));
    let json_body = endpoint.request_body.is_some() && !validated;
    let mut arguments = Vec::new();
    let mut extractors = Vec::new();
    // The body's model is named through `models::`, so that no model name can clash with
    // another import.
    let uses_models = validated && endpoint.request_type.is_some();
    if validated {
        let body = match &endpoint.request_type {
            Some(ty) => {
                format!("models::{}", super::models::rust_type(ty, None, false))
            }
            None => "()".to_string(),
        };
        arguments.push(format!(
            "_request: Valid<{}, {}, {body}>",
            path_struct.as_deref().unwrap_or("()"),
            query_struct.as_deref().unwrap_or("()")
        ));
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
    let reply = endpoint.response_type.as_ref().map(|ty| {
        let name = format!("{}Reply", type_stem(&endpoint.name));
        let body = super::models::rust_type_outside(ty);
        ReplyContext {
            on_one_line: crate::layout::tuple_struct_on_one_line(&name, &body),
            name,
            body,
            model: ty.to_string(),
        }
    });
    let mut imports: Vec<String> = path_struct
        .iter()
        .chain(&query_struct)
        .chain(reply.as_ref().map(|reply| &reply.name))
        .map(|name| format!("use crate::api::{name};"))
        .collect();
    if uses_models {
        imports.push("use crate::models;".to_string());
    }
    // The runtime's names, sorted as rustfmt sorts them inside braces.
    let runtime: Vec<&str> = [(reply.is_some(), "HttpError"), (validated, "Valid")]
        .into_iter()
        .filter_map(|(used, name)| used.then_some(name))
        .collect();
    match runtime.as_slice() {
        [] => {}
        [one] => imports.push(format!("use crate::validation::{one};")),
        many => imports.push(format!("use crate::validation::{{{}}};", many.join(", "))),
    }
    extractors.sort_unstable();
    imports.extend(
        extractors
            .iter()
            .map(|extractor| format!("use axum::extract::{extractor};")),
    );
    let returns = match &reply {
        Some(reply) => format!("Result<{}, HttpError>", reply.name),
        None => {
            imports.push("use axum::response::Response;".to_string());
            "Response".to_string()
        }
    };
    // The example file holds the body exactly as sent (a typed one is read through its model).
    let body = super::tests::example_file(endpoint);
    let path_literal_on_one_line = path_struct.is_some() && {
        let fields: Vec<&str> = endpoint.params.iter().map(|p| p.name.as_str()).collect();
        crate::layout::literal_on_one_line(&fields)
    };
    let query_literal_on_one_line = query_struct.is_some() && {
        let fields: Vec<&str> = endpoint
            .query
            .iter()
            .map(|q| q.rust_name.as_str())
            .collect();
        crate::layout::literal_on_one_line(&fields)
    };
    let reply_call = {
        use crate::render::filters::rust_str;
        let headers: Vec<String> = endpoint
            .response
            .headers
            .iter()
            .map(|(name, value)| format!("({}, {})", rust_str(name), rust_str(value)))
            .collect();
        let args = [
            endpoint.response.status.to_string(),
            rust_str(
                endpoint
                    .response
                    .content_type
                    .as_deref()
                    .unwrap_or("application/json"),
            ),
            format!("&[{}]", headers.join(", ")),
            "&self.0".to_string(),
        ];
        crate::layout::call_text(8, "crate::validation::reply", &args, "")
    };
    let response = ResponseContext {
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
    };
    HandlerContext {
        name: endpoint.name.clone(),
        method: endpoint.method.clone(),
        full_path: endpoint.full_path.clone(),
        summary: endpoint.summary.clone(),
        params: endpoint.params.clone(),
        query: super::params::query_fields(endpoint),
        path_struct,
        query_struct,
        json_body,
        response,
        validated,
        param_reads: super::params::path_reads(endpoint),
        query_reads: super::params::query_reads(endpoint),
        path_literal_on_one_line,
        query_literal_on_one_line,
        query_defaults: endpoint.query.iter().any(|q| q.default.is_some()),
        signature: signature(endpoint, &arguments, &returns),
        declaration: crate::layout::fn_signature(
            &format!("pub async fn {}", endpoint.name),
            &arguments,
            &format!("-> {returns}"),
        ),
        returns,
        reply,
        reply_call,
        arguments,
        imports,
    }
}

/// The example of the endpoint `name` in `src/examples.rs`: the typed reply read from its file
/// (once, through its model), or the response built from the status, content type, headers
/// and body file.
pub(super) fn example_function(
    name: &str,
    reply: Option<&ReplyContext>,
    response: &ResponseContext,
) -> (String, bool) {
    let rust_str = crate::render::filters::rust_str;
    let body_file = response.body_file.as_deref().map(rust_str);
    if let (Some(reply), Some(file)) = (reply, &body_file) {
        let head = format!("pub fn {name}");
        let returns = format!("-> Result<crate::api::{}, HttpError>", reply.name);
        let signature = crate::layout::fn_signature(&head, &[], &returns);
        let call = crate::layout::hung_literal_call(4, "typed_example", "include_str!", file);
        let laid_out = signature.is_some() && call.is_some();
        let signature = signature.unwrap_or_else(|| format!("{head}() {returns} {{"));
        let call = call.unwrap_or_else(|| format!("    typed_example(include_str!({file}))"));
        return (format!("{signature}\n{call}\n}}"), laid_out);
    }
    let headers: Vec<String> = response
        .headers
        .iter()
        .map(|(name, value)| format!("({}, {})", rust_str(name), rust_str(value)))
        .collect();
    let args = [
        response.status.to_string(),
        response
            .content_type
            .as_deref()
            .map_or("None".to_string(), |c| format!("Some({})", rust_str(c))),
        format!("&[{}]", headers.join(", ")),
        match &body_file {
            Some(file) if response.body.is_some() => format!("Body::from(include_str!({file}))"),
            _ => "Body::from(\"\")".to_string(),
        },
    ];
    let signature = format!("pub fn {name}() -> Response {{");
    let call = crate::layout::call(4, "respond", &args, "");
    let laid_out = call.is_some()
        && args
            .iter()
            .all(|arg| crate::layout::is_plain_expression(arg))
        && crate::layout::fn_signature(&format!("pub fn {name}"), &[], "-> Response").as_deref()
            == Some(signature.as_str());
    // Where the layout is not known, on one line, as `call_text` writes it.
    let call = call.unwrap_or_else(|| format!("    respond({})", args.join(", ")));
    (format!("{signature}\n{call}\n}}"), laid_out)
}

/// The example handler of the endpoint `name` (`src/examples/serve.rs`): it reads the request
/// as `valid` (the endpoint's `Valid<…>`, when it validates) and answers the example through
/// the test hooks. Laid out as rustfmt would, or on one line where that layout is not known
/// here (the format stage hands such an item to rustfmt).
pub(super) fn serve_function(name: &str, valid: Option<&str>) -> (String, bool) {
    let mut params = vec!["headers: HeaderMap".to_string()];
    params.extend(valid.map(|valid| format!("_request: {valid}")));
    let head = format!("pub async fn {name}");
    let signature = crate::layout::fn_signature(&head, &params, "-> Response");
    let args = ["headers".to_string(), format!("super::{name}")];
    let call = crate::layout::call(4, "with_test_hooks", &args, ".await");
    let laid_out = signature.is_some() && call.is_some();
    let signature =
        signature.unwrap_or_else(|| format!("{head}({}) -> Response {{", params.join(", ")));
    let call =
        call.unwrap_or_else(|| crate::layout::call_text(4, "with_test_hooks", &args, ".await"));
    (format!("{signature}\n{call}\n}}"), laid_out)
}

fn signature(endpoint: &Endpoint, arguments: &[String], returns: &str) -> String {
    let params: Vec<String> = endpoint
        .params
        .iter()
        .map(|p| format!("{}: {}", p.name, p.ty.rust()))
        .collect();
    let query: Vec<String> = endpoint
        .query
        .iter()
        .map(|q| {
            // `limit: u32?` as before lists existed, so that a stored signature still matches.
            let optional = if q.optional { "?" } else { "" };
            format!(
                "{}: {}{optional}",
                q.name,
                super::params::query_value_type(q)
            )
        })
        .collect();
    format!(
        "({}) -> {returns} path {{ {} }} query {{ {} }}",
        arguments.join(", "),
        params.join(", "),
        query.join(", ")
    )
}
