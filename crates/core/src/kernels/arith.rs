//! Elementwise `+ - * /` with a scalar or a same-shape array.
//!
//! Operands are converted to the result dtype block by block into small
//! stack buffers (as numpy's buffered iterator does), so no operand-sized
//! temporary is ever made, and each output chunk is written in place.

use crate::array::NdArray;
use crate::error::{Error, Result};

use super::cast::load;
use super::layout::{same_layout, to_c_order};
use super::num::{with_dtype, Num};
use super::par::for_each_chunk;
use super::promote::{array_result, scalar_result, WeakScalar};
use super::{BinaryOp, Operand};

/// Elements converted at a time; the buffers live on the stack.
const BLOCK: usize = 256;

/// The right-hand side, in the computation dtype where it is a scalar.
enum Rhs<'a, R> {
    Scalar(R),
    Array(&'a NdArray),
}

/// `a op b` elementwise, into a new array with numpy 2's result dtype.
pub fn binary(a: &NdArray, op: BinaryOp, b: Operand<'_>) -> Result<NdArray> {
    match b {
        Operand::Scalar(s) => {
            let (dtype, weak) = scalar_result(a.dtype(), op, s)?;
            with_dtype!(dtype, |R| {
                let v = match weak {
                    WeakScalar::Int(i) => R::from_i128(i),
                    WeakScalar::Float(f) => R::from_f64(f),
                };
                compute::<R>(a, op, Rhs::Scalar(v), a.for_overwrite_like(dtype))
            })
        }
        Operand::Array(b) => {
            if a.shape() != b.shape() {
                return Err(Error::invalid(format!(
                    "operands could not be broadcast together with shapes {:?} {:?} \
                     (arrays must have the same shape)",
                    a.shape(),
                    b.shape()
                )));
            }
            let dtype = array_result(a.dtype(), op, b.dtype())?;
            if same_layout(a, b) {
                return with_dtype!(dtype, |R| compute::<R>(
                    a,
                    op,
                    Rhs::Array(b),
                    a.for_overwrite_like(dtype)
                ));
            }
            // Orders differ: numpy then returns C order. The Fortran operand
            // is copied to C order first (one operand-sized copy).
            let (ac, bc) = (to_c_order(a)?, to_c_order(b)?);
            let (a, b) = (ac.as_ref().unwrap_or(a), bc.as_ref().unwrap_or(b));
            with_dtype!(dtype, |R| compute::<R>(
                a,
                op,
                Rhs::Array(b),
                a.for_overwrite_like(dtype)
            ))
        }
    }
}

/// Fills `out` (of dtype `R`, laid out like `a`) with `a op rhs`.
fn compute<R: Num>(
    a: &NdArray,
    op: BinaryOp,
    rhs: Rhs<'_, R>,
    mut out: NdArray,
) -> Result<NdArray> {
    let o = out.typed_mut::<R>()?;
    for_each_chunk(o, |start, chunk| {
        let mut xa = [R::default(); BLOCK];
        let mut xb = [R::default(); BLOCK];
        if let Rhs::Scalar(v) = rhs {
            xb.fill(v);
        }
        for (k, o) in chunk.chunks_mut(BLOCK).enumerate() {
            let s = start + k * BLOCK;
            let n = o.len();
            let x = load(a, s, &mut xa[..n]);
            let y = match rhs {
                Rhs::Scalar(_) => &xb[..n],
                Rhs::Array(b) => load(b, s, &mut xb[..n]),
            };
            match op {
                BinaryOp::Add => zip_with(x, y, o, R::add),
                BinaryOp::Sub => zip_with(x, y, o, R::sub),
                BinaryOp::Mul => zip_with(x, y, o, R::mul),
                BinaryOp::Div => zip_with(x, y, o, R::div),
            }
        }
    });
    Ok(out)
}

/// `o[i] = f(x[i], y[i])`; `f` is a function item, so it inlines and the
/// loop vectorises.
#[inline(always)]
fn zip_with<R: Num>(x: &[R], y: &[R], o: &mut [R], f: impl Fn(R, R) -> R) {
    for ((o, &x), &y) in o.iter_mut().zip(x).zip(y) {
        *o = f(x, y);
    }
}
