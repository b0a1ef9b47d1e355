//! Pure-Rust core of bigmultipipe.
//!
//! This crate knows nothing of Node: it holds the [`NdArray`] storage, the
//! `.npy` reader and writer ([`npy`]), the numeric kernels ([`kernels`]) and
//! PNG previews of images ([`preview`]).
//! Kernels use Rayon's *current* pool, so the caller decides which pool runs
//! them (the Node binding installs its own dedicated pool).
//!
//! No `unsafe` anywhere in this crate. (A crate attribute rather than the
//! `[lints]` table: that would also bind the crate's test binaries, and the
//! short fuzz test needs an `unsafe impl GlobalAlloc` to count allocations.)
#![forbid(unsafe_code)]

pub mod array;
pub mod buffer;
pub mod combine;
pub mod dtype;
pub mod error;
pub mod filters;
pub mod fits;
pub mod kernels;
pub mod npy;
pub mod preview;
pub mod recycle;
pub mod stats;

pub use array::{ArrayView, NdArray};
pub use dtype::DType;
pub use error::{Error, ErrorKind, Result};
