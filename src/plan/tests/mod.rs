//! The generated project's tests, decided here from the model.
//!
//! Every test is one request and what the response must be. What it must be comes from a
//! simulation of the route's stack ([`simulate`]): which layer answers (the handler, or a layer
//! that short-circuits: trusted host, https redirect, CORS preflight, bearer token, body limit,
//! timeout), and which headers every layer outside it adds on the way out, while headers only
//! layers inside it set must be absent. So a test fails when a layer is dropped, moved, or
//! configured otherwise than the spec says: `tests/mutation.rs` proves it by mutating the model
//! ([`crate::mutate`]) and running these tests against every mutant.
//!
//! - [`layers`]: the tests each layer gets, on a route it wraps (one per setting that a request
//!   can observe: every origin, host pattern, public path, threshold…);
//! - [`pairs`]: for two adjacent layers that both answer by themselves, a request both would
//!   refuse, so their order is observable;
//! - [`probe`]: the requests those tests send (hosts, origins, peers, tokens).

mod answer;
pub mod invalid;
mod layers;
mod pairs;
mod probe;
mod simulate;
mod statements;
mod typed;

pub use answer::{
    INVALID_HOST, INVALID_TOKEN, LONGEST_PREFLIGHT_REFUSAL, MISSING_TOKEN, TOO_LARGE, in_range,
};
pub use probe::{excluded_from_gzip, host_matches, host_matching};
pub use simulate::{CORS_RESPONSE_HEADERS, SAFELISTED_HEADERS, origin_allowed};

use crate::model::{Endpoint, Layer, Model, Route};
use serde::Serialize;
use std::collections::BTreeSet;

/// The generated tests. The templates see each case as its name, doc and statements (laid out
/// as rustfmt would where `crate::layout` knows how, `statements.rs`, on every core as the
/// plan is made); `smoke` is the first case whole, for `tests/smoke.rs`.
#[derive(Debug, Clone, Default)]
pub struct TestPlan {
    pub cases: Vec<TestCase>,
    /// Each case's statements, in the order of `cases`.
    pub statements: Vec<Vec<String>>,
    /// Every statement of every case was laid out (none is left for rustfmt), so
    /// `tests/generated.rs` is rendered formatted.
    pub laid_out: bool,
}

impl TestPlan {
    /// The plan of `cases`, their statements laid out on every core.
    pub fn new(cases: Vec<TestCase>) -> Self {
        let order: Vec<usize> = (0..cases.len()).collect();
        let laid = crate::cores::map_in_order(&order, |n| statements::statements(&cases[n]));
        let laid_out = laid.iter().all(|(_, laid_out)| *laid_out);
        TestPlan {
            cases,
            statements: laid.into_iter().map(|(statements, _)| statements).collect(),
            laid_out,
        }
    }
}

impl Serialize for TestPlan {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;

