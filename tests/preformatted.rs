//! Files that generation does not pass through rustfmt must already be what rustfmt makes of
//! them: the runtime middleware copied verbatim, and every handler file, whatever the length of
//! its names and whichever extractors it takes. Skipping rustfmt for them is what keeps a cold
//! generation of a large spec fast; these tests are what make that safe.

mod common;

use axumgen::plan::{PlanOptions, plan};
use axumgen::render::{Templates, render};
use axumgen::source::SourceFile;
use axumgen::validate::check_source;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// rustfmt's output for `text`, as `cargo fmt` in a generated project (edition 2024) gives it.
fn rustfmt(text: &str) -> String {
    let mut child = Command::new(std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".into()))
        .args(["--edition", "2024", "--emit", "stdout", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rustfmt runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("written");
    let output = child.wait_with_output().expect("rustfmt finishes");
    assert!(
        output.status.success(),
        "rustfmt rejected:\n{text}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn verbatim_middleware_files_are_shipped_formatted() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/src/middleware");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("templates/src/middleware") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("readable");
            assert_eq!(
                rustfmt(&text),
                text,
                "{} is not rustfmt-clean",
                path.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 8, "only {checked} middleware files found");
}

/// A spec with one endpoint per case: names from 1 to 110 characters, every combination of
/// path parameters, query parameters and a JSON body, with and without a summary.
fn spec() -> String {
    let mut yaml = String::from(
        "axumgen: 1\nservice: { name: preformatted, version: 0.1.0 }\nrouters:\n  - name: cases\n    prefix: /cases\n    endpoints:\n",
    );
    let lengths: [usize; 18] = [
        1, 2, 8, 20, 30, 40, 45, 50, 55, 58, 60, 62, 65, 70, 75, 80, 90, 110,
    ];
    for (n, &length) in lengths.iter().enumerate() {
        for shape in 0..8 {
            let stem = format!("h{n}x{shape}_");
            let name = format!("{stem}{}", "a".repeat(length.saturating_sub(stem.len())));
            let mut line = format!("      - name: {name}\n        method: POST\n");
            if shape & 1 == 1 {
                line.push_str(&format!(
                    "        path: /{name}/{{item_id}}\n        params: {{ item_id: u64 }}\n"
                ));
            } else {
                line.push_str(&format!("        path: /{name}\n"));
            }
            if shape & 2 == 2 {
                line.push_str("        query: { page: u32?, q: string }\n");
            }
            if shape & 4 == 4 {
                line.push_str("        request: { body: { title: x } }\n");
            }
            if n % 3 == 0 {
                line.push_str(&format!(
                    "        summary: \"A summary\\tof {length} characters, with ✓ and `ticks` and a very long tail that goes past the width\"\n"
                ));
            }
            line.push_str("        response: { status: 201, body: { id: 1 } }\n");
            yaml.push_str(&line);
        }
    }
    yaml
}

#[test]
fn handler_files_are_rendered_formatted() {
    let checked = check_source(SourceFile::new("cases.yaml", spec()));
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    let model = checked
        .model
        .unwrap_or_else(|| panic!("the case spec is valid: {errors:?}"));
    let plan = plan(
        &model,
        &PlanOptions {
            spec_name: "cases.yaml".into(),
        },
    );
    let files = render(plan, &Templates::embedded()).expect("renders");
    let handlers: Vec<_> = files
        .iter()
        .filter(|f| {
            f.path.as_str().starts_with("src/handlers/") && f.path.as_str() != "src/handlers/mod.rs"
        })
        .collect();
    assert_eq!(handlers.len(), 18 * 8, "one handler file per case");
    let (mut tall, mut left_to_rustfmt) = (0, 0);
    for file in handlers {
        if !file.preformatted {
            // Only declarations with an argument too wide for a line of its own are left to
            // rustfmt, and rustfmt does change them.
            assert!(
                file.contents.lines().any(|l| l.len() > 100),
                "{}",
                file.path
            );
            assert_ne!(rustfmt(&file.contents), file.contents, "{}", file.path);
            left_to_rustfmt += 1;
            continue;
        }
        assert_eq!(
            rustfmt(&file.contents),
            file.contents,
            "{} differs from rustfmt's layout",
            file.path
        );
        tall += usize::from(file.contents.contains("(\n"));
    }
    // Every layout was exercised, and all but the extreme names skip rustfmt.
    assert!(tall > 10, "{tall} tall declarations");
    assert!(
        (1..18 * 8 / 4).contains(&left_to_rustfmt),
        "{left_to_rustfmt} files left to rustfmt"
    );
}

#[test]
fn an_overridden_template_is_formatted_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let handlers = dir.path().join("src/handlers");
    std::fs::create_dir_all(&handlers).expect("dir");
    std::fs::write(
        handlers.join("_handler_.rs.j2"),
        "pub async fn {{ item.name | ident }}() -> axum::response::Response { crate::examples::{{ item.name | ident }}() }\n",
    )
    .expect("written");
    let checked = check_source(SourceFile::new(
        "one.yaml",
        "axumgen: 1\nservice: { name: one, version: 0.1.0 }\nendpoints:\n  - { name: ping, method: GET, path: /ping, response: { body: { ok: true } } }\n",
    ));
    let plan = plan(
        &checked.model.expect("valid"),
        &PlanOptions {
            spec_name: "one.yaml".into(),
        },
    );
    let mut files = render(plan, &Templates::with_overrides(dir.path())).expect("renders");
    let handler = files
        .iter()
        .position(|f| f.path.as_str() == "src/handlers/ping.rs")
        .expect("a handler");
    assert!(
        !files[handler].preformatted,
        "an override is not trusted to be formatted"
    );
    let before = files[handler].sha256.clone();
    axumgen::format::format(&mut files, "one").expect("formats");
    assert_eq!(
        files[handler].contents,
        "pub async fn ping() -> axum::response::Response {\n    crate::examples::ping()\n}\n"
    );
    // Each file carries the digest of its text, rendered or formatted (the manifest's hashes).
    assert_ne!(files[handler].sha256, before, "formatting changed the text");
    for file in &files {
        assert_eq!(
            file.sha256,
            axumgen::digest::sha256_hex(file.contents.as_bytes()),
            "{}",
            file.path.as_str()
        );
    }
}

/// The rendered files of `spec` (a valid spec), before formatting, and its package name.
fn rendered(name: &str, spec: &str) -> (Vec<axumgen::render::RenderedFile>, String) {
    let checked = check_source(SourceFile::new(name, spec.to_string()));
    let model = checked.model.unwrap_or_else(|| {
        panic!(
            "{name} is valid: {:?}",
            checked
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .collect::<Vec<_>>()
        )
    });
    let plan = plan(
        &model,
        &PlanOptions {
            spec_name: name.into(),
        },
    );
    let files = render(plan, &Templates::embedded()).expect("renders");
    (files, model.service.name.clone())
}

/// Every item of `files` the recogniser calls stable is exactly what rustfmt makes of it, and
/// the formatting stage's result (items kept, the rest formatted in pieces) is what rustfmt
/// makes of each whole file. Answers (items kept, items in all) of `src/models.rs`, and the
/// text of every item kept.
fn assert_kept_items_are_formatted(
    files: &[axumgen::render::RenderedFile],
    package: &str,
) -> (usize, usize, String) {
    use axumgen::format::{laid_out_or_stable, pieces};
    let rust: Vec<_> = files
        .iter()
        .filter(|f| f.path.is_rust() && !f.preformatted)
        .collect();
    let (mut kept, mut all) = (0, 0);
    let mut kept_text = String::new();
    let mut batch = String::new();
    let mut expected = Vec::new();
    for file in &rust {
        let models = file.path.as_str() == "src/models.rs";
        for (n, item) in pieces(&file.contents).into_iter().enumerate() {
            all += usize::from(models);
            if laid_out_or_stable(file, item) {
                kept += usize::from(models);
                kept_text.push_str(item);
                if n == 0 {
                    // A file's first item holds its header (inner docs, `use` groups), which
                    // only stands at the top of a file: formatted on its own.
                    assert_eq!(
                        rustfmt(item),
                        item,
                        "the first item of {} called stable is not rustfmt's layout",
                        file.path
                    );
                    continue;
                }
                batch.push_str(item);
                batch.push_str("// item boundary\n");
                expected.push((file.path.to_string(), item));
            }
        }
    }
    assert_each_is_rustfmts(&batch, &expected, |path| {
        format!("an item of {path} called stable is not rustfmt's layout")
    });
    let mut staged: Vec<_> = files.to_vec();
    axumgen::format::format(&mut staged, package).expect("formats");
    for (before, after) in files.iter().zip(&staged) {
        if before.path.is_rust() && !before.preformatted {
            assert_eq!(
                after.contents,
                rustfmt(&before.contents),
                "{}: formatting in pieces differs from formatting the whole file",
                before.path
            );
        }
    }
    (kept, all, kept_text)
}

/// `batch` holds the items of `expected` in order, each followed by an `// item boundary`
/// line: rustfmt, given the batch at once, leaves every item as it is (`why` names a failing
/// item by its label).
fn assert_each_is_rustfmts<L: std::fmt::Display>(
    batch: &str,
    expected: &[(L, &str)],
    why: impl Fn(&L) -> String,
) {
    let formatted = rustfmt(batch);
    let items: Vec<&str> = formatted.split("// item boundary\n").collect();
    assert_eq!(items.len(), expected.len() + 1, "rustfmt moved the markers");
    for ((label, item), got) in expected.iter().zip(&items) {
        assert_eq!(got, item, "{}", why(label));
    }
}

/// Every Rust file of `files` rendered formatted (handler files, verbatim runtime files) is
/// what rustfmt makes of it: `rustfmt --check` over them all at once. Answers how many.
fn assert_preformatted_files_are_formatted(files: &[axumgen::render::RenderedFile]) -> usize {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut paths = Vec::new();
    for (n, file) in files
        .iter()
        .filter(|f| f.path.is_rust() && f.preformatted)
        .enumerate()
    {
        // Flat names: rustfmt must not follow `mod` declarations.
        let path = dir.path().join(format!("f{n}.rs"));
        std::fs::write(&path, &file.contents).expect("written");
        paths.push(path);
    }
    for chunk in paths.chunks(500) {
        let output = Command::new(std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".into()))
            .args([
                "--edition",
                "2024",
                "--check",
                "--config",
                "skip_children=true",
            ])
            .args(chunk)
            .output()
            .expect("rustfmt runs");
        assert!(
            output.status.success(),
            "files rendered formatted are not rustfmt's layout:\n{}",
            String::from_utf8_lossy(&output.stdout)
        );
    }
    paths.len()
}

#[test]
fn items_kept_from_rustfmt_are_rustfmt_exact_for_every_spec_of_the_suite() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs: Vec<_> = std::fs::read_dir(root.join("tests/valid"))
        .expect("tests/valid")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.push(root.join("examples/task-service/spec.yaml"));
    let (mut kept, mut all) = (0, 0);
    for spec in &specs {
        let text = std::fs::read_to_string(spec).expect("readable");
        let name = spec.file_name().expect("a name").to_string_lossy();
        let (files, package) = rendered(&name, &text);
        let (k, a, _) = assert_kept_items_are_formatted(&files, &package);
        assert_preformatted_files_are_formatted(&files);
        kept += k;
        all += a;
    }
    assert!(specs.len() >= 6, "{} specs", specs.len());
    // The recogniser does real work on ordinary specs: struct and enum definitions and most
    // `FromInput` impls pass.
    assert!(kept * 5 > all, "only {kept} of {all} items kept");
}

/// Models and endpoints whose names, fields and strings sit on each side of every width the
/// recogniser knows:
/// field names from 1 to 70 characters, model names up to 90, reads of every shape (enums,
/// date-times, lists of models, maps, bounds, defaults), and struct literals around
/// `struct_lit_width`.
fn wide_models_spec() -> String {
    let mut yaml = String::from("axumgen: 1\nservice: { name: widths, version: 0.1.0 }\nmodels:\n");
    // A field too wide for its line: its type goes on the next.
    yaml.push_str(&format!(
        "  WideField:\n    fields:\n      {}: \"[WideFieldItem]?\"\n  WideFieldItem: {{ fields: {{ a: string }} }}\n",
        "w".repeat(80)
    ));
    // A struct literal whose fields take a line each, a value on a line of its own or not.
    yaml.push_str(&format!(
        "  LongLiteral:\n    fields:\n      {}: string\n      {}: string\n",
        "l".repeat(42),
        "m".repeat(43),
    ));
    let name_lengths = [
        1usize, 4, 9, 17, 30, 45, 52, 56, 58, 59, 60, 64, 70, 80, 90, 96,
    ];
    let field_lengths = [
        1usize, 2, 5, 9, 14, 20, 26, 31, 36, 40, 44, 48, 53, 58, 63, 70,
    ];
    for (n, &length) in name_lengths.iter().enumerate() {
        let stem = format!("M{n}x");
        let model = format!("{stem}{}", "m".repeat(length.saturating_sub(stem.len())));
        yaml.push_str(&format!("  {model}:\n    fields:\n"));
        for (k, &width) in field_lengths.iter().enumerate() {
            let stem = format!("f{k}_");
            let field = format!("{stem}{}", "a".repeat(width.saturating_sub(stem.len())));
            let ty = match (n + k) % 9 {
                0 => "string".to_string(),
                1 => "\"date-time?\"".to_string(),
                2 => format!("\"[{model}]?\""),
                3 => "{ type: string, enum: [alpha, beta] }".to_string(),
                4 => "{ type: u32, default: 7 }".to_string(),
                5 => "{ type: \"{string: [i64]}\" }".to_string(),
                6 => "{ type: string, max_length: 123456, min_length: 1 }".to_string(),
                7 => format!("\"{model}?\""),
                _ => "{ type: \"[{string: date}]\", default: [] }".to_string(),
            };
            yaml.push_str(&format!("      {field}: {ty}\n"));
        }
        // Struct literals around 18 columns: `a: a?` (5), `ab: ab?, cd: cd?` (16), 3 fields.
        for (j, fields) in [
            &["a"][..],
            &["ab", "cd"],
            &["abc", "def"],
            &["ab", "cd", "ef"],
        ]
        .iter()
        .enumerate()
        {
            yaml.push_str(&format!("  {model}Small{j}:\n    fields:\n"));
            for field in *fields {
                yaml.push_str(&format!("      {field}: string\n"));
            }
        }
    }
    // Enums whose values sit on one line, move to the next, fill lines of their own, take
    // one a line, or are not ASCII (left to rustfmt).
    let numbered =
        |stem: &str, n: usize| -> Vec<String> { (0..n).map(|i| format!("{stem}{i}")).collect() };
    yaml.push_str("  Enums:\n    fields:\n");
    for (k, values) in [
        vec!["open".to_string(), "closed".to_string()],
        numbered("abcdefg", 5),
        numbered("abcdefg", 6),
        numbered("a", 10)
            .into_iter()
            .chain(numbered("bbbbbb", 10))
            .collect(),
        [
            "analyst",
            "coordinator",
            "remediation_developer",
            "sponsor",
            "b",
        ]
        .map(String::from)
        .to_vec(),
        vec!["déjà".to_string(), "vu".to_string()],
    ]
    .iter()
    .enumerate()
    {
        yaml.push_str(&format!(
            "      e{k}: {{ type: string, enum: [{}] }}\n",
            values.join(", ")
        ));
    }
    // Unions: members whose variant fits its line or not, whose statement fits one line or
    // takes one argument a line, a model member with many fields (its `FIELDS` filled over
    // lines), a scalar and a list member, and a discriminated union.
    for length in [8usize, 30, 45, 60] {
        let member = format!("U{length}{}", "m".repeat(length));
        yaml.push_str(&format!(
            "  {member}:\n    fields:\n      kind: {{ type: string, enum: [{member}] }}\n"
        ));
        for k in 0..(length / 4) {
            yaml.push_str(&format!("      f{k}: string\n"));
        }
        yaml.push_str(&format!(
            "  Union{length}: {{ one_of: [{member}, string, \"[i64]\"] }}\n"
        ));
        if length > 8 {
            yaml.push_str(&format!(
                "  Tagged{length}: {{ one_of: [{member}, U8mmmmmmmm], discriminator: kind }}\n"
            ));
        }
    }
    // Reads just too wide for one line (the call goes to the next), and nothing wider.
    for width in [24usize, 27, 30, 33, 36] {
        yaml.push_str(&format!("  NextLine{width}:\n    fields:\n"));
        for k in 0..3 {
            let stem = format!("n{k}_");
            let field = format!("{stem}{}", "b".repeat(width - stem.len()));
            yaml.push_str(&format!("      {field}: string\n"));
        }
    }
    // Reads with one argument a line, and nothing wider; a list of models with a long name
    // (inferred: `v::List::new(v::Model::new())`).
    for width in [40usize, 46, 52, 58] {
        yaml.push_str(&format!("  Vertical{width}:\n    fields:\n"));
        let field = format!("v0_{}", "c".repeat(width - 3));
        yaml.push_str(&format!("      {field}: string\n"));
        let long = format!("Model{}", "L".repeat(width));
        yaml.push_str(&format!("      items: \"[{long}]\"\n"));
        yaml.push_str(&format!(
            "  {long}: {{ fields: {{ name: string, tag: string }} }}\n"
        ));
    }
    // Endpoints whose tests, parameter structs and replies sit around the widths: long paths
    // (`.uri(...)` on one line, one argument a line, or left as written), long query names
    // (reads of every layout), long example bodies (`assert_body` on one line, one argument a
    // line, or left as written), and a `set_headers` layer whose values are asserted.
    yaml.push_str("middleware:\n  - set_headers: { X-Short: a, X-Long: ");
    yaml.push_str(&format!("\"{}\" }}\n", "h".repeat(70)));
    yaml.push_str("endpoints:\n");
    // Test names whose `async fn name()` takes 97 to 101 columns: the brace moves.
    for length in 61..=65 {
        let name = format!("w{length}_{}", "n".repeat(length - 4));
        yaml.push_str(&format!(
            "  - {{ name: {name}, method: GET, path: /{name}, response: {{ body: {{ ok: true }} }} }}\n"
        ));
    }
    for length in [1usize, 20, 40, 55, 62, 70, 75, 78, 80, 83, 86, 90, 95, 120] {
        let segment = "s".repeat(length);
        let query = format!("q_{}", "r".repeat(length.min(60)));
        let body = "b".repeat(length);
        yaml.push_str(&format!(
            "  - name: e{length}\n    method: GET\n    path: \"/p/{segment}/{{item_id}}\"\n    params: {{ item_id: u64 }}\n    query: {{ {query}: \"u32?\", page: {{ type: \"u32?\", ge: 1, le: 100 }} }}\n    response: {{ model: M0xSmall0, example: {{ a: \"{body}\" }} }}\n",
        ));
    }
    // Routers whose route chains sit around the widths: handler names from 2 to 76 characters
    // (`get(handlers::name)` on its line, or the name on a line of its own), paths from 1 to 95
    // characters, validated and plain endpoints (their example handlers' signatures on one
    // line, one parameter a line, or the request type's arguments one a line), typed replies
    // whose definition and example take one line or more; and routers of one route.
    yaml.push_str("routers:\n  - name: wide\n    prefix: /wide\n    endpoints:\n");
    let names = [2usize, 10, 25, 38, 44, 50, 58, 64, 65, 66, 55, 48, 40];
    // Paths up to the widest a line of its own holds (`"/wide/…",` twelve columns in).
    let paths = [1usize, 12, 30, 45, 60, 70, 72, 74, 76, 78, 40, 20, 8];
    for (k, (&name, &path)) in names.iter().zip(&paths).enumerate() {
        let name = format!("r{k}_{}", "n".repeat(name.saturating_sub(3)));
        let (method, query) = match k % 3 {
            0 => ("GET", "query: { page: \"u32?\" }, "),
            1 => ("POST", ""),
            _ => ("DELETE", "params: { item_id: u64 }, "),
        };
        let path = if query.starts_with("params") {
            format!("/{}/{{item_id}}", "p".repeat(path - 11))
        } else {
            format!("/{}", "p".repeat(path - 1))
        };
        let response = if k % 2 == 0 {
            "{ model: M0xSmall0, example: { a: x } }"
        } else {
            "{ body: { ok: true } }"
        };
        yaml.push_str(&format!(
            "      - {{ name: {name}, method: {method}, path: \"{path}\", {query}response: {response} }}\n"
        ));
    }
    yaml.push_str("  - name: single\n    prefix: /single\n    endpoints:\n");
    yaml.push_str(
        "      - { name: one, method: GET, path: /, response: { body: { ok: true } } }\n",
    );
    // Handler names whose `get(handlers::name)` needs a line of its own for the name (the
    // example chain of this router has a handler too long for any line: rustfmt leaves that
    // chain as written).
    yaml.push_str("  - name: long_names\n    prefix: /long-names\n    endpoints:\n");
    for (k, length) in [71usize, 73].into_iter().enumerate() {
        let name = format!("r{}_{}", 13 + k, "n".repeat(length - 4));
        yaml.push_str(&format!(
            "      - {{ name: {name}, method: GET, path: /{k}, response: {{ body: {{ ok: true }} }} }}\n"
        ));
    }
    // A path too wide for a line of its own: rustfmt leaves that router's chains as written.
    yaml.push_str("  - name: too_wide\n    prefix: /too-wide\n    endpoints:\n");
    yaml.push_str(&format!(
        "      - {{ name: too_wide_a, method: GET, path: \"/{}\", response: {{ body: {{ ok: true }} }} }}\n      - {{ name: too_wide_b, method: GET, path: /b, response: {{ body: {{ ok: true }} }} }}\n",
        "t".repeat(95)
    ));
    yaml.push_str("  - name: single_wide\n    prefix: /single-wide\n    endpoints:\n");
    yaml.push_str(&format!(
        "      - {{ name: single_{}, method: GET, path: \"/{}\", response: {{ body: {{ ok: true }} }} }}\n",
        "w".repeat(30),
        "q".repeat(40)
    ));
    yaml
}

#[test]
fn items_kept_from_rustfmt_are_rustfmt_exact_at_every_width() {
    let (files, package) = rendered("widths.yaml", &wide_models_spec());
    let (kept, all, mut kept_text) = assert_kept_items_are_formatted(&files, &package);
    assert!(assert_preformatted_files_are_formatted(&files) > 20);
    // The files the plan lays out whole (the generated tests, the examples) are rendered
    // formatted, checked whole above: their layouts count as kept.
    for file in files
        .iter()
        .filter(|f| f.preformatted && PLAN_LAID_OUT.contains(&f.path.as_str()))
    {
        kept_text.push_str(&file.contents);
    }
    let literal_fields = [
        format!("            {l}: {l}?,\n", l = "l".repeat(42)),
        format!(
            "            {m}:\n                {m}?,\n",
            m = "m".repeat(43)
        ),
    ];
    // Each layout was among the items kept: a read on one line, with the call on the next
    // line, one argument a line; the struct literal on one line; parameter reads; and the generated tests' chains and
    // assertions in each of their layouts, including those rustfmt leaves as written.
    let missing = [
        " = fields.required(\"",
        " =\n            fields.",
        "(\n            \"",
        "        Some(Self { a: a? })",
        "impl v::WireEnum for",
        // Enums' values: on one line, the value on the next line, filled lines, one a line.
        "&'static str] = &[\"open\", \"closed\"];",
        "&'static str] =\n        &[\"abcdefg0\", ",
        "&'static str] = &[\n        \"abcdefg0\", \"abcdefg1\",",
        "&'static str] = &[\n        \"a0\", \"a1\", ",
        "&'static str] = &[\n        \"analyst\",\n        \"coordinator\",\n",
        "impl axum::response::IntoResponse for",
        "impl crate::validation::FromParams for",
        " = params.optional(\"q_",
        "        .uri(\"/p/",
        "        .uri(\n            \"/p/",
        "    assert_body(response, \"",
        "    assert_body(\n        response,\n",
        "    )\n    .await;",
        "    assert_header(\n        &response,\n        \"x-long\",",
        "async fn e120_",
        // A test's name too long for its brace: `{` alone, then ` {`, on the next line.
        "()\n{\n    let request",
        "()\n {\n    let request",
        // Routers: a chain of one route on one line or not, one route a line, its arguments
        // one a line, the handler on a line of its own; example handlers in each layout.
        "    Router::new().route(\"/single\", get(handlers::one))",
        "    Router::new().route(\n        \"/",
        "    Router::new()\n        .route(\"/",
        "        .route(\n            \"/wide/p",
        "            get(\n                handlers::r",
        "    Router::new()\n        .route(\"/too-wide/tttttttttt",
        "(headers: HeaderMap) -> Response {\n    with_test_hooks(headers, super::r",
        "    headers: HeaderMap,\n    _request: crate::validation::Valid<(), crate::api::R",
        "(\n    headers: HeaderMap,\n    _request: crate::validation::Valid<\n        crate::api::R",
        "    with_test_hooks(\n        headers,\n        super::r",
        "    with_test_hooks(headers, super::r1_n",
        // Typed replies and examples: on one line, or broken where rustfmt breaks them.
        "Reply(pub crate::models::M0xSmall0);",
        "Reply(\n    pub crate::models::M0xSmall0,\n);",
        "    respond(\n        200,\n        Some(\"application/json\"),\n        &[],\n        Body::from(include_str!(\"examples/",
        "    typed_example(include_str!(\"examples/r0_",
        "    typed_example(include_str!(\n        \"examples/r",
        "()\n-> Result<crate::api::R",
        // Unions: variants on one line or broken, members' statements in each layout, the
        // members' fields, serde's reading through `FromInput`.
        "    U8mmmmmmmm(U8mmmmmmmm),",
        "(\n        U60m",
        "        union.model(\"U8mmmmmmmm\", Self::U8mmmmmmmm);",
        "        union.model(\n            \"U60m",
        "        union.member(\"str\", v::Kind::String, v::Str::new(), Self::String);",
        "        let mut union = v::Tagged::new(input, loc, errors, \"kind\");",
        "    const FIELDS: &'static [&'static str] = &[\"kind\", \"f0\"",
        "    const FIELDS: &'static [&'static str] = &[\n        \"kind\", \"f0\",",
        "        v::deserialize_by_reading(deserializer)",
        // The handlers' module list and re-exports, in rustfmt's orders.
        "pub mod e1;\npub mod e120;\n",
        "// Each handler by its own name, for the routers (`handlers::create_task`).\npub use ",
        // Models: a field's type on the next line; a default read from JSON, its function's
        // return type on the next line, its attribute's argument on a line of its own; a
        // struct literal's value on a line of its own; impl headers broken before `for`, and
        // too wide for that (left as written).
        ":\n        Option<",
        "fn default_",
        "()\n-> u32 {",
        "    #[serde(\n        default = \"self::default_",
        literal_fields[0].as_str(),
        literal_fields[1].as_str(),
        "impl v::FromInput\n    for M",
        // A field's type broken at its generic arguments.
        ": Option<\n        Vec<M13x",
        "impl v::FromInput for M15x",
    ]
    .into_iter()
    .filter(|layout| !kept_text.contains(layout))
    .collect::<Vec<_>>();
    assert!(missing.is_empty(), "no kept item laid out as {missing:#?}");
    // A field too wide for any layout, which rustfmt leaves on one line.
    assert!(
        kept_text
            .lines()
            .any(|line| line.len() > 100 && line.starts_with("    pub f8_")),
        "no kept field left wider than a line"
    );
    // Every model has a field too wide for one line, so its definition goes to rustfmt; its
    // enums, its small models and many of its `FromInput` impls pass.
    assert!(kept * 4 > all, "only {kept} of {all} items kept");
    assert!(
        kept < all,
        "every item kept: the widths do not reach the limits"
    );
}

/// At GitHub's scale (`AXUMGEN_GITHUB_OPENAPI`, fetched from npm by `.ci/run`): 2,000 files,
/// 11 MB of Rust, names up to 90 characters. Every item kept from rustfmt is rustfmt's layout,
/// and most of the text is kept.
#[test]
fn items_kept_from_rustfmt_are_rustfmt_exact_on_githubs_api() {
    let Some(spec) = common::github_spec("GitHub's document is not generated here") else {
        return;
    };
    let (files, package) = rendered("github.yaml", &spec);
    let (kept, all, kept_text) = assert_kept_items_are_formatted(&files, &package);
    // Every handler file but a handful is rendered formatted, and is.
    assert!(assert_preformatted_files_are_formatted(&files) > 1_200);
    let rust: usize = files
        .iter()
        .filter(|f| f.path.is_rust() && !f.preformatted)
        .map(|f| f.contents.len())
        .sum();
    assert!(
        kept * 2 > all,
        "only {kept} of {all} items of models.rs kept"
    );
    assert!(
        kept_text.len() * 3 > rust * 2,
        "only {} of {rust} bytes kept",
        kept_text.len()
    );
}

/// The specs whose items make the list of known items: the suite's valid specs, the specs of
/// `specs/` and the example's.
fn known_items_specs() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs = Vec::new();
    for dir in ["tests/valid", "specs"] {
        specs.extend(
            std::fs::read_dir(root.join(dir))
                .expect("a directory of specs")
                .map(|e| e.expect("entry").path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml")),
        );
    }
    specs.push(root.join("examples/task-service/spec.yaml"));
    specs.sort();
    specs
}

/// Every template's text, to tell a service name that is also a word of the templates.
fn templates_text() -> String {
    fn walk(dir: &Path, out: &mut String) {
        for entry in std::fs::read_dir(dir).expect("templates") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push_str(&std::fs::read_to_string(&path).unwrap_or_default());
            }
        }
    }
    let mut text = String::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"),
        &mut text,
    );
    text
}

