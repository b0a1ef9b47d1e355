//! Binary elementwise operations with broadcasting: arithmetic,
//! comparisons (to bool) and logical operations (on truthiness, to bool).

use std::str::FromStr;

use crate::array::NdArray;
use crate::dtype::DType;
use crate::error::{Error, Result};

use super::super::broadcast::{broadcast_shapes, Walk};
use super::super::num::{with_array, with_dtype, Bool8, Num};
use super::dtypes::{check_scalar, out_of_range, result_type, Operand};
use super::ops::{FloatFn, Ops};
use super::run::{run, run_flagged};
use super::{
    arg_dtype, arg_layout, arg_shape, fortran_result, prepare_out, with_target, Arg, Out, Src,
};

/// A binary elementwise operation, by its name in the TypeScript API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `np.add`.
    Add,
    /// `np.subtract`.
    Sub,
    /// `np.multiply`.
    Mul,
    /// `np.true_divide`.
    Div,
    /// `np.power`.
    Pow,
    /// `np.floor_divide`.
    FloorDiv,
    /// `np.remainder`.
    Mod,
    /// `np.minimum`.
    Minimum,
    /// `np.maximum`.
    Maximum,
    /// `np.greater`.
    Gt,
    /// `np.greater_equal`.
    Ge,
    /// `np.less`.
    Lt,
    /// `np.less_equal`.
    Le,
    /// `np.equal`.
    Eq,
    /// `np.not_equal`.
    Ne,
    /// `np.logical_and`.
    LogicalAnd,
    /// `np.logical_or`.
    LogicalOr,
    /// `np.logical_xor`.
    LogicalXor,
}

/// Every operation with its API name (one list, used to parse and to list).
const NAMES: [(&str, BinOp); 18] = [
    ("add", BinOp::Add),
    ("sub", BinOp::Sub),
    ("mul", BinOp::Mul),
    ("div", BinOp::Div),
    ("pow", BinOp::Pow),
    ("floorDiv", BinOp::FloorDiv),
    ("mod", BinOp::Mod),
    ("minimum", BinOp::Minimum),
    ("maximum", BinOp::Maximum),
    ("gt", BinOp::Gt),
    ("ge", BinOp::Ge),
    ("lt", BinOp::Lt),
    ("le", BinOp::Le),
    ("eq", BinOp::Eq),
    ("ne", BinOp::Ne),
    ("logicalAnd", BinOp::LogicalAnd),
    ("logicalOr", BinOp::LogicalOr),
    ("logicalXor", BinOp::LogicalXor),
];

impl FromStr for BinOp {
    type Err = Error;
    fn from_str(s: &str) -> Result<BinOp> {
        NAMES
            .iter()
            .find(|(n, _)| *n == s)
            .map(|p| p.1)
            .ok_or_else(|| {
                let all: Vec<&str> = NAMES.iter().map(|p| p.0).collect();
                Error::invalid(format!(
                    "unknown binary operation '{s}': use one of {}",
                    all.join(", ")
                ))
            })
    }
}

impl BinOp {
    fn is_comparison(self) -> bool {
        matches!(
            self,
            BinOp::Gt | BinOp::Ge | BinOp::Lt | BinOp::Le | BinOp::Eq | BinOp::Ne
        )
    }

    fn is_logical(self) -> bool {
        matches!(
            self,
            BinOp::LogicalAnd | BinOp::LogicalOr | BinOp::LogicalXor
        )
    }

