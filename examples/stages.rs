//! Times each pipeline stage on a spec (for benchmarking the generator itself).
//!
//!     cargo run --release --example stages -- SPEC
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("a spec path");
    let t = Instant::now();
    let checked = axumgen::validate::check_file(std::path::Path::new(&path)).expect("readable");
    let model = checked.model.expect("valid");
    let t_check = t.elapsed();
    let t = Instant::now();
    let plan = axumgen::plan::plan(
        &model,
        &axumgen::plan::PlanOptions {
            spec_name: "x.yaml".into(),
        },
    );
    let t_plan = t.elapsed();
    let t = Instant::now();
    let mut files =
        axumgen::render::render(&plan, &axumgen::render::Templates::embedded()).expect("renders");
    let t_render = t.elapsed();
    let t = Instant::now();
    axumgen::format::format(&mut files).expect("formats");
    let t_format = t.elapsed();
    println!(
        "check {t_check:?}  plan {t_plan:?}  render {t_render:?}  format {t_format:?}  ({} files)",
        files.len()
    );
}
