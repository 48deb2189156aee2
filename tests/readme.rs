//! The README stays true: its rules table is the one the code prints, it names the test
//! command `.ci/run` runs, and every command example in a ```console block prints what the
//! README shows.

use std::path::{Path, PathBuf};

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).expect("readable")
}

#[test]
fn readme_rules_table_matches_the_code() {
    let readme = read("README.md");
    let start = readme.find("<!-- rules:start -->\n").expect("start marker")
        + "<!-- rules:start -->\n".len();
    let end = readme.find("<!-- rules:end -->").expect("end marker");
    assert_eq!(
        &readme[start..end],
        axumgen::validate::rules::markdown_table(),
        "regenerate the table with `axumgen explain --list-rules`"
    );
}

#[test]
fn ci_runs_the_readme_test_command() {
    let readme = read("README.md");
    let ci = read(".ci/run");
    assert!(
        readme.contains("```sh\ncargo test\n```"),
        "README names `cargo test` as the test command"
    );
    assert!(
        ci.lines().any(|line| line.trim() == "cargo test"),
        ".ci/run runs it"
    );
}

/// Runs README.md's ```console blocks with trycmd: each `$ axumgen …` line runs the real binary
/// in a copy of `tests/readme/` (the `axumgen.yaml` the examples use), and its stdout and stderr
/// together must be the lines shown under it (`? N` is the expected exit status; `[..]` and a
/// `...` line elide). Failures name the README line. `TRYCMD=overwrite cargo test --test readme`
/// rewrites the README's output with what the binary prints.
#[test]
fn readme_console_examples_print_what_the_readme_shows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(
        console_blocks(&read("README.md"))
            .iter()
            .any(|block| block.lines().any(|line| line.starts_with("$ axumgen "))),
        "README.md has a checked example"
    );
    // trycmd runs `X.md` in `X.in/` when there is one: lay out both side by side, the README as
    // a link (so TRYCMD=overwrite edits the real one), the fixtures as a copy (so a command that
    // writes cannot touch the repository).
    let dir = tempfile::tempdir().expect("temp dir");
    let readme = dir.path().join("README.md");
    std::os::unix::fs::symlink(root.join("README.md"), &readme).expect("symlink");
    copy_dir(&root.join("tests/readme"), &dir.path().join("README.in"));
    trycmd::TestCases::new()
        .register_bin("axumgen", PathBuf::from(env!("CARGO_BIN_EXE_axumgen")))
        .env("NO_COLOR", "1")
        .case(&readme)
        .run();
}

/// Output of axumgen shown anywhere but a checked ```console block could drift unnoticed.
#[test]
fn readme_shows_axumgen_output_only_in_checked_blocks() {
    let readme = read("README.md");
    let mut lines = readme.lines().enumerate();
    while let Some((start, line)) = lines.next() {
        let Some(info) = line.strip_prefix("```") else {
            continue;
        };
        let body: Vec<&str> = lines
            .by_ref()
            .take_while(|(_, line)| !line.starts_with("```"))
            .map(|(_, line)| line)
            .collect();
        let shows_output = body.iter().any(|line| {
            let line = line.trim_start();
            line.starts_with("error[") || line.starts_with("warning[") || line.starts_with("--> ")
        });
        assert!(
            !shows_output || info.trim() == "console",
            "README.md line {}: a ```{info} block shows axumgen's output; make it a ```console block \
             with the command (`$ axumgen …`) so tests/readme.rs checks it",
            start + 1
        );
    }
}

/// The bodies of README's ```console blocks.
fn console_blocks(markdown: &str) -> Vec<String> {
    markdown
        .split("```console\n")
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap_or("").to_string())
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("created");
    for entry in std::fs::read_dir(from).expect("readable") {
        let path = entry.expect("an entry").path();
        let target = to.join(path.file_name().expect("a name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copied");
        }
    }
}
