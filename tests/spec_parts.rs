//! A large spec is parsed in two parts on two cores (`axumgen::spec::parts`): whenever the
//! parts are used, their join is exactly the whole text's parse, and a text that could make
//! them disagree is parsed whole.

mod common;

use axumgen::source::SourceFile;
use axumgen::spec::parts::parse_in_parts;
use axumgen::spec::{Spec, parse_whole};
use std::path::Path;

/// The whole parse of `text`, as `Debug` text (spans included), or `None` when it fails.
fn whole(text: &str) -> Option<String> {
    parse_whole(&SourceFile::new("spec.yaml", text.to_string()))
        .ok()
        .map(|spec| format!("{spec:?}"))
}

/// `text` in parts (at any size): `Some` only when the parts were used, and then the join
/// equals the whole parse.
fn in_parts(text: &str) -> Option<Spec> {
    let joined = parse_in_parts(text, 0)?;
    assert_eq!(
        Some(format!("{joined:?}")),
        whole(text),
        "the parts' join differs from the whole parse of:\n{text}"
    );
    Some(joined)
}

/// A spec with `n` routers of two endpoints each, `routers:` last, as `axumgen import` writes.
fn many_routers(n: usize) -> String {
    let mut text = String::from(
        "axumgen: 1\nservice:\n  name: parts\nmodels:\n  Item:\n    fields:\n      id: u64\nrouters:\n",
    );
    for r in 0..n {
        text.push_str(&format!(
            "  - name: r{r}\n    prefix: /r{r}\n    endpoints:\n      - name: list_{r}\n        method: GET\n        path: /items\n        response: {{ model: \"[Item]\" }}\n      - name: get_{r}\n        method: GET\n        path: \"/items/{{id}}\"\n        params: {{ id: u64 }}\n        response: {{ model: Item }}\n"
        ));
    }
    text
}

/// `text` with its top-level `routers:` block (its line and the indented lines under it)
/// moved to the end, its items written twice, or `None` when it has none in block style.
fn routers_last(text: &str) -> Option<String> {
    let mut blocks: Vec<String> = Vec::new();
    for line in text.split_inclusive('\n') {
        let at_margin = !line.starts_with([' ', '#', '\n', '\r']);
        match blocks.last_mut() {
            Some(block) if !at_margin => block.push_str(line),
            _ => blocks.push(line.to_string()),
        }
    }
    let at = blocks.iter().position(|b| b.starts_with("routers:\n"))?;
    let mut routers = blocks.remove(at);
    if !routers.ends_with('\n') {
        routers.push('\n');
    }
    // Its items twice, so that even a single router leaves an item to cut before (parsing
    // does not mind two routers of one name; the validator would).
    let items = routers["routers:\n".len()..].to_string();
    routers.push_str(&items);
    let mut moved: String = blocks.concat();
    if !moved.ends_with('\n') {
        moved.push('\n');
    }
    moved.push_str(&routers);
    Some(moved)
}

#[test]
fn every_spec_of_the_suite_parses_the_same_in_parts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut used = 0;
    let mut specs = Vec::new();
    for dir in ["tests/valid", "specs"] {
        for entry in std::fs::read_dir(root.join(dir)).expect(dir) {
            specs.push(entry.expect("entry").path());
        }
    }
    specs.push(root.join("examples/task-service/spec.yaml"));
    for path in specs
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
    {
        let text = std::fs::read_to_string(path).expect("readable");
        in_parts(&text);
        // The same spec with its `routers:` block moved last, where the parts look for it.
        if let Some(moved) = routers_last(&text) {
            used += usize::from(in_parts(&moved).is_some());
        }
    }
    assert!(used >= 4, "only {used} specs parsed in parts");
}

#[test]
fn a_large_spec_is_parsed_in_parts_into_the_whole_parse() {
    let text = many_routers(400);
    let spec = in_parts(&text).expect("parsed in parts");
    assert_eq!(spec.routers.len(), 400);
    // And through `parse`, above the size where parts pay.
    assert!(text.len() > axumgen::spec::parts::MIN_BYTES);
    let parsed = axumgen::spec::parse(&SourceFile::new("s.yaml", text.clone())).expect("parses");
    assert_eq!(format!("{parsed:?}"), whole(&text).expect("parses whole"));
}

/// At GitHub's scale (`AXUMGEN_GITHUB_OPENAPI`): the imported spec, 3.4 MB.
#[test]
fn githubs_imported_spec_parses_the_same_in_parts() {
    let Some(spec) = common::github_spec("GitHub's document is not imported here") else {
        return;
    };
    assert!(in_parts(&spec).is_some(), "GitHub's spec parsed whole");
}

#[test]
fn texts_the_parts_could_misread_are_parsed_whole() {
    let text = many_routers(6);
    assert!(in_parts(&text).is_some());
    let cases = [
        // An anchor before the cut, named after it (the last router is after any cut).
        text.replacen("      id: u64", "      id: &id u64", 1)
            .replacen("    prefix: /r5", "    prefix: *id", 1),
        // A quoted string open across every place the text could be cut.
        text.replacen("    prefix: /r0\n", "    prefix: \"/r0\n", 1)
            .replacen("    prefix: /r5\n", "    prefix: /r5\"\n", 1),
        // A document marker, a directive.
        format!("---\n{text}"),
        format!("%YAML 1.2\n---\n{text}"),
        // A key at the margin after the routers, and a second `routers:`.
        format!("{text}mounts: []\n"),
        format!("{text}routers:\n  - name: again\n"),
        // The routers as a flow list; a list at the margin.
        text.replacen("routers:\n", "routers: [\n", 1),
        text.replace("\n  - name: r", "\n- name: r"),
        // `routers:` inside a string, the real list in flow style before it.
        "axumgen: 1\nservice: { name: s, description: \"a\nrouters:\n  - x\n  - y\" }\n".into(),
    ];
    for case in &cases {
        assert!(
            parse_in_parts(case, 0).is_none(),
            "parsed in parts:\n{case}"
        );
    }
    // Every router's prefix a block scalar keeping its trailing line breaks, so that one ends
    // just before the cut, or a plain scalar over two lines: the join is the whole parse.
    for (from, to) in [
        ("/r{n}\n", "|+\n      /r{n}\n\n"),
        ("/r{n}\n", "/r{n}\n      /more\n"),
    ] {
        let mut changed = text.clone();
        for n in 0..6 {
            changed = changed.replacen(
                &format!("    prefix: {}", from.replace("{n}", &n.to_string())),
                &format!("    prefix: {}", to.replace("{n}", &n.to_string())),
                1,
            );
        }
        assert_ne!(changed, text);
        assert!(whole(&changed).is_some(), "{changed}");
        assert!(in_parts(&changed).is_some());
    }
}
