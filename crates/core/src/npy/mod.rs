//! The `.npy` format: reading (versions 1.0, 2.0, 3.0) and writing (as
//! `np.save` does, byte for byte).
//!
//! Supported dtypes: bool, int8–int64, uint8–uint64, float32, float64, in
//! either byte order and C or Fortran order. Arrays are held native-endian
//! in the file's memory order.
//!
//! - [`literal`]: the Python-literal parser for the header dict;
//! - [`header`]: validating the dict and encoding numpy's header text;
//! - [`preamble`]: reading magic, version and header with every length
//!   checked against the file before any allocation;
//! - [`read`] / [`write`]: whole files; `write` goes through [`temp`] names.

pub mod header;
pub mod literal;
pub mod preamble;
pub mod read;
pub(crate) mod swap;
pub mod temp;
pub mod write;

pub use header::{ByteOrder, Header, MAGIC, MAX_HEADER_SIZE};
pub use preamble::{parse_header, read_header, NpyHeader, MEMORY_LABEL};
pub use read::{read_npy, read_npy_bytes, read_npy_from};
pub use temp::{is_temp_name, temp_target, TEMP_SUFFIX};
pub use write::{npy_header_bytes, write_npy, write_npy_to};
