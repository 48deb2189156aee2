//! The importer's rules: what it reports about an OpenAPI document, each with its code. Every
//! construct axumgen cannot express is one of these, with the JSON pointer of where it was and
//! what was made of it instead; nothing is left out silently.

use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::source::Span;
use std::collections::BTreeMap;

pub const UNREADABLE: Rule = Rule {
    code: "import-unreadable",
    severity: Severity::Error,
    summary: "an OpenAPI document that cannot be read: not UTF-8, not JSON or YAML, too large or too deep",
    help: "pass an OpenAPI 3.0 or 3.1 document, as JSON or YAML",
};
pub const VERSION: Rule = Rule {
    code: "import-version",
    severity: Severity::Error,
    summary: "a document that is not OpenAPI 3.0 or 3.1 (Swagger 2.0 is refused: convert it first)",
    help: "convert a Swagger 2.0 document to OpenAPI 3 first (for example with `swagger2openapi`)",
};
pub const REF: Rule = Rule {
    code: "import-ref",
    severity: Severity::Warning,
    summary: "a `$ref` that cannot be followed: remote, pointing nowhere, or a cycle of aliases; the value is read as `json`",
    help: "",
};
pub const APPROXIMATED: Rule = Rule {
    code: "import-approximated",
    severity: Severity::Warning,
    summary: "a schema construct axumgen cannot express (a union the server could not tell apart, `not`, an unchecked format or constraint), replaced by the closest type that accepts every valid value",
    help: "",
};
pub const DROPPED: Rule = Rule {
    code: "import-dropped",
    severity: Severity::Warning,
    summary: "a part of an operation axumgen cannot express (a header or cookie parameter, a non-JSON body, a second success response, a non-bearer security scheme), left out of the spec",
    help: "",
};
pub const EXAMPLE_DROPPED: Rule = Rule {
    code: "import-example-dropped",
    severity: Severity::Warning,
    summary: "an example or default in the document that does not match its own schema; axumgen derives one from the type instead",
    help: "",
};

pub const TOO_LARGE: Rule = Rule {
    code: "import-too-large",
    severity: Severity::Error,
    summary: "a document whose spec would be larger than axumgen reads (8 MiB, or 250,000 YAML nodes)",
    help: "import the document in parts: keep some of its paths (and the schemas they use), for instance with `jq`, and import each part as a service of its own",
};

pub const RULES: &[Rule] = &[
    UNREADABLE,
    VERSION,
    TOO_LARGE,
    REF,
    APPROXIMATED,
    DROPPED,
    EXAMPLE_DROPPED,
];

/// What the importer noticed, grouped so that a construct used 7,000 times is one diagnostic
/// (with its first place and a count), in the order first seen.
#[derive(Debug, Default)]
pub struct Notes {
    order: Vec<(&'static str, String)>,
    groups: BTreeMap<(&'static str, String), Group>,
}

#[derive(Debug)]
struct Group {
    rule: Rule,
    instead: String,
    first: String,
    count: usize,
}

impl Notes {
    /// Notes that `what`, at `pointer`, was not expressible and `instead` was done.
    pub fn note(&mut self, rule: Rule, pointer: &str, what: String, instead: impl Into<String>) {
        let key = (rule.code, what);
        match self.groups.get_mut(&key) {
            Some(group) => group.count += 1,
            None => {
                self.order.push(key.clone());
                self.groups.insert(
                    key,
                    Group {
                        rule,
                        instead: instead.into(),
                        first: pointer.to_string(),
                        count: 1,
                    },
                );
            }
        }
    }

    /// One diagnostic per kind of note: the pointer of its first place, how many more.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        let mut groups = self.groups;
        self.order
            .into_iter()
            .filter_map(|key| {
                let group = groups.remove(&key)?;
                let more = match group.count {
                    1 => String::new(),
                    2 => " and 1 other place".to_string(),
                    n => format!(" and {} other places", n - 1),
                };
                Some(
                    group
                        .rule
                        .at(
                            Span::UNKNOWN,
                            format!("{} (at `{}`{more})", key.1, group.first),
                        )
                        .with_help(group.instead),
                )
            })
            .collect()
    }
}

/// A JSON pointer with `key` appended (`~` and `/` escaped).
pub fn child(pointer: &str, key: &str) -> String {
    format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"))
}
