//! Tile-compressed images (the FITS tiled image convention, `.fits.fz`):
//! a BINTABLE with `ZIMAGE = T` whose rows hold compressed tiles. RICE_1,
//! GZIP_1 and GZIP_2 are decoded, with float quantization (NO_DITHER,
//! SUBTRACTIVE_DITHER_1/2) undone as cfitsio does. The image's size is
//! capped by what its compressed bytes could inflate to before anything is
//! allocated, and no tile may inflate past its own size.

mod quant;
mod restore;
mod rice;
mod table;

use std::path::Path;

use crate::array::NdArray;
use crate::error::{Error, Result};
use crate::kernels::num::Num;

use super::card::{Card, Value};
use super::gz::{gunzip_tile, MAX_RATIO};
use super::hdu::{bitpix_dtype, find, numpy_shape, MAX_NAXIS};
use quant::Quantization;
use table::Table;

/// The codecs this reader decodes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Codec {
    Rice { blocksize: usize, bytepix: usize },
    Gzip { shuffle: bool },
}

/// Decodes the compressed image of HDU `index` (its header `cards`, its data
/// unit `data`): the stored values (ZBITPIX's dtype) and the image's header.
pub fn decompress_image(
    cards: &[Card],
    data: &[u8],
    index: usize,
    path: &Path,
) -> Result<(NdArray, Vec<Card>)> {
    let fail = |m: String| Error::file(path, format!("HDU {index} (tile-compressed image): {m}"));
    let table = Table::new(cards, data).map_err(&fail)?;
    let int = |k: &str| find(cards, k).and_then(Card::int);
    let zbitpix =
        int("ZBITPIX").ok_or_else(|| fail("the mandatory keyword ZBITPIX is missing".into()))?;
    let dtype = i64::try_from(zbitpix)
        .ok()
        .and_then(bitpix_dtype)
        .ok_or_else(|| {
            fail(format!(
                "invalid ZBITPIX {zbitpix}: FITS allows only 8, 16, 32, 64, -32 and -64"
            ))
        })?;
    let znaxis =
        int("ZNAXIS").ok_or_else(|| fail("the mandatory keyword ZNAXIS is missing".into()))?;
    if !(1..=MAX_NAXIS).contains(&znaxis) {
        return Err(fail(format!("invalid ZNAXIS {znaxis}")));
    }
    let mut axes = Vec::new();
    let mut tiles = Vec::new();
    for n in 1..=znaxis {
        let a = int(&format!("ZNAXIS{n}")).and_then(|v| u64::try_from(v).ok());
        let a = a.ok_or_else(|| fail(format!("ZNAXIS{n} is missing or negative")))?;
        let default = if n == 1 { a } else { 1 };
        let t = int(&format!("ZTILE{n}")).map_or(Some(default), |v| u64::try_from(v).ok());
        let t = t
            .filter(|&t| t > 0)
            .ok_or_else(|| fail(format!("ZTILE{n} must be a positive integer")))?;
        axes.push(a);
        tiles.push(t.min(a.max(1)));
    }
    let npix = axes.iter().try_fold(1u64, |acc, &a| acc.checked_mul(a));
    let cap = (data.len() as u64)
        .saturating_mul(MAX_RATIO)
        .saturating_add(1 << 20);
    let nbytes = npix.and_then(|n| n.checked_mul(dtype.itemsize() as u64));
    if nbytes.is_none_or(|n| n > cap) {
        return Err(fail(format!(
            "the header declares an image of axes {} ({} bytes once decompressed), more than its \
             {} compressed bytes can hold; the header is corrupt",
            super::hdu::axes_text(&axes),
            nbytes.map_or("more than 2^64".into(), |n| n.to_string()),
            data.len()
        )));
    }
    let counts: Vec<u64> = axes
        .iter()
        .zip(&tiles)
        .map(|(a, t)| a.div_ceil(*t))
        .collect();
    let ntiles = counts.iter().product::<u64>();
    if ntiles != table.rows as u64 {
        return Err(fail(format!(
            "the tiling ({} tiles of {}) does not match the table's {} rows",
            ntiles,
            super::hdu::axes_text(&tiles),
            table.rows
        )));
    }
    let quant = Quantization::from_header(cards, &table, zbitpix < 0).map_err(&fail)?;
    let code_size = if zbitpix < 0 && quant.quantized {
        4
    } else {
        dtype.itemsize()
    };
    let codec = codec(cards, code_size).map_err(&fail)?;
    let shape = numpy_shape(&axes, path)?;
    let mut out = NdArray::zeros(&shape, dtype)?;
    let g = Geometry {
        axes: &axes,
        tiles: &tiles,
        counts: &counts,
    };
    crate::kernels::num::with_dtype!(dtype, |D| {
        let o = out.typed_mut::<D>()?;
        decode_all(o, &table, codec, &quant, code_size, &g).map_err(&fail)?;
    });
    Ok((out, restore::image_cards(cards)))
}

