//! `biweight_location` and `biweight_scale` (astropy 8.0): the data in
//! float64, `M` its median, `u = (x - M) / (c * MAD)`, then weighted sums
//! in numpy's order (the axis and whole-array sum kernels). `(1 - u²)⁴` is
//! a product of squares here where numpy calls `pow`; the two can differ in
//! the last bit (the fixtures' tolerance for the scale says so).

use rayon::prelude::*;

use crate::array::NdArray;
use crate::dtype::DType;
use crate::error::Result;
use crate::kernels::astype;
use crate::kernels::axis::{reduce, Reduction};
use crate::kernels::elementwise::{binary_op, Arg, BinOp, Out};
use crate::kernels::par::CHUNK;

use super::center::{mad_all, mad_axes, new_array, scalar, weak};

/// `x - M` and `u = (x - M) / (c * MAD)` in float64, with `M` and the MAD.
struct Deviations {
    d: NdArray,
    u: NdArray,
    /// `M` (0-d, or kept as length 1 along `axes`).
    m: NdArray,
    /// The MAD (0-d, or kept as length 1 along `axes`).
    mad: NdArray,
}

/// The deviations, or astropy's early return (no axis and a MAD of 0 or
/// NaN) with `M` and the MAD.
enum Outcome {
    Full(Box<Deviations>),
    Early { m: f64, mad: f64 },
}

fn deviations(a: &NdArray, c: f64, axes: Option<&[i64]>, ignore_nan: bool) -> Result<Outcome> {
    let x = astype(a, DType::Float64)?;
    let (m, mad) = match axes {
        None => {
            let (m, mad) = mad_all(&x, ignore_nan)?;
            if mad == 0.0 || mad.is_nan() {
                return Ok(Outcome::Early { m, mad });
            }
            (scalar(m, false)?, scalar(mad, false)?)
        }
        Some(axes) => mad_axes(&x, axes, ignore_nan, true)?,
    };
    let d = new_array(binary_op(Arg::Array(&x), BinOp::Sub, arg(&m), Out::New))?;
    let cmad = if mad.shape().is_empty() {
        scalar(c * mad.typed::<f64>()?[0], false)?
    } else {
        new_array(binary_op(Arg::Array(&mad), BinOp::Mul, weak(c), Out::New))?
    };
    let u = new_array(binary_op(Arg::Array(&d), BinOp::Div, arg(&cmad), Out::New))?;
    Ok(Outcome::Full(Box::new(Deviations { d, u, m, mad })))
}

/// A 0-d array as a weak scalar operand, any other as itself.
fn arg(v: &NdArray) -> Arg<'_> {
    if v.shape().is_empty() {
        weak(v.typed::<f64>().map_or(f64::NAN, |s| s[0]))
    } else {
        Arg::Array(v)
    }
}

/// Two float64 arrays computed elementwise from `d` and `u` (same layout).
fn map2(
    d: &NdArray,
    u: &NdArray,
    f: impl Fn(f64, f64) -> (f64, f64) + Sync,
) -> Result<(NdArray, NdArray)> {
    let mut p = d.for_overwrite_like(DType::Float64);
    let mut q = d.for_overwrite_like(DType::Float64);
    let (ds, us) = (d.typed::<f64>()?, u.typed::<f64>()?);
    p.typed_mut::<f64>()?
        .par_chunks_mut(CHUNK)
        .zip(q.typed_mut::<f64>()?.par_chunks_mut(CHUNK))
        .zip(ds.par_chunks(CHUNK).zip(us.par_chunks(CHUNK)))
        .for_each(|((p, q), (d, u))| {
            for i in 0..p.len() {
                (p[i], q[i]) = f(d[i], u[i]);
            }
        });
    Ok((p, q))
}

/// The sum along `axes` (`nansum` when NaNs are ignored), as values in the
/// reduced array's memory order.
fn sum(x: &NdArray, axes: Option<&[i64]>, nan: bool) -> Result<Vec<f64>> {
    let kind = if nan {
        Reduction::NanSum
    } else {
        Reduction::Sum
    };
    Ok(reduce(x, kind, axes, false)?.typed::<f64>()?.to_vec())
}

