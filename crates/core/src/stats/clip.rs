//! `sigma_clip` (the mask) and `sigma_clipped_stats`, as astropy computes
//! them. Without an axis, astropy iterates in Python on the finite values
//! (numpy medians, means and standard deviations of the kept values, in the
//! input dtype: float32 arithmetic for float32 input); with an axis, its C
//! loop runs per lane (`bounds.rs`), clipped values become NaN (in float32
//! for integer input) and numpy's NaN-ignoring reductions give the stats.

use rayon::prelude::*;

use crate::array::NdArray;
use crate::dtype::DType;
use crate::error::Result;
use crate::kernels::axis::{reduce, Reduction};
use crate::kernels::layout::to_c_order;
use crate::kernels::num::{with_array, Num};
use crate::kernels::par::CHUNK;
use crate::kernels::{mean, median, std};

use super::bounds::clip_lanes;
use super::center::{compact, mad_all, scalar};
use super::clip_fast::clip_fast;
use super::lanes::Lanes;
use super::{Center, ClipOptions, Spread, MAD_TO_STD};

/// What `sigma_clipped_stats` returns: numbers (0-d arrays) without an
/// axis, arrays along axes.
#[derive(Debug)]
pub struct ClippedStats {
    /// Mean of the kept values.
    pub mean: NdArray,
    /// Median of the kept values.
    pub median: NdArray,
    /// Standard deviation of the kept values (with `std_ddof`).
    pub std: NdArray,
}

/// Rounds `v` as numpy holds it: float32 for float32 input.
pub(super) fn round(v: f64, f32: bool) -> f64 {
    if f32 {
        v as f32 as f64
    } else {
        v
    }
}

/// One round's bounds over the kept values `f` (no NaN), astropy's
/// `_compute_bounds`: `cen - std * sigma_lower`, `cen + std * sigma_upper`.
fn bounds_all(f: &NdArray, o: &ClipOptions, f32: bool) -> Result<(f64, f64)> {
    let cen = match o.cenfunc {
        Center::Median => median(f)?,
        Center::Mean => mean(f)?,
    };
    let sd = match o.stdfunc {
        Spread::Std => std(f, 0.0)?,
        Spread::MadStd => round(
            round(mad_all(f, true)?.1, f32) * round(MAD_TO_STD, f32),
            f32,
        ),
    };
    let lo = round(cen - round(sd * round(o.sigma_lower, f32), f32), f32);
    let hi = round(cen + round(sd * round(o.sigma_upper, f32), f32), f32);
    Ok((lo, hi))
}

/// astropy's `_sigmaclip_noaxis`: the kept values (1-D, input dtype) and
/// the last bounds.
fn clip_all(a: &NdArray, o: &ClipOptions) -> Result<(NdArray, f64, f64)> {
    let f32 = a.dtype() == DType::Float32;
    let mut kept = compact(a, f64::is_finite)?;
    let mut iteration = 0u32;
    loop {
        iteration += 1;
        let size = kept.size();
        let (lo, hi) = bounds_all(&kept, o, f32)?;
        kept = compact(&kept, |x| x >= lo && x <= hi)?;
        if kept.size() == size || o.maxiters.is_some_and(|m| iteration >= m) {
            return Ok((kept, lo, hi));
        }
    }
}

/// The mask: non-finite values, and values outside `[lo, hi]`.
fn mask_outside(a: &NdArray, lo: f64, hi: f64) -> Result<NdArray> {
    let mut mask = NdArray::zeros_ordered(a.shape(), DType::Bool, a.is_fortran_order())?;
    let out = mask.typed_mut::<u8>()?;
    with_array!(a, |s| {
        out.par_chunks_mut(CHUNK)
            .zip(s.par_chunks(CHUNK))
            .for_each(|(m, c)| {
                for (m, x) in m.iter_mut().zip(c) {
                    let v = x.to_f64();
                    *m = (!v.is_finite() || v < lo || v > hi) as u8;
                }
            })
    });
    Ok(mask)
}

/// The mask along axes, in the input's axis order (C order).
fn mask_axes(a: &NdArray, axes: &[i64], o: &ClipOptions) -> Result<NdArray> {
    let lanes = Lanes::of(a, axes)?;
    let m = lanes.restore(&clip_lanes(&lanes, o)?)?;
    Ok(to_c_order(&m)?.unwrap_or(m))
}

/// `astropy.stats.sigma_clip(a, ..., axis, masked=True).mask`: true where
/// a value was clipped or is not finite.
pub fn sigma_clip(a: &NdArray, o: &ClipOptions, axes: Option<&[i64]>) -> Result<NdArray> {
    match axes {
        None => {
            let (lo, hi) = match clip_fast(a, o, None) {
                Some(c) => (c.lo, c.hi),
                None => {
                    let (_, lo, hi) = clip_all(a, o)?;
                    (lo, hi)
                }
            };
            mask_outside(a, lo, hi)
        }
        Some(axes) => mask_axes(a, axes, o),
    }
}

/// `a` as floats (float32 for integer input, as astropy's `astype`) with
/// NaN where `mask` is set; both in C order.
fn nan_where(a: &NdArray, mask: &NdArray) -> Result<NdArray> {
    let f64_out = a.dtype() == DType::Float64;
    let dtype = if f64_out {
        DType::Float64
    } else {
        DType::Float32
    };
    let mut out = NdArray::for_overwrite(a.shape(), dtype, false)?;
    let m = mask.typed::<u8>()?;
    with_array!(a, |s| {
        if f64_out {
            fill(s, m, out.typed_mut::<f64>()?);
        } else {
            fill(s, m, out.typed_mut::<f32>()?);
        }
    });
    Ok(out)
}

fn fill<T: Num, F: Num>(s: &[T], m: &[u8], out: &mut [F]) {
    out.par_chunks_mut(CHUNK)
        .zip(s.par_chunks(CHUNK).zip(m.par_chunks(CHUNK)))
        .for_each(|(o, (s, m))| {
            for ((o, &x), &m) in o.iter_mut().zip(s).zip(m) {
                *o = if m != 0 {
                    F::from_f64(f64::NAN)
                } else {
                    F::from_f64(x.to_f64())
                };
            }
        });
}

/// `astropy.stats.sigma_clipped_stats(a, ..., std_ddof, axis)`.
pub fn sigma_clipped_stats(
    a: &NdArray,
    o: &ClipOptions,
    axes: Option<&[i64]>,
    std_ddof: f64,
) -> Result<ClippedStats> {
    match axes {
        None => {
            let f32 = a.dtype() == DType::Float32;
            if let Some((mean, median, std)) = clip_fast(a, o, Some(std_ddof)).and_then(|c| c.stats)
            {
                return Ok(ClippedStats {
                    mean: scalar(mean, f32)?,
                    median: scalar(median, f32)?,
                    std: scalar(std, f32)?,
                });
            }
            let (kept, _, _) = clip_all(a, o)?;
            Ok(ClippedStats {
                mean: scalar(mean(&kept)?, f32)?,
                median: scalar(median(&kept)?, f32)?,
                std: scalar(std(&kept, std_ddof)?, f32)?,
            })
        }
        Some(axes) => {
            let c = to_c_order(a)?;
            let a = c.as_ref().unwrap_or(a);
            let clipped = nan_where(a, &mask_axes(a, axes, o)?)?;
            Ok(ClippedStats {
                mean: reduce(&clipped, Reduction::NanMean, Some(axes), false)?,
                median: reduce(&clipped, Reduction::NanMedian, Some(axes), false)?,
                std: reduce(&clipped, Reduction::NanStd(std_ddof), Some(axes), false)?,
            })
        }
    }
}
