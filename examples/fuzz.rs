//! A long fuzzing run on axumgen's pipeline (see tests/fuzzing/mod.rs for what it does).
//!
//!     cargo run --release --example fuzz -- [MINUTES] [SEED]
//!
//! Findings (panics, valid specs that fail to render, slow inputs) are written to
//! `target/fuzz-findings/` and listed at the end; each becomes a regression case.

#[path = "../tests/fuzzing/mod.rs"]
mod fuzzing;

use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let minutes: f64 = args.next().and_then(|m| m.parse().ok()).unwrap_or(30.0);
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(0x5eed);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let start = Instant::now();
    let stats = fuzzing::run(
        root,
        seed,
        Duration::from_secs_f64(minutes * 60.0),
        u64::MAX,
        Duration::from_secs(2),
    );
    let elapsed = start.elapsed();
    let out = root.join("target/fuzz-findings");
    std::fs::create_dir_all(&out).expect("findings dir");
    for (n, (what, input)) in stats.findings.iter().enumerate() {
        let path = out.join(format!("finding-{n}.yaml"));
        std::fs::write(&path, input).expect("written");
        println!("finding {n}: {what} ({})", path.display());
    }
    println!(
        "{} inputs in {:.0?} ({:.0}/s), {} valid specs rendered, {} findings (seed {seed})",
        stats.executions,
        elapsed,
        stats.executions as f64 / elapsed.as_secs_f64(),
        stats.valid,
        stats.findings.len()
    );
}
