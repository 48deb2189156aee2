//! A second front end: an OpenAPI 3.0 or 3.1 document (JSON or YAML) → an axumgen spec.
//!
//! ```text
//! document bytes ──document::parse──▶ Node ──Importer──▶ Draft ──to_yaml──▶ spec text
//!                                                   └── notes (rules.rs) ──▶ diagnostics
//! ```
//!
//! The spec text then goes through the ordinary pipeline (`spec::parse`, `validate`): the
//! importer hands over text, never a model, so an imported spec is exactly what a user could
//! have written. Its examples and defaults are checked there, and one that does not match its
//! own schema is dropped and reported ([`import`] settles them before returning).

mod conform;
pub mod document;
mod draft;
mod names;
mod operations;
pub mod rules;
mod schema;
mod settle;

pub use document::Node;
pub use rules::RULES;

use crate::diagnostic::Diagnostic;
use crate::source::Span;
use draft::{Bearer, Draft, ModelDraft};
use rules::{DROPPED, Notes, VERSION};
use std::collections::{BTreeMap, BTreeSet};

/// What importing gives: the spec text and what was noticed on the way. `spec` is `None` when
/// the document could not be imported at all (the diagnostics say why).
#[derive(Debug)]
pub struct Imported {
    pub spec: Option<String>,
    /// About the document: what could not be expressed, and what was done instead.
    pub diagnostics: Vec<Diagnostic>,
    /// What `check` still says of the spec text (spans into `spec`); empty but for warnings
    /// when the importer is right.
    pub spec_diagnostics: Vec<Diagnostic>,
}

/// Imports a document's bytes; `source_name` goes into the spec's header comment.
pub fn import(bytes: &[u8], source_name: &str) -> Imported {
    let root = match document::parse(bytes) {
        Ok(root) => root,
        Err(diagnostic) => {
            return Imported {
                spec: None,
                diagnostics: vec![*diagnostic],
                spec_diagnostics: Vec::new(),
            };
        }
    };
    import_node(&root, source_name)
}

/// Imports a parsed document.
pub fn import_node(root: &Node, source_name: &str) -> Imported {
    let version = match check_version(root) {
        Ok(version) => version,
        Err(diagnostic) => {
            return Imported {
                spec: None,
                diagnostics: vec![*diagnostic],
                spec_diagnostics: Vec::new(),
            };
        }
    };
    let mut importer = Importer {
        root,
        notes: Notes::default(),
        models: Vec::new(),
        component_models: BTreeMap::new(),
        inline_models: BTreeMap::new(),
        model_names: BTreeSet::new(),
        handler_names: BTreeSet::new(),
        handler_stems: BTreeSet::new(),
        inlining: Vec::new(),
        aliases: BTreeSet::new(),
        union_models: BTreeMap::new(),
    };
    let mut draft = importer.draft(source_name, &version);
    importer.drop_nonconforming(&mut draft);
    let settled = settle::settle(&mut draft, &mut importer.notes);
    let mut diagnostics = importer.notes.into_diagnostics();
    match settled {
        Ok((spec, spec_diagnostics)) => Imported {
            spec: Some(spec),
            diagnostics,
            spec_diagnostics,
        },
        Err(too_large) => {
            diagnostics.push(*too_large);
            Imported {
                spec: None,
                diagnostics,
                spec_diagnostics: Vec::new(),
            }
        }
    }
}

