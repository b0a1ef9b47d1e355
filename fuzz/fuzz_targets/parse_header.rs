//! `parse_header` on arbitrary bytes: never panics, never allocates what a
//! header merely claims, and an accepted header fits inside the input.
#![no_main]

use bmp_fuzz::{check_parse_header, with_allocation_bound, TrackingAlloc};
use libfuzzer_sys::fuzz_target;

#[global_allocator]
static ALLOC: TrackingAlloc = TrackingAlloc;

fuzz_target!(|data: &[u8]| {
    with_allocation_bound(data.len(), || check_parse_header(data));
});
