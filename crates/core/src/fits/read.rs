//! Reading one image HDU of a FITS file (plain, tile-compressed, or a whole
//! gzip-compressed file) into an [`NdArray`] and its header cards.
//!
//! HDUs are walked header by header; each header's claims are checked
//! against the bytes the file holds before its data is read or skipped.

use std::fs::File;
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::path::Path;

use crate::array::NdArray;
use crate::buffer::AlignedBuf;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::npy::swap::swap_in_place;

use super::card::{Card, Value};
use super::compress::decompress_image;
use super::gz::{gunzip_capped, is_gzip};
use super::hdu::{bitpix_dtype, hdu_info, numpy_shape, HduInfo, HduKind};
use super::header::read_header;
use super::scale::{apply, Scaling};

/// Label used in errors for data read from memory rather than a file.
pub const MEMORY_LABEL: &str = "<memory>";

/// Which HDU to read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum HduSelector {
    /// The first HDU holding an image (astropy's `CCDData.read` default).
    #[default]
    FirstImage,
    /// By number: 0 is the primary HDU.
    Index(usize),
    /// By EXTNAME (case-insensitive; `PRIMARY` names HDU 0).
    Name(String),
}

/// How to read.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Which HDU.
    pub hdu: HduSelector,
    /// Return the stored values (BITPIX's dtype), BSCALE/BZERO/BLANK not applied.
    pub raw: bool,
}

/// An image and the header describing it.
#[derive(Debug, Clone)]
pub struct FitsImage {
    /// The values, shape in numpy's order (NAXISn, ..., NAXIS1).
    pub array: NdArray,
    /// The header cards (for a compressed image: the image's own header,
    /// restored from the Z keywords as astropy presents it).
    pub cards: Vec<Card>,
    /// The HDU's number.
    pub index: usize,
}

/// Reads an image HDU from the file at `path` (`.fits`, `.fits.fz`, or a
/// gzip-compressed file, recognised by its first bytes).
pub fn read_fits(path: &Path, options: &ReadOptions) -> Result<FitsImage> {
    let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(Error::file(path, "is a directory, not a FITS file"));
    }
    let len = meta.len();
    let mut magic = [0u8; 2];
    let n = file.read(&mut magic).map_err(|e| Error::io(path, e))?;
    if is_gzip(&magic[..n]) {
        file.seek(SeekFrom::Start(0))
            .map_err(|e| Error::io(path, e))?;
        let bytes = gunzip_capped(file, len, path)?;
        let n = bytes.len() as u64;
        return read_from(&mut Cursor::new(bytes), n, path, options);
    }
    read_from(&mut file, len, path, options)
}

/// Reads an image HDU from a whole file held in memory (for tests and
/// fuzzing); errors name `<memory>`.
pub fn read_fits_bytes(bytes: &[u8], options: &ReadOptions) -> Result<FitsImage> {
    let path = Path::new(MEMORY_LABEL);
    if is_gzip(bytes) {
        let inflated = gunzip_capped(bytes, bytes.len() as u64, path)?;
        let n = inflated.len() as u64;
        return read_from(&mut Cursor::new(inflated), n, path, options);
    }
    read_from(&mut Cursor::new(bytes), bytes.len() as u64, path, options)
}

/// The HDU walk over `len` bytes of `reader`.
fn read_from<R: Read + Seek>(
    reader: &mut R,
    len: u64,
    path: &Path,
    options: &ReadOptions,
) -> Result<FitsImage> {
    if len == 0 {
        return Err(Error::file(
            path,
            "the file is empty (0 bytes), so it is not a FITS file; it may have been truncated \
             or not yet written",
        ));
    }
    let mut pos = 0u64;
    let mut names = Vec::new();
    let mut index = 0usize;
    while pos < len {
        reader
            .seek(SeekFrom::Start(pos))
            .map_err(|e| Error::io(path, e))?;
        let header = read_header(reader, len - pos, index, path)?;
        let avail = len - pos - header.len;
        let info = hdu_info(&header.cards, index, avail, path)?;
        if selected(&options.hdu, index, &info) {
            return load(reader, header.cards, &info, index, path, options.raw);
        }
        names.push(info.extname.clone().unwrap_or_default());
        pos += header.len + info.padded_len;
        index += 1;
    }
    Err(not_found(&options.hdu, &names, path))
}

