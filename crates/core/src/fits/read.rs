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
use crate::kernels::astype;
use crate::npy::swap::swap_in_place;

use super::card::{Card, Value};
use super::compress::decompress_image;
use super::decode::{Decoder, DECODE_CHUNK_BYTES};
use super::gz::{gunzip_capped, is_gzip};
use super::hdu::{bitpix_dtype, hdu_info, numpy_shape, HduInfo, HduKind};
use super::header::read_header;
use super::scale::{apply, Scaling};

/// Bytes per parallel read of a file's data (a multiple of every item size).
const READ_CHUNK: usize = 1 << 20;

/// Where a FITS file's bytes come from. Image data is read from the current
/// position and swapped to native order; a file does it in parallel chunks
/// (positional reads), each swapped while it is still in cache.
pub trait Source: Read + Seek {
    /// Fills `buf` from the current position, then swaps `itemsize`-byte items.
    fn read_swapped(&mut self, buf: &mut [u8], itemsize: usize) -> std::io::Result<()> {
        self.read_exact(buf)?;
        swap_in_place(buf, itemsize);
        Ok(())
    }

    /// Fills `out` (items of `decoder.out()`, aligned) by decoding as many
    /// stored items read from the current position.
    fn read_decoded(&mut self, out: &mut [u8], decoder: &Decoder) -> std::io::Result<()> {
        let n = out.len() / decoder.out().itemsize();
        let mut bytes = vec![0u8; n * decoder.stored().itemsize()];
        self.read_exact(&mut bytes)?;
        decoder.decode_par(&bytes, out);
        Ok(())
    }
}

impl<T: AsRef<[u8]>> Source for Cursor<T> {
    /// Decodes straight from the bytes in memory.
    fn read_decoded(&mut self, out: &mut [u8], decoder: &Decoder) -> std::io::Result<()> {
        let need = (out.len() / decoder.out().itemsize() * decoder.stored().itemsize()) as u64;
        let start = self.position();
        let all = self.get_ref().as_ref();
        let src = usize::try_from(start)
            .ok()
            .zip(usize::try_from(start + need).ok())
            .and_then(|(a, b)| all.get(a..b))
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::UnexpectedEof))?;
        decoder.decode_par(src, out);
        self.set_position(start + need);
        Ok(())
    }
}

impl Source for File {
    #[cfg(unix)]
    fn read_swapped(&mut self, buf: &mut [u8], itemsize: usize) -> std::io::Result<()> {
        use rayon::prelude::*;
        use std::os::unix::fs::FileExt;
        let start = self.stream_position()?;
        let file = &*self;
        buf.par_chunks_mut(READ_CHUNK)
            .enumerate()
            .try_for_each(|(i, chunk)| {
                file.read_exact_at(chunk, start + (i * READ_CHUNK) as u64)?;
                swap_in_place(chunk, itemsize);
                Ok::<(), std::io::Error>(())
            })?;
        self.seek(SeekFrom::Start(start + buf.len() as u64))?;
        Ok(())
    }

    /// Parallel positional reads of a quarter MiB each into a per-task
    /// scratch buffer, each decoded while it is still in cache: no array of
    /// stored values is made.
    #[cfg(unix)]
    fn read_decoded(&mut self, out: &mut [u8], decoder: &Decoder) -> std::io::Result<()> {
        use rayon::prelude::*;
        use std::os::unix::fs::FileExt;
        let (in_size, out_size) = (decoder.stored().itemsize(), decoder.out().itemsize());
        let items = DECODE_CHUNK_BYTES / in_size;
        let start = self.stream_position()?;
        let file = &*self;
        out.par_chunks_mut(items * out_size)
            .enumerate()
            .try_for_each_init(Vec::new, |scratch: &mut Vec<u8>, (i, chunk)| {
                scratch.resize(chunk.len() / out_size * in_size, 0);
                file.read_exact_at(scratch, start + (i * items * in_size) as u64)?;
                decoder.decode(scratch, chunk);
                Ok::<(), std::io::Error>(())
            })?;
        let n = (out.len() / out_size * in_size) as u64;
        self.seek(SeekFrom::Start(start + n))?;
        Ok(())
    }
}

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
    read_fits_as(path, options, None)
}

