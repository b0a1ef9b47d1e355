//! Shared checks for the fuzz targets. The same files are compiled into the
//! short, deterministic run in `crates/core/tests/npy_fuzz_short.rs`, so the
//! long fuzzing run and `cargo test` check exactly the same properties.

mod alloc_bound;
mod oracles;

pub use alloc_bound::{with_allocation_bound, TrackingAlloc};
pub use oracles::{check_literal, check_parse_header, check_read_npy_bytes};
