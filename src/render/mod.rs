//! Stage 4: plan → rendered files. Pure: takes the plan and the templates, returns contents;
//! never reads or writes the output directory.

pub(crate) mod filters;
mod project;
pub mod templates;

use crate::plan::{Item, Ownership, Plan, PlannedFile, ProjectPath};
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
    /// The SHA-256 of `contents` (the manifest records it): computed here, on every core, and
    /// computed again by the formatting stage only for a file it changes.
    pub sha256: String,
    /// Carried over from the plan: items laid out as rustfmt would, which formatting keeps.
    pub laid_out: Vec<String>,
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
/// plan's order (the first error in that order is the one reported). The plan is consumed: a
/// file planned with its text (the OpenAPI document, megabytes for a large API) keeps that
/// text, moved rather than copied.
pub fn render(plan: Plan, templates: &Templates) -> Result<Vec<RenderedFile>, RenderError> {
    render_with(plan, templates, PlanDisposal::Free)
}

/// What [`render_with`] does with the plan once every file is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanDisposal {
    /// Frees it, as dropping it would.
    Free,
    /// Leaves it to the end of the process: a command that exits once the files are written
    /// (`generate`) has no use for the time a large plan takes to free, one allocation at a time
    /// on one core (GitHub's API: ~25 ms of ~0.35 s), nor for the memory it would give back.
    LeaveToExit,
}

/// [`render`], with the plan disposed of as `disposal` says.
pub fn render_with(
    plan: Plan,
    templates: &Templates,
    disposal: PlanDisposal,
) -> Result<Vec<RenderedFile>, RenderError> {
    let Plan {
        mut files,
        mut context,
    } = plan;
    let literals: Vec<Option<String>> = files.iter_mut().map(|f| f.literal.take()).collect();
    let env = templates.environment();
    // Converted once: minijinja values are reference-counted, so each file shares it.
    let project = project::project_value(&mut context);
    let handlers = project.get_attr("handlers").unwrap_or_default();
    // The files rendered from the whole project (the models, the API, the generated tests: a
    // large spec's few big files) are taken first, so that no core is left with one of them at
    // the end while the other has nothing to do.
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&n| files[n].item != Item::None || !files[n].template.ends_with(".j2"));
    let rendered = crate::cores::map_in_order(&order, |n| match &literals[n] {
        // Only its digest is computed here; the text is moved in below.
        Some(text) => Ok(finished(
            &files[n],
            String::new(),
            sha256_hex(text),
            templates,
        )),
        None => render_file(&files[n], &env, &project, &handlers, templates),
    });
    let rendered = rendered
        .into_iter()
        .zip(literals)
        .map(|(file, literal)| {
            let mut file = file?;
            if let Some(text) = literal {
                file.contents = text;
            }
            Ok(file)
        })
        .collect();
    if disposal == PlanDisposal::LeaveToExit {
        std::mem::forget((project, context, files));
    }
    rendered
}

/// Renders one planned file, with the project's value for the templates and its `handlers`.
fn render_file(
    file: &PlannedFile,
    env: &minijinja::Environment<'static>,
    project: &minijinja::Value,
    handlers: &minijinja::Value,
    templates: &Templates,
) -> Result<RenderedFile, RenderError> {
    let error = |message: String| RenderError::Template {
        template: file.template.clone(),
        path: file.path.to_string(),
        message,
    };
    let contents = match templates.verbatim(&file.template) {
        Some(text) => text.into_owned(),
        None => {
            let template = env
                .get_template(&file.template)
                .map_err(|e| error(describe(&e)))?;
            let item = item_value(&file.item, handlers).map_err(|e| error(describe(&e)))?;
            let context = minijinja::context! { project => project.clone(), item => item };
            template.render(context).map_err(|e| error(describe(&e)))?
        }
    };
    let contents = if file.exact {
        contents
    } else {
        normalize(contents)
    };
    let sha256 = sha256_hex(&contents);
    Ok(finished(file, contents, sha256, templates))
}

/// The template's `item` for `item`: a handler's is the project's own value (`handlers`), not
/// converted again.
fn item_value(
    item: &Item,
    handlers: &minijinja::Value,
) -> Result<minijinja::Value, minijinja::Error> {
    Ok(match item {
        Item::None => minijinja::Value::from(()),
        Item::Handler(n) => handlers.get_item_by_index(*n)?,
        Item::Example(n) => {
            let body = handlers
                .get_item_by_index(*n)?
                .get_attr("response")?
                .get_attr("body")?;
            minijinja::context! { body => body }
        }
        Item::Data(data) => minijinja::Value::from(minijinja::value::Serde(data)),
    })
}

/// The rendered file of `file`: `contents`, whose digest is `sha256`.
fn finished(
    file: &PlannedFile,
    contents: String,
    sha256: String,
    templates: &Templates,
) -> RenderedFile {
    RenderedFile {
        path: file.path.clone(),
        ownership: file.ownership,
        sha256,
        contents,
        fingerprint: file.fingerprint.clone(),
        preformatted: file.preformatted && !templates.is_overridden(&file.template),
        laid_out: file.laid_out.clone(),
    }
}

fn sha256_hex(text: &str) -> String {
    crate::digest::sha256_hex(text.as_bytes())
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

#[cfg(test)]
mod tests {
    use super::{PlanDisposal, Templates, render, render_with};

    /// `generate` leaves the plan to the end of the process: the files are the ones `render`
    /// makes, byte for byte.
    #[test]
    fn leaving_the_plan_to_exit_renders_the_same_files() {
        let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/specs/full-stack.yaml");
        let checked = crate::validate::check_file(std::path::Path::new(spec)).expect("readable");
        let model = checked.model.expect("a valid spec");
        let options = crate::plan::PlanOptions {
            spec_name: "full-stack.yaml".into(),
        };
        let templates = Templates::embedded();
        let freed = render(crate::plan::plan(&model, &options), &templates).expect("renders");
        let left = render_with(
            crate::plan::plan(&model, &options),
            &templates,
            PlanDisposal::LeaveToExit,
        )
        .expect("renders");
        assert!(freed.len() > 20, "{} files", freed.len());
        assert_eq!(freed, left);
    }

    /// A handler's and an example body's `item` is taken from the project's value: the files
    /// are the ones the handler's own data, converted for that file alone, renders.
    #[test]
    fn items_taken_from_the_project_render_as_their_data() {
        use crate::plan::Item;
        let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/specs/full-stack.yaml");
        let checked = crate::validate::check_file(std::path::Path::new(spec)).expect("readable");
        let model = checked.model.expect("a valid spec");
        let options = crate::plan::PlanOptions::default();
        let templates = Templates::embedded();
        let plan = crate::plan::plan(&model, &options);
        let mut as_data = plan.clone();
        let (mut handlers, mut examples) = (0, 0);
        for file in &mut as_data.files {
            let data = |n: usize| serde_json::to_value(&plan.context.handlers[n]).expect("data");
            file.item = match file.item {
                Item::Handler(n) => {
                    handlers += 1;
                    assert_eq!(
                        file.path.to_string(),
                        format!("src/handlers/{}.rs", plan.context.handlers[n].name)
                    );
                    Item::Data(data(n))
                }
                Item::Example(n) => {
                    examples += 1;
                    Item::Data(serde_json::json!({ "body": data(n)["response"]["body"] }))
                }
                ref other => other.clone(),
            };
        }
        assert!(
            handlers > 5 && examples > 5,
            "{handlers} handlers, {examples} examples"
        );
        let taken = render(plan, &templates).expect("renders");
        let converted = render(as_data, &templates).expect("renders");
        assert_eq!(taken, converted);
    }
}
