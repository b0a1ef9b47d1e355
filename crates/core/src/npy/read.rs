//! Reading whole `.npy` files into an [`NdArray`].
//!
//! The data is read straight into the array's aligned buffer (one
//! `read_exact`, no intermediate copy); big-endian data is then swapped in
//! place. Nothing is allocated before the header has been checked against
//! the bytes actually present.

use std::fs::{File, Metadata};
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::path::Path;

use crate::array::NdArray;
use crate::buffer::AlignedBuf;
use crate::error::{Error, Result};

use super::header::{ByteOrder, Header};
use super::preamble::{read_header, MEMORY_LABEL};
use super::swap::swap_in_place;

/// Reads an `.npy` file (format 1.0, 2.0 or 3.0) into a native-endian array
/// in the file's memory order (C or Fortran; never transposed).
pub fn read_npy(path: &Path) -> Result<NdArray> {
    read_npy_raw(path)?.into_array()
}

/// An `.npy` file's data as read, still in the file's byte order. Reading
/// is I/O and swapping is CPU work: a caller may run the two on different
/// threads ([`read_npy_raw`], then [`RawNpy::into_array`]).
#[derive(Debug)]
pub struct RawNpy {
    header: Header,
    buf: AlignedBuf,
    path: String,
}

impl RawNpy {
    /// True when [`RawNpy::into_array`] has real CPU work to do (byte
    /// swapping more than a few kilobytes); otherwise it is as cheap as a
    /// hand-off to another thread, and the reading thread may as well do it.
    pub fn swap_is_costly(&self) -> bool {
        const CHEAP_SWAP_BYTES: usize = 64 << 10;
        self.header.byte_order != ByteOrder::NATIVE && self.buf.as_bytes().len() > CHEAP_SWAP_BYTES
    }

    /// The array, swapped to native byte order where the file's is not.
    pub fn into_array(mut self) -> Result<NdArray> {
        let header = self.header;
        if header.byte_order != ByteOrder::NATIVE {
            swap_in_place(self.buf.as_bytes_mut(), header.dtype.itemsize());
        }
        NdArray::from_buffer(header.dtype, &header.shape, header.fortran_order, self.buf)
            .map_err(|e| Error::file(Path::new(&self.path), e.to_string()))
    }
}

/// Reads an `.npy` file's header and data (I/O only; see [`RawNpy`]).
/// Anything but a regular file (a directory, a device such as `/dev/zero`, a
/// FIFO, a socket, a `/proc` pseudo-file) is refused by name.
pub fn read_npy_raw(path: &Path) -> Result<RawNpy> {
    let mut file = File::open(path).map_err(|e| Error::io_in("open", path, e))?;
    let meta = file
        .metadata()
        .map_err(|e| Error::io_in("fstat", path, e))?;
    if let Some(what) = not_regular(&meta) {
        return Err(Error::file(
            path,
            format!("is {what}, not a regular file, so it cannot be an .npy file"),
        ));
    }
    if meta.len() == 0 {
        // Pseudo-files (/proc, /sys) claim 0 bytes yet have content.
        let mut probe = [0u8; 1];
        if file.read(&mut probe).is_ok_and(|n| n > 0) {
            return Err(Error::file(
                path,
                "reports a size of 0 bytes but has content: it is a pseudo-file (as in /proc \
                 or /sys), not a regular file, so it cannot be an .npy file",
            ));
        }
    }
    read_sized(&mut file, meta.len(), path)
}

/// What a non-regular file is ("a directory", "a FIFO (named pipe)", ...).
fn not_regular(meta: &Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() {
            return Some("a character device");
        }
        if kind.is_block_device() {
            return Some("a block device");
        }
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("a special file")
}

/// Reads an `.npy` array from `reader`, starting at its current position;
/// its length is found by seeking to the end. `path` names the source in
/// error messages.
pub fn read_npy_from<R: Read + Seek>(reader: &mut R, path: &Path) -> Result<NdArray> {
    let io = |e| Error::io_in("lseek", path, e);
    let start = reader.stream_position().map_err(io)?;
    let end = reader.seek(SeekFrom::End(0)).map_err(io)?;
    reader.seek(SeekFrom::Start(start)).map_err(io)?;
    read_sized(reader, end.saturating_sub(start), path)?.into_array()
}

/// Reads an `.npy` array from a whole file held in memory (for tests and
/// fuzzing); errors name `<memory>` as the file.
pub fn read_npy_bytes(bytes: &[u8]) -> Result<NdArray> {
    read_npy_from(&mut Cursor::new(bytes), Path::new(MEMORY_LABEL))
}

/// The reader proper: `reader` holds `len` bytes from its position on.
fn read_sized<R: Read>(reader: &mut R, len: u64, path: &Path) -> Result<RawNpy> {
    let npy = read_header(reader, len, path)?;
    // Safe to allocate: read_header has checked data_len against `len`.
    let mut buf = AlignedBuf::for_overwrite(npy.data_len);
    reader
        .read_exact(buf.as_bytes_mut())
        .map_err(|e| Error::io_in("read", path, e))?;
    Ok(RawNpy {
        header: npy.header,
        buf,
        path: path.display().to_string(),
    })
}
