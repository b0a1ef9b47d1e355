//! The header's Python-literal parser on arbitrary text: never panics or
//! overflows the stack, and what it accepts re-parses from its own repr.
#![no_main]

use bmp_fuzz::{check_literal, with_allocation_bound, TrackingAlloc};
use libfuzzer_sys::fuzz_target;

#[global_allocator]
static ALLOC: TrackingAlloc = TrackingAlloc;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        with_allocation_bound(data.len(), || check_literal(text));
    }
});
