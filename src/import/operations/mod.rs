//! OpenAPI paths and operations → routers and endpoints: one router per tag (or per first path
//! segment when untagged), handlers named from `operationId`, path and query parameters, the
//! JSON request body, the first success response and the error statuses.

mod bodies;
mod parameters;

use super::Importer;
use super::document::Node;
use super::draft::{EndpointDraft, RouterDraft};
use super::names::{ident, type_name, unique, unique_endpoint};
use super::rules::{DROPPED, child};
use super::schema::one_line;
use std::collections::BTreeMap;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// An operation as read, before it is placed in a router.
pub struct Operation {
    pub tag: Option<String>,
    pub endpoint: EndpointDraft,
    /// The security requirements in force (the operation's, else the document's): alternatives,
    /// each a list of scheme names.
    pub security: Vec<Vec<String>>,
    /// Where the operation is in the document.
    pub pointer: String,
}

impl Importer<'_> {
    /// Every operation of the document, in order.
    pub fn operations(&mut self) -> Vec<Operation> {
        let root = self.root;
        let mut operations = Vec::new();
        let Some(paths) = root.get("paths") else {
            return operations;
        };
        let global_security = security_of(root.get("security"));
        for (path, item) in paths.entries() {
            let item_pointer = child("#/paths", path);
            let (item, item_pointer) = match self.follow(item, &item_pointer) {
                Some(followed) => followed,
                None => continue,
            };
            for (key, _) in item.entries() {
                if !METHODS.contains(&key.as_str())
                    && !matches!(
                        key.as_str(),
                        "parameters" | "summary" | "description" | "servers"
                    )
                    && !key.starts_with("x-")
                {
                    self.notes.note(
                        DROPPED,
                        &child(&item_pointer, key),
                        format!("the path item key `{key}`"),
                        "left out",
                    );
                }
            }
            for method in METHODS {
                let Some(operation) = item.get(method) else {
                    continue;
                };
                let pointer = child(&item_pointer, method);
                if method == "trace" {
                    self.notes.note(
                        DROPPED,
                        &pointer,
                        "a `TRACE` operation".into(),
                        "left out: axumgen serves GET, POST, PUT, PATCH, DELETE, HEAD and OPTIONS",
                    );
                    continue;
                }
                if let Some(read) = self.operation(path, method, item, operation, &pointer) {
                    let security = match operation.get("security") {
                        Some(own) => security_of(Some(own)),
                        None => global_security.clone(),
                    };
                    operations.push(Operation {
                        tag: operation
                            .get("tags")
                            .and_then(Node::as_array)
                            .and_then(|tags| tags.first())
                            .and_then(Node::as_str)
                            .map(str::to_string),
                        endpoint: read,
                        security,
                        pointer: pointer.clone(),
                    });
                }
            }
        }
        self.align_param_names(&mut operations);
        self.drop_duplicate_routes(&mut operations);
        operations
    }

    /// Paths that differ only in their parameters' names (`/v2/{name}` and `/v2/{parent}`,
    /// which OpenAPI forbids and real documents have) are one route once the names are aligned:
    /// the first operation of each method and route is kept, and each later one is noted and
    /// left out.
    fn drop_duplicate_routes(&mut self, operations: &mut Vec<Operation>) {
        let mut first: BTreeMap<(String, String), String> = BTreeMap::new();
        let notes = &mut self.notes;
        operations.retain(|operation| {
            let endpoint = &operation.endpoint;
            let route = (endpoint.method.clone(), endpoint.path.clone());
            match first.get(&route) {
                Some(kept) => {
                    notes.note(
                        DROPPED,
                        &operation.pointer,
                        format!(
                            "an operation whose route is `{} {}` again (its path differs from `{kept}`'s only in its parameters' names)",
                            route.0, route.1
                        ),
                        "left out: axum routes both paths alike, and the first operation is kept",
                    );
                    false
                }
                None => {
                    first.insert(route, operation.pointer.clone());
                    true
                }
            }
        });
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        item: &Node,
        operation: &Node,
        pointer: &str,
    ) -> Option<EndpointDraft> {
        if let Some(segment) = path.split('/').find(|s| {
            s.contains(['{', '}'])
                && !(s.starts_with('{') && s.ends_with('}') && s.matches('{').count() == 1)
        }) {
            self.notes.note(
                DROPPED,
                pointer,
                format!("an operation whose path has a parameter inside a segment (`{segment}`)"),
                "left out: axum matches a parameter as a whole segment",
            );
            return None;
        }
        let base = match operation.get("operationId").and_then(Node::as_str) {
            Some(id) => ident(id),
            None => ident(&format!("{method} {}", path.replace(['{', '}'], ""))),
        };
        let name = unique_endpoint(base, &mut self.handler_names, &mut self.handler_stems);
        let summary = one_line(operation.get("summary"))
            .or_else(|| one_line(operation.get("description")).map(|d| first_sentence(&d)));
        let mut endpoint = EndpointDraft {
            name: name.clone(),
            method: method.to_ascii_uppercase(),
            path: path.to_string(),
            summary,
            ..EndpointDraft::default()
        };
        if let Some(tags) = operation.get("tags").and_then(Node::as_array) {
            endpoint.tags = tags
                .iter()
                .skip(1)
                .filter_map(Node::as_str)
                .map(str::to_string)
                .collect();
        }
        self.parameters(item, operation, pointer, &mut endpoint);
        if let Err(problem) = crate::grammar::parse_route_path(&endpoint.path) {
            self.notes.note(
                DROPPED,
                pointer,
                format!(
                    "an operation whose path axum cannot route ({})",
                    problem.message
                ),
                "left out",
            );
            return None;
        }
        let op_type = type_name(&name);
        if let Some(body) = operation.get("requestBody") {
            endpoint.request = self.request(body, &child(pointer, "requestBody"), &op_type);
        }
        self.responses(operation, pointer, &op_type, &mut endpoint);
        for key in ["callbacks"] {
            if operation.get(key).is_some() {
                self.notes.note(
                    DROPPED,
                    &child(pointer, key),
                    format!("`{key}`"),
                    "left out",
                );
            }
        }
        Some(endpoint)
    }

    /// axum's router needs one name for a parameter at one place of a path: the first
    /// operation's name is kept, and later ones are renamed to it.
    fn align_param_names(&mut self, operations: &mut [Operation]) {
        let mut first_name: BTreeMap<String, String> = BTreeMap::new();
        for operation in operations.iter_mut() {
            let endpoint = &mut operation.endpoint;
            let mut prefix = String::new();
            let mut renames = Vec::new();
            for segment in endpoint.path.split('/').skip(1) {
                prefix.push('/');
                match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some(name) => {
                        let name = name.trim_start_matches('*');
                        let kept = first_name
                            .entry(prefix.clone())
                            .or_insert_with(|| name.to_string());
                        if kept != name {
                            renames.push((name.to_string(), kept.clone()));
                        }
                        prefix.push_str("{}");
                    }
                    None => prefix.push_str(segment),
                }
            }
            for (from, to) in renames {
                if endpoint.params.iter().any(|(n, _)| *n == to) {
                    continue;
                }
                endpoint.path = endpoint
                    .path
                    .replace(&format!("{{{from}}}"), &format!("{{{to}}}"));
                for (name, _) in endpoint.params.iter_mut() {
                    if *name == from {
                        name.clone_from(&to);
                    }
                }
            }
        }
    }

    /// Places operations in routers: by first tag, else by the path's first segment.
    pub fn routers(&mut self, operations: Vec<Operation>) -> Vec<RouterDraft> {
        let mut routers: Vec<RouterDraft> = Vec::new();
        let mut by_key: BTreeMap<String, usize> = BTreeMap::new();
        let mut names = self.handler_names.clone();
        for operation in operations {
            let key = operation.tag.clone().unwrap_or_else(|| {
                operation
                    .endpoint
                    .path
                    .split('/')
                    .find(|s| !s.is_empty() && !s.starts_with('{'))
                    .unwrap_or("root")
                    .to_string()
            });
            let index = *by_key.entry(key.clone()).or_insert_with(|| {
                let name = unique(ident(&key), "_", &mut names);
                routers.push(RouterDraft {
                    name,
                    tags: operation.tag.iter().cloned().collect(),
                    endpoints: Vec::new(),
                });
                routers.len() - 1
            });
            routers[index].endpoints.push(operation.endpoint);
        }
        routers
    }
}

/// The first sentence of a description, at most 120 characters.
fn first_sentence(text: &str) -> String {
    let sentence = text.split_inclusive(". ").next().unwrap_or(text).trim_end();
    match sentence.char_indices().nth(120) {
        Some((cut, _)) => format!("{}…", &sentence[..cut]),
        None => sentence.to_string(),
    }
}

/// Security requirements: each alternative as its scheme names.
fn security_of(node: Option<&Node>) -> Vec<Vec<String>> {
    node.and_then(Node::as_array)
        .unwrap_or(&[])
        .iter()
        .map(|requirement| {
            requirement
                .entries()
                .iter()
                .map(|(name, _)| name.clone())
                .collect()
        })
        .collect()
}
