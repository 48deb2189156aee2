//! `axumgen explain`: the layers a request passes through, in and out, for each route; or what a
//! rule code means.

use super::{CliError, ExplainArgs, Outcome};
use crate::model::{Model, Route};
use crate::validate::check_file;
use std::fmt::Write as _;

pub fn run(args: &ExplainArgs, color: bool) -> Result<Outcome, CliError> {
    if args.list_rules {
        print!("{}", crate::validate::rules::markdown_table());
        return Ok(Outcome::Success);
    }
    if let Some(code) = &args.rule {
        let rule = crate::validate::rules::find(code)
            .ok_or_else(|| CliError::UnknownRule(code.clone()))?;
        println!("{} ({}): {}", rule.code, rule.severity, rule.summary);
        if !rule.help.is_empty() {
            println!("help: {}", rule.help);
        }
        return Ok(Outcome::Success);
    }
    let Some(spec) = &args.spec else {
        return Ok(Outcome::Problems);
    };
    let checked = check_file(spec)?;
    let Some(model) = &checked.model else {
        eprint!("{}", super::check::human_report(&checked, color));
        return Ok(Outcome::Problems);
    };
    let routes = model.routes();
    let selected: Vec<&Route> = match &args.route {
        None => routes.iter().collect(),
        Some(wanted) => vec![find_route(&routes, wanted)?],
    };
    if args.format == super::ExplainFormat::Mermaid {
        print!("{}", crate::plan::mermaid::diagram(&selected));
        return Ok(Outcome::Success);
    }
    let mut out = String::new();
    for (i, route) in selected.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&explain_route(model, route));
    }
    print!("{out}");
    Ok(Outcome::Success)
}

/// Finds a route by `METHOD PATH`, the path either a template or a concrete request path.
fn find_route<'a>(routes: &'a [Route<'a>], wanted: &str) -> Result<&'a Route<'a>, CliError> {
    let (method, path) = wanted
        .trim()
        .split_once(char::is_whitespace)
        .ok_or_else(|| CliError::BadRouteSyntax(wanted.to_string()))?;
    let method = method.to_ascii_uppercase();
    let path = path.trim();
    let same_method = |r: &&Route| r.endpoint.method == method;
    if let Some(route) = routes
        .iter()
        .filter(same_method)
        .find(|r| r.endpoint.full_path == path)
    {
        return Ok(route);
    }
    for route in routes.iter().filter(same_method) {
        let mut router = matchit::Router::new();
        if router.insert(route.endpoint.full_path.as_str(), ()).is_ok() && router.at(path).is_ok() {
            return Ok(route);
        }
    }
    let known = routes
        .iter()
        .map(|r| format!("  {} {}", r.endpoint.method, r.endpoint.full_path))
        .collect::<Vec<_>>()
        .join("\n");
    Err(CliError::UnknownRoute {
        route: wanted.to_string(),
        known,
    })
}

/// One route's onion: layers in (outermost first), the handler, layers out.
pub fn explain_route(_model: &Model, route: &Route) -> String {
    let endpoint = route.endpoint;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}  (handler `{}`)",
        endpoint.method, endpoint.full_path, endpoint.name
    );
    let layers: Vec<_> = route.layers().collect();
    let width = layers
        .iter()
        .map(|l| l.kind.name().len())
        .max()
        .unwrap_or(0);
    for (depth, layer) in layers.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {:indent$}→ {:width$}  [{}]  {}",
            "",
            layer.kind.name(),
            layer.level,
            layer.kind.describe(),
            indent = depth * 2,
            width = width
        );
    }
    let _ = writeln!(
        out,
        "  {:indent$}● {} → {}",
        "",
        endpoint.name,
        endpoint.response.status,
        indent = layers.len() * 2
    );
    for (depth, layer) in layers.iter().enumerate().rev() {
        let _ = writeln!(
            out,
            "  {:indent$}← {:width$}  [{}]",
            "",
            layer.kind.name(),
            layer.level,
            indent = depth * 2,
            width = width
        );
    }
    if layers.is_empty() {
        let _ = writeln!(out, "  (no middleware)");
    }
    out
}
