//! The command line: argument types (clap), dispatch, and the one place errors are printed.
//!
//! Exit codes: 0 success, 1 the spec (or the generated code) has a problem, 2 usage or I/O error.

mod check;
mod diff;
mod explain;
mod generate;
mod import;
mod init;
mod openapi;
mod schema;

use crate::diagnostic::render::Format;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "axumgen",
    version,
    about = "Turn a YAML description of a web service into a complete, tested axum project",
    long_about = "Turn a YAML description of a web service (endpoints, routers, mounts and the \
                  middleware stack in order) into a complete axum project whose own tests prove \
                  every response header the spec promises.\n\n\
                  Start with `axumgen init`, check a spec with `axumgen check`, and see what a \
                  request passes through with `axumgen explain`.",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// When to colour output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate specs and report every problem with its location, rule code and a fix.
    ///
    /// Exit status: 0 when every spec is valid, 1 when one has an error (or a warning, with
    /// --deny-warnings), 2 when a file cannot be read.
    Check(CheckArgs),
    /// Write a commented starter spec (the Task Manager API) that passes `check`.
    Init(InitArgs),
    /// Print the JSON Schema of the spec format, for editor completion and validation.
    Schema,
    /// Show, for each route, the layers a request passes through in order, in and out.
    Explain(ExplainArgs),
    /// Generate (or regenerate) the axum project for a spec.
    ///
    /// Generated files are rewritten; your files (src/handlers/*, src/custom/*) are created once
    /// and never touched again. A generated file edited by hand stops generation unless --force.
    /// With --check, nothing is written: exit 0 when the project is up to date, 1 when it is not.
    Generate(GenerateArgs),
    /// Show the API changes between two versions of a spec: breaking for clients, worth a
    /// security review, or neither.
    ///
    /// Exit status: 0, or 1 when a change of the --fail-on class is found (or a spec is invalid).
    Diff(DiffArgs),
    /// Print the OpenAPI 3.1 document of a spec (the generated server serves the same one).
    Openapi(OpenApiArgs),
    /// Write an axumgen spec from an OpenAPI 3.0 or 3.1 document (JSON or YAML).
    ///
    /// Every construct axumgen cannot express is reported with its JSON pointer and what was
    /// made of it instead. The spec is checked before it is written.
    ///
    /// Exit status: 0 when a spec was written, 1 when the document cannot be imported, 2 when a
    /// file cannot be read or written.
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The OpenAPI document.
    #[arg(value_name = "OPENAPI_FILE")]
    pub document: PathBuf,
    /// Where to write the spec (standard output when left out).
    #[arg(long, short, value_name = "SPEC")]
    pub out: Option<PathBuf>,
    /// Replace an existing file at --out.
    #[arg(long, requires = "out")]
    pub force: bool,
    /// How to print the notes (`github` prints them as `human`).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct OpenApiArgs {
    /// The spec to describe.
    #[arg(value_name = "SPEC")]
    pub spec: PathBuf,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier spec (for example, the base branch's).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The later spec.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit 1 when a change of this class (or a more serious one) is found.
    #[arg(long, value_enum, value_name = "CLASS")]
    pub fail_on: Option<crate::diff::FailOn>,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// The spec to generate from.
    #[arg(value_name = "SPEC")]
    pub spec: PathBuf,
    /// The project directory (created if needed).
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
    /// A directory of templates overriding the embedded ones by relative path.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Overwrite generated files that were edited by hand.
    #[arg(long)]
    pub force: bool,
    /// Write nothing; exit 1 if the project differs from what the spec generates.
    #[arg(long, conflicts_with = "force")]
    pub check: bool,
    /// Write nothing; print the unified diff generation would apply.
    #[arg(long, conflicts_with = "force")]
    pub diff: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Spec files to check.
    #[arg(required = true, value_name = "SPEC")]
    pub specs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the spec.
    #[arg(default_value = "axumgen.yaml", value_name = "PATH")]
    pub path: PathBuf,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The spec to explain.
    #[arg(value_name = "SPEC", required_unless_present_any = ["rule", "list_rules"])]
    pub spec: Option<PathBuf>,
    /// Only this route, as `METHOD PATH` (`"GET /tasks/{task_id}"` or a concrete `"GET /tasks/7"`).
    #[arg(long, value_name = "ROUTE")]
    pub route: Option<String>,
    /// Explain a diagnostic code instead (`cors-origin-syntax`).
    #[arg(long, value_name = "CODE", conflicts_with = "route")]
    pub rule: Option<String>,
    /// List every rule as a Markdown table (code, severity, what it catches).
    #[arg(long, conflicts_with_all = ["route", "rule", "spec"])]
    pub list_rules: bool,
    /// `text` (the layers as an indented onion) or `mermaid` (a flowchart GitHub draws: each
    /// group of routes with the same layers, in and out).
    #[arg(long, value_enum, default_value = "text")]
    pub format: ExplainFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    Text,
    Mermaid,
}

/// Everything that can stop a command, printed once by [`run`].
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Read(#[from] crate::spec::ReadError),
    #[error("`{}` already exists; axumgen init never overwrites a file (pass another path)", .0.display())]
    AlreadyExists(PathBuf),
    #[error("`{}` already exists; pass --force to replace it, or another --out", .0.display())]
    SpecExists(PathBuf),
    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no route `{route}` in the spec; its routes are:\n{known}")]
    UnknownRoute { route: String, known: String },
    #[error("`{0}` should be `METHOD PATH`, like \"GET /tasks/{{task_id}}\"")]
    BadRouteSyntax(String),
    #[error("no rule has the code `{0}`")]
    UnknownRule(String),
    #[error("`{}` is not a valid spec, so the project cannot be compared with it", .0.display())]
    InvalidSpec(PathBuf),
    #[error(transparent)]
    Render(#[from] crate::render::RenderError),
    #[error(transparent)]
    Emit(#[from] crate::emit::EmitError),
}

/// How a command ended, when it did not fail outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: the input has problems (already reported).
    Problems,
}

/// Parses the command line, runs the command and maps the result to an exit code.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
        }
    };
    let result = match cli.command {
        Command::Check(args) => check::run(&args, color),
        Command::Init(args) => init::run(&args),
        Command::Schema => schema::run(),
        Command::Explain(args) => explain::run(&args, color),
        Command::Generate(args) => generate::run(&args, color),
        Command::Diff(args) => diff::run(&args, color),
        Command::Openapi(args) => openapi::run(&args, color),
        Command::Import(args) => import::run(&args, color),
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Problems) => ExitCode::from(1),
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}
