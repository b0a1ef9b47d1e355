//! `np.clip(a, min, max)` with array bounds, broadcast against `a` (scalar
//! bounds alone are the unary [`super::UnOp::Clip`]). The element rule is
//! numpy's clip loop, shared with the unary form ([`clip_one`]).

use crate::array::NdArray;
use crate::dtype::DType;
use crate::error::{Error, Result};

use super::super::broadcast::broadcast_shapes;
use super::super::broadcast::Steps;
use super::super::num::{with_dtype, Num};
use super::super::promote::promote_types;
use super::dtypes::{is_int, result_type, Operand};
use super::run::run_flagged;
use super::{
    arg_dtype, arg_layout, arg_shape, fortran_result, prepare_out, with_target, Arg, Out, Src,
};

/// numpy's clip of one element: `min(max(x, lo), hi)`, NaN propagating.
/// Where both bounds are constant along numpy's inner loop (scalars, a
/// column vector), an equal bound keeps `x` (so `-0.0` stays); elsewhere
/// numpy's generic loop (`x > lo ? x : lo`) gives the bound (`keep_x`
/// false). The two differ only for `-0.0` against `0.0`.
#[inline(always)]
pub(crate) fn clip_one<C: Num>(x: C, lo: C, hi: C, keep_x: bool) -> C {
    let keep = |x: C, b: C, want_low: bool| {
        let first = match (want_low, keep_x) {
            (true, true) => x <= b,
            (true, false) => x < b,
            (false, true) => x >= b,
            (false, false) => x > b,
        };
        if first || x.is_nan() {
            x
        } else {
            b
        }
    };
    keep(keep(x, lo, false), hi, true)
}

/// A scalar bound in the computation dtype: a Python int beyond an integer
/// dtype's range clamps to the range (numpy 2 accepts it); an absent bound
/// is the dtype's extreme, which never clips.
pub(crate) fn scalar_bound<C: Num>(b: Option<super::super::Scalar>, low: bool) -> C {
    let (min, max) = (C::from_key(C::KEY_LOWEST), C::from_key(C::KEY_HIGHEST));
    match b {
        None => {
            if low {
                min
            } else {
                max
            }
        }
        Some(b) if is_int(&b) && !C::IS_FLOAT => {
            C::from_i128((b.value as i128).clamp(min.to_i128(), max.to_i128()))
        }
        Some(b) => C::from_f64(b.value),
    }
}

/// The dtype numpy's clip computes in: the arrays promoted, then each
/// scalar bound (a Python int bound of an integer dtype changes nothing: it
/// is clamped to the range, see [`scalar_bound`]).
pub(crate) fn clip_dtype(a: DType, bounds: &[Option<Operand>]) -> DType {
    let mut c = a;
    for b in bounds.iter().flatten() {
        if let Operand::Array(d) = b {
            c = promote_types(c, *d);
        }
    }
    for b in bounds.iter().flatten() {
        if let Operand::Scalar(s) = b {
            if !(is_int(s) && c.is_integer()) {
                c = result_type(Operand::Array(c), Operand::Scalar(*s));
            }
            if c == DType::Bool && is_int(s) {
                c = DType::Int64;
            }
        }
    }
    c
}

/// `np.clip(a, lo, hi)` where a bound may be an array (broadcast), a
/// scalar, or absent (`None`: that side stays open), into a new array or
/// `out`.
pub fn clip_op(
    a: Arg<'_>,
    lo: Option<Arg<'_>>,
    hi: Option<Arg<'_>>,
    out: Out<'_>,
) -> Result<Option<NdArray>> {
    let a_dtype = arg_dtype(&a, &out).ok_or_else(|| Error::invalid("clip: a must be an array"))?;
    let operand = |b: &Option<Arg<'_>>| -> Result<Option<Operand>> {
        Ok(match b {
            None => None,
            Some(Arg::Scalar(s)) => Some(Operand::Scalar(*s)),
            Some(x) => Some(Operand::Array(
                arg_dtype(x, &out).ok_or_else(|| Error::invalid("clip: bad bound"))?,
            )),
        })
    };
    let c = clip_dtype(a_dtype, &[operand(&lo)?, operand(&hi)?]);
    let none = Arg::Scalar(super::super::Scalar {
        value: 0.0,
        is_int: true,
    });
    let (l, h) = (lo.unwrap_or(none), hi.unwrap_or(none));
    let shape = broadcast_shapes(&[
        arg_shape(&a, &out)?,
        arg_shape(&l, &out)?,
        arg_shape(&h, &out)?,
    ])?;
    let arrays: Vec<&NdArray> = [a, l, h]
        .iter()
        .filter_map(|x| match x {
            Arg::Array(x) => Some(*x),
            _ => None,
        })
        .collect();
    let fresh = prepare_out(&out, &shape, c, fortran_result(&arrays), "clip")?;
    let layouts = [
        arg_layout(&a, &out, &shape)?,
        arg_layout(&l, &out, &shape)?,
        arg_layout(&h, &out, &shape)?,
    ];
    Ok(with_dtype!(c, |C| {
        let s = [
            Src::<C>::of(&a, &out),
            bound_src(lo, true, &out),
            bound_src(hi, false, &out),
        ];
        let [la, ll, lh] = &layouts;
        with_target(fresh, out, &shape, &[la, ll, lh], |walk, bytes, d| {
            // Inner strides of the bounds: both 0 is numpy's constant-bounds loop.
            let constant = |st: &Steps| st[1] == 0 && st[2] == 0;
            run_flagged(walk, bytes, d, s, constant, |k, [x, lo, hi]| {
                clip_one(x, lo, hi, k)
            })
        })
    }))
}

/// A bound as an operand of the walk.
fn bound_src<'a, C: Num>(b: Option<Arg<'a>>, low: bool, out: &Out<'_>) -> Src<'a, C> {
    match b {
        None => Src::Const(scalar_bound::<C>(None, low)),
        Some(Arg::Scalar(s)) => Src::Const(scalar_bound::<C>(Some(s), low)),
        Some(x) => Src::of(&x, out),
    }
}
