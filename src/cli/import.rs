//! `axumgen import`: an OpenAPI document → an axumgen spec, with a diagnostic for every
//! construct that could not be expressed. The spec is checked before it is written; it is
//! written to `--out` (never over an existing file without `--force`) or to standard output.

use super::{CliError, ImportArgs, Outcome};
use crate::diagnostic::render::{self, Format, JsonFile};
use crate::source::SourceFile;
use std::io::Write;

/// The largest document read: the importer's own cap, plus one byte to notice a larger one.
const READ_LIMIT: u64 = crate::import::document::MAX_DOCUMENT_BYTES as u64 + 1;

pub fn run(args: &ImportArgs, color: bool) -> Result<Outcome, CliError> {
    let path = &args.document;
    let bytes = read(path)?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let imported = crate::import::import(&bytes, &name);
    let document = SourceFile::new(path.display().to_string(), String::new());
    let spec_name = args
        .out
        .as_ref()
        .map_or_else(|| "<stdout>".to_string(), |out| out.display().to_string());
    let spec_source = SourceFile::new(spec_name, imported.spec.clone().unwrap_or_default());
    let errors = imported
        .diagnostics
        .iter()
        .chain(&imported.spec_diagnostics)
        .filter(|d| d.is_error())
        .count();
    let warnings = imported.diagnostics.len() + imported.spec_diagnostics.len() - errors;
    match args.format {
        Format::Human | Format::Github => {
            let mut out = String::new();
            for diagnostic in &imported.diagnostics {
                out.push_str(&render::human(diagnostic, &document, color));
                out.push_str("\n\n");
            }
            for diagnostic in &imported.spec_diagnostics {
                out.push_str(&render::human(diagnostic, &spec_source, color));
                out.push_str("\n\n");
            }
            eprint!("{out}");
        }
        Format::Json => {
            let files = [
                JsonFile {
                    file: &document.name,
                    diagnostics: imported
                        .diagnostics
                        .iter()
                        .map(|d| render::json(d, &document))
                        .collect(),
                },
                JsonFile {
                    file: &spec_source.name,
                    diagnostics: imported
                        .spec_diagnostics
                        .iter()
                        .map(|d| render::json(d, &spec_source))
                        .collect(),
                },
            ];
            let report =
                serde_json::json!({ "files": files, "errors": errors, "warnings": warnings });
            eprintln!(
                "{}",
                serde_json::to_string_pretty(&report).unwrap_or_default()
            );
        }
    }
    let Some(spec) = imported.spec.filter(|_| errors == 0) else {
        eprintln!("{}: not imported", path.display());
        return Ok(Outcome::Problems);
    };
    match &args.out {
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(spec.as_bytes())
                .map_err(|source| CliError::Write {
                    path: "<stdout>".into(),
                    source,
                })?;
        }
        Some(out) => {
            write_spec(out, &spec, args.force)?;
            if args.format == Format::Json {
                // The report is the whole of standard error: no sentence after it.
                return Ok(Outcome::Success);
            }
            eprintln!(
                "wrote {} ({} notes): check it with `axumgen check {}`, then `axumgen generate {} --out DIR`",
                out.display(),
                warnings,
                out.display(),
                out.display()
            );
        }
    }
    Ok(Outcome::Success)
}

fn read(path: &std::path::Path) -> Result<Vec<u8>, CliError> {
    use std::io::Read;
    let io = |source: std::io::Error| match source.kind() {
        std::io::ErrorKind::NotFound => {
            CliError::Read(crate::spec::ReadError::NotFound { path: path.into() })
        }
        _ => CliError::Read(crate::spec::ReadError::Io {
            path: path.into(),
            source,
        }),
    };
    if path.is_dir() {
        return Err(CliError::Read(crate::spec::ReadError::IsDirectory {
            path: path.into(),
        }));
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(READ_LIMIT).read_to_end(&mut bytes).map_err(io)?;
    Ok(bytes)
}

/// Writes the spec, refusing to replace a file unless `force`.
fn write_spec(out: &std::path::Path, spec: &str, force: bool) -> Result<(), CliError> {
    let write_error = |source| CliError::Write {
        path: out.to_path_buf(),
        source,
    };
    if force {
        return std::fs::write(out, spec).map_err(write_error);
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(out)
        .map_err(|error| {
            if error.kind() == std::io::ErrorKind::AlreadyExists {
                CliError::SpecExists(out.to_path_buf())
            } else {
                write_error(error)
            }
        })?;
    file.write_all(spec.as_bytes()).map_err(write_error)
}