/// The document's OpenAPI version, if it is one axumgen reads.
fn check_version(root: &Node) -> Result<String, Box<Diagnostic>> {
    if !root.is_object() {
        return Err(Box::new(
            VERSION.at(Span::UNKNOWN, "the document is not an object"),
        ));
    }
    if let Some(swagger) = root.get("swagger") {
        let version = swagger.as_str().unwrap_or("?");
        return Err(Box::new(VERSION.at(
            Span::UNKNOWN,
            format!("this is a Swagger {version} document; axumgen imports OpenAPI 3.0 and 3.1"),
        )));
    }
    match root.get("openapi").and_then(Node::as_str) {
        Some(version) if version.starts_with("3.0") || version.starts_with("3.1") => {
            Ok(version.to_string())
        }
        Some(version) => Err(Box::new(
            VERSION
                .at(
                    Span::UNKNOWN,
                    format!("OpenAPI {version} is not a version axumgen imports"),
                )
                .with_help("axumgen imports OpenAPI 3.0 and 3.1 documents"),
        )),
        None => Err(Box::new(
            VERSION
                .at(Span::UNKNOWN, "the document has no `openapi` version")
                .with_help("an OpenAPI 3 document starts with `openapi: 3.0.3` (or 3.1.x)"),
        )),
    }
}

/// The state of one import: the document, what was noticed, the models made so far.
pub(crate) struct Importer<'d> {
    root: &'d Node,
    notes: Notes,
    models: Vec<ModelDraft>,
    /// Component pointer (`/components/schemas/Pet`) → index in `models`.
    component_models: BTreeMap<String, usize>,
    /// The pointer of each inline object made a model (`#/paths/~1pets/get/…/schema`, or
    /// `#/components/schemas/Pet/properties/owner` when a `$ref` points inside a component) →
    /// index in `models`: an object reached through several references is one model.
    inline_models: BTreeMap<String, usize>,
    model_names: BTreeSet<String>,
    handler_names: BTreeSet<String>,
    /// The type-name stems of the handlers named so far (`Get2Send` for `get_2_send`): two
    /// handlers must not share one.
    handler_stems: BTreeSet<String>,
    /// The aliases being read (a cycle among them has no model to stop at).
    inlining: Vec<String>,
    /// Component schemas read inline where they are used (aliases of scalars, lists, maps).
    aliases: BTreeSet<String>,
    /// The `oneOf`/`anyOf` pointer of each union made a model → its name and whether a member
    /// allows `null`, so a union read through several references is one model.
    union_models: BTreeMap<String, (String, bool)>,
}

/// Why a `$ref` chain could not be followed.
enum Unfollowed {
    /// A remote reference, or one to nothing in the document.
    Nowhere(String),
    /// More than 32 references in a row.
    TooLong,
}

impl<'d> Importer<'d> {
    fn draft(&mut self, source_name: &str, version: &str) -> Draft {
        let info = self.root.get("info");
        let title = info
            .and_then(|i| i.get("title"))
            .and_then(Node::as_str)
            .unwrap_or("imported api");
        let mut draft = Draft {
            header: format!(
                "Imported by `axumgen import` from {source_name} (OpenAPI {version}).\nEdit freely: this is now the spec the project is generated from."
            )
            .replace(['\r'], ""),
            name: names::crate_name(title),
            ..Draft::default()
        };
        if let Some(version) = info.and_then(|i| i.get("version")).and_then(Node::as_str) {
            if crate::validate::rules::names::is_semver(version) {
                draft.version = Some(version.to_string());
            } else {
                self.notes.note(
                    DROPPED,
                    "#/info/version",
                    format!("the version `{version}`, which is not MAJOR.MINOR.PATCH"),
                    "left out: the service is 0.1.0",
                );
            }
        }
        draft.description = schema::one_line(info.and_then(|i| i.get("summary")))
            .or_else(|| Some(title.to_string()).filter(|t| !t.trim().is_empty()))
            .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "));
        for key in ["webhooks"] {
            if self.root.get(key).is_some() {
                self.notes.note(
                    DROPPED,
                    &format!("#/{key}"),
                    format!("`{key}` (requests the API sends)"),
                    "left out: axumgen generates the server side",
                );
            }
        }
        let operations = self.operations();
        draft.bearer = self.bearer(&operations);
        draft.openapi_path = self.openapi_path(&operations);
        draft.routers = self.routers(operations);
        self.note_unused_schemas();
        draft.models = std::mem::take(&mut self.models);
        prune_models(&mut draft);
        draft
    }

