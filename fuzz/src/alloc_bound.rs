//! "Never allocates what a header merely claims", checked directly: a global
//! allocator that records the largest single request, and a wrapper that
//! asserts it stayed within a small multiple of the input's size.
//!
//! A binary that uses [`with_allocation_bound`] must install [`TrackingAlloc`]
//! as its `#[global_allocator]`, and must not run two bounded sections at
//! once (the record is process-wide).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Largest single allocation (bytes) since the last reset.
static LARGEST: AtomicUsize = AtomicUsize::new(0);

/// The system allocator, recording the size of every request.
pub struct TrackingAlloc;

fn record(size: usize) {
    LARGEST.fetch_max(size, Ordering::Relaxed);
}

// SAFETY: every method forwards its arguments unchanged to `System`, which
// implements `GlobalAlloc` correctly; recording a size has no effect on the
// memory returned, so `System`'s guarantees are ours.
unsafe impl GlobalAlloc for TrackingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        record(layout.size());
        // SAFETY: our caller upholds `GlobalAlloc::alloc`'s contract for `layout`.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        record(layout.size());
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        record(new_size);
        // SAFETY: `ptr` was allocated by `System` (through us) with `layout`,
        // and our caller upholds `realloc`'s contract for `new_size`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` (through us) with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// The most one input of `input_len` bytes may cause to be allocated at once:
/// the data buffer and header text are at most the input's size; messages
/// quote the header with escapes (a few bytes per character); 1 MiB covers
/// fixed costs (formatting, the test harness).
pub fn allocation_limit(input_len: usize) -> usize {
    input_len.saturating_mul(16).saturating_add(1 << 20)
}

/// Runs `f` on an input of `input_len` bytes and panics if any single
/// allocation during it exceeded [`allocation_limit`].
pub fn with_allocation_bound<T>(input_len: usize, f: impl FnOnce() -> T) -> T {
    with_allocation_limit(input_len, allocation_limit(input_len), f)
}

/// Runs `f` on an input of `input_len` bytes and panics if any single
/// allocation during it exceeded `limit` bytes.
pub fn with_allocation_limit<T>(input_len: usize, limit: usize, f: impl FnOnce() -> T) -> T {
    LARGEST.store(0, Ordering::Relaxed);
    let out = f();
    let largest = LARGEST.load(Ordering::Relaxed);
    assert!(
        largest <= limit,
        "an input of {input_len} bytes caused an allocation of {largest} bytes (limit {limit})"
    );
    out
}
