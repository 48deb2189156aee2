//! Stage 3: model → plan. Decides which files the project has, who owns each, and the typed
//! context every template renders from. Pure, like every stage before emit.
//!
//! Generated files are rewritten on every run; user files (handler bodies, custom middleware)
//! are created once and never rewritten.

mod context;
mod handler;
pub mod mermaid;
pub mod models;
pub mod openapi;
mod params;
mod path;
pub mod stack;
pub mod tests;
mod validators;

pub use context::*;
pub use path::{ProjectPath, UnsafePath};

use crate::model::Model;
use serde::Serialize;

/// Who owns a file in the generated project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Ownership {
    /// axumgen rewrites it on every run; edits by hand are detected and refused.
    Generated,
    /// The user's: created once, never rewritten.
    User,
    /// Both's (`Cargo.toml`): axumgen owns the entries it writes, the user everything else.
    Shared,
}

/// A file to produce.
#[derive(Debug, Clone, Serialize)]
pub struct PlannedFile {
    pub path: ProjectPath,
    /// Template path under `templates/`.
    pub template: String,
    pub ownership: Ownership,
    /// The part of the project this file is about (an endpoint, a router…), as the template's
    /// `item`; [`Item::None`] for project-wide files.
    pub item: Item,
    /// For user files: the shape they are written for (a handler's signature), so a later run
    /// can tell the user when the spec changed it.
    pub fingerprint: Option<String>,
    /// The template writes this file exactly as rustfmt would (tests/preformatted.rs proves it),
    /// so formatting can skip it.
    pub preformatted: bool,
    /// Written byte for byte as rendered, without line-ending normalisation: an example body,
    /// which the server sends as it is.
    pub exact: bool,
    /// Items of the file the plan laid out as rustfmt would (the app's `build`, [`stack`]):
    /// the formatting stage keeps an item whose text is one of these, line break included.
    pub laid_out: Vec<String>,
    /// The whole text of a file that is data the plan already has, not code (the OpenAPI
    /// document): written as it is, without a template.
    #[serde(skip)]
    pub literal: Option<String>,
}

/// What a planned file's template sees as `item`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Item {
    /// A project-wide file: `item` is `none`.
    None,
    /// A handler file: the project's `handlers[n]`, which render takes from the project it has
    /// converted for the templates once, instead of converting each handler again per file.
    Handler(usize),
    /// An example body file: `{ body: handlers[n].response.body }`, taken as [`Item::Handler`].
    Example(usize),
    /// Any other part of the project (a router, a mount, a custom middleware), as data.
    Data(serde_json::Value),
}

impl Item {
    fn data<T: Serialize>(value: &T) -> Self {
        Item::Data(json(value))
    }
}

/// Every file of the project and the context they render from.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub files: Vec<PlannedFile>,
    pub context: ProjectContext,
}

/// Options that shape the plan.
#[derive(Debug, Clone, Default)]
pub struct PlanOptions {
    /// The spec's file name, for the "generated from" header.
    pub spec_name: String,
}

/// The files of the validation runtime (`templates/src/validation/`), copied as they are.
const VALIDATION_MODULES: [&str; 12] = [
    "mod", "calendar", "compound", "email", "errors", "extract", "json", "reply", "scalars",
    "strict", "temporal", "union",
];

/// The OpenAPI document the service serves: data from the plan, written without a template.
const OPENAPI_DOCUMENT: &str = "src/openapi.json";

/// The template of an example body file.
const EXAMPLE_TEMPLATE: &str = "src/examples/_example_.j2";

/// Plans the project for a validated model.
pub fn plan(model: &Model, options: &PlanOptions) -> Plan {
    // The OpenAPI document is the largest single piece of work of the plan and needs nothing
    // else the plan makes: it is written on another core while the rest is planned.
    std::thread::scope(|scope| {
        let openapi_document = model
            .openapi_path
            .as_ref()
            .map(|_| scope.spawn(|| openapi::document_text(model)));
        let context = ProjectContext::new(model, options);
        let mut plan = plan_files(context);
        if let Some(document) = openapi_document {
            let document = document
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            let path = ProjectPath::new(OPENAPI_DOCUMENT).expect("a constant path");
            // In the plan's order (by path).
            let at = plan.files.partition_point(|file| file.path < path);
            plan.files.insert(
                at,
                PlannedFile {
                    path,
                    template: String::new(),
                    ownership: Ownership::Generated,
                    item: Item::None,
                    fingerprint: None,
                    preformatted: true,
                    exact: true,
                    laid_out: Vec::new(),
                    literal: Some(document),
                },
            );
        }
        plan
    })
}