    /// Where the generated server serves its OpenAPI document, when its default
    /// (`/openapi.json`) is the path of one of the document's own operations: the first of a
    /// few that none has, noted.
    fn openapi_path(&mut self, operations: &[operations::Operation]) -> Option<String> {
        let taken = |path: &str| operations.iter().any(|o| o.endpoint.path == path);
        let default = "/openapi.json";
        let at = operations.iter().find(|o| o.endpoint.path == default)?;
        let moved = ["/docs/openapi.json", "/axumgen/openapi.json"]
            .into_iter()
            .find(|path| !taken(path))?;
        self.notes.note(
            rules::APPROXIMATED,
            &at.pointer,
            format!("an operation at `{default}`, where axumgen serves the OpenAPI document"),
            format!("the operation is kept; the document is served at `{moved}`"),
        );
        Some(moved.to_string())
    }

    /// The text under a local JSON pointer (`/components/schemas/Pet`).
    fn lookup(&self, pointer: &str) -> Option<&'d Node> {
        let mut node = self.root;
        if pointer.is_empty() {
            return Some(node);
        }
        for segment in pointer.strip_prefix('/')?.split('/') {
            let key = names::unescape(segment);
            node = match node {
                Node::Object(_) => node.get(&key)?,
                Node::Array(items) => items.get(key.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// A node, or what its `$ref` chain leads to (noted when it cannot be followed).
    fn follow<'n>(&mut self, node: &'n Node, pointer: &str) -> Option<(&'n Node, String)>
    where
        'd: 'n,
    {
        match self.resolve(node, pointer) {
            Ok(found) => Some(found),
            Err((pointer, Unfollowed::Nowhere(reference))) => {
                self.notes.note(
                    rules::REF,
                    &pointer,
                    format!("a `$ref` (`{reference}`) that is remote or points nowhere"),
                    "left out",
                );
                None
            }
            Err((pointer, Unfollowed::TooLong)) => {
                self.notes.note(
                    rules::REF,
                    &pointer,
                    "a chain of more than 32 `$ref`s".into(),
                    "left out",
                );
                None
            }
        }
    }

    /// What [`Importer::follow`] finds, noting nothing: the node a `$ref` chain leads to and
    /// its pointer, or where and why the chain stops.
    fn resolve<'n>(
        &self,
        node: &'n Node,
        pointer: &str,
    ) -> Result<(&'n Node, String), (String, Unfollowed)>
    where
        'd: 'n,
    {
        let mut node = node;
        let mut pointer = pointer.to_string();
        for _ in 0..32 {
            let Some(reference) = node.get("$ref").and_then(Node::as_str) else {
                return Ok((node, pointer));
            };
            match reference
                .strip_prefix('#')
                .and_then(|t| self.lookup(t).map(|n| (t, n)))
            {
                Some((target, next)) => {
                    node = next;
                    pointer = format!("#{target}");
                }
                None => return Err((pointer, Unfollowed::Nowhere(reference.to_string()))),
            }
        }
        Err((pointer, Unfollowed::TooLong))
    }

    fn unique_model_name(&mut self, base: &str) -> String {
        names::unique(names::type_name(base), "", &mut self.model_names)
    }

    /// A `bearer_auth` layer when operations ask for a bearer token; the operations that do
    /// not, at paths without parameters, are its public paths.
    fn bearer(&mut self, operations: &[operations::Operation]) -> Option<Bearer> {
        let schemes = self
            .root
            .get("components")
            .and_then(|c| c.get("securitySchemes"))
            .map_or(&[][..], Node::entries);
        let mut bearer_schemes = BTreeSet::new();
        for (name, scheme) in schemes {
            let pointer = rules::child("#/components/securitySchemes", name);
            let Some((scheme, _)) = self.follow(scheme, &pointer) else {
                continue;
            };
            let kind = scheme.get("type").and_then(Node::as_str).unwrap_or("");
            let http = scheme.get("scheme").and_then(Node::as_str).unwrap_or("");
            if kind == "http" && http.eq_ignore_ascii_case("bearer") {
                bearer_schemes.insert(name.clone());
            } else {
                self.notes.note(
                    DROPPED,
                    &pointer,
                    format!("the `{kind}` security scheme `{name}`"),
                    "left out: axumgen checks bearer tokens (`bearer_auth`); add a `custom` middleware for this one",
                );
            }
        }
        let needs = |op: &operations::Operation| {
            !op.security.is_empty()
                && op.security.iter().all(|alternative| {
                    alternative
                        .iter()
                        .any(|scheme| bearer_schemes.contains(scheme))
                })
        };
        let first = bearer_schemes.iter().next()?.clone();
        if !operations.iter().any(needs) {
            return None;
        }
        let mut protected = BTreeSet::new();
        let mut public = BTreeMap::new();
        for op in operations {
            if needs(op) {
                protected.insert(op.endpoint.path.clone());
            } else {
                public
                    .entry(op.endpoint.path.clone())
                    .or_insert_with(|| op.pointer.clone());
            }
        }
        let mut public_paths = Vec::new();
        for (path, pointer) in public {
            if path.contains('{') || protected.contains(&path) {
                self.notes.note(
                    DROPPED,
                    &pointer,
                    "an operation without a token requirement at a path with parameters, or beside one that has it".into(),
                    "the token is required there too: `public_paths` are exact paths",
                );
            } else {
                public_paths.push(path);
            }
        }
        Some(Bearer {
            token_env: names::token_env(&first),
            public_paths,
        })
    }

    fn note_unused_schemas(&mut self) {
        let schemas = self
            .root
            .get("components")
            .and_then(|c| c.get("schemas"))
            .map_or(&[][..], Node::entries);
        for (name, _) in schemas {
            let pointer = rules::child("/components/schemas", name);
            if !self.component_models.contains_key(&pointer) && !self.aliases.contains(&pointer) {
                self.notes.note(
                    DROPPED,
                    &format!("#{pointer}"),
                    "a component schema the spec does not need (no request or success response uses it, or only through a part left out)".into(),
                    "left out (`model-unused` would flag it)",
                );
            }
        }
    }
}

/// Removes the models no endpoint reaches (made for a part that was then left out, which is
/// noted where it was left out).
fn prune_models(draft: &mut Draft) {
    fn named(text: &str, out: &mut Vec<String>) {
        if let Ok(ty) = crate::grammar::types::parse(text) {
            let mut stack = vec![ty];
            while let Some(ty) = stack.pop() {
                match ty.ty {
                    crate::grammar::types::TypeExpr::Model(name) => out.push(name),
                    crate::grammar::types::TypeExpr::List(inner)
                    | crate::grammar::types::TypeExpr::Map(inner) => stack.push(*inner),
                    crate::grammar::types::TypeExpr::Scalar(_) => {}
                }
            }
        }
    }
    let mut pending = Vec::new();
    for endpoint in draft.routers.iter().flat_map(|r| &r.endpoints) {
        if let Some(request) = &endpoint.request {
            named(&request.model, &mut pending);
        }
        if let Some(model) = &endpoint.response.model {
            named(model, &mut pending);
        }
    }
    let mut reached = BTreeSet::new();
    while let Some(name) = pending.pop() {
        if !reached.insert(name.clone()) {
            continue;
        }
        if let Some(model) = draft.models.iter().find(|m| m.name == name) {
            for (_, ty) in &model.fields {
                named(&ty.text, &mut pending);
            }
            for member in &model.one_of {
                named(member, &mut pending);
            }
        }
    }
    draft.models.retain(|m| reached.contains(&m.name));
}
