//! Writing an [`NdArray`] as a single-HDU FITS file: mandatory keywords in
//! the standard's order, the caller's cards after them, 2880-byte blocks,
//! big-endian data; optionally as int16 scaled from min/max (ccdmultipipe's
//! `BSCALE`/`BZERO` output) and with CHECKSUM/DATASUM. Written to a
//! temporary name and renamed, as `write_npy`.

use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::array::NdArray;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::kernels::layout::to_c_order;
use crate::kernels::num::Num;
use crate::npy::temp::TempFile;
use crate::npy::write::output_target;

use super::card::{Card, Value};
use super::checksum::{add_sums, add_words, encode};
use super::format::format_card;
use super::header::BLOCK;

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

/// The stored form of the data: BITPIX, the value each stored element is
/// computed from, and the scaling cards.
struct Plan {
    bitpix: i64,
    scaling: Vec<Card>,
    /// For as_scaled_int: (zero, scale).
    quantize: Option<(f64, f64)>,
}

fn plan(array: &NdArray, options: &WriteOptions, path: &Path) -> Result<Plan> {
    let int =
        |v: i128, c: &str| Card::new(if c == "z" { "BZERO" } else { "BSCALE" }, Value::Int(v), "");
    let offset = |bitpix, zero: i128| Plan {
        bitpix,
        scaling: vec![int(zero, "z"), int(1, "s")],
        quantize: None,
    };
    let plain = |bitpix| Plan {
        bitpix,
        scaling: vec![],
        quantize: None,
    };
    if options.as_scaled_int {
        if !matches!(array.dtype(), DType::Float32 | DType::Float64) {
            return Err(Error::file(path, format!("asScaledInt scales float data to int16, but this array is {}; give float data or drop asScaledInt", array.dtype())));
        }
        let (lo, hi) = min_max(array);
        let zero = (hi + lo) / 2.0;
        let scale = if hi > lo {
            (hi - lo) / (65536.0 - 2.0)
        } else {
            1.0
        };
        let zero = if zero.is_finite() { zero } else { 0.0 };
        let mut scaling = vec![
            Card::new("BSCALE", Value::Float(scale), ""),
            Card::new("BZERO", Value::Float(zero), ""),
        ];
        if has_nan(array) {
            scaling.push(Card::new(
                "BLANK",
                Value::Int(-32768),
                "NaN in the original data",
            ));
        }
        return Ok(Plan {
            bitpix: 16,
            scaling,
            quantize: Some((zero, scale)),
        });
    }
    Ok(match array.dtype() {
        DType::UInt8 => plain(8),
        DType::Int8 => offset(8, -128),
        DType::Int16 => plain(16),
        DType::UInt16 => offset(16, 1 << 15),
        DType::Int32 => plain(32),
        DType::UInt32 => offset(32, 1 << 31),
        DType::Int64 => plain(64),
        DType::UInt64 => offset(64, 1 << 63),
        DType::Float32 => plain(-32),
        DType::Float64 => plain(-64),
        DType::Bool => {
            return Err(Error::file(
                path,
                "FITS has no boolean images; convert the array first (astype('uint8'))",
            ))
        }
    })
}

/// The smallest and largest non-NaN values (NaN, NaN when there are none).
fn min_max(a: &NdArray) -> (f64, f64) {
    fn fold<T: Num>(s: &[T]) -> (f64, f64) {
        s.par_iter()
            .map(|v| v.to_f64())
            .filter(|v| !v.is_nan())
            .fold(
                || (f64::INFINITY, f64::NEG_INFINITY),
                |(lo, hi), v| (lo.min(v), hi.max(v)),
            )
            .reduce(
                || (f64::INFINITY, f64::NEG_INFINITY),
                |a, b| (a.0.min(b.0), a.1.max(b.1)),
            )
    }
    let (lo, hi) = match a.dtype() {
        DType::Float32 => a.typed::<f32>().map(fold).unwrap_or((f64::NAN, f64::NAN)),
        _ => a.typed::<f64>().map(fold).unwrap_or((f64::NAN, f64::NAN)),
    };
    if lo > hi {
        (0.0, 0.0)
    } else {
        (lo, hi)
    }
}

fn has_nan(a: &NdArray) -> bool {
    match a.dtype() {
        DType::Float32 => a
            .typed::<f32>()
            .is_ok_and(|s| s.par_iter().any(|v| v.is_nan())),
        DType::Float64 => a
            .typed::<f64>()
            .is_ok_and(|s| s.par_iter().any(|v| v.is_nan())),
        _ => false,
    }
}

