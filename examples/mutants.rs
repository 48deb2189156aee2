//! Lists a spec's mutants and which of them are equivalent, and why:
//! `cargo run --example mutants -- SPEC`.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: mutants SPEC");
        std::process::exit(2);
    };
    let checked = axumgen::validate::check_file(std::path::Path::new(&path)).expect("readable");
    let Some(model) = checked.model else {
        eprintln!("{path}: not a valid spec");
        std::process::exit(1);
    };
    for mutant in axumgen::mutate::mutants(&model) {
        match mutant.equivalent {
            Some(rule) => println!(
                "{:>4} equivalent  {}\n       {}",
                mutant.id,
                mutant.description,
                rule.rule()
            ),
            None => println!("{:>4} observable  {}", mutant.id, mutant.description),
        }
    }
}
