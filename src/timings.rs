//! Where the time and memory of one run go: with `AXUMGEN_TIMINGS=1`, each stage's wall time
//! and the peak resident memory so far are printed to standard error as it ends
//! with the process's CPU time over the stage (`timing: render 212.4 ms, cpu 401.0 ms (peak
//! 98.1 MiB)`: a stage using both of two cores shows about twice its wall time). The README's
//! "where the time goes" comes from these lines; nothing is measured when the variable is unset.

use std::sync::Mutex;
use std::time::Instant;

/// The previous mark: when, and the process's CPU time then (ms).
static LAST: Mutex<Option<(Instant, f64)>> = Mutex::new(None);

/// Whether timings are asked for (`AXUMGEN_TIMINGS=1`).
pub fn enabled() -> bool {
    std::env::var_os("AXUMGEN_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Starts the clock (the first stage is measured from here).
pub fn start() {
    if enabled()
        && let Ok(mut last) = LAST.lock()
    {
        *last = Some((Instant::now(), cpu_ms()));
    }
}

/// Ends the stage `name`: prints the time since the previous mark (or [`start`]).
pub fn mark(name: &str) {
    if !enabled() {
        return;
    }
    let Ok(mut last) = LAST.lock() else { return };
    let now = Instant::now();
    let cpu = cpu_ms();
    if let Some((previous, previous_cpu)) = *last {
        eprintln!(
            "timing: {name} {:.1} ms, cpu {:.1} ms{}",
            now.duration_since(previous).as_secs_f64() * 1000.0,
            cpu - previous_cpu,
            peak_rss_mib()
                .map(|mib| format!(" (peak {mib:.1} MiB)"))
                .unwrap_or_default()
        );
    }
    *last = Some((now, cpu));
}

/// The CPU time all the process's threads have used so far, user and system, in milliseconds.
fn cpu_ms() -> f64 {
    let mut time = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `time` is a valid, writable timespec; the clock id is a constant Linux knows.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut time) } == 0;
    if ok {
        time.tv_sec as f64 * 1000.0 + time.tv_nsec as f64 / 1e6
    } else {
        0.0
    }
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