        /// A case as `templates/tests/generated.rs.j2` writes it.
        #[derive(Serialize)]
        struct CaseView<'a> {
            name: &'a str,
            doc: &'a str,
            paused_clock: bool,
            /// After `async fn name()`: where rustfmt puts the brace.
            brace: &'static str,
            statements: &'a [String],
        }

        let cases: Vec<CaseView> = self
            .cases
            .iter()
            .zip(&self.statements)
            .map(|(case, statements)| CaseView {
                name: &case.name,
                doc: &case.doc,
                paused_clock: case.paused_clock,
                brace: crate::layout::fn_brace("async fn ()".len() + case.name.len()),
                statements,
            })
            .collect();
        let mut plan = serializer.serialize_struct("TestPlan", 3)?;
        plan.serialize_field("cases", &cases)?;
        plan.serialize_field("smoke", &self.cases.first())?;
        plan.serialize_field(
            "smoke_call",
            &self.cases.first().map(statements::first_case),
        )?;
        plan.end()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TestCase {
    /// The test function's name (a checked identifier).
    pub name: String,
    /// One sentence: what the test proves.
    pub doc: String,
    pub request: TestRequest,
    pub expect: Expect,
    /// The test runs on tokio's paused clock (a delayed example, a timeout): it waits for
    /// nothing, and its timers fire in order.
    pub paused_clock: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct TestRequest {
    pub method: String,
    pub uri: String,
    pub headers: Vec<(String, String)>,
    /// A JSON body.
    pub body: Option<String>,
    /// Raw body size in bytes, for body-limit tests: `body` followed by this many spaces when
    /// there is a body (so a typed endpoint still reads valid JSON), else filled with `x`.
    pub body_size: Option<u64>,
    /// With `body_size` and a `body`: the spaces after the body.
    pub padding: Option<u64>,
    /// The peer address given to the app as `ConnectInfo`.
    pub peer: Option<String>,
}

impl TestRequest {
    /// The value of a request header (names are lower-case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Sets a header, replacing any value it had.
    pub fn set_header(&mut self, name: &str, value: impl Into<String>) {
        self.remove_header(name);
        self.headers.push((name.to_string(), value.into()));
    }

    pub fn remove_header(&mut self, name: &str) {
        self.headers.retain(|(n, _)| n != name);
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Expect {
    pub status: u16,
    /// Headers with an exact value.
    pub equal: Vec<(String, String)>,
    /// Headers that must be present with any value but this one (a replaced request id).
    pub not_equal: Vec<(String, String)>,
    /// Headers that must be present (any value).
    pub present: Vec<String>,
    /// Headers that must be absent.
    pub absent: Vec<String>,
    /// Headers whose value parses as a number ≥ 0.
    pub numeric: Vec<String>,
    /// Comma-separated list headers that must contain these tokens (case-insensitive).
    pub tokens: Vec<(String, Vec<String>)>,
    /// The body, byte for byte.
    pub body_exact: Option<String>,
    /// Text the body must contain.
    pub body_contains: Option<String>,
    /// The body is gzip and decompresses to exactly this text.
    pub body_gunzip: Option<String>,
}

/// The token every generated test config uses for the secret named `field`.
pub fn test_token(field: &str) -> String {
    format!("test-token-{field}")
}

/// The example body exactly as the generated server sends it: a typed body serialized through
/// its model; else pretty JSON, or the text itself for a string body with a non-JSON content
/// type.
pub fn example_body(endpoint: &Endpoint) -> Option<String> {
    if let Some(serialized) = &endpoint.response.serialized {
        return Some(serialized.clone());
    }
    example_file(endpoint)
}

/// The example file's contents: pretty JSON, or the text itself for a string body with a
/// non-JSON content type. A typed example is read through its model when it is sent.
pub fn example_file(endpoint: &Endpoint) -> Option<String> {
    let body = endpoint.response.body.as_ref()?;
    let value = serde_json::from_str::<serde_json::Value>(body).unwrap_or(serde_json::Value::Null);
    let is_json = endpoint
        .response
        .content_type
        .as_deref()
        .is_none_or(is_json_media_type);
    Some(match (value, is_json) {
        (serde_json::Value::String(text), false) => text,
        (value, _) => serde_json::to_string_pretty(&value).unwrap_or_else(|_| body.clone()),
    })
}

/// `application/json` and `application/*+json`.
pub fn is_json_media_type(content_type: &str) -> bool {
    let media = media_type(content_type);
    media == "application/json" || (media.starts_with("application/") && media.ends_with("+json"))
}

/// The media type of a `Content-Type`: lower-cased, parameters stripped.
pub fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The tests of a model: each route's example with every header its stack promises, the
/// unknown-path 404, each layer's own tests, and the order of adjacent layers that answer.
pub fn plan_tests(model: &Model) -> TestPlan {
    let routes = model.routes();
    let mut planner = Planner {
        cases: Vec::new(),
        names: BTreeSet::new(),
        set_anywhere: simulate::headers_set_anywhere(model),
        openapi: model.openapi_path.clone(),
    };
    for route in &routes {
        planner.example(route);
        planner.typed(model, route);
    }
    planner.not_found(model);
    planner.mount_not_found(model);
    // Tests per layer, on the first route each layer wraps where they can be observed; routes a
    // bearer token protects come first, so CORS is tested where a preflight without a token
    // must still succeed.
    let mut ordered: Vec<&Route> = routes.iter().filter(|r| probe::protected(r)).collect();
    ordered.extend(routes.iter().filter(|r| !probe::protected(r)));
    let mut done: BTreeSet<(String, usize)> = BTreeSet::new();
    for route in &ordered {
        let stack: Vec<&Layer> = route.layers().collect();
        for position in 0..stack.len() {
            let key = (stack[position].level.to_string(), stack[position].index);
            if !done.contains(&key) && planner.layer(route, &stack, position, &routes) {
                done.insert(key);
            }
        }
    }
    pairs::plan(&mut planner, &ordered);
    TestPlan::new(planner.cases)
}

/// Collects cases with unique names.
struct Planner {
    cases: Vec<TestCase>,
    names: BTreeSet<String>,
    /// Header names any layer in the spec sets: each test requires those its stack does not
    /// set to be absent.
    set_anywhere: BTreeSet<String>,
    /// Where the app serves its OpenAPI document (a route a public path may name).
    openapi: Option<String>,
}

impl Planner {
    fn push(&mut self, name: String, doc: String, request: TestRequest, expect: Expect) {
        self.push_case(name, doc, request, expect, false);
    }

    fn push_case(
        &mut self,
        wanted: String,
        doc: String,
        request: TestRequest,
        expect: Expect,
        paused_clock: bool,
    ) {
        let mut name = wanted.clone();
        let mut n = 2;
        while !self.names.insert(name.clone()) {
            name = format!("{wanted}_{n}");
            n += 1;
        }
        self.cases.push(TestCase {
            name,
            doc,
            request,
            expect,
            paused_clock,
        });
    }
}

#[cfg(test)]
mod serialization {
    use super::{TestPlan, plan_tests, statements};
    use crate::source::SourceFile;

    /// A spec with `n` endpoints, each planned with a few tests.
    fn model(n: usize) -> crate::model::Model {
        let mut text = String::from("axumgen: 1\nservice:\n  name: many\nendpoints:\n");
        for i in 0..n {
            text.push_str(&format!(
                "  - {{ name: get_{i}, method: GET, path: /items{i}, response: {{ body: {{ id: {i} }} }} }}\n"
            ));
        }
        crate::validate::check_source(SourceFile::new("many.yaml", text))
            .model
            .expect("a valid spec")
    }

    /// A body-limit test sends its body through `vec![…]` or `format!(…)`, which the format
    /// stage does not read back: the plan does not call those tests laid out, so the file goes
    /// through the format stage; a trusted proxy's peer statements are laid out.
    #[test]
    fn tests_laid_out_only_where_the_format_stage_would_recognise_them() {
        let spec = |layer: &str| {
            format!(
                "axumgen: 1\nservice: {{ name: s }}\nmiddleware:\n  - {layer}\nendpoints:\n  - {{ name: add, method: POST, path: /add, request: {{ body: {{ a: 1 }} }}, response: {{ body: {{ a: 1 }} }} }}\n"
            )
        };
        let plan_of = |layer: &str| {
            let model = crate::validate::check_source(SourceFile::new("s.yaml", spec(layer)))
                .model
                .expect("a valid spec");
            plan_tests(&model)
        };
        let limited = plan_of("body_limit: { max_bytes: 64 }");
        assert!(!limited.laid_out);
        assert!(
            limited
                .statements
                .iter()
                .flatten()
                .any(|s| s.contains("vec![b'x'") || s.contains("format!(")),
            "{:#?}",
            limited.statements
        );
        let proxied = plan_of("https_redirect: { trusted_proxies: [10.0.0.0/8] }");
        assert!(proxied.laid_out);
        assert!(
            proxied
                .statements
                .iter()
                .flatten()
                .any(|s| s.starts_with("    request\n        .extensions_mut()"))
        );
    }

    /// The cases are laid out on every core: each case comes back in its place with its own
    /// statements, and the plan says they were all laid out.
    #[test]
    fn every_case_keeps_its_place_and_its_statements() {
        let plan: TestPlan = plan_tests(&model(1100));
        assert!(plan.cases.len() > 1100, "{} cases", plan.cases.len());
        assert!(plan.laid_out);
        let value = serde_json::to_value(&plan).expect("serializes");
        let cases = value["cases"].as_array().expect("a list of cases");
        assert_eq!(cases.len(), plan.cases.len());
        for (case, view) in plan.cases.iter().zip(cases) {
            assert_eq!(view["name"], case.name.as_str());
            assert_eq!(
                view["statements"],
                serde_json::json!(statements::statements(case).0)
            );
        }
    }
}

#[cfg(test)]
mod names {
    use crate::source::SourceFile;

    /// The plan of the spec `text`, which must be valid.
    fn planned(name: &str, text: &str) -> crate::plan::Plan {
        let checked = crate::validate::check_source(SourceFile::new(name, text));
        let model = checked.model.expect("a valid spec");
        crate::plan::plan(
            &model,
            &crate::plan::PlanOptions {
                spec_name: name.into(),
            },
        )
    }

    /// Query parameters keep their wire names (`skipContent`, `service.ranking`, as 244 of the
    /// APIs.guru directory's documents have them): the tests named after them take their Rust
    /// names, and the project renders (it refused to: "is not a checked identifier").
    #[test]
    fn tests_named_after_parameters_take_their_rust_names() {
        let text = r#"
axumgen: 1
service: { name: names }
models:
  Item: { fields: { id: i64 } }
endpoints:
  - name: list_items
    method: GET
    path: /items/{item_id}
    params: { item_id: i64 }
    query:
      skipContent: bool?
      service.ranking: i32?
    response: { status: 200, model: "[Item]" }
"#;
        let plan = planned("names.yaml", text);
        let names: Vec<String> = plan
            .context
            .tests
            .cases
            .iter()
            .map(|case| case.name.clone())
            .collect();
        for wanted in [
            "list_items_rejects_a_request_with_a_wrong_type_of_path_item_id",
            "list_items_rejects_a_request_with_a_wrong_type_of_query_skip_content",
            "list_items_rejects_a_request_with_a_wrong_type_of_query_service_ranking",
        ] {
            assert!(names.iter().any(|n| n == wanted), "{wanted}: {names:#?}");
        }
        for name in &names {
            assert!(crate::grammar::check_ident(name).is_ok(), "{name}");
        }
        crate::render::render(plan, &crate::render::Templates::embedded()).expect("renders");
    }

    /// A path parameter's example is never empty, an `enum` with `""` first included
    /// (PeerTube's job states: the tests sent `/jobs/`, which no route takes).
    #[test]
    fn a_path_parameters_example_is_never_an_empty_segment() {
        let text = r#"
axumgen: 1
service: { name: jobs }
endpoints:
  - name: get_jobs
    method: GET
    path: /jobs/{state}
    params: { state: { type: string, enum: ["", active, failed] } }
"#;
        let plan = planned("jobs.yaml", text);
        let uris: Vec<&str> = plan
            .context
            .tests
            .cases
            .iter()
            .filter(|case| case.name == "get_jobs_answers_with_its_example")
            .map(|case| case.request.uri.as_str())
            .collect();
        assert_eq!(uris, ["/jobs/active"]);
    }

    /// Without models, a parameter's constraints are checked all the same: the spec's
    /// requests are validated by the runtime (axum's `Query` would read `limit=0` as 0).
    #[test]
    fn constrained_parameters_are_validated_without_models() {
        for (query, validated) in [
            ("{ limit: u32? }", false),
            ("{ limit: { type: u32, default: 10 } }", false),
            ("{ limit: { type: \"u32?\", ge: 1 } }", true),
            ("{ sort: { type: string, enum: [a, b] } }", true),
            ("{ tag: \"[string]\" }", true),
        ] {
            let text = format!(
                "axumgen: 1\nservice: {{ name: plain }}\nendpoints:\n  - {{ name: list_items, method: GET, path: /items, query: {query} }}\n"
            );
            let plan = planned("plain.yaml", &text);
            let api = crate::render::render(plan, &crate::render::Templates::embedded())
                .expect("renders")
                .into_iter()
                .find(|f| f.path.to_string() == "src/api.rs")
                .expect("src/api.rs")
                .contents;
            assert_eq!(
                api.contains("impl crate::validation::FromParams for ListItemsQuery"),
                validated,
                "{query}\n{api}"
            );
        }
    }

    /// An endpoint whose name's first word is a number (`_2_send`, from WMATA's and VTEX's
    /// `operationId`s) has type names that start with a letter; the project renders (it
    /// refused to: "`2SendQuery` is not a checked type name").
    #[test]
    fn an_endpoint_named_after_a_number_has_type_names() {
        let text = r#"
axumgen: 1
service: { name: numbers }
endpoints:
  - name: _2_send
    method: GET
    path: /items/{item_id}
    params: { item_id: i64 }
    query: { page: i32? }
    response: { status: 200, model: "[string]" }
"#;
        let plan = planned("numbers.yaml", text);
        let files =
            crate::render::render(plan, &crate::render::Templates::embedded()).expect("renders");
        let api = files
            .iter()
            .find(|f| f.path.as_str() == "src/api.rs")
            .expect("src/api.rs");
        for name in [
            "Endpoint2SendPath",
            "Endpoint2SendQuery",
            "Endpoint2SendReply",
        ] {
            assert!(api.contents.contains(name), "{name}: {}", api.contents);
        }
    }
}
