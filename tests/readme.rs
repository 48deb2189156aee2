//! The README stays true: its rules table is the one the code prints, and it names the test
//! command `.ci/run` runs.

use std::path::Path;

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
