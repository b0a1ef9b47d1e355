//! Unary elementwise operations: arithmetic, the float functions, rounding
//! (half to even), `clip`, and the float-class tests (to bool).

use std::str::FromStr;

use crate::array::NdArray;
use crate::dtype::DType;
use crate::error::{Error, Result};

use super::super::broadcast::Walk;
use super::super::num::{with_dtype, Bool8};
use super::super::Scalar;
use super::clip::{clip_dtype, clip_one, scalar_bound};
use super::dtypes::Operand;
use super::ops::{FloatFn, Ops};
use super::run::{run, run_blocks};
use super::{
    arg_dtype, arg_layout, arg_shape, fortran_result, prepare_out, with_target, Arg, Out, Src,
};

/// A unary elementwise operation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum UnOp {
    /// `np.negative`.
    Neg,
    /// `np.abs`.
    Abs,
    /// `np.sqrt`.
    Sqrt,
    /// `np.exp`.
    Exp,
    /// `np.log`.
    Log,
    /// `np.log10`.
    Log10,
    /// `np.square`.
    Square,
    /// `np.floor`.
    Floor,
    /// `np.ceil`.
    Ceil,
    /// `np.round(a, decimals)` (half to even).
    Round(i32),
    /// `np.clip(a, min, max)`; `None` leaves that side open.
    Clip(Option<Scalar>, Option<Scalar>),
    /// `np.isnan`.
    IsNan,
    /// `np.isfinite`.
    IsFinite,
    /// `np.isinf`.
    IsInf,
    /// `np.logical_not`.
    LogicalNot,
}

impl FromStr for UnOp {
    type Err = Error;
    /// The operations without parameters (`round` and `clip` have their own constructors).
    fn from_str(s: &str) -> Result<UnOp> {
        Ok(match s {
            "neg" => UnOp::Neg,
            "abs" => UnOp::Abs,
            "sqrt" => UnOp::Sqrt,
            "exp" => UnOp::Exp,
            "log" => UnOp::Log,
            "log10" => UnOp::Log10,
            "square" => UnOp::Square,
            "floor" => UnOp::Floor,
            "ceil" => UnOp::Ceil,
            "isnan" => UnOp::IsNan,
            "isfinite" => UnOp::IsFinite,
            "isinf" => UnOp::IsInf,
            "logicalNot" => UnOp::LogicalNot,
            _ => {
                return Err(Error::invalid(format!(
                    "unknown unary operation '{s}': use one of neg, abs, sqrt, exp, log, log10, \
                     square, floor, ceil, round, clip, isnan, isfinite, isinf, logicalNot"
                )))
            }
        })
    }
}

/// The float dtype numpy's float functions give for an integer or bool
/// input. numpy gives float16 for bool and 8-bit integers; there is no
/// float16 here, so they give float32 (documented in the README).
fn float_of(d: DType) -> DType {
    match d {
        DType::Float32 | DType::Float64 => d,
        DType::Bool | DType::Int8 | DType::UInt8 | DType::Int16 | DType::UInt16 => DType::Float32,
        _ => DType::Float64,
    }
}

impl UnOp {
    /// (dtype computed in, dtype returned).
    fn dtypes(self, a: DType) -> Result<(DType, DType)> {
        Ok(match self {
            UnOp::Neg if a == DType::Bool => {
                return Err(Error::invalid(
                    "The numpy boolean negative, the `-` operator, is not supported, use the \
                     `~` operator or the logical_not function instead.",
                ))
            }
            UnOp::Sqrt | UnOp::Exp | UnOp::Log | UnOp::Log10 => (float_of(a), float_of(a)),
            UnOp::Round(_) if a == DType::Bool => (DType::Float32, DType::Float32),
            UnOp::Round(d) if d < 0 && !a.is_float() => (DType::Float64, a),
            UnOp::Square if a == DType::Bool => (DType::Int8, DType::Int8),
            UnOp::Clip(lo, hi) => {
                let c = clip_dtype(a, &[lo.map(Operand::Scalar), hi.map(Operand::Scalar)]);
                (c, c)
            }
            UnOp::IsNan | UnOp::IsFinite | UnOp::IsInf | UnOp::LogicalNot => (a, DType::Bool),
            _ => (a, a),
        })
    }
}

