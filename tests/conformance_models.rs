//! The union contract's models in `tests/conformance/validation_models.rs` (module `zoo`),
//! which the FastAPI replay runs, are what axumgen generates for `tests/valid/unions.yaml`:
//! written by hand once, they would otherwise drift from the generator they stand for.

use axumgen::plan::{PlanOptions, plan};
use axumgen::render::{Templates, render};
use axumgen::source::SourceFile;
use axumgen::validate::check_source;

/// `text` without its whitespace: the module is indented and formatted, the render is not.
fn tokens(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The file `path` axumgen generates for the valid spec `tests/valid/{name}`.
fn generated_file(name: &str, path: &str) -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec = std::fs::read_to_string(root.join("tests/valid").join(name)).expect("the spec");
    let model = check_source(SourceFile::new(name, spec))
        .model
        .unwrap_or_else(|| panic!("{name} is valid"));
    let options = PlanOptions {
        spec_name: name.into(),
    };
    render(plan(&model, &options), &Templates::embedded())
        .expect("renders")
        .into_iter()
        .find(|f| f.path.to_string() == path)
        .unwrap_or_else(|| panic!("{path}"))
        .contents
}

#[test]
fn the_replayed_union_models_are_the_generated_ones() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let models = generated_file("unions.yaml", "src/models.rs");
    let generated = models
        .split_once("use crate::validation as v;\n")
        .expect("the runtime's short path")
        .1;
    let written = std::fs::read_to_string(root.join("tests/conformance/validation_models.rs"))
        .expect("the conformance models");
    let module = written
        .split_once("pub mod zoo {")
        .and_then(|(_, rest)| rest.split_once("use crate::validation as v;\n"))
        .and_then(|(_, rest)| rest.trim_end().strip_suffix('}'))
        .expect("the module `zoo`, ending the file");
    assert_eq!(
        tokens(module),
        tokens(generated),
        "regenerate the module `zoo` from `axumgen generate tests/valid/unions.yaml`"
    );
    assert!(
        module.contains("union.model(\"Cat\", Self::Cat);"),
        "{module}"
    );
}

/// The query of FastAPI's recorded `GET /search` (lists and defaults), which the replay reads
/// with `SearchQuery` in `tests/conformance/validation_models.rs`, is what axumgen generates for
/// the endpoint `search` of `tests/valid/typed-models.yaml`: the struct, its defaults and its
/// `FromParams`, copied between two marker lines.
#[test]
fn the_replayed_search_query_is_the_generated_one() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let api = generated_file("typed-models.yaml", "src/api.rs");
    let generated = api
        .split_once("/// Query parameters of `GET /search`.\n")
        .and_then(|(_, rest)| rest.split_once("/// What `GET /search` answers"))
        .expect("the query struct of `GET /search`, then its reply")
        .0;
    let written = std::fs::read_to_string(root.join("tests/conformance/validation_models.rs"))
        .expect("the conformance models");
    let copied = written
        .split_once("// Generated for `search` (tests/valid/typed-models.yaml): begin\n")
        .and_then(|(_, rest)| rest.split_once("// Generated for `search`: end"))
        .expect("the marked copy of `SearchQuery`")
        .0;
    assert_eq!(
        tokens(copied),
        tokens(generated),
        "copy `SearchQuery` again from `axumgen generate tests/valid/typed-models.yaml`"
    );
    for read in [
        "params.required(\"need\", &v::List::new(v::Int::<u32>::new()), errors)",
        "Self::default_page",
        "v::Choice::new(&[\"asc\", \"desc\"])",
    ] {
        assert!(copied.contains(read), "{read}\n{copied}");
    }
}

/// A response's example is written with its dates as FastAPI writes them
/// (`axumgen::model::dates_written`): each `*_written_back` case of the recording sent a date
/// or date-time that FastAPI wrote back otherwise (`model_dump(mode="json")`, its `parsed`), and
/// the example of a model with those fields is rewritten to the same text.
#[test]
fn response_examples_write_dates_as_fastapi_writes_them() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let recording: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("tests/conformance/fastapi_422.json"))
            .expect("the recording"),
    )
    .expect("JSON");
    let spec = "axumgen: 1
service: { name: dates }
models:
  Task: { fields: { title: string, due: \"date-time?\", start: \"date?\" } }
endpoints:
  - name: get_task
    method: GET
    path: /task
    response: { status: 200, model: \"[Task]\" }
";
    let model = check_source(SourceFile::new("dates.yaml", spec))
        .model
        .expect("a valid spec");
    let ty = axumgen::grammar::types::parse("[Task]").expect("a type");
    let cases: Vec<&serde_json::Value> = recording["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .filter(|c| {
            c["name"]
                .as_str()
                .is_some_and(|n| n.ends_with("_written_back"))
        })
        .collect();
    assert_eq!(cases.len(), 3);
    for case in cases {
        let sent: serde_json::Value =
            serde_json::from_str(case["request"]["body"].as_str().expect("a body")).expect("JSON");
        let mut example = serde_json::json!([sent]);
        axumgen::model::dates_written(&mut example, &ty, &model.models);
        for field in ["due", "start"] {
            assert_eq!(
                example[0][field].clone(),
                case["parsed"]["task"][field].clone(),
                "{}: {field}",
                case["name"]
            );
        }
    }
}
