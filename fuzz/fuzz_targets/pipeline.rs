//! libFuzzer target: any bytes through parse → check → plan → render, OpenAPI, self-diff and
//! diagnostics rendering (the pipeline `tests/fuzzing/mod.rs` defines for the stable harness).
//! A panic, a valid spec that fails to render or a spec that differs from itself is a crash.
#![no_main]

#[path = "../../tests/fuzzing/mod.rs"]
mod fuzzing;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let fuzzing::Outcome::Finding(what) = fuzzing::pipeline(bytes) {
        panic!("{what}");
    }
});
