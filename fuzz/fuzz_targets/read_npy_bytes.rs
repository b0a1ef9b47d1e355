//! `read_npy_bytes` on arbitrary bytes: never panics, agrees with
//! `parse_header`, returns exactly the file's data, and what it accepts
//! survives a write/read round trip.
#![no_main]

use bmp_fuzz::{check_read_npy_bytes, with_allocation_bound, TrackingAlloc};
use libfuzzer_sys::fuzz_target;

#[global_allocator]
static ALLOC: TrackingAlloc = TrackingAlloc;

fuzz_target!(|data: &[u8]| {
    with_allocation_bound(data.len(), || check_read_npy_bytes(data));
});
