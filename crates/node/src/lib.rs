//! Thin napi-rs binding of `bigmultipipe-core`.
//!
//! Everything that touches array data runs on one dedicated, named Rayon pool
//! owned by this addon ([`pool`]) and settles a Promise from there, so the
//! event loop never waits on array work. A panic in that work becomes a
//! rejected Promise (see [`pool::spawn_settle`]).

pub mod array;
pub mod errors;
pub mod fits;
pub mod npy;
pub mod pool;
pub mod preview;

pub use array::NativeArray;
