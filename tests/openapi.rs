//! The OpenAPI 3.1 document: validated by a real validator (PyPI's openapi-spec-validator,
//! installed by `.ci/run`), checked for content, and identical to what the generated server serves.

use assert_cmd::Command;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn document(spec: &str) -> serde_json::Value {
    let output = Command::cargo_bin("axumgen")
        .expect("binary")
        .args(["openapi", spec])
        .current_dir(root())
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

/// Runs the validator; `Ok` when it accepts the document.
fn validate(document: &serde_json::Value) -> Result<(), String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("openapi.json");
    std::fs::write(&path, serde_json::to_string(document).expect("JSON")).expect("written");
    let output = std::process::Command::new("python3")
        .args(["-m", "openapi_spec_validator"])
        .arg(&path)
        .output()
        .expect("python3 runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        !text.contains("No module named"),
        "install the validator: pip install openapi-spec-validator (.ci/run does)"
    );
    if output.status.success() {
        Ok(())
    } else {
        Err(text)
    }
}

#[test]
fn every_spec_gives_a_valid_openapi_3_1_document() {
    for spec in [
        "specs/task-manager.yaml",
        "specs/full-stack.yaml",
        "specs/minimal.yaml",
        "tests/valid/hostile-strings.yaml",
        "tests/valid/typed-models.yaml",
        "tests/valid/query-lists-without-models.yaml",
    ] {
        let document = document(spec);
        assert_eq!(document["openapi"], "3.1.0", "{spec}");
        validate(&document).unwrap_or_else(|e| panic!("{spec}: {e}"));
    }
}

#[test]
fn the_validator_rejects_a_broken_document() {
    // A control: the validator really runs and really rejects.
    let mut broken = document("specs/task-manager.yaml");
    broken["paths"]["/ping"]["get"]["responses"] = serde_json::json!("not an object");
    assert!(validate(&broken).is_err());
}

