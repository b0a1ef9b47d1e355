//! Medians that may ignore NaNs, the median absolute deviation and
//! astropy's `mad_std`, over the whole array or along axes.
//!
//! Over the whole array the parallel selection of `kernels::median` does the
//! work (after dropping NaNs when they are ignored: `np.nanmedian` is the
//! median of the rest). Along axes, numpy's own sequence is followed with the
//! axis kernels: median with keepdims, broadcast subtraction, `abs`, median.

use rayon::prelude::*;

use crate::array::NdArray;
use crate::dtype::DType;
use crate::error::Result;
use crate::kernels::axis::{reduce, Reduction};
use crate::kernels::elementwise::{binary_op, unary_op, Arg, BinOp, Out, UnOp};
use crate::kernels::layout::to_c_order;
use crate::kernels::num::{with_array, Num};
use crate::kernels::par::PAR_MIN;
use crate::kernels::{median, Scalar};

use super::MAD_TO_STD;

/// Elements per parallel task when compacting.
const COMPACT_CHUNK: usize = 256 * 1024;

/// A 0-d result: float32 when `f32`, else float64.
pub(super) fn scalar(v: f64, f32: bool) -> Result<NdArray> {
    if f32 {
        NdArray::from_slice(&[v as f32], &[])
    } else {
        NdArray::from_slice(&[v], &[])
    }
}

/// A weak (Python float) scalar operand.
pub(super) fn weak(value: f64) -> Arg<'static> {
    Arg::Scalar(Scalar {
        value,
        is_int: false,
    })
}

/// The result of an elementwise kernel that always allocates.
pub(super) fn new_array(r: Result<Option<NdArray>>) -> Result<NdArray> {
    r?.ok_or_else(|| crate::error::Error::invalid("internal: elementwise result missing"))
}

/// The elements of `a` (in C order, as `ravel` gives them) whose value
/// passes `keep`, as a 1-D array of `a`'s dtype.
pub(super) fn compact(a: &NdArray, keep: impl Fn(f64) -> bool + Sync) -> Result<NdArray> {
    let c = to_c_order(a)?;
    let a = c.as_ref().unwrap_or(a);
    with_array!(a, |s| compact_of(s, &keep))
}

fn compact_of<T: Num>(s: &[T], keep: &(impl Fn(f64) -> bool + Sync)) -> Result<NdArray> {
    let pick = |c: &[T]| -> Vec<T> { c.iter().copied().filter(|x| keep(x.to_f64())).collect() };
    let parts: Vec<Vec<T>> = if s.len() < PAR_MIN {
        vec![pick(s)]
    } else {
        s.par_chunks(COMPACT_CHUNK).map(pick).collect()
    };
    let n = parts.iter().map(Vec::len).sum::<usize>();
    let mut out = NdArray::for_overwrite(&[n], T::DTYPE, false)?;
    let dst = out.typed_mut::<T>()?;
    let mut at = 0;
    for p in parts {
        dst[at..at + p.len()].copy_from_slice(&p);
        at += p.len();
    }
    Ok(out)
}

/// `np.median(a)`, or `np.nanmedian(a)` with `ignore_nan` (float input).
pub(super) fn median_all(a: &NdArray, ignore_nan: bool) -> Result<f64> {
    let m = median(a)?;
    // The median is NaN only when a NaN is present (or `a` is empty).
    if m.is_nan() && ignore_nan && a.size() > 0 {
        return median(&compact(a, |x| !x.is_nan())?);
    }
    Ok(m)
}

/// `np.abs(a - m)` as numpy computes it with `m` the median of `a`: in
/// float32 for float32 input, float64 otherwise (one fused pass).
pub(super) fn abs_dev(a: &NdArray, m: f64) -> Result<NdArray> {
    let f32 = a.dtype() == DType::Float32;
    let mut out = a.for_overwrite_like(if f32 { DType::Float32 } else { DType::Float64 });
    with_array!(a, |s| {
        if f32 {
            let m = m as f32;
            map_into(s, out.typed_mut::<f32>()?, |x| {
                (x.to_f64() as f32 - m).abs()
            });
        } else {
            map_into(s, out.typed_mut::<f64>()?, |x| (x.to_f64() - m).abs());
        }
    });
    Ok(out)
}

/// `out[i] = f(s[i])`, in parallel chunks.
pub(super) fn map_into<T: Num, V: Send>(s: &[T], out: &mut [V], f: impl Fn(T) -> V + Sync) {
    out.par_chunks_mut(COMPACT_CHUNK)
        .zip(s.par_chunks(COMPACT_CHUNK))
        .for_each(|(o, c)| o.iter_mut().zip(c).for_each(|(o, &x)| *o = f(x)));
}

/// The median and the median absolute deviation of the whole array.
pub(super) fn mad_all(a: &NdArray, ignore_nan: bool) -> Result<(f64, f64)> {
    let m = median_all(a, ignore_nan)?;
    if m.is_nan() {
        return Ok((m, m));
    }
    Ok((m, median_all(&abs_dev(a, m)?, ignore_nan)?))
}

/// The reduction computing a median, NaN-ignoring or not.
pub(super) fn median_kind(ignore_nan: bool) -> Reduction {
    if ignore_nan {
        Reduction::NanMedian
    } else {
        Reduction::Median
    }
}

/// The median along `axes` (kept as length 1) and the MAD along them
/// (kept as length 1 with `keepdims`).
pub(super) fn mad_axes(
    a: &NdArray,
    axes: &[i64],
    ignore_nan: bool,
    keepdims: bool,
) -> Result<(NdArray, NdArray)> {
    let kind = median_kind(ignore_nan);
    let m = reduce(a, kind, Some(axes), true)?;
    let d = new_array(binary_op(
        Arg::Array(a),
        BinOp::Sub,
        Arg::Array(&m),
        Out::New,
    ))?;
    let d = new_array(unary_op(Arg::Array(&d), UnOp::Abs, Out::New))?;
    let mad = reduce(&d, kind, Some(axes), keepdims)?;
    Ok((m, mad))
}

/// `astropy.stats.mad_std(a, axis, ignore_nan)`: the MAD times 1.4826…,
/// float32 for float32 input, float64 otherwise (0-d without axes).
pub fn mad_std(a: &NdArray, axes: Option<&[i64]>, ignore_nan: bool) -> Result<NdArray> {
    match axes {
        None => {
            let f32 = a.dtype() == DType::Float32;
            let (_, mad) = mad_all(a, ignore_nan)?;
            // numpy multiplies a float32 scalar by a Python float in float32.
            let v = if f32 {
                (mad as f32 * MAD_TO_STD as f32) as f64
            } else {
                mad * MAD_TO_STD
            };
            scalar(v, f32)
        }
        Some(axes) => {
            let (_, mad) = mad_axes(a, axes, ignore_nan, false)?;
            new_array(binary_op(
                Arg::Array(&mad),
                BinOp::Mul,
                weak(MAD_TO_STD),
                Out::New,
            ))
        }
    }
}
