//! Where the time and memory of one run go: with `AXUMGEN_TIMINGS=1`, each stage's wall time
//! and the peak resident memory so far are printed to standard error as it ends
//! (`timing: render 212.4 ms (peak 98.1 MiB)`). The README's "where the time goes" comes from
//! these lines; nothing is measured when the variable is unset.

use std::sync::Mutex;
use std::time::Instant;

static LAST: Mutex<Option<Instant>> = Mutex::new(None);

fn enabled() -> bool {
    std::env::var_os("AXUMGEN_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Starts the clock (the first stage is measured from here).
pub fn start() {
    if enabled()
        && let Ok(mut last) = LAST.lock()
    {
        *last = Some(Instant::now());
    }
}

/// Ends the stage `name`: prints the time since the previous mark (or [`start`]).
pub fn mark(name: &str) {
    if !enabled() {
        return;
    }
    let Ok(mut last) = LAST.lock() else { return };
    let now = Instant::now();
    if let Some(previous) = *last {
        eprintln!(
            "timing: {name} {:.1} ms{}",
            now.duration_since(previous).as_secs_f64() * 1000.0,
            peak_rss_mib()
                .map(|mib| format!(" (peak {mib:.1} MiB)"))
                .unwrap_or_default()
        );
    }
    *last = Some(now);
}

/// The process's peak resident set so far (Linux's `VmHWM`), in MiB.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Prints a fact about the run beside the stage times (`timing: rustfmt skipped 3.1 of 9.8 MB`).
pub fn note(text: &str) {
    if enabled() {
        eprintln!("timing: {text}");
    }
}
