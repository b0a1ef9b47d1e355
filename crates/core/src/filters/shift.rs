//! `scipy.ndimage.shift(a, offsets, order=0|1, mode, cval)`, ported from
//! scipy's `NI_ZoomShift` step for step: each output coordinate minus the
//! offset is mapped by the mode (`map_coordinate`), taps past the edges of
//! an inside coordinate are mirrored (for 'constant' and 'wrap', as scipy
//! ≥ 1.6 does) or read `cval` ('grid-constant'), order 0 takes the tap at
//! `floor(x + 0.5)`, order 1 weighs two taps per axis by `1 - f` and
//! `1 - (1 - f)`; the weighted taps are summed in scipy's order, and the
//! result is stored as scipy stores it (integers rounded half away from
//! zero and clamped, bool truncated).

use rayon::prelude::*;

use super::boundary::{map_coordinate, strides, Mode};
use super::{c_order_data, output};
use crate::array::NdArray;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::kernels::num::{with_dtype, Num};

/// What one output coordinate reads along one axis.
#[derive(Clone, Copy)]
enum Taps {
    /// Outside ('constant'): the whole output element is `cval`.
    Cval,
    /// Source indices of the taps (`None`: 'grid-constant' reads `cval`) and their weights.
    At([Option<usize>; 2], [f64; 2]),
}

/// The taps of every output coordinate of one axis.
fn axis_taps(len: usize, shift: f64, order: usize, mode: Mode) -> Vec<Taps> {
    let spline_mode = match mode {
        Mode::Constant | Mode::Wrap => Mode::Mirror,
        m => m,
    };
    (0..len)
        .map(|k| {
            let mut cc = k as f64 + shift;
            if mode != Mode::GridConstant && mode != Mode::Nearest {
                cc = map_coordinate(cc, len, mode);
            }
            if !(cc > -1.0 || mode == Mode::GridConstant || mode == Mode::Nearest) {
                return Taps::Cval;
            }
            let start = if order & 1 == 1 {
                cc.floor()
            } else {
                (cc + 0.5).floor()
            } as isize;
            let n = len as isize;
            let mut idx = [None, None];
            for (h, slot) in idx.iter_mut().enumerate().take(order + 1) {
                let i = start + h as isize;
                *slot = if (0..n).contains(&i) {
                    Some(i as usize)
                } else if mode == Mode::GridConstant {
                    None
                } else {
                    Some(
                        (map_coordinate(i as f64, len, spline_mode) as isize).clamp(0, n - 1)
                            as usize,
                    )
                };
            }
            let mut w = [1.0, 0.0];
            if order == 1 {
                let x = cc - cc.floor();
                w[0] = 1.0 - x;
                w[1] = 1.0 - w[0];
            }
            Taps::At(idx, w)
        })
        .collect()
}

/// scipy's store of an interpolated double into `T`.
fn store<T: Num>(t: f64) -> T {
    if T::IS_FLOAT {
        return T::from_f64(t);
    }
    let (lo, hi) = match T::DTYPE {
        DType::Bool => return T::from_f64(t.trunc()),
        DType::Int8 => (i8::MIN as f64, i8::MAX as f64),
        DType::Int16 => (i16::MIN as f64, i16::MAX as f64),
        DType::Int32 => (i32::MIN as f64, i32::MAX as f64),
        DType::Int64 => (i64::MIN as f64, i64::MAX as f64),
        DType::UInt8 => (0.0, u8::MAX as f64),
        DType::UInt16 => (0.0, u16::MAX as f64),
        DType::UInt32 => (0.0, u32::MAX as f64),
        _ => (0.0, u64::MAX as f64),
    };
    let r = if lo == 0.0 {
        if t > 0.0 {
            t + 0.5
        } else {
            0.0
        }
    } else if t > 0.0 {
        t + 0.5
    } else {
        t - 0.5
    };
    T::from_f64(r.clamp(lo, hi).trunc())
}

fn typed<T: Num>(
    src: &[T],
    shape: &[usize],
    offsets: &[f64],
    order: usize,
    mode: Mode,
    cval: f64,
) -> Vec<T> {
    let nd = shape.len();
    let taps: Vec<Vec<Taps>> = (0..nd)
        .map(|k| axis_taps(shape[k], -offsets[k], order, mode))
        .collect();
    let st = strides(shape);
    let ntaps = (order + 1).pow(nd as u32);
    // Each tap's position per axis, C order over the axes (last fastest).
    let ff: Vec<Vec<usize>> = (0..ntaps)
        .map(|f| {
            let mut p = vec![0usize; nd];
            let mut rest = f;
            for k in (0..nd).rev() {
                p[k] = rest % (order + 1);
                rest /= order + 1;
            }
            p
        })
        .collect();
    let last = shape[nd - 1];
    let mut out = vec![T::default(); src.len()];
    if src.is_empty() {
        return out;
    }
    out.par_chunks_mut(last).enumerate().for_each(|(row, dst)| {
        let mut coord = vec![0usize; nd];
        let mut rest = row;
        for k in (0..nd - 1).rev() {
            coord[k] = rest % shape[k];
            rest /= shape[k];
        }
        let mut at: Vec<Taps> = (0..nd).map(|k| taps[k][coord[k]]).collect();
        for (x, d) in dst.iter_mut().enumerate() {
            at[nd - 1] = taps[nd - 1][x];
            if at.iter().any(|t| matches!(t, Taps::Cval)) {
                *d = store(cval);
                continue;
            }
            let mut t = 0.0f64;
            for ff in &ff {
                let (mut off, mut is_cval) = (0usize, false);
                for (k, t) in at.iter().enumerate() {
                    if let Taps::At(idx, _) = t {
                        match idx[ff[k]] {
                            Some(i) => off += i * st[k],
                            None => is_cval = true,
                        }
                    }
                }
                let mut coeff = if is_cval { cval } else { src[off].to_f64() };
                if order > 0 {
                    for (k, t) in at.iter().enumerate() {
                        if let Taps::At(_, w) = t {
                            coeff *= w[ff[k]];
                        }
                    }
                }
                t += coeff;
            }
            *d = store(t);
        }
    });
    out
}

/// `scipy.ndimage.shift(a, offsets, order, mode, cval)` for order 0 or 1;
/// `offsets` has one entry per axis. Same shape and dtype as `a`.
pub fn shift(a: &NdArray, offsets: &[f64], order: usize, mode: Mode, cval: f64) -> Result<NdArray> {
    let nd = a.shape().len();
    if nd == 0 {
        return Err(Error::invalid(
            "shift: the array is 0-d; give an array with at least one axis",
        ));
    }
    if offsets.len() != nd {
        return Err(Error::invalid(format!(
            "shift: offsets has {} entries but the array has {nd} axes (give one number, or one per axis)",
            offsets.len()
        )));
    }
    if order > 1 {
        return Err(Error::invalid(format!(
            "shift: order must be 0 (nearest) or 1 (linear), got {order}"
        )));
    }
    if offsets.iter().any(|o| !o.is_finite()) {
        return Err(Error::invalid(format!(
            "shift: offsets must be finite numbers, got {offsets:?}"
        )));
    }
    let c = c_order_data(a)?;
    let src = c.as_ref().unwrap_or(a);
    with_dtype!(a.dtype(), |T| {
        let data: &[T] = src.typed::<T>()?;
        output(
            a.shape(),
            typed(data, a.shape(), offsets, order, mode, cval),
        )
    })
}
