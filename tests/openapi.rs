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
}

#[test]
fn the_generated_server_serves_the_same_document() {
    let dir = tempfile::tempdir().expect("temp dir");
    Command::cargo_bin("axumgen")
        .expect("binary")
        .args(["generate", "specs/task-manager.yaml", "--out"])
        .arg(dir.path())
        .current_dir(root())
        .assert()
        .success();
    let served: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("src/openapi.json")).expect("written"),
    )
    .expect("JSON");
    assert_eq!(served, document("specs/task-manager.yaml"));
}
