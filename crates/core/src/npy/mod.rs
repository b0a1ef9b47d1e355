//! The `.npy` format: reading and writing (versions 1.0, 2.0, 3.0).
//!
//! STUB: filled in by the npy work (reader, writer, header parser).

use std::path::{Path, PathBuf};

use crate::array::NdArray;
use crate::error::Result;

/// Reads an `.npy` file into a native-endian array (same memory order).
pub fn read_npy(path: &Path) -> Result<NdArray> {
    let _ = path;
    unimplemented!("read_npy")
}

/// Writes `array` to `path` as numpy would, via a temporary file in the same
/// directory renamed into place. Returns the final path.
pub fn write_npy(path: &Path, array: &NdArray) -> Result<PathBuf> {
    let _ = (path, array);
    unimplemented!("write_npy")
}