/// The files of the project but the OpenAPI document, and the context they render from.
fn plan_files(context: ProjectContext) -> Plan {
    let mut files = Vec::new();
    let mut add = |path: String, template: &str, ownership: Ownership, item: Item| {
        // Every path below is built from constants and checked identifiers.
        let path =
            ProjectPath::new(path).expect("planned paths are built from checked identifiers");
        files.push(PlannedFile {
            path,
            template: template.to_string(),
            ownership,
            item,
            fingerprint: None,
            // Files copied verbatim are shipped formatted.
            preformatted: !template.ends_with(".j2"),
            exact: template == EXAMPLE_TEMPLATE,
            laid_out: Vec::new(),
            literal: None,
        });
    };
    let generated = Ownership::Generated;
    add(
        "Cargo.toml".to_string(),
        "Cargo.toml.j2",
        Ownership::Shared,
        Item::None,
    );
    for (path, template) in [
        ("README.md", "README.md.j2"),
        (".gitignore", "gitignore.j2"),
        (".env.example", "env.example.j2"),
        ("src/main.rs", "src/main.rs.j2"),
        ("src/lib.rs", "src/lib.rs.j2"),
        ("src/app.rs", "src/app.rs.j2"),
        ("src/config.rs", "src/config.rs.j2"),
        ("src/api.rs", "src/api.rs.j2"),
        ("src/examples.rs", "src/examples.rs.j2"),
        ("src/handlers/mod.rs", "src/handlers/mod.rs.j2"),
        ("tests/support/mod.rs", "tests/support/mod.rs.j2"),
        ("tests/generated.rs", "tests/generated.rs.j2"),
        ("tests/smoke.rs", "tests/smoke.rs.j2"),
    ] {
        add(path.to_string(), template, generated, Item::None);
    }
    if !context.models.is_empty() {
        add(
            "src/models.rs".into(),
            "src/models.rs.j2",
            generated,
            Item::None,
        );
    }
    if context.validation_runtime {
        // The validation runtime typed bodies and parameters are read with, and typed replies
        // answered with.
        for module in VALIDATION_MODULES {
            add(
                format!("src/validation/{module}.rs"),
                &format!("src/validation/{module}.rs"),
                generated,
                Item::None,
            );
        }
    }
    let all_routers: Vec<&RouterContext> = context
        .routers
        .iter()
        .chain(context.mounts.iter().flat_map(|m| &m.routers))
        .collect();
    if !all_routers.is_empty() {
        // Declared in rustfmt's order of `mod` items.
        let mut declared = all_routers.clone();
        declared.sort_by(|a, b| crate::layout::module_order(&a.name, &b.name));
        add(
            "src/routes/mod.rs".into(),
            "src/routes/mod.rs.j2",
            generated,
            Item::data(&declared),
        );
    }
    for router in all_routers {
        add(
            format!("src/routes/{}.rs", router.name),
            "src/routes/_router_.rs.j2",
            generated,
            Item::data(router),
        );
    }
    if !context.mounts.is_empty() {
        add(
            "src/mounts/mod.rs".into(),
            "src/mounts/mod.rs.j2",
            generated,
            Item::None,
        );
    }
    for mount in &context.mounts {
        add(
            format!("src/mounts/{}.rs", mount.name),
            "src/mounts/_mount_.rs.j2",
            generated,
            Item::data(mount),
        );
    }
    if context.deps.runtime {
        add(
            "src/middleware/mod.rs".into(),
            "src/middleware/mod.rs.j2",
            generated,
            Item::None,
        );
        add(
            "src/middleware/support.rs".into(),
            "src/middleware/support.rs",
            generated,
            Item::None,
        );
    }
    for module in &context.middleware_modules {
        add(
            format!("src/middleware/{module}.rs"),
            &format!("src/middleware/{module}.rs"),
            generated,
            Item::None,
        );
    }
    if !context.handlers.is_empty() {
        add(
            "src/examples/serve.rs".into(),
            "src/examples/serve.rs.j2",
            generated,
            Item::None,
        );
    }
    for (n, handler) in context.handlers.iter().enumerate() {
        if let (Some(_), Some(file)) = (&handler.response.body, &handler.response.body_file) {
            add(
                format!("src/{file}"),
                EXAMPLE_TEMPLATE,
                generated,
                Item::Example(n),
            );
        }
        add(
            format!("src/handlers/{}.rs", handler.name),
            "src/handlers/_handler_.rs.j2",
            Ownership::User,
            Item::Handler(n),
        );
    }
    if !context.customs.is_empty() {
        add(
            "src/custom/mod.rs".into(),
            "src/custom/mod.rs.j2",
            generated,
            Item::None,
        );
    }
    add(
        "src/state.rs".to_string(),
        "src/state.rs.j2",
        Ownership::User,
        Item::None,
    );
    for custom in &context.customs {
        add(
            format!("src/custom/{custom}.rs"),
            "src/custom/_custom_.rs.j2",
            Ownership::User,
            Item::Data(serde_json::json!({ "name": custom })),
        );
    }
    // Files whose every item varying with the spec the plan laid out as rustfmt would (their
    // other items are the templates' own, written formatted) are rendered formatted.
    let examples = &context.examples;
    let rendered_formatted = |path: &str| match path {
        "tests/generated.rs" => context.tests.laid_out,
        "src/examples.rs" => examples.iter().all(|e| e.function_laid_out),
        "src/examples/serve.rs" => examples.iter().all(|e| e.serve_laid_out),
        _ => false,
    };
    for file in &mut files {
        if file.path.as_str() == "src/app.rs"
            && let Some(build) = &context.app.build
        {
            file.laid_out = vec![format!("{build}\n")];
        }
        file.preformatted |= rendered_formatted(file.path.as_str());
        if let Item::Handler(n) = file.item {
            let handler = &context.handlers[n];
            file.preformatted = handler.declaration.is_some();
            file.fingerprint = Some(handler.signature.clone());
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Plan { files, context }
}

/// The local variable a generated reader reads the field `rust` into: `rust` itself, unless it
/// is one of the reader's own variables in scope (`fields` in `from_input`; `params`, `errors` in
/// `from_params`; `read`, `lookup` in `Config::from_lookup`), which it would hide from the reads
/// after it, or a name clippy refuses for a variable (`foo`: Slack's API has a query parameter
/// so named): then `rust_` (a field's Rust name never ends in `_` but for a keyword, so this is
/// no other field's name).
pub(crate) fn reader_local(rust: &str, in_scope: &[&str]) -> String {
    if in_scope.contains(&rust) || CLIPPY_DISALLOWED_NAMES.contains(&rust) {
        format!("{rust}_")
    } else {
        rust.to_string()
    }
}

/// The variable names clippy's `disallowed_names` lint refuses by default.
const CLIPPY_DISALLOWED_NAMES: [&str; 3] = ["foo", "baz", "quux"];

fn json<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}
