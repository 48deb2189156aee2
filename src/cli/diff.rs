//! `axumgen diff OLD NEW`: the API changes between two spec versions.

use super::{CliError, DiffArgs, Outcome};
use crate::diagnostic::render::{Format, escape_data, escape_property};
use crate::diff::{Class, diff};
use crate::validate::check_file;

pub fn run(args: &DiffArgs, color: bool) -> Result<Outcome, CliError> {
    let old = check_file(&args.old)?;
    let new = check_file(&args.new)?;
    let (Some(old_model), Some(new_model)) = (&old.model, &new.model) else {
        for checked in [&old, &new] {
            if checked.model.is_none() {
                eprint!("{}", super::check::human_report(checked, color));
            }
        }
        return Ok(Outcome::Problems);
    };
    let changes = diff(old_model, new_model);
    let count = |class: Class| changes.iter().filter(|c| c.class == class).count();
    match args.format {
        Format::Human => {
            for change in &changes {
                println!("{}[{}]: {}", change.class, change.code, change.message);
            }
            println!(
                "{} change{} from {} to {}: {} breaking, {} security, {} other",
                changes.len(),
                if changes.len() == 1 { "" } else { "s" },
                args.old.display(),
                args.new.display(),
                count(Class::Breaking),
                count(Class::Security),
                count(Class::Change)
            );
        }
        Format::Json => {
            let document = serde_json::json!({
                "changes": changes,
                "breaking": count(Class::Breaking),
                "security": count(Class::Security),
                "other": count(Class::Change),
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&document).unwrap_or_default()
            );
        }
        Format::Github => {
            let file = escape_property(&args.new.display().to_string());
            for change in &changes {
                let command = match change.class {
                    Class::Breaking => "error",
                    Class::Security => "warning",
                    Class::Change => "notice",
                };
                let title =
                    escape_property(&format!("axumgen diff {} {}", change.class, change.code));
                println!(
                    "::{command} file={file},title={title}::{}",
                    escape_data(&change.message)
                );
            }
        }
    }
    let failed = args
        .fail_on
        .is_some_and(|fail_on| changes.iter().any(|c| fail_on.fails(c)));
    Ok(if failed {
        Outcome::Problems
    } else {
        Outcome::Success
    })
}