/// True when HDU `index` is the one asked for.
fn selected(sel: &HduSelector, index: usize, info: &HduInfo) -> bool {
    match sel {
        HduSelector::Index(i) => *i == index,
        HduSelector::Name(name) => {
            info.extname
                .as_deref()
                .is_some_and(|e| e.trim().eq_ignore_ascii_case(name.trim()))
                || (index == 0 && name.eq_ignore_ascii_case("PRIMARY"))
        }
        HduSelector::FirstImage => match info.kind {
            HduKind::Primary | HduKind::Image => !info.axes.is_empty() && info.data_len > 0,
            HduKind::CompressedImage => true,
            HduKind::Other(_) => false,
        },
    }
}

fn not_found(sel: &HduSelector, names: &[String], path: &Path) -> Error {
    let n = names.len();
    let message = match sel {
        HduSelector::Index(i) => format!(
            "there is no HDU {i}: the file holds {n} HDU(s), numbered 0 to {}",
            n.saturating_sub(1)
        ),
        HduSelector::Name(name) => {
            let known: Vec<&str> = names
                .iter()
                .filter(|s| !s.is_empty())
                .map(String::as_str)
                .collect();
            format!(
                "no HDU has EXTNAME {name:?}; the file's extension names are {known:?} (or give \
                 the HDU's number)"
            )
        }
        HduSelector::FirstImage => format!(
            "none of the file's {n} HDU(s) holds an image (all have NAXIS = 0 or are tables)"
        ),
    };
    Error::file(path, message)
}

/// Reads the selected HDU's data.
fn load<R: Read + Seek>(
    reader: &mut R,
    cards: Vec<Card>,
    info: &HduInfo,
    index: usize,
    path: &Path,
    raw: bool,
) -> Result<FitsImage> {
    let fail = |m: String| Error::file(path, format!("HDU {index}: {m}"));
    let len = usize::try_from(info.data_len)
        .map_err(|_| fail("the data is larger than this machine can address".into()))?;
    let (stored, cards) = match &info.kind {
        HduKind::Primary | HduKind::Image => {
            if info.axes.is_empty() {
                return Err(fail(
                    "this HDU holds no data (NAXIS = 0); choose an HDU holding an image".into(),
                ));
            }
            let dtype = bitpix_dtype(info.bitpix).ok_or_else(|| fail("invalid BITPIX".into()))?;
            // Safe to allocate: hdu_info checked data_len against the file.
            let mut buf = AlignedBuf::for_overwrite(len);
            reader
                .read_exact(buf.as_bytes_mut())
                .map_err(|e| Error::io(path, e))?;
            swap_in_place(buf.as_bytes_mut(), dtype.itemsize());
            let shape = numpy_shape(&info.axes, path)?;
            let array =
                NdArray::from_buffer(dtype, &shape, false, buf).map_err(|e| fail(e.to_string()))?;
            (array, cards)
        }
        HduKind::CompressedImage => {
            let mut bytes = vec![0u8; len];
            reader
                .read_exact(&mut bytes)
                .map_err(|e| Error::io(path, e))?;
            decompress_image(&cards, &bytes, index, path)?
        }
        HduKind::Other(kind) => {
            return Err(fail(format!(
                "this HDU is a {kind}, not an image; choose an image HDU (hdu option)"
            )))
        }
    };
    let (array, cards) = if raw {
        (stored, cards)
    } else {
        let bitpix = super::hdu::find(&cards, "BITPIX")
            .and_then(Card::int)
            .unwrap_or(0);
        let scaling = Scaling::from_cards(&cards, bitpix as i64);
        let array = apply(stored, &scaling)?;
        // A compressed image's header keeps them, as astropy shows it.
        let cards = if info.kind == HduKind::CompressedImage {
            cards
        } else {
            astropy_scaled_cards(cards, &scaling, array.dtype())
        };
        (array, cards)
    };
    Ok(FitsImage {
        array,
        cards,
        index,
    })
}

/// The header as astropy shows it once it has scaled the data: BSCALE and
/// BZERO deleted (a blank card appended for each, so the header keeps its
/// size) unless the unsigned convention applies, and then BLANK deleted too.
fn astropy_scaled_cards(cards: Vec<Card>, scaling: &Scaling, out: DType) -> Vec<Card> {
    if scaling.is_identity() || matches!(out, DType::UInt16 | DType::UInt32 | DType::UInt64) {
        return cards;
    }
    let scaled = !(scaling.bscale == 1.0 && scaling.bzero == 0.0);
    let mut blanks = 0;
    let mut kept: Vec<Card> = Vec::with_capacity(cards.len());
    for card in cards {
        if scaled && card.is("BLANK") {
            continue;
        }
        if scaled && (card.is("BSCALE") || card.is("BZERO")) {
            blanks += 1;
            continue;
        }
        kept.push(card);
    }
    kept.extend((0..blanks).map(|_| Card::new("", Value::Text(String::new()), "")));
    kept
}
