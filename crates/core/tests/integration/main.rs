//! The core crate's integration tests, as one binary (one link instead of
//! one per file). `npy_fuzz_short.rs` stays a binary of its own: it installs
//! a process-wide counting allocator (`#[global_allocator]`) that would
//! otherwise serialise and slow down every test here.

mod kernels;
mod kernels_parallel;
mod npy_literal;
mod npy_malformed;
mod npy_read;
mod npy_write;
mod numpy_toolkit;
