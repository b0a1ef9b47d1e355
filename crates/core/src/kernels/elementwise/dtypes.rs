//! Which dtype an elementwise operation computes in and returns, as numpy 2
//! (NEP 50) decides: array dtypes promote (`promote_types`); a Python int
//! scalar takes the array's dtype (and must fit it), a Python float scalar
//! keeps a float array's dtype and makes integers float64.

use crate::dtype::DType;
use crate::error::Result;

use super::super::cast::{checked_int, is_integral};
use super::super::num::with_dtype;
use super::super::promote::promote_types;
use super::super::Scalar;

/// numpy's `can_cast(from, to, casting='same_kind')`: safe casts, or casts
/// to the same or a higher kind (bool < unsigned < signed < float).
pub fn can_cast_same_kind(from: DType, to: DType) -> bool {
    let rank = |d: DType| match d.kind() {
        'b' => 0,
        'u' => 1,
        'i' => 2,
        _ => 3,
    };
    rank(from) <= rank(to)
}

/// The dtype an operand brings to promotion: an array's own, or for a
/// scalar the dtype it takes next to `other` (the array's dtype).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Operand {
    Array(DType),
    Scalar(Scalar),
}

/// True when a scalar behaves as a Python int.
pub(crate) fn is_int(s: &Scalar) -> bool {
    s.is_int && is_integral(s.value)
}

/// The dtype a weak scalar takes next to an array of `a`.
fn weak(a: DType, s: &Scalar) -> DType {
    if is_int(s) {
        if a == DType::Bool {
            DType::Int64
        } else {
            a
        }
    } else if a.is_float() {
        a
    } else {
        DType::Float64
    }
}

/// A scalar alone (both operands scalars): Python int → int64, float → float64.
fn strong(s: &Scalar) -> DType {
    if is_int(s) {
        DType::Int64
    } else {
        DType::Float64
    }
}

/// numpy's `result_type` of two operands (at most one scalar has effect
/// per side; two scalars give int64 / float64).
pub(crate) fn result_type(a: Operand, b: Operand) -> DType {
    match (a, b) {
        (Operand::Array(x), Operand::Array(y)) => promote_types(x, y),
        (Operand::Array(x), Operand::Scalar(s)) | (Operand::Scalar(s), Operand::Array(x)) => {
            weak(x, &s)
        }
        (Operand::Scalar(s), Operand::Scalar(t)) => promote_types(strong(&s), strong(&t)),
    }
}

/// numpy's OverflowError when a Python int scalar does not fit the
/// computation dtype.
pub(crate) fn check_scalar(s: &Scalar, dtype: DType) -> Result<()> {
    if is_int(s) && dtype.is_integer() {
        with_dtype!(dtype, |T| checked_int::<T>(s.value).map(|_| ()))
    } else {
        Ok(())
    }
}

/// True when a Python int scalar lies outside an integer dtype's range.
pub(crate) fn out_of_range(s: &Scalar, dtype: DType) -> bool {
    is_int(s) && dtype.is_integer() && check_scalar(s, dtype).is_err()
}