    /// (dtype computed in, dtype returned), numpy 2's choice.
    fn dtypes(self, a: DType, b: Operand) -> Result<(DType, DType)> {
        if self.is_logical() {
            return Ok((DType::Bool, DType::Bool));
        }
        let mut c = result_type(Operand::Array(a), b);
        if self.is_comparison() {
            // numpy 2 compares with an out-of-range Python int exactly.
            if let Operand::Scalar(s) = b {
                if out_of_range(&s, c) {
                    c = DType::Float64;
                }
            }
            return Ok((c, DType::Bool));
        }
        c = match (self, c) {
            (BinOp::Sub, DType::Bool) => {
                return Err(Error::invalid(
                    "numpy boolean subtract, the `-` operator, is not supported, use the \
                     bitwise_xor, the `^` operator, or the logical_xor function instead.",
                ))
            }
            (BinOp::Div, d) if !d.is_float() => DType::Float64,
            (BinOp::Pow | BinOp::FloorDiv | BinOp::Mod, DType::Bool) => DType::Int8,
            (_, d) => d,
        };
        if let Operand::Scalar(s) = b {
            check_scalar(&s, c)?;
        }
        Ok((c, c))
    }
}

/// `a op b` with numpy's broadcasting and dtypes, into a new array
/// (`Ok(Some)`) or into `out` (`Ok(None)`; `a` or `b` may be [`Arg::Out`]).
/// Either operand may be a scalar (numpy's `2 - a`), not both.
pub fn binary_op(a: Arg<'_>, op: BinOp, b: Arg<'_>, out: Out<'_>) -> Result<Option<NdArray>> {
    // numpy's dtype resolution is symmetric in the operands.
    let (array_dtype, other) = match (arg_dtype(&a, &out), arg_dtype(&b, &out), a, b) {
        (Some(d), Some(e), ..) => (d, Operand::Array(e)),
        (Some(d), None, _, Arg::Scalar(s)) | (None, Some(d), Arg::Scalar(s), _) => {
            (d, Operand::Scalar(s))
        }
        _ => {
            return Err(Error::invalid(
                "binary operation: at least one operand must be an array",
            ))
        }
    };
    let (c, v) = op.dtypes(array_dtype, other)?;
    let shape = broadcast_shapes(&[arg_shape(&a, &out)?, arg_shape(&b, &out)?])?;
    if op == BinOp::Pow && c.is_integer() {
        refuse_negative_powers(b, &out)?;
    }
    let arrays: Vec<&NdArray> = [a, b]
        .iter()
        .filter_map(|x| match x {
            Arg::Array(x) => Some(*x),
            _ => None,
        })
        .collect();
    let fresh = prepare_out(&out, &shape, v, fortran_result(&arrays), "binary")?;
    let (la, lb) = (arg_layout(&a, &out, &shape)?, arg_layout(&b, &out, &shape)?);
    Ok(with_dtype!(c, |C| {
        let srcs = [Src::<C>::of(&a, &out), Src::<C>::of(&b, &out)];
        with_target(fresh, out, &shape, &[&la, &lb], |walk, bytes, dtype| {
            dispatch::<C>(walk, bytes, dtype, op, srcs)
        })
    }))
}

/// numpy's ValueError for an integer raised to a negative integer power.
fn refuse_negative_powers(b: Arg<'_>, out: &Out<'_>) -> Result<()> {
    let negative = match (b, out) {
        (Arg::Scalar(s), _) => s.value < 0.0,
        (Arg::Array(x), _) => {
            x.dtype().is_signed_integer() && with_array!(x, |s| s.iter().any(|v| v.is_neg()))
        }
        (Arg::Out, Out::Into(o)) => with_dtype!(o.dtype, |T| {
            let s: &[T] = bytemuck::cast_slice(&*o.bytes);
            s.iter().any(|v| v.is_neg())
        }),
        (Arg::Out, Out::New) => false,
    };
    if negative {
        return Err(Error::invalid(
            "Integers to negative integer powers are not allowed.",
        ));
    }
    Ok(())
}

