//! One HDU as written: the stored form of its data ([`Plan`]: BITPIX,
//! scaling cards, int16 quantization) and its header images (mandatory
//! keywords in the standard's order for a primary HDU or an IMAGE
//! extension, the caller's cards, CHECKSUM/DATASUM, END, padding).

use std::path::Path;

use rayon::prelude::*;

use crate::array::NdArray;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::kernels::num::Num;

use super::card::{Card, Value};
use super::format::format_card;
use super::header::BLOCK;
use super::write::is_structural;

/// The stored form of the data: BITPIX, the value each stored element is
/// computed from, and the scaling cards.
pub(crate) struct Plan {
    pub bitpix: i64,
    pub scaling: Vec<Card>,
    /// For as_scaled_int: (zero, scale).
    pub quantize: Option<(f64, f64)>,
}

impl Plan {
    /// An HDU with no data.
    pub(crate) fn empty() -> Plan {
        Plan {
            bitpix: 8,
            scaling: Vec::new(),
            quantize: None,
        }
    }
}

/// How `array` is stored; `scale` asks for int16 scaled from min/max
/// (float data only: an error names any other dtype).
pub(crate) fn plan(array: &NdArray, scale: bool, path: &Path) -> Result<Plan> {
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
    if scale {
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

/// Where an HDU sits in its file: first (the primary HDU) or an extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Primary,
    Extension,
}

/// The header images (cards and END, padded to whole blocks) of an HDU
/// holding `array` (none: no data, NAXIS = 0) stored as `plan` says.
pub(crate) fn header_bytes(
    place: Place,
    array: Option<&NdArray>,
    plan: &Plan,
    cards: &[Card],
    sums: Option<(u32, &str)>,
    path: &Path,
) -> Result<Vec<u8>> {
    let shape = array.map_or(&[][..], |a| a.shape());
    let mut all = vec![match place {
        Place::Primary => Card::new("SIMPLE", Value::Logical(true), "conforms to FITS standard"),
        Place::Extension => Card::new("XTENSION", Value::Str("IMAGE".into()), "Image extension"),
    }];
    all.push(Card::new(
        "BITPIX",
        Value::Int(plan.bitpix.into()),
        "array data type",
    ));
    all.push(Card::new(
        "NAXIS",
        Value::Int(shape.len() as i128),
        "number of array dimensions",
    ));
    for (i, &n) in shape.iter().rev().enumerate() {
        all.push(Card::new(
            &format!("NAXIS{}", i + 1),
            Value::Int(n as i128),
            "",
        ));
    }
    match place {
        Place::Primary => all.push(Card::new("EXTEND", Value::Logical(true), "")),
        Place::Extension => {
            all.push(Card::new("PCOUNT", Value::Int(0), "number of parameters"));
            all.push(Card::new("GCOUNT", Value::Int(1), "number of groups"));
        }
    }
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
