//! `axumgen generate`: spec → project on disk (or, with `--check` / `--diff`, a report of what
//! would change).

use super::{CliError, GenerateArgs, Outcome};
use crate::emit::{self, Action, Reconciled, SpecInfo};
use crate::plan::{self, PlanOptions};
use crate::render::{self, Templates};
use crate::spec::Loaded;
use crate::validate::check_loaded;

pub fn run(args: &GenerateArgs, color: bool) -> Result<Outcome, CliError> {
    // A bad `--templates` is a usage error: reported before the spec is even read.
    let templates = match &args.templates {
        Some(dir) => Templates::from_dir(dir).map_err(render::RenderError::from)?,
        None => Templates::embedded(),
    };
    crate::timings::start();
    let spec_path = args.spec.display().to_string();
    let loaded = crate::spec::read(&args.spec)?;
    // The no-op fast path: nothing changed since a run that had nothing to report.
    let inputs = match &loaded {
        Loaded::Source(source) => Some(emit::inputs_sha256(
            &spec_path,
            &source.text,
            &templates.fingerprint(),
        )),
        Loaded::Invalid(..) => None,
    };
    if let Some(inputs) = &inputs
        && emit::up_to_date(&args.out, inputs)
    {
        crate::timings::mark("compare with manifest");
        if args.check {
            eprintln!(
                "{} is up to date with {}",
                args.out.display(),
                args.spec.display()
            );
        } else if !args.diff {
            eprintln!("{} is up to date: no file written", args.out.display());
        }
        return Ok(Outcome::Success);
    }
    // The formatting stage asks rustfmt's version: asked now, answered while the spec is checked.
    crate::format::ask_rustfmt_version_meanwhile();
    let mut checked = check_loaded(loaded);
    crate::timings::mark("read and check");
    let Some(model) = &checked.model else {
        eprint!("{}", super::check::human_report(&checked, color));
        // For `--check`, 1 means "out of date": an unusable spec is an error.
        if args.check || args.diff {
            return Err(CliError::InvalidSpec(args.spec.clone()));
        }
        return Ok(Outcome::Problems);
    };
    if !checked.diagnostics.is_empty() {
        eprint!("{}", super::check::human_report(&checked, color));
    }
    let spec_name = args
        .spec
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let plan = plan::plan(model, &PlanOptions { spec_name });
    let package = model.service.name.clone();
    // Each stage's input is freed once the next has its output: a large spec's model would
    // otherwise stay in memory beside the plan and the project. The plan is consumed by render,
    // which leaves it to the end of the process (all that is left is to write the files).
    let quiet = checked.diagnostics.is_empty();
    let spec_text = std::mem::take(&mut checked.source.text);
    drop(checked);
    crate::timings::mark("plan");

    let rendered = render::render_with(plan, &templates, render::PlanDisposal::LeaveToExit)?;
    crate::timings::mark("render");
    let spec = SpecInfo {
        name: &spec_path,
        text: &spec_text,
        package: &package,
    };
    let mut reconciled = emit::reconcile(&args.out, rendered, &spec)?;
    if let Some(warning) = &reconciled.format_warning {
        eprintln!("warning: {warning}");
    }
    let noted = report_notes(&reconciled);
    // Only a run with nothing to say may be skipped next time: a skipped run says nothing.
    if quiet && reconciled.format_warning.is_none() && !noted {
        reconciled.manifest.inputs_sha256 = inputs;
    }
    if args.diff || args.check {
        reconciled.finish_formatting()?;
    }
    if args.diff {
        print!("{}", emit::diff(&args.out, &reconciled));
    }
    if args.check || args.diff {
        return Ok(check_report(&reconciled, args));
    }
    let conflicts = reconciled.conflicts();
    if !conflicts.is_empty() && !args.force {
        eprintln!(
            "error: generate stopped: these files were changed by hand since axumgen wrote them (or axumgen did not write them):"
        );
        for conflict in &conflicts {
            let why = match &conflict.action {
                Action::Unknown => "not written by axumgen".to_string(),
                Action::EditedEntries(entries) => format!(
                    "axumgen's {} edited by hand: {}",
                    if entries.len() == 1 {
                        "entry"
                    } else {
                        "entries"
                    },
                    entries.join(", ")
                ),
                _ => "edited by hand".to_string(),
            };
            eprintln!("  {} ({why})", conflict.path);
        }
        eprintln!(
            "help: move the change into a file you own (src/handlers/, src/custom/), or rerun with --force to overwrite {}",
            if conflicts.len() == 1 { "it" } else { "them" }
        );
        return Ok(Outcome::Problems);
    }
    let applied = emit::apply(&args.out, reconciled, args.force)?;
    crate::timings::mark("write");
    match (applied.written.len(), applied.deleted.len()) {
        (0, 0) => eprintln!("{} is up to date: no file written", args.out.display()),
        (written, deleted) => eprintln!(
            "wrote {written} file{} and deleted {deleted} stale file{} in {}",
            if written == 1 { "" } else { "s" },
            if deleted == 1 { "" } else { "s" },
            args.out.display()
        ),
    }
    Ok(Outcome::Success)
}

/// Notes that do not stop generation: orphaned user files, signatures that changed. Whether
/// there was any.
fn report_notes(reconciled: &Reconciled) -> bool {
    let mut noted = false;
    for decision in &reconciled.decisions {
        noted |= matches!(
            decision.action,
            Action::Orphaned | Action::KeepEditedStale | Action::UserMismatch { .. }
        );
        match &decision.action {
            Action::Orphaned => eprintln!(
                "note: {} is kept: the spec no longer has its endpoint or middleware (delete it when you no longer need it)",
                decision.path
            ),
            Action::KeepEditedStale => eprintln!(
                "note: {} is kept: the spec no longer produces it, but it was edited by hand",
                decision.path
            ),
            Action::UserMismatch { was, now } => eprintln!(
                "warning: {} no longer fits the spec: it was written for {was}, the spec now gives {now}; update the handler (this warning stops once you edit the file)",
                decision.path
            ),
            _ => {}
        }
    }
    noted
}

fn check_report(reconciled: &Reconciled, args: &GenerateArgs) -> Outcome {
    let drift = reconciled.drift();
    if drift.is_empty() {
        if args.check {
            eprintln!(
                "{} is up to date with {}",
                args.out.display(),
                args.spec.display()
            );
        }
        return Outcome::Success;
    }
    if args.check {
        eprintln!(
            "{} is out of date with {}:",
            args.out.display(),
            args.spec.display()
        );
        for decision in &drift {
            let what = match decision.action {
                Action::Create | Action::CreateUser => "missing",
                Action::Update => "changed",
                Action::DeleteStale => "stale",
                Action::EditedByHand | Action::EditedEntries(_) => "edited by hand",
                Action::Unknown => "not written by axumgen",
                _ => "changed",
            };
            match &decision.action {
                Action::EditedEntries(entries) => {
                    eprintln!("  {what:>22}: {} ({})", decision.path, entries.join(", "))
                }
                _ => eprintln!("  {what:>22}: {}", decision.path),
            }
        }
        eprintln!(
            "help: run `axumgen generate {} --out {}`",
            args.spec.display(),
            args.out.display()
        );
    }
    Outcome::Problems
}
