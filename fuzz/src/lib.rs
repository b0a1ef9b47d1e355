//! Shared checks for the fuzz targets. The same files are compiled into the
//! short, deterministic run in `crates/core/tests/npy_fuzz_short.rs`, so the
//! long fuzzing run and `cargo test` check exactly the same properties.

mod alloc_bound;
mod fits_oracles;
mod oracles;

pub use alloc_bound::{with_allocation_bound, with_allocation_limit, TrackingAlloc};
pub use fits_oracles::{check_card_round_trip, check_read_fits_bytes, fits_allocation_limit};
pub use oracles::{check_literal, check_parse_header, check_read_npy_bytes};
