//! BSCALE/BZERO/BLANK applied to stored values exactly as astropy applies
//! them (`_ImageBaseHDU._get_scaled_image_data`): the unsigned conventions
//! (BZERO = 2^(bits-1), BSCALE = 1) give uint16/32/64 and BZERO = -128 gives
//! int8; any other scaling gives float32 for BITPIX 8/16, float64 for 32/64,
//! and keeps the dtype of float data; arithmetic is in that dtype, multiply
//! then add, each only when not the identity; BLANK becomes NaN.

use crate::array::NdArray;
use crate::dtype::DType;
use crate::error::Result;
use crate::kernels::num::Num;
use crate::kernels::par::for_each_chunk;

use super::card::{Card, Value};
use super::hdu::find;

/// The scaling keywords of an image header.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scaling {
    /// BSCALE (default 1).
    pub bscale: f64,
    /// BZERO (default 0).
    pub bzero: f64,
    /// BLANK, for integer data only.
    pub blank: Option<i128>,
}

impl Scaling {
    /// No scaling.
    pub const IDENTITY: Scaling = Scaling {
        bscale: 1.0,
        bzero: 0.0,
        blank: None,
    };

    /// Reads BSCALE, BZERO and (for integer BITPIX) BLANK from `cards`.
    pub fn from_cards(cards: &[Card], bitpix: i64) -> Scaling {
        let number =
            |k: &str, default: f64| find(cards, k).and_then(Card::number).unwrap_or(default);
        let blank = match find(cards, "BLANK").map(|c| &c.value) {
            Some(Value::Int(b)) if bitpix > 0 => Some(*b),
            _ => None,
        };
        Scaling {
            bscale: number("BSCALE", 1.0),
            bzero: number("BZERO", 0.0),
            blank,
        }
    }

    /// True when the stored values are the values.
    pub fn is_identity(&self) -> bool {
        self.bscale == 1.0 && self.bzero == 0.0 && self.blank.is_none()
    }

    /// The dtype astropy gives data of this BITPIX with this scaling.
    pub fn output_dtype(&self, stored: DType) -> DType {
        if self.is_identity() {
            return stored;
        }
        if let Some(d) = self.pseudo_integer(stored) {
            return d;
        }
        match stored {
            DType::UInt8 | DType::Int16 => DType::Float32,
            DType::Int32 | DType::Int64 => DType::Float64,
            other => other,
        }
    }

    /// The dtype of the unsigned (or int8) convention, when it applies.
    fn pseudo_integer(&self, stored: DType) -> Option<DType> {
        if self.bscale != 1.0 {
            return None;
        }
        let z = self.bzero;
        match stored {
            DType::UInt8 if z == -128.0 => Some(DType::Int8),
            DType::Int16 if z == 32768.0 => Some(DType::UInt16),
            DType::Int32 if z == 2_147_483_648.0 => Some(DType::UInt32),
            DType::Int64 if z == 9_223_372_036_854_775_808.0 => Some(DType::UInt64),
            _ => None,
        }
    }
}

/// The physical values of `raw` (stored values of dtype `raw.dtype()`).
pub fn apply(raw: NdArray, s: &Scaling) -> Result<NdArray> {
    let out_dtype = s.output_dtype(raw.dtype());
    if s.is_identity() {
        return Ok(raw);
    }
    let mut out = raw.for_overwrite_like(out_dtype);
    match (raw.dtype(), out_dtype) {
        // The sign-bit flips of the unsigned conventions: exact, no arithmetic.
        (DType::UInt8, DType::Int8) => map(&raw, &mut out, |x: u8| (x ^ 0x80) as i8)?,
        (DType::Int16, DType::UInt16) => map(&raw, &mut out, |x: i16| (x as u16) ^ 0x8000)?,
        (DType::Int32, DType::UInt32) => map(&raw, &mut out, |x: i32| (x as u32) ^ (1 << 31))?,
        (DType::Int64, DType::UInt64) => map(&raw, &mut out, |x: i64| (x as u64) ^ (1 << 63))?,
        (DType::UInt8, DType::Float32) => linear::<u8, f32>(&raw, &mut out, s)?,
        (DType::Int16, DType::Float32) => linear::<i16, f32>(&raw, &mut out, s)?,
        (DType::Int32, DType::Float64) => linear::<i32, f64>(&raw, &mut out, s)?,
        (DType::Int64, DType::Float64) => linear::<i64, f64>(&raw, &mut out, s)?,
        (DType::Float32, DType::Float32) => linear::<f32, f32>(&raw, &mut out, s)?,
        (DType::Float64, DType::Float64) => linear::<f64, f64>(&raw, &mut out, s)?,
        (from, to) => {
            return Err(crate::error::Error::invalid(format!(
                "internal: no scaling from {from} to {to}"
            )))
        }
    }
    Ok(out)
}

/// `out[i] = f(raw[i])`, in parallel chunks.
fn map<S: Num, D: Num>(raw: &NdArray, out: &mut NdArray, f: impl Fn(S) -> D + Sync) -> Result<()> {
    let src = raw.typed::<S>()?;
    let dst = out.typed_mut::<D>()?;
    for_each_chunk(dst, |start, chunk| {
        for (d, &x) in chunk.iter_mut().zip(&src[start..]) {
            *d = f(x);
        }
    });
    Ok(())
}

/// `x * BSCALE + BZERO` in the output dtype (each step only when it is not
/// the identity, as astropy), BLANK values to NaN. Scale and zero are cast
/// to the output dtype first, as numpy does with Python-float operands.
fn linear<S: Num, D: Num>(raw: &NdArray, out: &mut NdArray, s: &Scaling) -> Result<()> {
    let scale = D::from_f64(s.bscale);
    let zero = D::from_f64(s.bzero);
    let (mul, add) = (s.bscale != 1.0, s.bzero != 0.0);
    // astropy tests `if self._blank:`, so BLANK = 0 marks nothing.
    let blank = s.blank.filter(|&b| b != 0);
    let nan = D::from_f64(f64::NAN);
    map(raw, out, |x: S| {
        if blank.is_some_and(|b| x.to_i128() == b) {
            return nan;
        }
        let mut v = D::from_f64(x.to_f64());
        if mul {
            v = v.mul(scale);
        }
        if add {
            v = v.add(zero);
        }
        v
    })
}
