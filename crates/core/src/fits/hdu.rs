//! What a header says about its HDU: kind, BITPIX, axes and the size of the
//! data unit, every number checked (and every size computed with overflow
//! checks) before anything is read or allocated.

use std::path::Path;

use crate::dtype::DType;
use crate::error::{Error, Result};

use super::card::{Card, Value};
use super::header::BLOCK;

/// Largest NAXIS the standard allows.
pub const MAX_NAXIS: i128 = 999;

/// The kinds of HDU this reader tells apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HduKind {
    /// The primary HDU (`SIMPLE = T`).
    Primary,
    /// An `IMAGE` extension.
    Image,
    /// A `BINTABLE` extension holding a tile-compressed image (`ZIMAGE = T`).
    CompressedImage,
    /// Any other extension (its XTENSION value), or random groups.
    Other(String),
}

/// The structure of one HDU.
#[derive(Debug, Clone)]
pub struct HduInfo {
    /// What it is.
    pub kind: HduKind,
    /// BITPIX.
    pub bitpix: i64,
    /// NAXIS1, NAXIS2, ... (FITS order: fastest axis first).
    pub axes: Vec<u64>,
    /// Bytes of data (without padding), PCOUNT and GCOUNT included.
    pub data_len: u64,
    /// Bytes of data with padding to a whole block.
    pub padded_len: u64,
    /// EXTNAME, when given.
    pub extname: Option<String>,
}

/// Finds a card by keyword (case-insensitive).
pub fn find<'a>(cards: &'a [Card], keyword: &str) -> Option<&'a Card> {
    cards.iter().find(|c| c.is(keyword))
}

/// A required integer keyword.
pub fn required_int(cards: &[Card], keyword: &str, fail: &dyn Fn(String) -> Error) -> Result<i128> {
    match find(cards, keyword) {
        Some(c) => c.int().ok_or_else(|| {
            fail(format!(
                "{keyword} must be an integer, but the header gives {}",
                shown(&c.value)
            ))
        }),
        None => Err(fail(format!("the mandatory keyword {keyword} is missing"))),
    }
}

/// A value for messages, cut to a bounded length.
pub fn shown(value: &Value) -> String {
    let s = format!("{value:?}");
    if s.len() > 60 {
        format!(
            "{}...",
            &s[..s.char_indices().nth(57).map_or(s.len(), |(i, _)| i)]
        )
    } else {
        s
    }
}

/// The dtype of stored values of a BITPIX.
pub fn bitpix_dtype(bitpix: i64) -> Option<DType> {
    Some(match bitpix {
        8 => DType::UInt8,
        16 => DType::Int16,
        32 => DType::Int32,
        64 => DType::Int64,
        -32 => DType::Float32,
        -64 => DType::Float64,
        _ => return None,
    })
}

