//! `np.where(cond, x, y)`: broadcasting all three; the result dtype is
//! numpy's `result_type(x, y)` (NEP 50 for scalars).

use crate::array::NdArray;
use crate::dtype::DType;
use crate::error::{Error, Result};

use super::super::broadcast::broadcast_shapes;
use super::super::num::with_dtype;
use super::dtypes::{check_scalar, result_type, Operand};
use super::run::run;
use super::{
    arg_dtype, arg_layout, arg_shape, fortran_result, prepare_out, with_target, Arg, Out, Src,
};

/// `np.where(cond, x, y)` (cond: any dtype, by truthiness), into a new
/// array or `out` (any operand may be [`Arg::Out`]).
pub fn where_op(cond: Arg<'_>, x: Arg<'_>, y: Arg<'_>, out: Out<'_>) -> Result<Option<NdArray>> {
    let operand = |a: &Arg<'_>| match (arg_dtype(a, &out), a) {
        (Some(d), _) => Operand::Array(d),
        (None, Arg::Scalar(s)) => Operand::Scalar(*s),
        (None, _) => Operand::Array(DType::Float64),
    };
    if arg_dtype(&cond, &out).is_none() {
        return Err(Error::invalid("where: cond must be an array"));
    }
    // The condition's truthiness must survive the cast to the result dtype
    // (0.5 would become 0 as an integer): a non-bool condition becomes bool first.
    let truth;
    let cond = match cond {
        Arg::Array(c) if c.dtype() != DType::Bool => {
            let zero = Arg::Scalar(super::super::Scalar {
                value: 0.0,
                is_int: true,
            });
            truth = super::binary_op(cond, super::BinOp::Ne, zero, Out::New)?;
            Arg::Array(
                truth
                    .as_ref()
                    .ok_or_else(|| Error::invalid("where: condition"))?,
            )
        }
        Arg::Out if arg_dtype(&cond, &out) != Some(DType::Bool) => {
            return Err(Error::invalid(
                "where: a condition that is the output must be a bool array",
            ))
        }
        c => c,
    };
    let dtype = result_type(operand(&x), operand(&y));
    for s in [&x, &y] {
        if let Arg::Scalar(s) = s {
            check_scalar(s, dtype)?;
        }
    }
    let shape = broadcast_shapes(&[
        arg_shape(&cond, &out)?,
        arg_shape(&x, &out)?,
        arg_shape(&y, &out)?,
    ])?;
    let arrays: Vec<&NdArray> = [cond, x, y]
        .iter()
        .filter_map(|a| match a {
            Arg::Array(a) => Some(*a),
            _ => None,
        })
        .collect();
    let fresh = prepare_out(&out, &shape, dtype, fortran_result(&arrays), "where")?;
    let (lc, lx, ly) = (
        arg_layout(&cond, &out, &shape)?,
        arg_layout(&x, &out, &shape)?,
        arg_layout(&y, &out, &shape)?,
    );
    Ok(with_dtype!(dtype, |C| {
        // The (bool) condition is loaded in the result dtype as 0 or 1.
        let s = [
            Src::<C>::of(&cond, &out),
            Src::<C>::of(&x, &out),
            Src::<C>::of(&y, &out),
        ];
        with_target(fresh, out, &shape, &[&lc, &lx, &ly], |walk, bytes, d| {
            run(
                walk,
                bytes,
                d,
                s,
                |[c, a, b]| if c != C::default() { a } else { b },
            )
        })
    }))
}
