//! Reading whole `.npy` files into an [`NdArray`].
//!
//! The data is read straight into the array's aligned buffer (one
//! `read_exact`, no intermediate copy); big-endian data is then swapped in
//! place. Nothing is allocated before the header has been checked against
//! the bytes actually present.

use std::fs::File;
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::path::Path;

use crate::array::NdArray;
use crate::buffer::AlignedBuf;
use crate::error::{Error, Result};

use super::header::ByteOrder;
use super::preamble::{read_header, MEMORY_LABEL};
use super::swap::swap_in_place;

/// Reads an `.npy` file (format 1.0, 2.0 or 3.0) into a native-endian array
/// in the file's memory order (C or Fortran; never transposed).
pub fn read_npy(path: &Path) -> Result<NdArray> {
    let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(Error::file(path, "is a directory, not an .npy file"));
    }
    read_sized(&mut file, meta.len(), path)
}

/// Reads an `.npy` array from `reader`, starting at its current position;
/// its length is found by seeking to the end. `path` names the source in
/// error messages.
pub fn read_npy_from<R: Read + Seek>(reader: &mut R, path: &Path) -> Result<NdArray> {
    let io = |e| Error::io(path, e);
    let start = reader.stream_position().map_err(io)?;
    let end = reader.seek(SeekFrom::End(0)).map_err(io)?;
    reader.seek(SeekFrom::Start(start)).map_err(io)?;
    read_sized(reader, end.saturating_sub(start), path)
}

/// Reads an `.npy` array from a whole file held in memory (for tests and
/// fuzzing); errors name `<memory>` as the file.
pub fn read_npy_bytes(bytes: &[u8]) -> Result<NdArray> {
    read_npy_from(&mut Cursor::new(bytes), Path::new(MEMORY_LABEL))
}

/// The reader proper: `reader` holds `len` bytes from its position on.
fn read_sized<R: Read>(reader: &mut R, len: u64, path: &Path) -> Result<NdArray> {
    let npy = read_header(reader, len, path)?;
    let header = npy.header;
    // Safe to allocate: read_header has checked data_len against `len`.
    let mut buf = AlignedBuf::for_overwrite(npy.data_len);
    reader
        .read_exact(buf.as_bytes_mut())
        .map_err(|e| Error::io(path, e))?;
    if header.byte_order != ByteOrder::NATIVE {
        swap_in_place(buf.as_bytes_mut(), header.dtype.itemsize());
    }
    NdArray::from_buffer(header.dtype, &header.shape, header.fortran_order, buf)
        .map_err(|e| Error::file(path, e.to_string()))
}