/// `op(a)` into a new array (`Ok(Some)`) or into `out` (`Ok(None)`; `a`
/// may be [`Arg::Out`]).
pub fn unary_op(a: Arg<'_>, op: UnOp, out: Out<'_>) -> Result<Option<NdArray>> {
    let a_dtype = arg_dtype(&a, &out)
        .ok_or_else(|| Error::invalid("unary operation: the operand must be an array"))?;
    let shape = arg_shape(&a, &out)?.to_vec();
    let (c, v) = op.dtypes(a_dtype)?;
    let arrays: Vec<&NdArray> = match a {
        Arg::Array(x) => vec![x],
        _ => vec![],
    };
    let fresh = prepare_out(&out, &shape, v, fortran_result(&arrays), "unary")?;
    let la = arg_layout(&a, &out, &shape)?;
    Ok(with_dtype!(c, |C| {
        let s = [Src::<C>::of(&a, &out)];
        with_target(fresh, out, &shape, &[&la], |walk, bytes, dtype| {
            apply::<C>(walk, bytes, dtype, op, s)
        })
    }))
}

fn apply<C: Ops>(walk: &Walk, out: &mut [u8], d: DType, op: UnOp, s: [Src<'_, C>; 1]) {
    let t = |x: bool| Bool8(x as u8);
    let fl = |f: FloatFn| move |[x]: [C; 1]| x.float_fn(f);
    match op {
        UnOp::Neg => run(walk, out, d, s, |[x]| x.neg()),
        UnOp::Abs => run(walk, out, d, s, |[x]| x.abs()),
        // Their own closures (the function a constant), so the loops
        // vectorise: sqrt is one instruction, floor/ceil no libm call.
        UnOp::Sqrt => run(walk, out, d, s, |[x]| x.float_fn(FloatFn::Sqrt)),
        UnOp::Exp => run_blocks(walk, out, d, s[0], |x, o| {
            C::float_block(FloatFn::Exp, x, o)
        }),
        UnOp::Log => run_blocks(walk, out, d, s[0], |x, o| {
            C::float_block(FloatFn::Log, x, o)
        }),
        UnOp::Log10 => run(walk, out, d, s, fl(FloatFn::Log10)),
        UnOp::Square => run(walk, out, d, s, |[x]| x.mul(x)),
        UnOp::Floor => run(walk, out, d, s, |[x]| x.float_fn(FloatFn::Floor)),
        UnOp::Ceil => run(walk, out, d, s, |[x]| x.float_fn(FloatFn::Ceil)),
        UnOp::Round(dec) => round::<C>(walk, out, d, s, dec),
        UnOp::Clip(lo, hi) => clip::<C>(walk, out, d, s, lo, hi),
        UnOp::IsNan => run(walk, out, d, s, |[x]| t(x.is_nan())),
        UnOp::IsFinite => run(walk, out, d, s, |[x]| t(x.is_finite())),
        UnOp::IsInf => run(walk, out, d, s, |[x]| t(x.is_inf())),
        UnOp::LogicalNot => run(walk, out, d, s, |[x]| t(x == C::default())),
    }
}

/// numpy's `round`: `rint` for 0 decimals; otherwise scale by a power of
/// ten (computed as numpy does, by repeated multiplication), `rint`, and
/// scale back. Integers with `decimals >= 0` are unchanged.
fn round<C: Ops>(walk: &Walk, out: &mut [u8], d: DType, s: [Src<'_, C>; 1], decimals: i32) {
    if !C::IS_FLOAT || decimals == 0 {
        return run(walk, out, d, s, |[x]| x.float_fn(FloatFn::Rint));
    }
    let mut f = 1.0f64;
    for _ in 0..decimals.unsigned_abs() {
        f *= 10.0;
    }
    let f = C::from_f64(f);
    if decimals > 0 {
        run(walk, out, d, s, |[x]| {
            x.mul(f).float_fn(FloatFn::Rint).div(f)
        })
    } else {
        run(walk, out, d, s, |[x]| {
            x.div(f).float_fn(FloatFn::Rint).mul(f)
        })
    }
}

/// numpy's clip loop with scalar bounds (see [`clip_one`]).
fn clip<C: Ops>(
    walk: &Walk,
    out: &mut [u8],
    d: DType,
    s: [Src<'_, C>; 1],
    lo: Option<Scalar>,
    hi: Option<Scalar>,
) {
    let (lo, hi) = (scalar_bound::<C>(lo, true), scalar_bound::<C>(hi, false));
    run(walk, out, d, s, move |[x]| clip_one(x, lo, hi, true))
}
