//! Snapshots of what axumgen writes: every templated file of the generated Task Manager, and
//! rendered diagnostics for a few representative mistakes. A change to a template or a message
//! shows up here as a diff to review (`cargo insta review`, or `INSTA_UPDATE=always`).

use axumgen::plan::{PlanOptions, plan};
use axumgen::render::{Templates, render};
use axumgen::validate::check_file;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn task_manager_generated_files() {
    let checked = check_file(&root().join("specs/task-manager.yaml")).expect("readable");
    let model = checked.model.expect("a valid spec");
    let plan = plan(
        &model,
        &PlanOptions {
            spec_name: "task-manager.yaml".into(),
        },
    );
    let templates: Vec<String> = plan.files.iter().map(|f| f.template.clone()).collect();
    let mut files = render(plan, &Templates::embedded()).expect("renders");
    axumgen::format::format(&mut files, &model.service.name).expect("rustfmt formats it");
    let mut snapshotted = 0;
    for (template, file) in templates.iter().zip(&files) {
        // The runtime middleware are copied verbatim from templates/src/middleware/: no need
        // to snapshot them twice.
        if !template.ends_with(".j2") {
            continue;
        }
        let name = format!(
            "task_manager__{}",
            file.path.as_str().replace(['/', '.'], "_")
        );
        insta::assert_snapshot!(name, file.contents);
        snapshotted += 1;
    }
    assert!(snapshotted >= 20, "{snapshotted} files");
}

#[test]
fn rendered_diagnostics() {
    for case in [
        "cors-origin-syntax--trailing-slash",
        "cors-regex-too-broad--suffix",
        "route-conflict--params",
        "order-auth-outside-cors",
        "unknown-key",
        "header-value-invalid--crlf",
    ] {
        let path = format!("tests/invalid/{case}.yaml");
        let checked = check_file(&root().join(&path)).expect("readable");
        let mut text = String::new();
        for diagnostic in &checked.diagnostics {
            let mut source = checked.source.clone();
            source.name = path.clone();
            text.push_str(&axumgen::diagnostic::render::human(
                diagnostic, &source, false,
            ));
            text.push('\n');
        }
        insta::assert_snapshot!(format!("diagnostics__{}", case.replace('-', "_")), text);
    }
}
