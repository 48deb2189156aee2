//! The `axumgen` binary: the command line ([`axumgen::cli`]) on mimalloc.
//!
//! A generation allocates and frees millions of small strings and values on several threads
//! (parsing, the plan, the minijinja values, the rendered text). mimalloc does that work in about
//! a fifth less CPU than glibc's malloc here (README, "Why mimalloc").

use std::ffi::{c_int, c_long};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

unsafe extern "C" {
    /// mimalloc's `mi_option_set` (`mimalloc.h`), linked from `libmimalloc-sys`.
    fn mi_option_set(option: c_int, value: c_long);
}

/// `mi_option_purge_delay` in mimalloc's `mi_option_e` (an index mimalloc keeps stable: retired
/// options keep their place as `deprecated_…`).
const MI_OPTION_PURGE_DELAY: c_int = 15;

/// How long mimalloc keeps freed memory before it returns it to the system. Its default, a
/// second, is longer than a whole generation, so nothing freed early (the parsed spec, the
/// model) was ever returned and the peak of GitHub's API rose from 99 to up to 127 MiB; 25 ms
/// keeps it near 108 MiB at the same speed.
const PURGE_DELAY_MS: c_long = 25;

fn main() -> std::process::ExitCode {
    // SAFETY: `mi_option_set` only stores a number in mimalloc's option table; it is valid to
    // call at any time, from any thread, and takes plain integers.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    axumgen::cli::run()
}
