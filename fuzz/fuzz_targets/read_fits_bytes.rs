//! `read_fits_bytes` on arbitrary bytes: never panics, refuses with a
//! bounded error naming `<memory>`, never allocates past what the bytes
//! could hold, and the cards it accepts format and parse back unchanged.
#![no_main]

use bmp_fuzz::{
    check_read_fits_bytes, fits_allocation_limit, with_allocation_limit, TrackingAlloc,
};
use libfuzzer_sys::fuzz_target;

#[global_allocator]
static ALLOC: TrackingAlloc = TrackingAlloc;

fuzz_target!(|data: &[u8]| {
    with_allocation_limit(data.len(), fits_allocation_limit(data), || {
        check_read_fits_bytes(data)
    });
});