/// Which codec ZCMPTYPE names, with its parameters (ZNAMEi/ZVALi).
fn codec(cards: &[Card], code_size: usize) -> std::result::Result<Codec, String> {
    let name = match find(cards, "ZCMPTYPE").map(|c| &c.value) {
        Some(Value::Str(s)) => s.trim().to_string(),
        _ => return Err("ZCMPTYPE is missing".into()),
    };
    let param = |want: &str| -> Option<usize> {
        let i = cards
            .iter()
            .find_map(|c| match (&c.value, c.keyword.strip_prefix("ZNAME")) {
                (Value::Str(s), Some(i)) if s.trim().eq_ignore_ascii_case(want) => {
                    Some(i.to_string())
                }
                _ => None,
            })?;
        find(cards, &format!("ZVAL{i}"))
            .and_then(Card::int)
            .and_then(|v| usize::try_from(v).ok())
    };
    match name.as_str() {
        "RICE_1" | "RICE_ONE" => Ok(Codec::Rice {
            blocksize: param("BLOCKSIZE").unwrap_or(32),
            bytepix: param("BYTEPIX").unwrap_or(code_size.min(4)),
        }),
        "GZIP_1" => Ok(Codec::Gzip { shuffle: false }),
        "GZIP_2" => Ok(Codec::Gzip { shuffle: true }),
        other => Err(format!(
            "the compression {other:?} is not supported (RICE_1, GZIP_1 and GZIP_2 are); \
             decompress the file with funpack first"
        )),
    }
}

/// Tile layout: image axes, tile size per axis, tiles per axis.
struct Geometry<'a> {
    axes: &'a [u64],
    tiles: &'a [u64],
    counts: &'a [u64],
}