/// Reads the structure of HDU `index` from its cards. `avail` is the number
/// of file bytes after its header; the data unit must fit in them.
pub fn hdu_info(cards: &[Card], index: usize, avail: u64, path: &Path) -> Result<HduInfo> {
    let fail = |m: String| Error::file(path, format!("HDU {index}: {m}"));
    let kind = if index == 0 {
        HduKind::Primary
    } else {
        match find(cards, "XTENSION").map(|c| &c.value) {
            Some(Value::Str(s)) if s.trim() == "IMAGE" => HduKind::Image,
            Some(Value::Str(s)) if s.trim() == "BINTABLE" => {
                if matches!(
                    find(cards, "ZIMAGE").map(|c| &c.value),
                    Some(Value::Logical(true))
                ) {
                    HduKind::CompressedImage
                } else {
                    HduKind::Other("BINTABLE".into())
                }
            }
            Some(Value::Str(s)) => HduKind::Other(s.trim().to_string()),
            _ => return Err(fail("XTENSION must be a string such as 'IMAGE'".into())),
        }
    };
    let raw_bitpix = required_int(cards, "BITPIX", &fail)?;
    let bitpix = i64::try_from(raw_bitpix).unwrap_or(0);
    if bitpix_dtype(bitpix).is_none() {
        return Err(fail(format!(
            "invalid BITPIX {raw_bitpix}: FITS allows only 8, 16, 32, 64, -32 and -64"
        )));
    }
    let naxis = required_int(cards, "NAXIS", &fail)?;
    if !(0..=MAX_NAXIS).contains(&naxis) {
        return Err(fail(format!(
            "invalid NAXIS {naxis}: it must be between 0 and 999"
        )));
    }
    let mut axes = Vec::new();
    for n in 1..=naxis {
        let key = format!("NAXIS{n}");
        let v = required_int(cards, &key, &fail)?;
        let v = u64::try_from(v).map_err(|_| {
            fail(format!(
                "invalid {key} {v}: an axis length cannot be negative"
            ))
        })?;
        axes.push(v);
    }
    let (pcount, gcount) = if index == 0 {
        (0, 1)
    } else {
        let p = find(cards, "PCOUNT").and_then(Card::int).unwrap_or(0);
        let g = find(cards, "GCOUNT").and_then(Card::int).unwrap_or(1);
        let p = u64::try_from(p).map_err(|_| fail(format!("invalid PCOUNT {p}")))?;
        let g = u64::try_from(g).map_err(|_| fail(format!("invalid GCOUNT {g}")))?;
        (p, g)
    };
    let random_groups = index == 0 && axes.first() == Some(&0) && axes.len() > 1;
    let kind = if random_groups {
        HduKind::Other("random groups".into())
    } else {
        kind
    };
    let data_len = data_len(bitpix, &axes, pcount, gcount, random_groups).ok_or_else(|| {
        fail(format!(
            "the axes {} claim more data than any file can hold (the size overflows 64 bits)",
            axes_text(&axes)
        ))
    })?;
    if data_len > avail {
        return Err(fail(format!(
            "the header claims {data_len} bytes of data (BITPIX {bitpix}, axes {}) but only \
             {avail} bytes follow it; the data is truncated or the header is corrupt",
            axes_text(&axes)
        )));
    }
    let padded_len = data_len.div_ceil(BLOCK) * BLOCK;
    let extname = match find(cards, "EXTNAME").map(|c| &c.value) {
        Some(Value::Str(s)) => Some(s.clone()),
        _ => None,
    };
    Ok(HduInfo {
        kind,
        bitpix,
        axes,
        data_len,
        padded_len: padded_len.min(avail),
        extname,
    })
}

/// |BITPIX|/8 × GCOUNT × (PCOUNT + NAXIS1 × ... × NAXISn), checked.
fn data_len(bitpix: i64, axes: &[u64], pcount: u64, gcount: u64, groups: bool) -> Option<u64> {
    if axes.is_empty() {
        return Some(0);
    }
    let counted = if groups { &axes[1..] } else { axes };
    let product = counted
        .iter()
        .try_fold(1u64, |acc, &a| acc.checked_mul(a))?;
    (bitpix.unsigned_abs() / 8)
        .checked_mul(gcount)?
        .checked_mul(pcount.checked_add(product)?)
}

/// `(NAXIS1, NAXIS2, ...)` for messages, cut when there are many.
pub fn axes_text(axes: &[u64]) -> String {
    let shown: Vec<String> = axes.iter().take(8).map(u64::to_string).collect();
    let more = if axes.len() > 8 { ", ..." } else { "" };
    format!("({}{more})", shown.join(", "))
}

/// The numpy shape of FITS axes: the reverse order (slowest axis first).
pub fn numpy_shape(axes: &[u64], path: &Path) -> Result<Vec<usize>> {
    axes.iter()
        .rev()
        .map(|&a| {
            usize::try_from(a)
                .map_err(|_| Error::file(path, format!("axis length {a} does not fit in memory")))
        })
        .collect()
}
