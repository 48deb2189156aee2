//! `axumgen openapi`: the OpenAPI 3.1 document of a spec (the one the generated server serves).

use super::{CliError, OpenApiArgs, Outcome};
use crate::validate::check_file;

pub fn run(args: &OpenApiArgs, color: bool) -> Result<Outcome, CliError> {
    let checked = check_file(&args.spec)?;
    let Some(model) = &checked.model else {
        eprint!("{}", super::check::human_report(&checked, color));
        return Ok(Outcome::Problems);
    };
    print!("{}", crate::plan::openapi::document_text(model));
    Ok(Outcome::Success)
}
