//! Reading an `.npy` preamble: magic, version, header length, header dict.
//!
//! Every length read from the file is checked against the bytes the file
//! actually holds before anything is allocated for it.

use std::io::{Cursor, Read};
use std::path::Path;

use crate::error::{Error, Result};

use super::header::{parse_dict, shape_repr, Header, MAGIC, MAX_HEADER_SIZE};
use super::version::Version;

/// Label used in errors for data read from memory rather than a file.
pub const MEMORY_LABEL: &str = "<memory>";

/// A parsed, validated `.npy` preamble.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NpyHeader {
    /// Format version (compares equal to `(major, minor)` tuples).
    pub version: Version,
    /// What the header says about the array.
    pub header: Header,
    /// Byte offset of the first data byte.
    pub data_offset: u64,
    /// Number of data bytes the header implies (checked against the file).
    pub data_len: usize,
}

/// Parses the preamble at the start of `bytes` (a whole `.npy` file in
/// memory), checking that the data it promises is there. Errors name
/// [`MEMORY_LABEL`] as the file.
pub fn parse_header(bytes: &[u8]) -> Result<NpyHeader> {
    let len = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    read_header(&mut Cursor::new(bytes), len, Path::new(MEMORY_LABEL))
}

/// Reads and validates the preamble from `reader`, which holds `file_len`
/// bytes from its current position on; leaves it at the first data byte.
/// `path` is only used in error messages.
pub fn read_header<R: Read>(reader: &mut R, file_len: u64, path: &Path) -> Result<NpyHeader> {
    let fail = |msg: String| Error::file(path, msg);
    if file_len == 0 {
        return Err(fail(
            "the file is empty (0 bytes), so it is not an .npy file; it may have been \
             truncated or not yet written"
                .into(),
        ));
    }
    // The magic first, so that a short file of another kind is called that.
    let mut magic = [0u8; 6];
    let magic_len = usize::try_from(file_len.min(6)).unwrap_or(6);
    let magic = magic.get_mut(..magic_len).unwrap_or_default();
    reader
        .read_exact(magic)
        .map_err(|e| Error::io_in("read", path, e))?;
    if !MAGIC.starts_with(magic) {
        let hint = if magic.starts_with(b"PK") {
            "; it looks like a zip archive (an .npz file?), which holds .npy files but is not one"
        } else {
            ""
        };
        return Err(fail(format!(
            "not an .npy file: it does not start with the magic string \\x93NUMPY (it starts \
             with {}){hint}",
            escape_bytes(magic)
        )));
    }
    if file_len < 8 {
        return Err(fail(format!(
            "the file is only {file_len} bytes long, too short to hold an .npy header; it is \
             truncated"
        )));
    }
    let mut version_bytes = [0u8; 2];
    reader
        .read_exact(&mut version_bytes)
        .map_err(|e| Error::io_in("read", path, e))?;
    let Some(version) = Version::from_bytes(version_bytes) else {
        let [major, minor] = version_bytes;
        return Err(fail(format!(
            "unsupported .npy format version {major}.{minor}; versions 1.0, 2.0 and 3.0 \
             are supported"
        )));
    };
    let prefix_len = u64::try_from(version.prefix_len()).unwrap_or(u64::MAX);
    if file_len < prefix_len {
        return Err(fail(format!(
            "the file is only {file_len} bytes long, too short to hold the header length of \
             a version {version} file; it is truncated"
        )));
    }
    let mut len_field = [0u8; 4];
    let len_field_used = len_field
        .get_mut(..version.header_len_num_bytes())
        .unwrap_or_default();
    reader
        .read_exact(len_field_used)
        .map_err(|e| Error::io_in("read", path, e))?;
    let header_len = u64::from(u32::from_le_bytes(len_field));

    let available = file_len - prefix_len;
    if header_len > available {
        return Err(fail(format!(
            "the header length field says {header_len} bytes but only {available} bytes \
             follow it; the file is truncated or its header is corrupt"
        )));
    }
    // Version 3.0 is UTF-8, so its characters may take up to 4 bytes each;
    // anything longer cannot be within the cap and is refused unread.
    let max_chars = u64::try_from(MAX_HEADER_SIZE).unwrap_or(u64::MAX);
    let max_bytes = max_chars.saturating_mul(if version.is_utf8() { 4 } else { 1 });
    if header_len > max_bytes {
        return Err(too_long(path, header_len));
    }
    let mut raw = vec![0u8; usize::try_from(header_len).unwrap_or(0)];
    reader
        .read_exact(&mut raw)
        .map_err(|e| Error::io_in("read", path, e))?;
    let text = if version.is_utf8() {
        String::from_utf8(raw).map_err(|e| {
            fail(format!(
                "the version 3.0 header is not valid UTF-8 (at byte {} of the header)",
                e.utf8_error().valid_up_to()
            ))
        })?
    } else {
        // Versions 1.0 and 2.0 are latin-1: every byte is the char of that code.
        raw.iter().map(|&b| char::from(b)).collect()
    };
    let chars = text.chars().count();
    if chars > MAX_HEADER_SIZE {
        return Err(too_long(path, u64::try_from(chars).unwrap_or(u64::MAX)));
    }
    let header = parse_dict(&text).map_err(fail)?;
    let data_len = header.data_len().map_err(fail)?;
    let data_offset = prefix_len + header_len;
    let have = file_len - data_offset;
    // Compare in u64 so that the check itself cannot overflow on any target.
    if !u64::try_from(data_len).is_ok_and(|need| need <= have) {
        return Err(fail(format!(
            "the header promises {data_len} data bytes (shape {} of {}) but only {have} \
             bytes follow the header; the file is truncated",
            shape_repr(&header.shape),
            header.dtype
        )));
    }
    Ok(NpyHeader {
        version,
        header,
        data_offset,
        data_len,
    })
}

fn too_long(path: &Path, len: u64) -> Error {
    Error::file(
        path,
        format!(
            "the header is {len} characters long, over numpy's limit of {MAX_HEADER_SIZE} \
             (np.load's max_header_size); np.save never writes such a header for a numeric \
             array, so the file is corrupt or not meant to be loaded"
        ),
    )
}

/// Bytes as a Python-style literal for messages (`b'PK\x03\x04'`).
fn escape_bytes(bytes: &[u8]) -> String {
    let body: String = bytes
        .iter()
        .flat_map(|&b| std::ascii::escape_default(b))
        .map(char::from)
        .collect();
    format!("b'{body}'")
}