#[test]
fn the_task_manager_document_describes_its_api() {
    let document = document("specs/task-manager.yaml");
    let get_task = &document["paths"]["/tasks/{task_id}"]["get"];
    assert_eq!(get_task["operationId"], "get_task");
    assert_eq!(get_task["tags"], serde_json::json!(["tasks"]));
    assert_eq!(get_task["parameters"][0]["name"], "task_id");
    assert_eq!(get_task["parameters"][0]["in"], "path");
    assert_eq!(get_task["parameters"][0]["schema"]["type"], "integer");
    assert_eq!(
        get_task["security"],
        serde_json::json!([{ "bearerAuth": [] }])
    );
    assert!(get_task["responses"]["401"].is_object());
    assert_eq!(
        get_task["responses"]["200"]["content"]["application/json"]["example"]["title"],
        "Write docs"
    );
    assert_eq!(
        document["paths"]["/ping"]["get"]["security"],
        serde_json::json!([]),
        "public paths need no token"
    );
    assert_eq!(
        document["paths"]["/tasks"]["post"]["requestBody"]["content"]["application/json"]["example"]
            ["title"],
        "Write docs"
    );
    assert_eq!(
        document["components"]["securitySchemes"]["bearerAuth"]["scheme"],
        "bearer"
    );
    assert_eq!(document["info"]["title"], "Task Manager API");
    // Typed: the models' schemas, `$ref`s from the operations, FastAPI's 422 (and the
    // documented 400 for a body that is not UTF-8); no axum text rejections.
    let schemas = &document["components"]["schemas"];
    assert_eq!(schemas["NewTask"]["properties"]["title"]["maxLength"], 100);
    assert_eq!(
        schemas["Task"]["required"],
        serde_json::json!(["id", "title", "done"])
    );
    let create = &document["paths"]["/tasks"]["post"];
    assert_eq!(
        create["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/NewTask"
    );
    for operation in [create, get_task] {
        assert_eq!(
            operation["responses"]["422"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/HTTPValidationError"
        );
        assert!(operation["responses"].get("415").is_none());
    }
    assert!(create["responses"]["400"]["content"]["application/json"].is_object());
    assert!(get_task["responses"].get("400").is_none());
}

/// What FastAPI 0.165 (Pydantic 2.14) emits in `components.schemas` for the Pydantic twin of
/// tests/valid/typed-models.yaml (`NewTask`'s docstring is its description; `Task.id` is
/// `Annotated[int, Field(ge=0, le=2**64-1)]`; `Value` has `ConfigDict(strict=True)`, which
/// leaves its schema as it is), recorded by running `app.openapi()`. Pydantic
/// writes model-field bounds as floats (`"minimum": 0.0`, `u64::MAX` as `1.8446744073709552e19`),
/// so numbers are compared as values.
const FASTAPI_SCHEMAS: &str = r##"{
  "HTTPValidationError": {"properties": {"detail": {"items": {"$ref": "#/components/schemas/ValidationError"}, "type": "array", "title": "Detail"}}, "type": "object", "title": "HTTPValidationError"},
  "NewTask": {"properties": {
      "title": {"type": "string", "maxLength": 100, "minLength": 1, "title": "Title"},
      "done": {"type": "boolean", "title": "Done", "default": false},
      "priority": {"type": "string", "enum": ["low", "normal", "high"], "title": "Priority", "default": "normal"},
      "tags": {"items": {"type": "string"}, "type": "array", "maxItems": 5, "title": "Tags", "default": []},
      "estimate": {"anyOf": [{"type": "number", "minimum": 0.0}, {"type": "null"}], "title": "Estimate"},
      "due": {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}], "title": "Due"}},
    "type": "object", "required": ["title"], "title": "NewTask", "description": "What a client sends to create a task."},
  "Task": {"properties": {
      "id": {"type": "integer", "maximum": 1.8446744073709552e+19, "minimum": 0.0, "title": "Id"},
      "title": {"type": "string", "title": "Title"},
      "owner": {"$ref": "#/components/schemas/User"},
      "labels": {"additionalProperties": {"type": "string"}, "type": "object", "title": "Labels"}},
    "type": "object", "required": ["id", "title", "owner", "labels"], "title": "Task"},
  "User": {"properties": {"name": {"type": "string", "minLength": 1, "title": "Name"}, "email": {"type": "string", "format": "email", "title": "Email"}}, "type": "object", "required": ["name", "email"], "title": "User"},
  "ValidationError": {"properties": {
      "loc": {"items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}, "type": "array", "title": "Location"},
      "msg": {"type": "string", "title": "Message"},
      "type": {"type": "string", "title": "Error Type"},
      "input": {"title": "Input"},
      "ctx": {"type": "object", "title": "Context"}},
    "type": "object", "required": ["loc", "msg", "type"], "title": "ValidationError"},
  "Value": {"properties": {"at": {"type": "string", "format": "date-time", "title": "At"}, "day": {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}], "title": "Day"}, "reading": {"type": "number", "minimum": 0.0, "title": "Reading"}, "counts": {"items": {"type": "integer", "maximum": 4294967295.0, "minimum": 0.0}, "type": "array", "title": "Counts", "default": []}, "flags": {"additionalProperties": {"type": "boolean"}, "type": "object", "title": "Flags", "default": {}}}, "type": "object", "required": ["at", "reading"], "title": "Value"},
  "Response": {"properties": {"value": {"$ref": "#/components/schemas/Value"}, "accepted": {"type": "boolean", "title": "Accepted"}}, "type": "object", "required": ["value", "accepted"], "title": "Response"}
}"##;

/// Numbers as `f64`, so that `0` and `0.0` (and `u64::MAX` and its rounded float) compare equal.
fn numbers_as_floats(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Number(n) => serde_json::json!(n.as_f64().expect("finite")),
        Value::Array(items) => Value::Array(items.iter().map(numbers_as_floats).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), numbers_as_floats(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Every `$ref` in the document (the validator does not resolve them).
fn refs(value: &serde_json::Value, into: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::String(target)) = map.get("$ref") {
                into.push(target.clone());
            }
            map.values().for_each(|v| refs(v, into));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| refs(v, into)),
        _ => {}
    }
}

