//! `axumgen schema`: the JSON Schema (draft-07, which yaml-language-server reads) of the format.

use super::{CliError, Outcome};

pub fn run() -> Result<Outcome, CliError> {
    println!("{}", schema_json());
    Ok(Outcome::Success)
}

/// The schema as pretty-printed JSON.
pub fn schema_json() -> String {
    let generator = schemars::generate::SchemaSettings::draft07()
        .for_deserialize()
        .into_generator();
    let schema = generator.into_root_schema_for::<crate::spec::Spec>();
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}
