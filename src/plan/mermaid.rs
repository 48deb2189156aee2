//! The stack as a Mermaid flowchart: for each group of routes that pass through the same
//! layers, the request going in through them (outermost first), the handler, and the response
//! coming back out in reverse. `axumgen explain --format mermaid` prints it, and the generated
//! README embeds it, so that GitHub draws what a request passes through.

use crate::model::Route;
use std::fmt::Write as _;

/// One flowchart, a subgraph per group of routes with the same layers, in first-seen order.
pub fn diagram(routes: &[&Route]) -> String {
    let mut groups: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    for route in routes {
        let layers: Vec<String> = route
            .layers()
            .map(|layer| format!("{} [{}]", layer.kind.name(), layer.level))
            .collect();
        let name = format!("{} {}", route.endpoint.method, route.endpoint.full_path);
        match groups.iter_mut().find(|(same, _)| *same == layers) {
            Some((_, names)) => names.push(name),
            None => groups.push((layers, vec![name])),
        }
    }
    let mut out = String::from("flowchart LR\n");
    for (g, (layers, names)) in groups.iter().enumerate() {
        let title: Vec<String> = names.iter().map(|name| label(name)).collect();
        let _ = writeln!(out, "  subgraph g{g}[\"{}\"]", title.join("<br/>"));
        let _ = writeln!(out, "    direction LR");
        let _ = writeln!(out, "    g{g}_request([request])");
        let mut previous = format!("g{g}_request");
        for (i, layer) in layers.iter().enumerate() {
            let _ = writeln!(out, "    g{g}_in{i}[\"{}\"]", label(layer));
            let _ = writeln!(out, "    {previous} --> g{g}_in{i}");
            previous = format!("g{g}_in{i}");
        }
        let handler = if names.len() == 1 {
            "handler"
        } else {
            "handlers"
        };
        let _ = writeln!(out, "    g{g}_handler{{{{{handler}}}}}");
        let _ = writeln!(out, "    {previous} --> g{g}_handler");
        previous = format!("g{g}_handler");
        for (i, layer) in layers.iter().enumerate().rev() {
            let _ = writeln!(out, "    g{g}_out{i}[\"{}\"]", label(layer));
            let _ = writeln!(out, "    {previous} -.-> g{g}_out{i}");
            previous = format!("g{g}_out{i}");
        }
        let _ = writeln!(out, "    g{g}_response([response])");
        let _ = writeln!(out, "    {previous} -.-> g{g}_response");
        let _ = writeln!(out, "  end");
    }
    out
}

/// Text for a quoted Mermaid label: quotes, angle brackets and `#` as entities, so no spec
/// string can end the label or add markup.
fn label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_cannot_close_themselves_or_add_markup() {
        assert_eq!(label("a\"b<script>#1\nx"), "a#quot;b#lt;script#gt;#35;1 x");
    }
}