#[test]
fn typed_bodies_are_described_as_fastapi_describes_them() {
    let document = document("tests/valid/typed-models.yaml");
    validate(&document).unwrap_or_else(|e| panic!("{e}"));
    let schemas = &document["components"]["schemas"];

    // NewTask's constraints, one by one.
    let new_task = &schemas["NewTask"];
    let field = |name: &str| &new_task["properties"][name];
    assert_eq!(new_task["type"], "object");
    assert_eq!(new_task["title"], "NewTask");
    assert_eq!(new_task["required"], serde_json::json!(["title"]));
    assert_eq!(field("title")["minLength"], 1);
    assert_eq!(field("title")["maxLength"], 100);
    assert_eq!(field("title")["title"], "Title");
    assert_eq!(
        field("priority")["enum"],
        serde_json::json!(["low", "normal", "high"])
    );
    assert_eq!(field("priority")["default"], "normal");
    assert_eq!(field("tags")["maxItems"], 5);
    assert_eq!(field("tags")["items"]["type"], "string");
    assert_eq!(field("estimate")["anyOf"][0]["type"], "number");
    assert_eq!(field("estimate")["anyOf"][0]["minimum"].as_f64(), Some(0.0));
    assert_eq!(
        field("estimate")["anyOf"][1],
        serde_json::json!({ "type": "null" })
    );
    assert_eq!(field("due")["anyOf"][0]["format"], "date-time");
    assert_eq!(schemas["Task"]["properties"]["id"]["maximum"], u64::MAX);
    assert_eq!(schemas["User"]["properties"]["email"]["format"], "email");

    // And every schema as FastAPI writes it. `Category`, used by a request and a response and
    // with a default, FastAPI splits into `Category-Input` and `Category-Output` (the output
    // one requiring `children`); axumgen writes one schema, FastAPI's input one.
    let fastapi: serde_json::Value = serde_json::from_str(FASTAPI_SCHEMAS).expect("JSON");
    let mut schemas = schemas.clone();
    let category = schemas
        .as_object_mut()
        .and_then(|all| all.remove("Category"))
        .expect("Category");
    assert_eq!(
        category,
        serde_json::json!({
            "title": "Category", "type": "object", "required": ["name"],
            "properties": {
                "name": { "title": "Name", "type": "string" },
                "parent": { "anyOf": [{ "$ref": "#/components/schemas/Category" }, { "type": "null" }] },
                "children": { "title": "Children", "type": "array", "default": [],
                              "items": { "$ref": "#/components/schemas/Category" } }
            }
        })
    );
    let schemas = &schemas;
    assert_eq!(
        numbers_as_floats(schemas),
        numbers_as_floats(&fastapi),
        "components.schemas differ from FastAPI's"
    );

    // Every `$ref` points at a schema of the document.
    let mut targets = Vec::new();
    refs(&document, &mut targets);
    assert!(targets.len() >= 7, "{targets:?}");
    for target in &targets {
        let pointer = target
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{target} is not local"));
        assert!(
            target.starts_with("#/components/schemas/") && document.pointer(pointer).is_some(),
            "{target} does not resolve"
        );
    }

    // The operations: `$ref`s, the examples kept, FastAPI's 422 in place of axum's rejections.
    let validation_error = serde_json::json!({
        "description": "Validation Error",
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/HTTPValidationError" } } },
    });
    let create = &document["paths"]["/tasks"]["post"];
    let request = &create["requestBody"]["content"]["application/json"];
    assert_eq!(
        request["schema"],
        serde_json::json!({ "$ref": "#/components/schemas/NewTask" })
    );
    assert_eq!(
        request["example"],
        serde_json::json!({ "title": "Write docs" })
    );
    assert_eq!(create["requestBody"]["required"], true);
    let created = &create["responses"]["201"]["content"]["application/json"];
    assert_eq!(
        created["schema"],
        serde_json::json!({ "$ref": "#/components/schemas/Task" })
    );
    assert_eq!(created["example"]["owner"]["name"], "Ada");
    assert_eq!(create["responses"]["422"], validation_error);
    // FastAPI's 400 for a body that is not UTF-8, which FastAPI leaves undocumented.
    assert_eq!(
        create["responses"]["400"]["description"],
        "The body could not be read"
    );
    assert!(create["responses"].get("415").is_none());
    let list = &document["paths"]["/tasks"]["get"];
    assert_eq!(
        list["responses"]["200"]["content"]["application/json"]["schema"],
        serde_json::json!({ "type": "array", "items": { "$ref": "#/components/schemas/Task" } })
    );
    assert!(list["responses"]["200"]["content"]["application/json"]["example"].is_array());
    assert_eq!(list["responses"]["422"], validation_error);
    assert!(list["responses"].get("400").is_none());
    assert_eq!(list["parameters"][0]["name"], "limit");
    assert_eq!(list["parameters"][0]["required"], false);
}

