//! Stage 4: plan → rendered files. Pure: takes the plan and the templates, returns contents;
//! never reads or writes the output directory.

pub(crate) mod filters;
pub mod templates;

use crate::plan::{Ownership, Plan, PlannedFile, ProjectPath};
pub use templates::{Templates, TemplatesError, UnknownOverride};

/// One file's final text, before formatting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFile {
    pub path: ProjectPath,
    pub ownership: Ownership,
    pub contents: String,
    /// Carried over from the plan (user files' signatures).
    pub fingerprint: Option<String>,
    /// Already formatted as rustfmt would: planned so, and rendered from the embedded template
    /// (an override may lay the file out any way it likes).
    pub preformatted: bool,
}

/// Rendering cannot happen: the `--templates` directory is unusable, or a template failed to
/// render (an override with a syntax error, an undefined variable).
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Templates(#[from] TemplatesError),
    #[error("template `{template}` (for `{path}`): {message}")]
    Template {
        template: String,
        path: String,
        message: String,
    },
}

/// Renders every planned file, on as many threads as there are cores: files are independent,
/// so each thread takes the next file not yet taken, and the results are put back in the
/// plan's order (the first error in that order is the one reported).
pub fn render(plan: &Plan, templates: &Templates) -> Result<Vec<RenderedFile>, RenderError> {
    let env = templates.environment();
    // Converted once: minijinja values are reference-counted, so each file shares it.
    let project = minijinja::Value::from(minijinja::value::Serde(&plan.context));
    let order: Vec<usize> = (0..plan.files.len()).collect();
    crate::cores::map_in_order(&order, |n| {
        render_file(&plan.files[n], &env, &project, templates)
    })
    .into_iter()
    .collect()
}

/// Renders one planned file.
fn render_file(
    file: &PlannedFile,
    env: &minijinja::Environment<'static>,
    project: &minijinja::Value,
    templates: &Templates,
) -> Result<RenderedFile, RenderError> {
    let error = |message: String| RenderError::Template {
        template: file.template.clone(),
        path: file.path.to_string(),
        message,
    };
    let contents = match (&file.literal, templates.verbatim(&file.template)) {
        (Some(text), _) => text.clone(),
        (None, Some(text)) => text.into_owned(),
        (None, None) => {
            let template = env
                .get_template(&file.template)
                .map_err(|e| error(describe(&e)))?;
            let item = minijinja::Value::from(minijinja::value::Serde(&file.item));
            let context = minijinja::context! { project => project.clone(), item => item };
            template.render(context).map_err(|e| error(describe(&e)))?
        }
    };
    Ok(RenderedFile {
        path: file.path.clone(),
        ownership: file.ownership,
        contents: if file.exact {
            contents
        } else {
            normalize(contents)
        },
        fingerprint: file.fingerprint.clone(),
        preformatted: file.preformatted && !templates.is_overridden(&file.template),
    })
}

/// minijinja's error with its chain of causes (the template line is in the detail).
fn describe(error: &minijinja::Error) -> String {
    let mut text = error.to_string();
    if let Some(detail) = error
        .display_debug_info()
        .to_string()
        .lines()
        .find(|l| l.contains(">"))
    {
        text.push_str(&format!(" ({})", detail.trim()));
    }
    text
}

/// `\n` line endings, no trailing spaces, exactly one final newline.
fn normalize(text: String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    let trimmed = out.trim_start_matches('\n');
    if trimmed.len() == out.len() {
        out
    } else {
        trimmed.to_string()
    }
}
