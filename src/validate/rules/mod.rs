//! Every semantic rule, grouped by topic. Each rule is a `const` [`Rule`] beside the function
//! that checks it; [`ALL`] lists them for the README table, `axumgen explain --rule` and the test
//! that every rule has a case in the invalid corpus.

pub mod cors;
pub mod headers;
pub mod middleware;
pub mod models;
pub mod names;
pub mod order;
pub mod routes;
pub mod settings;

use super::{Cx, Findings};
use crate::diagnostic::Rule;
use crate::spec::{Middleware, Spanned};

/// Every rule the validator can report, parse-stage rules first.
pub fn all() -> Vec<Rule> {
    let mut all = crate::spec::RULES.to_vec();
    all.extend_from_slice(crate::import::RULES);
    for group in [
        names::RULES,
        routes::RULES,
        headers::RULES,
        cors::RULES,
        middleware::RULES,
        order::RULES,
        models::RULES,
        settings::RULES,
    ] {
        all.extend_from_slice(group);
    }
    all
}

/// Looks a rule up by code.
pub fn find(code: &str) -> Option<Rule> {
    all().into_iter().find(|rule| rule.code == code)
}

pub fn run_all(cx: &Cx, out: &mut Findings) {
    // The models' rules (most of the work on a large spec) on a second core while the others
    // run; their findings take their place in the order.
    let models = std::thread::scope(|scope| {
        let models = scope.spawn(|| {
            let mut found = Findings::default();
            models::check(cx, &mut found);
            found
        });
        names::check(cx, out);
        routes::check(cx, out);
        headers::check(cx, out);
        cors::check(cx, out);
        middleware::check(cx, out);
        order::check(cx, out);
        models
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    out.0.extend(models.0);
    settings::check(cx, out);
}

/// Every middleware entry in the spec, in file order.
pub fn every_layer<'a>(cx: &Cx<'a>) -> Vec<&'a Spanned<Middleware>> {
    cx.walk
        .stacks
        .iter()
        .flat_map(|stack| stack.layers.iter())
        .collect()
}

/// Every rule as a Markdown table, as the README shows it.
pub fn markdown_table() -> String {
    let mut out = String::from("| Code | Severity | What it catches |\n|---|---|---|\n");
    for rule in all() {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            rule.code,
            rule.severity,
            rule.summary.replace('|', "\\|")
        ));
    }
    out
}