fn dispatch<C: Ops>(walk: &Walk, out: &mut [u8], dtype: DType, op: BinOp, s: [Src<'_, C>; 2]) {
    let t = |x: bool| Bool8(x as u8);
    match op {
        BinOp::Add => run(walk, out, dtype, s, |[x, y]| x.add(y)),
        BinOp::Sub => run(walk, out, dtype, s, |[x, y]| x.sub(y)),
        BinOp::Mul => run(walk, out, dtype, s, |[x, y]| x.mul(y)),
        BinOp::Div => run(walk, out, dtype, s, |[x, y]| x.div(y)),
        BinOp::Pow => pow::<C>(walk, out, dtype, s),
        BinOp::FloorDiv => run(walk, out, dtype, s, |[x, y]| x.floor_div(y)),
        BinOp::Mod => run(walk, out, dtype, s, |[x, y]| x.rem(y)),
        BinOp::Minimum => run(walk, out, dtype, s, |[x, y]| x.minimum(y)),
        BinOp::Maximum => run(walk, out, dtype, s, |[x, y]| x.maximum(y)),
        BinOp::Gt => run(walk, out, dtype, s, |[x, y]| t(x > y)),
        BinOp::Ge => run(walk, out, dtype, s, |[x, y]| t(x >= y)),
        BinOp::Lt => run(walk, out, dtype, s, |[x, y]| t(x < y)),
        BinOp::Le => run(walk, out, dtype, s, |[x, y]| t(x <= y)),
        BinOp::Eq => run(walk, out, dtype, s, |[x, y]| t(x == y)),
        BinOp::Ne => run(walk, out, dtype, s, |[x, y]| t(x != y)),
        // Logical operations compute in bool: the operands' truthiness.
        BinOp::LogicalAnd => run(walk, out, dtype, s, |[x, y]| t(truth(x) && truth(y))),
        BinOp::LogicalOr => run(walk, out, dtype, s, |[x, y]| t(truth(x) || truth(y))),
        BinOp::LogicalXor => run(walk, out, dtype, s, |[x, y]| t(truth(x) != truth(y))),
    }
}

/// `np.power`. numpy's float loop takes fast paths when the exponent is
/// constant along the inner loop (a scalar, or broadcast with stride 0) and
/// is -1, 0, 0.5, 1 or 2: `1/x`, `1`, `sqrt(x)`, `x`, `x*x` instead of
/// `pow` (so `power(-inf, 0.5)` is NaN there, not `pow`'s inf). A scalar
/// exponent picks its loop once, so `x*x` vectorises.
fn pow<C: Ops>(walk: &Walk, out: &mut [u8], dtype: DType, s: [Src<'_, C>; 2]) {
    if !C::IS_FLOAT {
        return run(walk, out, dtype, s, |[x, y]| x.pow(y));
    }
    let one = C::from_f64(1.0);
    if let Src::Const(y) = s[1] {
        let y = y.to_f64();
        return if y == 2.0 {
            run(walk, out, dtype, s, |[x, _]| x.mul(x))
        } else if y == 1.0 {
            run(walk, out, dtype, s, |[x, _]| x)
        } else if y == 0.5 {
            run(walk, out, dtype, s, |[x, _]| x.float_fn(FloatFn::Sqrt))
        } else if y == 0.0 {
            run(walk, out, dtype, s, |[_, _]| one)
        } else if y == -1.0 {
            run(walk, out, dtype, s, |[x, _]| one.div(x))
        } else {
            run(walk, out, dtype, s, |[x, y]| x.pow(y))
        };
    }
    let fast = |x: C, y: C| {
        let e = y.to_f64();
        if e == 2.0 {
            Some(x.mul(x))
        } else if e == 1.0 {
            Some(x)
        } else if e == 0.5 {
            Some(x.float_fn(FloatFn::Sqrt))
        } else if e == 0.0 {
            Some(one)
        } else if e == -1.0 {
            Some(one.div(x))
        } else {
            None
        }
    };
    run_flagged(
        walk,
        out,
        dtype,
        s,
        |st| st[1] == 0,
        |inner_const, [x, y]| {
            let f = if inner_const { fast(x, y) } else { None };
            f.unwrap_or_else(|| x.pow(y))
        },
    )
}

/// numpy's truthiness: nonzero (NaN is true).
#[inline(always)]
fn truth<C: Num>(x: C) -> bool {
    x != C::default()
}
