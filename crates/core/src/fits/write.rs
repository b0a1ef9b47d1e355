//! Writing an [`NdArray`] as a single-HDU FITS file, or a list of HDUs as a
//! multi-extension file: mandatory keywords in the standard's order, the
//! caller's cards after them, 2880-byte blocks, big-endian data; optionally
//! as int16 scaled from min/max (ccdmultipipe's `BSCALE`/`BZERO` output)
//! and with CHECKSUM/DATASUM. Written to a temporary name and renamed, as
//! `write_npy`.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::array::NdArray;
use crate::error::{Error, Result};
use crate::kernels::layout::to_c_order;
use crate::npy::temp::TempFile;
use crate::npy::write::output_target;

use super::card::Card;
use super::checksum::{add_sums, add_words, encode};
use super::encode::{write_at, write_data_at, Stored};
use super::hdu_out::{header_bytes, plan, Place, Plan};

/// How to write.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    /// Store float data as int16 with BSCALE/BZERO from its min and max.
    pub as_scaled_int: bool,
    /// Add CHECKSUM and DATASUM cards.
    pub checksum: bool,
}

/// Keywords the writer sets itself; the caller's cards with these names
/// are left out (the data decides them).
pub fn is_structural(keyword: &str) -> bool {
    let k = keyword.to_ascii_uppercase();
    let axis = k
        .strip_prefix("NAXIS")
        .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()));
    axis || matches!(
        k.as_str(),
        "SIMPLE"
            | "XTENSION"
            | "BITPIX"
            | "EXTEND"
            | "PCOUNT"
            | "GCOUNT"
            | "BSCALE"
            | "BZERO"
            | "BLANK"
            | "CHECKSUM"
            | "DATASUM"
            | "END"
            | "GROUPS"
    )
}

/// One HDU to write: its data (none: a header-only HDU, NAXIS = 0) and its
/// cards (EXTNAME among them, when it is to have a name).
#[derive(Debug, Clone, Copy)]
pub struct HduOut<'a> {
    /// The image, if any.
    pub data: Option<&'a NdArray>,
    /// Header cards; structural keywords among them are left out.
    pub cards: &'a [Card],
}

/// Writes `array` with the header `cards` to `path` (temporary name, then
/// rename). Returns the final path.
pub fn write_fits(
    path: &Path,
    array: &NdArray,
    cards: &[Card],
    options: &WriteOptions,
) -> Result<PathBuf> {
    let hdu = HduOut {
        data: Some(array),
        cards,
    };
    write_file(path, &[hdu], options, true)
}

/// Writes a multi-extension file: the first of `hdus` is the primary HDU,
/// each other one an IMAGE extension (temporary name, then rename).
/// `as_scaled_int` scales the float images and leaves the others as they
/// are; `checksum` sums every HDU. Returns the final path.
pub fn write_fits_hdus(
    path: &Path,
    hdus: &[HduOut<'_>],
    options: &WriteOptions,
) -> Result<PathBuf> {
    if hdus.is_empty() {
        return Err(Error::file(
            path,
            "no HDUs to write: give at least one (a primary HDU)",
        ));
    }
    write_file(path, hdus, options, false)
}

/// The HDUs one after the other, each with its header at its offset.
/// `strict`: `as_scaled_int` of non-float data is an error (single image).
fn write_file(
    path: &Path,
    hdus: &[HduOut<'_>],
    options: &WriteOptions,
    strict: bool,
) -> Result<PathBuf> {
    let (dir, name) = output_target(path)?;
    let io = |e| Error::io(path, e);
    let mut temp = TempFile::create(dir, name).map_err(io)?;
    let file = temp.file().map_err(io)?;
    let mut offset = 0u64;
    for (i, hdu) in hdus.iter().enumerate() {
        let place = if i == 0 {
            Place::Primary
        } else {
            Place::Extension
        };
        offset += write_hdu(file, offset, place, hdu, options, strict, path)?;
    }
    temp.persist(path).map_err(io)?;
    Ok(path.to_path_buf())
}

/// Writes one HDU at `offset`; returns its length in bytes (whole blocks).
fn write_hdu(
    file: &File,
    offset: u64,
    place: Place,
    hdu: &HduOut<'_>,
    options: &WriteOptions,
    strict: bool,
    path: &Path,
) -> Result<u64> {
    let io = |e| Error::io(path, e);
    let c_order;
    let array = match hdu.data.map(to_c_order).transpose()?.flatten() {
        Some(c) => {
            c_order = c;
            Some(&c_order)
        }
        None => hdu.data,
    };
    let plan = match array {
        Some(a) => {
            let scale = options.as_scaled_int && (strict || a.dtype().is_float());
            plan(a, scale, path)?
        }
        None => Plan::empty(),
    };
    let header_of = |sums| header_bytes(place, array, &plan, hdu.cards, sums, path);
    let header = header_of(options.checksum.then_some((0u32, ZEROS)))?;
    write_at(file, &header, offset).map_err(io)?;
    let how = Stored {
        bitpix: plan.bitpix,
        quantize: plan.quantize,
        sum: options.checksum,
    };
    let data_len = match array {
        Some(a) => {
            let (datasum, len) =
                write_data_at(file, offset + header.len() as u64, a, how).map_err(io)?;
            if options.checksum {
                let h = header_of(Some((datasum, ZEROS)))?;
                let sum = add_sums(add_words(0, &h), datasum);
                let last = header_of(Some((datasum, &encode(sum))))?;
                if last.len() != header.len() {
                    return Err(Error::file(
                        path,
                        "internal: the header changed length when checksummed",
                    ));
                }
                write_at(file, &last, offset).map_err(io)?;
            }
            len
        }
        None if options.checksum => {
            let h = header_of(Some((0, ZEROS)))?;
            let last = header_of(Some((0, &encode(add_words(0, &h)))))?;
            write_at(file, &last, offset).map_err(io)?;
            0
        }
        None => 0,
    };
    Ok(header.len() as u64 + data_len)
}

/// CHECKSUM's value while the sum is computed.
const ZEROS: &str = "0000000000000000";
