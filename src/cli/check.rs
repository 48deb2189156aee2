//! `axumgen check`: validate specs and print their diagnostics.

use super::{CheckArgs, CliError, Outcome};
use crate::diagnostic::render::{self, Format, JsonFile};
use crate::validate::{Checked, check_file};

pub fn run(args: &CheckArgs, color: bool) -> Result<Outcome, CliError> {
    let mut checked = Vec::new();
    for path in &args.specs {
        checked.push(check_file(path)?);
    }
    match args.format {
        Format::Human => {
            for result in &checked {
                eprint!("{}", human_report(result, color));
            }
        }
        Format::Json => {
            let files: Vec<JsonFile> = checked
                .iter()
                .map(|c| JsonFile {
                    file: &c.source.name,
                    diagnostics: c
                        .diagnostics
                        .iter()
                        .map(|d| render::json(d, &c.source))
                        .collect(),
                })
                .collect();
            let errors: usize = checked.iter().map(Checked::errors).sum();
            let warnings: usize = checked.iter().map(Checked::warnings).sum();
            let document =
                serde_json::json!({ "files": files, "errors": errors, "warnings": warnings });
            println!(
                "{}",
                serde_json::to_string_pretty(&document).unwrap_or_default()
            );
        }
        Format::Github => {
            for result in &checked {
                for diagnostic in &result.diagnostics {
                    println!("{}", render::github(diagnostic, &result.source));
                }
            }
        }
    }
    let failed = checked
        .iter()
        .any(|c| c.errors() > 0 || (args.deny_warnings && c.warnings() > 0));
    Ok(if failed {
        Outcome::Problems
    } else {
        Outcome::Success
    })
}

/// Every diagnostic of one spec, then a summary line.
pub fn human_report(checked: &Checked, color: bool) -> String {
    let mut out = String::new();
    for diagnostic in &checked.diagnostics {
        out.push_str(&render::human(diagnostic, &checked.source, color));
        out.push_str("\n\n");
    }
    let (errors, warnings) = (checked.errors(), checked.warnings());
    let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    out.push_str(&match (errors, warnings) {
        (0, 0) => format!("{}: ok\n", checked.source.name),
        (0, w) => format!("{}: ok, {}\n", checked.source.name, count(w, "warning")),
        (e, 0) => format!("{}: {}\n", checked.source.name, count(e, "error")),
        (e, w) => format!(
            "{}: {}, {}\n",
            checked.source.name,
            count(e, "error"),
            count(w, "warning")
        ),
    });
    out
}
