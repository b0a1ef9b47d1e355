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

/// `d = x - M` and `u = d / (c * MAD)` in float64, with `M` and the MAD.
/// Over the whole array (scalar `M` and MAD) they are computed on the fly
/// from `x` in the one pass that needs them, not stored.
struct Deviations {
    /// `x - M`, or `x` itself when `u` is `None`.
    d: NdArray,
    /// `u`; `None` for scalar `M` and MAD (then `(x - m) / cmad`).
    u: Option<NdArray>,
    /// Scalar `M` and `c * MAD` (used when `u` is `None`).
    m_cmad: (f64, f64),
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
    if m.shape().is_empty() {
        let (mv, madv) = (m.typed::<f64>()?[0], mad.typed::<f64>()?[0]);
        return Ok(Outcome::Full(Box::new(Deviations {
            d: x,
            u: None,
            m_cmad: (mv, c * madv),
            m,
            mad,
        })));
    }
    let d = new_array(binary_op(
        Arg::Array(&x),
        BinOp::Sub,
        Arg::Array(&m),
        Out::New,
    ))?;
    let cmad = new_array(binary_op(Arg::Array(&mad), BinOp::Mul, weak(c), Out::New))?;
    let u = new_array(binary_op(
        Arg::Array(&d),
        BinOp::Div,
        Arg::Array(&cmad),
        Out::New,
    ))?;
    Ok(Outcome::Full(Box::new(Deviations {
        d,
        u: Some(u),
        m_cmad: (0.0, 0.0),
        m,
        mad,
    })))
}

/// Two float64 arrays computed elementwise from `d` and `u`.
fn map2(dev: &Deviations, f: impl Fn(f64, f64) -> (f64, f64) + Sync) -> Result<(NdArray, NdArray)> {
    let mut p = dev.d.for_overwrite_like(DType::Float64);
    let mut q = dev.d.for_overwrite_like(DType::Float64);
    let ds = dev.d.typed::<f64>()?;
    let (m, cmad) = dev.m_cmad;
    let us = match &dev.u {
        Some(u) => Some(u.typed::<f64>()?),
        None => None,
    };
    p.typed_mut::<f64>()?
        .par_chunks_mut(CHUNK)
        .zip(q.typed_mut::<f64>()?.par_chunks_mut(CHUNK))
        .enumerate()
        .for_each(|(k, (p, q))| {
            let at = k * CHUNK;
            for i in 0..p.len() {
                let (d, u) = match us {
                    Some(us) => (ds[at + i], us[at + i]),
                    None => {
                        let d = ds[at + i] - m;
                        (d, d / cmad)
                    }
                };
                (p[i], q[i]) = f(d, u);
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
    let (du, w) = map2(&dev, |d, u| {
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
    let (f1, f2) = map2(&dev, |d, u| {
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
        let isnan = map2(&dev, |d, _| (d.is_nan() as u8 as f64, 0.0))?.0;
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