/// Whether a group of `use` declarations (consecutive lines) holds the service's crate beside
/// another crate: rustfmt sorts such a group by name, so its order depends on the name.
fn crate_shares_a_use_group(normalized: &str) -> bool {
    use axumgen::format::known::{CRATE, PACKAGE};
    let uses = |line: &&str| line.starts_with("use ") || line.starts_with("pub use ");
    let lines: Vec<&str> = normalized.lines().collect();
    lines
        .split(|line| !uses(line))
        .filter(|group| {
            group
                .iter()
                .any(|l| l.contains(CRATE) || l.contains(PACKAGE))
        })
        .any(|group| {
            group.iter().any(|line| {
                let path = line.trim_start_matches("pub ").trim_start_matches("use ");
                !path.starts_with(CRATE) && !path.starts_with(PACKAGE)
            })
        })
}

/// The longest service name the known items are tried with: a package name's limit.
const MAX_NAME: usize = 64;

/// The list of known items (`src/format/known_formatted.txt`, `axumgen::format::known`) is
/// exactly this: the items (normalized) that two specs of `known_items_specs` or more render
/// identically, that the recogniser does not know, whose crate name shares no `use` group with
/// another crate, and that rustfmt leaves exactly as they are with every name length a service
/// may have (1 to 64, all `a` and all `z`), or with every length up to the one listed beside
/// the digest (an item that holds the name and breaks when it is long).
/// `AXUMGEN_UPDATE_KNOWN=1` rewrites the list.
#[test]
fn known_items_are_the_templates_items_rustfmt_leaves_as_they_are() {
    use axumgen::format::known::{CRATE, LIST, PACKAGE, contains_word, digest, normalize};
    use axumgen::format::{pieces, stable::is_stable};
    use std::collections::{BTreeMap, BTreeSet};
    let templates = templates_text();
    let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut specs_used = 0;
    for spec in known_items_specs() {
        let text = std::fs::read_to_string(&spec).expect("readable");
        let name = spec.display().to_string();
        let (files, package) = rendered(&name, &text);
        // A service named like a word of the templates would put placeholders there too.
        if contains_word(&templates, &package)
            || contains_word(&templates, &package.replace('-', "_"))
        {
            continue;
        }
        specs_used += 1;
        // Also the files the plan lays out whole: when it cannot, their fixed items are known.
        let candidates = files.iter().filter(|f| {
            f.path.is_rust() && (!f.preformatted || PLAN_LAID_OUT.contains(&f.path.as_str()))
        });
        for file in candidates {
            for item in pieces(&file.contents).into_iter().filter(|i| !is_stable(i)) {
                seen.entry(normalize(item, &package))
                    .or_default()
                    .insert(name.clone());
            }
        }
    }
    assert!(specs_used >= 6, "only {specs_used} specs used");
    let candidates: Vec<&String> = seen
        .iter()
        .filter(|(item, specs)| specs.len() >= 2 && !crate_shares_a_use_group(item))
        .map(|(item, _)| item)
        .collect();
    // Each candidate with each name, one file each (an item may hold inner attributes, which
    // must open a file), formatted in place by one rustfmt per 500 files.
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files: Vec<(usize, usize, std::path::PathBuf, String)> = Vec::new();
    for (n, item) in candidates.iter().enumerate() {
        let mut names = vec![String::new()];
        if item.contains(CRATE) || item.contains(PACKAGE) {
            names = (1..=MAX_NAME)
                .flat_map(|length| ["a".repeat(length), "z".repeat(length)])
                .collect();
        }
        for name in names {
            let text = item.replace(CRATE, &name).replace(PACKAGE, &name);
            let path = dir.path().join(format!("f{}.rs", files.len()));
            std::fs::write(&path, &text).expect("written");
            files.push((n, name.len(), path, text));
        }
    }
    for chunk in files.chunks(500) {
        let status = Command::new(std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".into()))
            .args(["--edition", "2024", "--config", "skip_children=true"])
            .args(chunk.iter().map(|(_, _, path, _)| path))
            .status()
            .expect("rustfmt runs");
        assert!(status.success(), "rustfmt rejected a candidate");
    }
    // The shortest name each candidate is changed with (0: changed without one).
    let mut changed: BTreeMap<usize, usize> = BTreeMap::new();
    for (n, length, path, text) in &files {
        if std::fs::read_to_string(path).expect("formatted") != *text {
            let shortest = changed.entry(*n).or_insert(*length);
            *shortest = (*shortest).min(*length);
        }
    }
    let mut digests: Vec<String> = candidates
        .iter()
        .enumerate()
        .filter_map(|(n, item)| match changed.get(&n) {
            None => Some(digest(item)),
            Some(0 | 1) => None,
            Some(shortest) => Some(format!("{} {}", digest(item), shortest - 1)),
        })
        .collect();
    digests.sort();
    let header: String = LIST
        .lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    let expected = format!("{header}{}\n", digests.join("\n"));
    if std::env::var_os("AXUMGEN_UPDATE_KNOWN").is_some() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/format/known_formatted.txt");
        std::fs::write(path, &expected).expect("written");
        return;
    }
    assert!(
        LIST == expected,
        "src/format/known_formatted.txt is not the list of known items: rerun with AXUMGEN_UPDATE_KNOWN=1 and rebuild"
    );
    // The list does work: most of what the recogniser leaves is known.
    assert!(
        digests.len() * 2 > candidates.len(),
        "{} of {} known",
        digests.len(),
        candidates.len()
    );
}

