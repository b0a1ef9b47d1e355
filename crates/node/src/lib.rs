//! Thin napi-rs binding of `bigmultipipe-core`.
//!
//! Everything that touches array data runs on the addon's own pools
//! ([`pool`]: compute, and I/O for file reads and writes) and settles a
//! Promise from there, so the event loop never waits on array work. A panic
//! in that work becomes a rejected Promise ([`panic`]); every error carries
//! a code ([`errors`]).

pub mod access;
pub mod array;
pub mod combine;
pub mod elementwise;
pub mod errors;
pub mod filters;
pub mod fits;
pub mod io_pool;
pub mod npy;
pub mod panic;
pub mod pool;
pub mod preview;
pub mod reductions;
pub mod shaping;
pub mod stats;

pub use array::NativeArray;
