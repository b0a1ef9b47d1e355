//! Result dtypes of arithmetic, as numpy 2 (NEP 50) decides them.

use crate::dtype::DType;
use crate::error::{Error, Result};

use super::cast::{checked_int, is_integral};
use super::num::with_dtype;
use super::{BinaryOp, Scalar};

/// numpy's `np.promote_types(a, b)` for the supported dtypes.
pub fn promote_types(a: DType, b: DType) -> DType {
    use DType::*;
    if a == b {
        return a;
    }
    match (a, b) {
        (Bool, x) | (x, Bool) => x,
        (Float64, _) | (_, Float64) => Float64,
        (Float32, x) | (x, Float32) => {
            // float32 holds 8- and 16-bit integers exactly; wider ones need float64.
            if x.itemsize() <= 2 {
                Float32
            } else {
                Float64
            }
        }
        _ if a.is_signed_integer() == b.is_signed_integer() => {
            if a.itemsize() >= b.itemsize() {
                a
            } else {
                b
            }
        }
        _ => {
            let (s, u) = if a.is_signed_integer() {
                (a, b)
            } else {
                (b, a)
            };
            if s.itemsize() > u.itemsize() {
                s
            } else {
                // The smallest signed type holding both, if there is one.
                match u.itemsize() {
                    1 => Int16,
                    2 => Int32,
                    4 => Int64,
                    _ => Float64,
                }
            }
        }
    }
}

/// numpy's error for `bool - bool`.
fn bool_subtract() -> Error {
    Error::invalid(
        "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, \
         the `^` operator, or the logical_xor function instead.",
    )
}

/// The dtype an operation computes and returns in, given the promoted dtype:
/// true division of integers or bools is done in float64.
fn for_op(promoted: DType, op: BinaryOp) -> Result<DType> {
    match (op, promoted) {
        (BinaryOp::Sub, DType::Bool) => Err(bool_subtract()),
        (BinaryOp::Div, d) if !d.is_float() => Ok(DType::Float64),
        (_, d) => Ok(d),
    }
}

/// Result dtype of `array(a) op array(b)`.
pub fn array_result(a: DType, op: BinaryOp, b: DType) -> Result<DType> {
    for_op(promote_types(a, b), op)
}

/// How a scalar operand enters the computation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WeakScalar {
    /// A Python int that fits the computation dtype (checked).
    Int(i128),
    /// A Python float (or an int going into a float computation).
    Float(f64),
}

/// Result dtype of `array(a) op scalar`, with the scalar as it enters.
///
/// A Python int is weak: it takes the array's dtype, and must fit it
/// (numpy's OverflowError otherwise); with a bool array it is an int64.
/// A Python float is weak too: float arrays keep their dtype, integer and
/// bool arrays go to float64. True division of an integer or bool array is
/// float64 whatever the scalar. A scalar marked `is_int` that is not finite and
/// integral is treated as a float.
pub fn scalar_result(a: DType, op: BinaryOp, s: Scalar) -> Result<(DType, WeakScalar)> {
    let promoted = if op == BinaryOp::Div && !a.is_float() {
        // numpy divides integer and bool arrays by any Python number in
        // float64, without a range check on an int.
        DType::Float64
    } else if s.is_int && is_integral(s.value) {
        let int_dtype = if a == DType::Bool { DType::Int64 } else { a };
        if int_dtype.is_integer() {
            check_int_range(s.value, int_dtype)?;
        }
        int_dtype
    } else if a.is_float() {
        a
    } else {
        DType::Float64
    };
    let dtype = for_op(promoted, op)?;
    let weak = if dtype.is_float() {
        WeakScalar::Float(s.value)
    } else {
        WeakScalar::Int(s.value as i128)
    };
    Ok((dtype, weak))
}

/// numpy's OverflowError when a Python int does not fit an integer dtype.
fn check_int_range(value: f64, dtype: DType) -> Result<()> {
    with_dtype!(dtype, |T| checked_int::<T>(value).map(|_| ()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use DType::*;

    #[test]
    fn promotion_table_matches_numpy() {
        let cases = [
            (Int8, UInt8, Int16),
            (Int64, UInt64, Float64),
            (Int16, Float32, Float32),
            (Int32, Float32, Float64),
            (UInt16, Int16, Int32),
            (UInt32, Int64, Int64),
            (UInt32, Int8, Int64),
            (Bool, UInt8, UInt8),
            (Float32, Float64, Float64),
            (UInt8, UInt16, UInt16),
        ];
        for (a, b, r) in cases {
            assert_eq!(promote_types(a, b), r, "{a} + {b}");
            assert_eq!(promote_types(b, a), r, "{b} + {a}");
        }
    }

    #[test]
    fn weak_scalars() {
        let int = |v| Scalar {
            value: v,
            is_int: true,
        };
        let float = |v| Scalar {
            value: v,
            is_int: false,
        };
        let e = scalar_result(UInt8, BinaryOp::Add, int(300.0)).unwrap_err();
        assert_eq!(e.to_string(), "Python integer 300 out of bounds for uint8");
        assert!(scalar_result(UInt8, BinaryOp::Add, int(-1.0)).is_err());
        assert!(scalar_result(Int64, BinaryOp::Add, int(9223372036854775808.0)).is_err());
        assert_eq!(
            scalar_result(Bool, BinaryOp::Add, int(1.0)).unwrap().0,
            Int64
        );
        assert_eq!(
            scalar_result(Int32, BinaryOp::Mul, float(1.5)).unwrap().0,
            Float64
        );
        assert_eq!(
            scalar_result(Float32, BinaryOp::Div, int(2.0)).unwrap().0,
            Float32
        );
        assert_eq!(
            scalar_result(Int16, BinaryOp::Div, int(2.0)).unwrap().0,
            Float64
        );
        assert_eq!(
            scalar_result(UInt8, BinaryOp::Div, int(300.0)).unwrap().0,
            Float64
        );
        assert!(scalar_result(Bool, BinaryOp::Sub, int(1.0)).is_ok());
        assert!(array_result(Bool, BinaryOp::Sub, Bool).is_err());
        assert_eq!(array_result(Bool, BinaryOp::Div, Bool).unwrap(), Float64);
    }
}