/// [`read_fits`], the values then cast to `dtype` as numpy's `astype` casts
/// them (astropy's values first, so `astype` of what astropy reads). To a
/// float dtype, or to the dtype astropy gives, this is one pass from the
/// file's bytes, with no intermediate array.
pub fn read_fits_as(path: &Path, options: &ReadOptions, dtype: Option<DType>) -> Result<FitsImage> {
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
        return read_from(&mut Cursor::new(bytes), n, path, options, dtype);
    }
    read_from(&mut file, len, path, options, dtype)
}

/// Reads an image HDU from a whole file held in memory (for tests and
/// fuzzing); errors name `<memory>`.
pub fn read_fits_bytes(bytes: &[u8], options: &ReadOptions) -> Result<FitsImage> {
    read_fits_bytes_as(bytes, options, None)
}

/// [`read_fits_bytes`] with [`read_fits_as`]'s `dtype`.
pub fn read_fits_bytes_as(
    bytes: &[u8],
    options: &ReadOptions,
    dtype: Option<DType>,
) -> Result<FitsImage> {
    let path = Path::new(MEMORY_LABEL);
    if is_gzip(bytes) {
        let inflated = gunzip_capped(bytes, bytes.len() as u64, path)?;
        let n = inflated.len() as u64;
        return read_from(&mut Cursor::new(inflated), n, path, options, dtype);
    }
    read_from(
        &mut Cursor::new(bytes),
        bytes.len() as u64,
        path,
        options,
        dtype,
    )
}

/// The HDU walk over `len` bytes of `reader`.
fn read_from<R: Source>(
    reader: &mut R,
    len: u64,
    path: &Path,
    options: &ReadOptions,
    dtype: Option<DType>,
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
            let image = load(reader, header.cards, &info, index, path, options.raw, dtype)?;
            return Ok(image);
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

/// Reads the selected HDU's data: BSCALE/BZERO/BLANK applied unless `raw`,
/// then cast to `want`.
fn load<R: Source>(
    reader: &mut R,
    cards: Vec<Card>,
    info: &HduInfo,
    index: usize,
    path: &Path,
    raw: bool,
    want: Option<DType>,
) -> Result<FitsImage> {
    let fail = |m: String| Error::file(path, format!("HDU {index}: {m}"));
    let len = usize::try_from(info.data_len)
        .map_err(|_| fail("the data is larger than this machine can address".into()))?;
    let scaling_of = |cards: &[Card]| {
        let bitpix = super::hdu::find(cards, "BITPIX")
            .and_then(Card::int)
            .unwrap_or(0);
        if raw {
            Scaling::IDENTITY
        } else {
            Scaling::from_cards(cards, bitpix as i64)
        }
    };
    let (array, cards) = match &info.kind {
        HduKind::Primary | HduKind::Image => {
            if info.axes.is_empty() {
                return Err(fail(
                    "this HDU holds no data (NAXIS = 0); choose an HDU holding an image".into(),
                ));
            }
            let stored = bitpix_dtype(info.bitpix).ok_or_else(|| fail("invalid BITPIX".into()))?;
            let scaling = scaling_of(&cards);
            let decoder = Decoder::new(stored, scaling, want);
            // Safe to allocate: hdu_info checked data_len against the file,
            // and the output holds as many items as it does.
            let items = len / stored.itemsize();
            let mut buf = AlignedBuf::for_overwrite(items * decoder.out().itemsize());
            let bytes = buf.as_bytes_mut();
            if decoder.in_place() {
                reader.read_swapped(bytes, stored.itemsize())
            } else {
                reader.read_decoded(bytes, &decoder)
            }
            .map_err(|e| Error::io(path, e))?;
            let shape = numpy_shape(&info.axes, path)?;
            let array = NdArray::from_buffer(decoder.out(), &shape, false, buf)
                .map_err(|e| fail(e.to_string()))?;
            (array, astropy_scaled_cards(cards, &scaling, decoder.mid()))
        }
        HduKind::CompressedImage => {
            let mut bytes = vec![0u8; len];
            reader
                .read_exact(&mut bytes)
                .map_err(|e| Error::io(path, e))?;
            let (stored, cards) = decompress_image(&cards, &bytes, index, path)?;
            let scaling = scaling_of(&cards);
            let array = apply(stored, &scaling)?;
            let dtype = array.dtype();
            (array, astropy_scaled_cards(cards, &scaling, dtype))
        }
        HduKind::Other(kind) => {
            return Err(fail(format!(
                "this HDU is a {kind}, not an image; choose an image HDU (hdu option)"
            )))
        }
    };
    let array = match want {
        Some(d) if d != array.dtype() => astype(&array, d)?,
        _ => array,
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
