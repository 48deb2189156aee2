//! Mutation testing of the generated tests: for every spec in `specs/` and `tests/valid/`,
//! every mutant of its model (`axumgen::mutate`) is rendered by the real templates into one
//! project, built once, and the original project's generated tests run against each mutant.
//! Every mutant a request can observe must fail them; the others must be equivalent by a
//! stated rule. The scores are the README's table.

mod common;

use axumgen::mutate::{self, Mutant, harness};
use axumgen::plan::PlanOptions;
use axumgen::render::Templates;
use common::{root, shared_target};
use std::path::{Path, PathBuf};
use std::process::Command;

/// One spec's result.
#[derive(Debug)]
struct Score {
    spec: String,
    killed: usize,
    observable: usize,
    equivalent: usize,
    survivors: Vec<String>,
}

fn score(spec: &str) -> Score {
    let checked = axumgen::validate::check_file(&root().join(spec)).expect("readable");
    let mut model = checked.model.expect("a valid spec");
    let stem = Path::new(spec)
        .file_stem()
        .expect("a file name")
        .to_string_lossy()
        .into_owned();
    // Its own package: projects sharing a target directory must not share a name.
    model.service.name = format!("mutants-{stem}");
    model.service.crate_ident = model.service.name.replace('-', "_");
    let mutants = mutate::mutants(&model);
    let observable: Vec<&Mutant> = mutants.iter().filter(|m| m.equivalent.is_none()).collect();
    let project = harness::project(
        &model,
        &observable,
        &Templates::embedded(),
        &PlanOptions {
            spec_name: format!("{stem}.yaml"),
        },
    )
    .expect("renders");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("mutation")
        .join(&stem);
    let _ = std::fs::remove_dir_all(&dir);
    for (path, contents) in &project.files {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().expect("a parent")).expect("a directory");
        std::fs::write(&file, contents).expect("written");
    }
    let build = Command::new(env!("CARGO"))
        .args([
            "test",
            "--test",
            "generated",
            "--no-run",
            "--message-format=json",
        ])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", shared_target())
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&build.stdout);
    assert!(
        build.status.success(),
        "{spec}: the mutant project does not build:\n{}{stdout}",
        String::from_utf8_lossy(&build.stderr)
    );
    let executable = stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["target"]["name"] == "generated")
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .expect("the generated tests' executable");
    let run = |mutant: Option<&str>| {
        let mut command = Command::new(&executable);
        command.current_dir(&dir);
        match mutant {
            Some(id) => command.env(harness::MUTANT_VARIABLE, id),
            None => command.env_remove(harness::MUTANT_VARIABLE),
        };
        command.output().expect("the tests run")
    };
    let original = run(None);
    assert!(
        original.status.success(),
        "{spec}: the generated tests fail on the original app:\n{}",
        String::from_utf8_lossy(&original.stdout)
    );
    let mut killed = 0;
    let mut survivors = Vec::new();
    for mutant in &observable {
        if run(Some(&mutant.id)).status.success() {
            survivors.push(format!("{}: {}", mutant.id, mutant.description));
        } else {
            killed += 1;
        }
    }
    Score {
        spec: spec.to_string(),
        killed,
        observable: observable.len(),
        equivalent: mutants.len() - observable.len(),
        survivors,
    }
}

fn specs() -> Vec<String> {
    let mut specs = Vec::new();
    for dir in ["specs", "tests/valid"] {
        let mut names: Vec<String> = std::fs::read_dir(root().join(dir))
            .expect("a spec directory")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".yaml"))
            .collect();
        names.sort();
        specs.extend(names.into_iter().map(|n| format!("{dir}/{n}")));
    }
    specs
}

#[test]
fn generated_tests_kill_every_observable_mutant() {
    // AXUMGEN_MUTATION_SPEC=path limits the run to one spec (while working on its tests).
    let only = std::env::var("AXUMGEN_MUTATION_SPEC").ok();
    let scores: Vec<Score> = specs()
        .iter()
        .filter(|s| only.as_ref().is_none_or(|o| o == *s))
        .map(|s| score(s))
        .collect();
    let mut table =
        String::from("| spec | killed | observable | equivalent |\n|---|---|---|---|\n");
    for s in &scores {
        table.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            s.spec, s.killed, s.observable, s.equivalent
        ));
    }
    println!("{table}");
    if only.is_none() {
        check_readme_block("mutation scores", table.trim_end());
    }
    let survivors: Vec<String> = scores
        .iter()
        .flat_map(|s| s.survivors.iter().map(move |m| format!("{}: {m}", s.spec)))
        .collect();
    assert!(
        survivors.is_empty(),
        "{} observable mutants survived the generated tests:\n{}",
        survivors.len(),
        survivors.join("\n")
    );
}

/// The README lists every equivalence rule, as the code states it.
#[test]
fn readme_lists_every_equivalence_rule() {
    let rules: Vec<String> = mutate::Equivalence::ALL
        .iter()
        .map(|rule| format!("- {}", rule.rule()))
        .collect();
    check_readme_block("equivalence rules", &rules.join("\n"));
}

/// The README text between `<!-- NAME: start -->` and `<!-- NAME: end -->` must be `expected`;
/// `AXUMGEN_BLESS=1` writes it.
fn check_readme_block(name: &str, expected: &str) {
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let start = format!("<!-- {name}: start -->\n");
    let end = format!("\n<!-- {name}: end -->");
    let from = readme.find(&start).expect("the block's start marker") + start.len();
    let to = from + readme[from..].find(&end).expect("the block's end marker");
    if std::env::var_os("AXUMGEN_BLESS").is_some() {
        let updated = format!("{}{expected}{}", &readme[..from], &readme[to..]);
        std::fs::write(&path, updated).expect("README.md written");
        return;
    }
    assert_eq!(
        &readme[from..to],
        expected,
        "README's {name} block is out of date (AXUMGEN_BLESS=1 cargo test --test mutation rewrites it)"
    );
}