#[test]
fn the_generated_server_serves_the_same_document() {
    for spec in ["specs/task-manager.yaml", "tests/valid/typed-models.yaml"] {
        let dir = tempfile::tempdir().expect("temp dir");
        Command::cargo_bin("axumgen")
            .expect("binary")
            .args(["generate", spec, "--out"])
            .arg(dir.path())
            .current_dir(root())
            .assert()
            .success();
        let served: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join("src/openapi.json")).expect("written"),
        )
        .expect("JSON");
        assert_eq!(served, document(spec), "{spec}");
    }
}

/// The document is written a path item and a schema at a time (`plan::openapi::document_text`);
/// the text is what serde_json's pretty printer writes for the whole document (members in key
/// order, two-space indents), for every spec of the suite.
#[test]
fn the_document_text_is_serde_jsons_pretty_printing_of_the_document() {
    let mut specs: Vec<std::path::PathBuf> = Vec::new();
    for dir in ["specs", "tests/valid"] {
        specs.extend(
            std::fs::read_dir(root().join(dir))
                .expect("a directory of specs")
                .map(|e| e.expect("entry").path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml")),
        );
    }
    specs.push(root().join("examples/task-service/spec.yaml"));
    let mut with_schemas = 0;
    for spec in &specs {
        let checked = axumgen::validate::check_file(spec).expect("readable");
        let model = checked.model.expect("a valid spec");
        let text = axumgen::plan::openapi::document_text(&model);
        let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        let pretty = serde_json::to_string_pretty(&value).expect("serializes");
        assert_eq!(text, format!("{pretty}\n"), "{}", spec.display());
        with_schemas += usize::from(value["components"]["schemas"].is_object());
    }
    assert!(
        with_schemas >= 3,
        "only {with_schemas} documents with schemas"
    );
}

/// The query parameters of FastAPI's recorded `GET /search` (lists and defaults,
/// `tests/conformance/fastapi_query_openapi.json`) are described as FastAPI describes them:
/// the same names, whether each is required, a list as an `array` of its items' type with its
/// `minItems`/`maxItems`, defaults and enums. FastAPI's `title`, and its `anyOf` with `null`
/// for an optional parameter, are its own style, which axumgen's parameters do not follow.
#[test]
fn query_lists_and_defaults_are_described_as_fastapi_describes_them() {
    let recorded: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/conformance/fastapi_query_openapi.json"))
            .expect("the recording"),
    )
    .expect("JSON");
    let document = document("tests/valid/typed-models.yaml");
    let ours = document["paths"]["/search"]["get"]["parameters"]
        .as_array()
        .expect("the parameters of GET /search")
        .clone();
    let theirs = recorded.as_array().expect("a list of parameters");
    assert_eq!(ours.len(), theirs.len());
    // FastAPI's schema of the value itself: the non-null member of an optional's `anyOf`.
    let value_schema = |schema: &serde_json::Value| {
        schema["anyOf"]
            .as_array()
            .and_then(|members| members.iter().find(|m| m["type"] != "null").cloned())
            .unwrap_or_else(|| schema.clone())
    };
    for (ours, theirs) in ours.iter().zip(theirs) {
        let name = &theirs["name"];
        assert_eq!(ours["name"], *name);
        assert_eq!(ours["in"], "query");
        assert_eq!(ours["required"], theirs["required"], "{name}: required");
        let (mine, fastapi) = (&ours["schema"], value_schema(&theirs["schema"]));
        for key in ["type", "minItems", "maxItems", "enum"] {
            assert_eq!(mine[key], fastapi[key], "{name}: {key}");
        }
        assert_eq!(
            mine["items"]["type"], fastapi["items"]["type"],
            "{name}: items"
        );
        assert_eq!(
            mine["default"], theirs["schema"]["default"],
            "{name}: default"
        );
        // Integer bounds, where FastAPI writes them (u32's and the spec's own).
        for key in ["minimum", "maximum"] {
            if fastapi[key].is_number() && mine["type"] == "integer" {
                assert_eq!(mine[key], fastapi[key], "{name}: {key}");
            }
        }
    }
}
