//! Arbitrary bytes through load → check → every writer. Any panic is a bug: a clerk must get a
//! message, never a crash.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    gongwen::pipeline_for_fuzzing(data);
});
