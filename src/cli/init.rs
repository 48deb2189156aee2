//! `axumgen init`: write the commented Task Manager starter spec, never over an existing file.

use super::{CliError, Outcome};
use std::io::Write;

/// The starter spec: the Task Manager API from the seeds, commented. It is also
/// `specs/task-manager.yaml`, so the suite checks and generates it like every example.
pub const STARTER: &str = include_str!("../../specs/task-manager.yaml");

pub fn run(args: &super::InitArgs) -> Result<Outcome, CliError> {
    let path = &args.path;
    let write_error = |source| CliError::Write {
        path: path.clone(),
        source,
    };
    // `create_new` makes the existence check and the creation one atomic step.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|error| {
            if error.kind() == std::io::ErrorKind::AlreadyExists {
                CliError::AlreadyExists(path.clone())
            } else {
                write_error(error)
            }
        })?;
    file.write_all(STARTER.as_bytes()).map_err(write_error)?;
    eprintln!(
        "wrote {}: check it with `axumgen check {}`",
        path.display(),
        path.display()
    );
    Ok(Outcome::Success)
}
