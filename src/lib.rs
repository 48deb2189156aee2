//! axumgen: a YAML description of a web service in, a complete and tested axum project out.
//!
//! The pipeline, one module per stage (see ARCHITECTURE.md):
//! [`spec`] (text → spec with spans) → [`validate`] (→ [`model`]) → `plan` → `render` → `emit`.

pub mod cli;
pub mod cores;
pub mod diagnostic;
pub mod diff;
pub mod digest;
pub mod emit;
pub mod format;
pub mod grammar;
pub mod import;
pub mod layout;
pub mod model;
pub mod mutate;
pub mod plan;
pub mod render;
pub mod source;
pub mod spec;
pub mod timings;
pub mod validate;