/// The reduced shape and order of `d` over `axes`, holding `values`.
fn result(d: &NdArray, axes: Option<&[i64]>, values: &[f64]) -> Result<NdArray> {
    let shape = match axes {
        None => vec![],
        Some(axes) => {
            let red = super::lanes::normalize(axes, d.shape().len())?;
            (0..d.shape().len())
                .filter(|i| !red.contains(i))
                .map(|i| d.shape()[i])
                .collect()
        }
    };
    NdArray::from_bytes(
        DType::Float64,
        &shape,
        d.is_fortran_order(),
        bytemuck::cast_slice(values),
    )
}

/// `astropy.stats.biweight_location(a, c, axis=axes, ignore_nan)` (float64).
pub fn biweight_location(
    a: &NdArray,
    c: f64,
    axes: Option<&[i64]>,
    ignore_nan: bool,
) -> Result<NdArray> {
    let dev = match deviations(a, c, axes, ignore_nan)? {
        Outcome::Full(dev) => *dev,
        Outcome::Early { m, .. } => return scalar(m, false),
    };
    let (du, w) = map2(&dev.d, &dev.u, |d, u| {
        // (1 - u²)², zero where |u| >= 1 (NaN stays NaN, as in numpy).
        let t = 1.0 - u * u;
        let w = if u.abs() >= 1.0 { 0.0 } else { t * t };
        (d * w, w)
    })?;
    let (num, den) = (sum(&du, axes, ignore_nan)?, sum(&w, axes, ignore_nan)?);
    let (m, mad) = (dev.m.typed::<f64>()?, dev.mad.typed::<f64>()?);
    let v: Vec<f64> = (0..num.len())
        .map(|i| {
            if mad[i] == 0.0 {
                m[i]
            } else {
                m[i] + num[i] / den[i]
            }
        })
        .collect();
    result(&dev.d, axes, &v)
}

/// `astropy.stats.biweight_scale(a, c, axis=axes, ignore_nan)` (float64,
/// `modify_sample_size=False`).
pub fn biweight_scale(
    a: &NdArray,
    c: f64,
    axes: Option<&[i64]>,
    ignore_nan: bool,
) -> Result<NdArray> {
    let dev = match deviations(a, c, axes, ignore_nan)? {
        Outcome::Full(dev) => *dev,
        // astropy returns sqrt(mad ** 2).
        Outcome::Early { mad, .. } => return scalar((mad * mad).sqrt(), false),
    };
    let (f1, f2) = map2(&dev.d, &dev.u, |d, u| {
        if u.abs() < 1.0 {
            let u2 = u * u;
            let t = 1.0 - u2;
            (d * d * ((t * t) * (t * t)), t * (1.0 - 5.0 * u2))
        } else {
            (0.0, 0.0)
        }
    })?;
    let s1 = sum(&f1, axes, ignore_nan)?;
    // astropy sums f2 with np.sum even when ignoring NaNs (they are 0 there).
    let s2 = sum(&f2, axes, false)?;
    // n: the values counted (non-NaN ones when NaNs are ignored).
    let lane_len = (dev.d.size() / s1.len().max(1)) as f64;
    let nan_counts: Vec<f64> = if ignore_nan {
        let isnan = map2(&dev.d, &dev.d, |x, _| (x.is_nan() as u8 as f64, 0.0))?.0;
        sum(&isnan, axes, false)?
    } else {
        vec![0.0; s1.len()]
    };
    let mad = dev.mad.typed::<f64>()?;
    let v: Vec<f64> = (0..s1.len())
        .map(|i| {
            if mad[i] == 0.0 {
                0.0
            } else {
                let n = lane_len - nan_counts[i];
                let f2 = s2[i].abs() * s2[i].abs();
                (n * s1[i] / f2).sqrt()
            }
        })
        .collect();
    result(&dev.d, axes, &v)
}
