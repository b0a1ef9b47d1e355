//! Gzip: whole `.fits.gz` files and GZIP_1/GZIP_2 tiles, inflated by the
//! pure-Rust miniz_oxide backend of flate2 (no system zlib), never past a
//! cap fixed before inflating.

use std::io::Read;
use std::path::Path;

use flate2::read::MultiGzDecoder;

use crate::error::{Error, Result};

/// Deflate cannot expand data by more than 1032:1; with headroom, no valid
/// stream inflates past this multiple of its compressed size.
pub const MAX_RATIO: u64 = 1100;

/// True when `bytes` start with the gzip magic number.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// Inflates a whole gzip file of `len` compressed bytes. Refuses a stream
/// that would inflate past [`MAX_RATIO`] × `len` (no valid one does).
pub fn gunzip_capped<R: Read>(reader: R, len: u64, path: &Path) -> Result<Vec<u8>> {
    let cap = len.saturating_mul(MAX_RATIO).saturating_add(1 << 20);
    let mut out = Vec::new();
    MultiGzDecoder::new(reader)
        .take(cap.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| {
            Error::file(
                path,
                format!("the gzip compression is corrupt ({e}); the file is damaged or truncated"),
            )
        })?;
    if out.len() as u64 > cap {
        return Err(Error::file(
            path,
            format!("the gzip stream inflates past {cap} bytes, more than any valid stream of {len} bytes can; the file is corrupt"),
        ));
    }
    Ok(out)
}

/// Inflates one gzip-compressed tile into exactly `out.len()` bytes.
/// `Err` carries a message (the caller names the tile).
pub fn gunzip_tile(tile: &[u8], out: &mut [u8]) -> std::result::Result<(), String> {
    let mut decoder = MultiGzDecoder::new(tile);
    let mut filled = 0;
    while filled < out.len() {
        match decoder.read(&mut out[filled..]) {
            Ok(0) => {
                return Err(format!(
                    "inflates to {filled} bytes, fewer than the {} its pixels need",
                    out.len()
                ))
            }
            Ok(n) => filled += n,
            Err(e) => return Err(format!("its gzip data is corrupt ({e})")),
        }
    }
    let mut probe = [0u8; 1];
    match decoder.read(&mut probe) {
        Ok(0) => Ok(()),
        Ok(_) => Err(format!(
            "inflates past its declared size of {} bytes; the tile or the header is corrupt",
            out.len()
        )),
        Err(e) => Err(format!("its gzip data is corrupt ({e})")),
    }
}
