//! A generated project that can run its own generated tests against every mutant of its app,
//! built once: each mutant's `app.rs` (and the router and mount files the mutation changed) is
//! rendered by the real templates from the mutated model into a module of `src/mutants/`, and
//! `AXUMGEN_MUTANT=<id>` makes the tests' `send` use that module's app.

use super::Mutant;
use crate::model::Model;
use crate::plan::{self, PlanOptions};
use crate::render::{self, RenderError, RenderedFile, Templates};
use std::collections::BTreeMap;

/// The environment variable that selects a mutant in the tests.
pub const MUTANT_VARIABLE: &str = "AXUMGEN_MUTANT";

/// A project's files (path → contents) with the mutants compiled in.
#[derive(Debug, Clone)]
pub struct MutantProject {
    pub files: BTreeMap<String, String>,
}

/// The original project of `model` plus a module per mutant.
pub fn project(
    model: &Model,
    mutants: &[&Mutant],
    templates: &Templates,
    options: &PlanOptions,
) -> Result<MutantProject, RenderError> {
    let original = rendered(model, templates, options)?;
    let crate_ident = &model.service.crate_ident;
    let mut files = original.clone();
    let mut selector = String::new();
    let mut modules = String::new();
    for mutant in mutants {
        let mutated = rendered(&mutant.model, templates, options)?;
        let module = mutant_module(&mutant.id, &original, &mutated);
        files.insert(format!("src/mutants/{}.rs", mutant.id), module);
        modules.push_str(&format!("pub mod {};\n", mutant.id));
        selector.push_str(&format!(
            "        {:?} => Some({}::app::app_with_examples(config)),\n",
            mutant.id, mutant.id
        ));
    }
    files.insert(
        "src/mutants/mod.rs".into(),
        format!(
            "//! The mutants of this app, for axumgen's mutation testing: `{MUTANT_VARIABLE}=<id>`\n\
             //! makes the generated tests run against one of them.\n\
             #![allow(dead_code, unused_imports, unused_variables, clippy::all)]\n\n\
             {modules}\n\
             pub fn app_with_examples(id: &str, config: &crate::Config) -> Option<axum::Router> {{\n\
             \x20   match id {{\n{selector}        _ => None,\n    }}\n}}\n"
        ),
    );
    let lib = files.get_mut("src/lib.rs").expect("a generated lib.rs");
    lib.push_str("\n#[doc(hidden)]\npub mod mutants;\n");
    let support = files
        .get_mut("tests/support/mod.rs")
        .expect("generated test support");
    let call = format!("let app = {crate_ident}::app_with_examples(&test_config());");
    assert!(
        support.contains(&call),
        "tests/support/mod.rs builds its app differently"
    );
    *support = support.replace(
        &call,
        &format!(
            "let app = match std::env::var({MUTANT_VARIABLE:?}) {{\n\
             \x20       Ok(id) => {crate_ident}::mutants::app_with_examples(&id, &test_config()).expect(\"a known mutant\"),\n\
             \x20       Err(_) => {crate_ident}::app_with_examples(&test_config()),\n\
             \x20   }};"
        ),
    );
    Ok(MutantProject { files })
}

fn rendered(
    model: &Model,
    templates: &Templates,
    options: &PlanOptions,
) -> Result<BTreeMap<String, String>, RenderError> {
    let plan = plan::plan(model, options);
    Ok(render::render(plan, templates)?
        .into_iter()
        .map(|RenderedFile { path, contents, .. }| (path.to_string(), contents))
        .collect())
}

/// The mutant's app, and the routers and mounts whose files differ from the original's, as
/// one module whose paths point at its own copies.
fn mutant_module(
    id: &str,
    original: &BTreeMap<String, String>,
    mutated: &BTreeMap<String, String>,
) -> String {
    let changed = |dir: &str| -> Vec<String> {
        mutated
            .iter()
            .filter(|(path, text)| {
                path.starts_with(dir)
                    && !path.ends_with("/mod.rs")
                    && original.get(*path) != Some(*text)
            })
            .filter_map(|(path, _)| {
                path.strip_prefix(dir)?
                    .strip_suffix(".rs")
                    .map(str::to_string)
            })
            .collect()
    };
    let routers = changed("src/routes/");
    let mut mounts = changed("src/mounts/");
    // A mount that merges a changed router is a changed mount.
    for (path, text) in mutated.iter().filter(|(p, _)| p.starts_with("src/mounts/")) {
        let Some(name) = path
            .strip_prefix("src/mounts/")
            .and_then(|p| p.strip_suffix(".rs"))
        else {
            continue;
        };
        if name != "mod"
            && !mounts.iter().any(|m| m == name)
            && routers
                .iter()
                .any(|r| text.contains(&format!("crate::routes::{r}::")))
        {
            mounts.push(name.to_string());
        }
    }
    let rewrite = |text: &str| {
        let mut text = text.to_string();
        for router in &routers {
            text = text.replace(
                &format!("crate::routes::{router}::"),
                &format!("crate::mutants::{id}::routes::{router}::"),
            );
        }
        for mount in &mounts {
            text = text.replace(
                &format!("crate::mounts::{mount}::"),
                &format!("crate::mutants::{id}::mounts::{mount}::"),
            );
        }
        text
    };
    let app = rewrite(&mutated["src/app.rs"])
        // The handlers enum stays the crate's, which the unchanged routers take.
        .replace("pub enum Handlers {", "pub enum UnusedHandlers {")
        .replace(
            "use crate::config::Config;",
            "use crate::app::Handlers;\nuse crate::config::Config;",
        )
        .replace(
            "include_str!(\"openapi.json\")",
            "include_str!(\"../openapi.json\")",
        );
    let mut module = format!("pub mod app {{\n{app}}}\n");
    for (dir, names) in [("routes", &routers), ("mounts", &mounts)] {
        if names.is_empty() {
            continue;
        }
        module.push_str(&format!("pub mod {dir} {{\n"));
        for name in names.iter() {
            let text = rewrite(&mutated[&format!("src/{dir}/{name}.rs")]);
            module.push_str(&format!("pub mod {name} {{\n{text}}}\n"));
        }
        module.push_str("}\n");
    }
    module
}