/// Decodes every tile into `out` (the image, FITS order: axis 1 fastest).
fn decode_all<D: Num>(
    out: &mut [D],
    table: &Table<'_>,
    codec: Codec,
    quant: &Quantization,
    code_size: usize,
    g: &Geometry<'_>,
) -> std::result::Result<(), String> {
    let data_col = table
        .column("COMPRESSED_DATA")
        .ok_or("the COMPRESSED_DATA column is missing")?;
    let gzip_col = table.column("GZIP_COMPRESSED_DATA");
    let n = g.axes.len();
    let mut values: Vec<D> = Vec::new();
    let mut bytes: Vec<u8> = Vec::new();
    let mut words: Vec<u32> = Vec::new();
    let mut codes: Vec<i64> = Vec::new();
    for row in 0..table.rows {
        let mut rest = row as u64;
        let mut origin = vec![0u64; n];
        let mut size = vec![0u64; n];
        for k in 0..n {
            let t = rest % g.counts[k];
            rest /= g.counts[k];
            origin[k] = t * g.tiles[k];
            size[k] = g.tiles[k].min(g.axes[k] - origin[k]);
        }
        let npix = size.iter().product::<u64>() as usize;
        let err = |m: String| format!("tile {row}: {m}");
        let tile = table.array(data_col, row)?;
        values.clear();
        if !tile.is_empty() {
            match codec {
                Codec::Rice { blocksize, bytepix } => {
                    words.clear();
                    words.resize(npix, 0);
                    rice::decode(tile, &mut words, bytepix, blocksize).map_err(err)?;
                    codes.clear();
                    codes.extend(words.iter().map(|&w| match bytepix {
                        1 => i64::from(w as u8),
                        2 => i64::from(w as u16 as i16),
                        _ => i64::from(w as i32),
                    }));
                    quant.convert(row, &codes, &mut values);
                }
                Codec::Gzip { shuffle } => {
                    inflate(tile, npix * code_size, shuffle, code_size, &mut bytes).map_err(err)?;
                    if D::IS_FLOAT && !quant.quantized {
                        push_floats(&bytes, code_size, &mut values);
                    } else {
                        be_codes(&bytes, code_size, &mut codes);
                        quant.convert(row, &codes, &mut values);
                    }
                }
            }
        } else if let Some(col) = gzip_col {
            // A float tile that could not be quantized: gzipped raw values.
            let size = std::mem::size_of::<D>();
            inflate(table.array(col, row)?, npix * size, false, size, &mut bytes).map_err(err)?;
            if D::IS_FLOAT {
                push_floats(&bytes, size, &mut values);
            } else {
                be_codes(&bytes, size, &mut codes);
                Quantization::NONE.convert(row, &codes, &mut values);
            }
        } else {
            return Err(err("it holds no data".into()));
        }
        place(out, &values, &origin, &size, g.axes);
    }
    Ok(())
}

/// Inflates one tile of exactly `len` bytes, undoing GZIP_2's byte shuffle.
fn inflate(
    tile: &[u8],
    len: usize,
    shuffle: bool,
    size: usize,
    out: &mut Vec<u8>,
) -> std::result::Result<(), String> {
    out.clear();
    out.resize(len, 0);
    gunzip_tile(tile, out)?;
    if shuffle && size > 1 {
        let n = len / size;
        let shuffled = out.clone();
        for (b, plane) in shuffled.chunks_exact(n.max(1)).enumerate().take(size) {
            for (i, &v) in plane.iter().enumerate() {
                out[i * size + b] = v;
            }
        }
    }
    Ok(())
}

/// Appends the big-endian floats (4 or 8 bytes each) in `bytes`.
fn push_floats<D: Num>(bytes: &[u8], size: usize, out: &mut Vec<D>) {
    if size == 4 {
        out.extend(
            bytes
                .chunks_exact(4)
                .map(|c| D::from_f64(f64::from(f32::from_be_bytes([c[0], c[1], c[2], c[3]])))),
        );
    } else {
        out.extend(bytes.chunks_exact(8).map(|c| {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            D::from_f64(f64::from_be_bytes(w))
        }));
    }
}

/// The big-endian integers (1 byte unsigned; 2, 4, 8 bytes signed) in `bytes`.
fn be_codes(bytes: &[u8], size: usize, out: &mut Vec<i64>) {
    out.clear();
    out.extend(bytes.chunks_exact(size).map(|c| {
        let mut w = [0u8; 8];
        w[8 - size..].copy_from_slice(c);
        let u = u64::from_be_bytes(w);
        match size {
            1 => u as i64,
            2 => i64::from(u as u16 as i16),
            4 => i64::from(u as u32 as i32),
            _ => u as i64,
        }
    }));
}

/// Copies a decoded tile (axis 1 fastest) into its place in the image.
fn place<D: Copy>(out: &mut [D], values: &[D], origin: &[u64], size: &[u64], axes: &[u64]) {
    let n = axes.len();
    let run = size[0] as usize;
    let mut idx = vec![0u64; n];
    for chunk in values.chunks_exact(run.max(1)) {
        let mut offset = 0u64;
        for k in (0..n).rev() {
            offset = offset * axes[k] + origin[k] + idx[k];
        }
        let at = offset as usize;
        out[at..at + chunk.len()].copy_from_slice(chunk);
        for k in 1..n {
            idx[k] += 1;
            if idx[k] < size[k] {
                break;
            }
            idx[k] = 0;
        }
    }
}