/// Draws a number below its argument.
type Draw<'a> = &'a mut dyn FnMut(usize) -> usize;

/// One element of a drawn list: its index in, its text out.
type Element<'a> = &'a dyn Fn(Draw, usize) -> String;

/// The files rendered formatted when the plan laid out every item of theirs that varies with the
/// spec (`plan::plan_files`); else they go through the formatting stage like the others.
const PLAN_LAID_OUT: [&str; 3] = [
    "tests/generated.rs",
    "src/examples.rs",
    "src/examples/serve.rs",
];

/// A spec whose app has a stack of every middleware kind (each at most once, in an order and
/// with strings of widths drawn by `draw`), routers and a mount with names of every width, and
/// its OpenAPI document served or not.
fn drawn_stack_spec(draw: &mut impl FnMut(usize) -> usize, k: usize) -> String {
    let word = |draw: Draw, stem: &str, most: usize| format!("{stem}{}", "a".repeat(draw(most)));
    let list = |draw: Draw, most: usize, each: Element| {
        let n = 1 + draw(most);
        (0..n).map(|i| each(draw, i)).collect::<Vec<_>>().join(", ")
    };
    let mut layers: Vec<String> = Vec::new();
    let kinds = 12;
    let mut order: Vec<usize> = (0..kinds).collect();
    for i in (1..kinds).rev() {
        order.swap(i, draw(i + 1));
    }
    let take = 1 + draw(kinds);
    for &kind in &order[..take] {
        let layer = match kind {
            0 => format!(
                "trusted_host: {{ allowed_hosts: [{}], www_redirect: {} }}",
                list(draw, 6, &|d, i| format!(
                    "{}.example.com",
                    word(d, &format!("h{i}"), 40)
                )),
                draw(2) == 1
            ),
            1 => format!(
                "https_redirect: {{ trusted_proxies: [{}] }}",
                (0..draw(4))
                    .map(|i| format!("10.{i}.0.0/16"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            2 => {
                let methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
                let n = 1 + draw(methods.len());
                format!(
                    "cors: {{ allow_origins: [{}], allow_methods: [{}], allow_headers: [{}], expose_headers: [{}], allow_credentials: {}, max_age: {} }}",
                    list(draw, 4, &|d, i| format!(
                        "https://{}.com",
                        word(d, &format!("o{i}"), 45)
                    )),
                    methods[..n].join(", "),
                    list(draw, 4, &|d, i| word(d, &format!("X-H{i}"), 30)),
                    list(draw, 3, &|d, i| word(d, &format!("X-E{i}"), 30)),
                    draw(2) == 1,
                    draw(100_000)
                )
            }
            3 => format!("gzip: {{ minimum_size: {} }}", draw(1_000_000)),
            4 => format!("timing: {{ header: {} }}", word(draw, "X-Time", 70)),
            5 => format!(
                "set_headers: {{ {} }}",
                list(draw, 3, &|d, i| format!(
                    "{}: {}",
                    word(d, &format!("X-S{i}"), 30),
                    word(d, "v", 60)
                ))
            ),
            6 => format!("request_id: {{ header: {} }}", word(draw, "X-Id", 70)),
            7 => "logging: {}".to_string(),
            8 => format!(
                "bearer_auth: {{ token_env: {}, public_paths: [{}] }}",
                word(draw, "API_TOKEN", 20).to_uppercase(),
                (0..draw(4))
                    .map(|i| format!("/{}", word(draw, &format!("p{i}"), 30)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            9 => format!("timeout: {{ seconds: {} }}", 1 + draw(30)),
            10 => format!("body_limit: {{ max_bytes: {} }}", 1 + draw(10_000_000)),
            _ => format!("custom: {{ name: {} }}", word(draw, "hook_", 40)),
        };
        layers.push(format!("  - {layer}\n"));
    }
    let mut spec = format!(
        "axumgen: 1\nservice: {{ name: stack{k}, version: 0.1.0 }}\n{}middleware:\n{}",
        if draw(3) == 0 {
            "openapi: { enabled: false }\n"
        } else {
            ""
        },
        layers.concat()
    );
    if draw(3) == 0 {
        spec.push_str(&format!(
            "mounts:\n  - name: {}\n    path: /{}\n    endpoints:\n      - {{ name: m_ping, method: GET, path: /ping, response: {{ body: {{ ok: true }} }} }}\n",
            word(draw, "m", 40),
            word(draw, "mount", 60)
        ));
    }
    spec.push_str("routers:\n");
    for r in 0..1 + draw(3) {
        spec.push_str(&format!(
            "  - name: {}\n    prefix: /r{r}\n    endpoints:\n      - {{ name: ping_{r}, method: GET, path: /ping, response: {{ body: {{ ok: true }} }} }}\n",
            word(draw, &format!("r{r}_"), 60)
        ));
    }
    spec
}

/// `src/app.rs` of `spec` rendered from the template's own `build` (the plan's laid out one taken
/// away), as rustfmt formats it.
fn app_from_the_template(name: &str, spec: &str) -> String {
    let model = check_source(SourceFile::new(name, spec.to_string()))
        .model
        .expect("a valid spec");
    let mut plan = plan(
        &model,
        &PlanOptions {
            spec_name: name.into(),
        },
    );
    plan.context.app.build = None;
    for file in &mut plan.files {
        file.laid_out.clear();
    }
    let files = render(plan, &Templates::embedded()).expect("renders");
    let app = files
        .iter()
        .find(|f| f.path.as_str() == "src/app.rs")
        .expect("src/app.rs");
    rustfmt(&app.contents)
}

/// The app's `build`, laid out by the plan (`plan::stack`) and kept from rustfmt, is what
/// rustfmt makes of it and the same program as the template's own (the app file generation
/// writes is rustfmt's of the template's), on stacks of every kind and width; and most are
/// laid out.
#[test]
fn the_apps_build_laid_out_by_the_plan_is_rustfmt_exact() {
    let mut seed: u64 = 20_261_205;
    let mut draw = |n: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) as usize) % n.max(1)
    };
    let total = 400;
    let mut builds = Vec::new();
    for k in 0..total {
        let spec = drawn_stack_spec(&mut draw, k);
        let (files, package) = rendered(&format!("stack{k}.yaml"), &spec);
        let app = files
            .iter()
            .find(|f| f.path.as_str() == "src/app.rs")
            .expect("src/app.rs");
        if let [build] = app.laid_out.as_slice() {
            assert!(app.contents.contains(build.as_str()), "stack{k}: {build}");
            builds.push((k, build.clone()));
            // The same program as the template's own `build`: the app file generation writes
            // is what rustfmt makes of the template's.
            let mut staged = vec![app.clone()];
            axumgen::format::format(&mut staged, &package).expect("formats");
            assert_eq!(
                staged[0].contents,
                app_from_the_template(&format!("stack{k}.yaml"), &spec),
                "stack{k}: the laid out `build` is not the template's"
            );
        } else if k % 10 == 0 {
            let mut staged = vec![app.clone()];
            axumgen::format::format(&mut staged, &package).expect("formats");
            assert_eq!(staged[0].contents, rustfmt(&app.contents), "stack{k}");
        }
    }
    let batch: String = builds
        .iter()
        .map(|(_, build)| format!("{build}// item boundary\n"))
        .collect();
    let expected: Vec<(usize, &str)> = builds.iter().map(|(k, b)| (*k, b.as_str())).collect();
    assert_each_is_rustfmts(&batch, &expected, |k| {
        format!("stack{k}: the laid out `build` is not rustfmt's layout")
    });
    // The draws go to extremes (names of 60 columns, custom middleware of 40), where rustfmt
    // is left the stacks whose layout is not known here; most are still laid out.
    assert!(
        builds.len() * 2 > total,
        "only {} of {total} laid out",
        builds.len()
    );
    // The draws reach every kind of layer, overflowed lists and filled slices.
    for shape in [
        "Cors::new()",
        "SetHeadersLayer::new(&[(",
        "HttpsRedirectLayer::new(&[\n",
        "::router(\n",
        "        \"GET\", \"POST\"",
    ] {
        assert!(
            builds.iter().any(|(_, b)| b.contains(shape)),
            "no `build` has {shape:?}"
        );
    }
}