/// The header images (cards and END, padded to whole blocks).
fn header_bytes(
    array: &NdArray,
    plan: &Plan,
    cards: &[Card],
    sums: Option<(u32, &str)>,
    path: &Path,
) -> Result<Vec<u8>> {
    let mut all = vec![
        Card::new("SIMPLE", Value::Logical(true), "conforms to FITS standard"),
        Card::new("BITPIX", Value::Int(plan.bitpix.into()), "array data type"),
        Card::new(
            "NAXIS",
            Value::Int(array.shape().len() as i128),
            "number of array dimensions",
        ),
    ];
    for (i, &n) in array.shape().iter().rev().enumerate() {
        all.push(Card::new(
            &format!("NAXIS{}", i + 1),
            Value::Int(n as i128),
            "",
        ));
    }
    all.push(Card::new("EXTEND", Value::Logical(true), ""));
    all.extend(plan.scaling.iter().cloned());
    all.extend(cards.iter().filter(|c| !is_structural(&c.keyword)).cloned());
    if let Some((datasum, checksum)) = sums {
        all.push(Card::new(
            "CHECKSUM",
            Value::Str(checksum.into()),
            "HDU checksum",
        ));
        all.push(Card::new(
            "DATASUM",
            Value::Str(datasum.to_string()),
            "data unit checksum",
        ));
    }
    let mut text = String::new();
    let mut longstrn = !all.iter().any(|c| c.is("LONGSTRN"));
    for card in &all {
        let images = format_card(card)
            .map_err(|m| Error::file(path, format!("header card {}: {m}", card.keyword)))?;
        if !images.len().is_multiple_of(80) || images.bytes().any(|b| !(0x20..=0x7e).contains(&b)) {
            return Err(Error::file(
                path,
                format!(
                    "header card {}: its original image is not 80-character ASCII",
                    card.keyword
                ),
            ));
        }
        if longstrn && images.len() > 80 && matches!(card.value, Value::Str(_)) {
            // The HEASARC convention: announce CONTINUE long strings.
            let note = Card::new(
                "LONGSTRN",
                Value::Str("OGIP 1.0".into()),
                "The OGIP long string convention may be used.",
            );
            text.push_str(&format_card(&note).map_err(|m| Error::file(path, m))?);
            longstrn = false;
        }
        text.push_str(&images);
    }
    text.push_str(&format!("{:<80}", "END"));
    let mut bytes = text.into_bytes();
    bytes.resize(bytes.len().div_ceil(BLOCK as usize) * BLOCK as usize, b' ');
    Ok(bytes)
}

/// Writes `array` with the header `cards` to `path` (temporary name, then
/// rename). Returns the final path.
pub fn write_fits(
    path: &Path,
    array: &NdArray,
    cards: &[Card],
    options: &WriteOptions,
) -> Result<PathBuf> {
    let c_order;
    let array = match to_c_order(array)? {
        Some(c) => {
            c_order = c;
            &c_order
        }
        None => array,
    };
    let plan = plan(array, options, path)?;
    let placeholder = options.checksum.then_some((0u32, "0000000000000000"));
    let header = header_bytes(array, &plan, cards, placeholder, path)?;
    let (dir, name) = output_target(path)?;
    let io = |e| Error::io(path, e);
    let mut temp = TempFile::create(dir, name).map_err(io)?;
    let file = temp.file().map_err(io)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, &mut *file);
    out.write_all(&header).map_err(io)?;
    let datasum =
        super::encode::write_data(&mut out, array, plan.bitpix, plan.quantize).map_err(io)?;
    out.flush().map_err(io)?;
    drop(out);
    if options.checksum {
        let final_header = {
            let h = header_bytes(
                array,
                &plan,
                cards,
                Some((datasum, "0000000000000000")),
                path,
            )?;
            let sum = add_sums(add_words(0, &h), datasum);
            header_bytes(array, &plan, cards, Some((datasum, &encode(sum))), path)?
        };
        if final_header.len() != header.len() {
            return Err(Error::file(
                path,
                "internal: the header changed length when checksummed",
            ));
        }
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        file.write_all(&final_header).map_err(io)?;
    }
    temp.persist(path).map_err(io)?;
    Ok(path.to_path_buf())
}
