//! Numeric kernels with numpy's semantics: elementwise arithmetic with
//! numpy 2 (NEP 50) promotion, casting, and reductions.
//!
//! STUB: filled in by the kernels work.

use crate::array::NdArray;
use crate::dtype::DType;
use crate::error::Result;

/// An elementwise binary operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    /// True division (`/`): integers give float64, as in numpy.
    Div,
}

/// A scalar operand as JS hands it over: `is_int` marks a value that behaves
/// like a Python `int` (a JS integer), otherwise it behaves like a Python `float`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scalar {
    pub value: f64,
    pub is_int: bool,
}

/// The right-hand operand of a binary operation.
#[derive(Debug, Clone, Copy)]
pub enum Operand<'a> {
    Scalar(Scalar),
    Array(&'a NdArray),
}

/// `a op b` elementwise, into a new array with numpy 2's result dtype.
pub fn binary(a: &NdArray, op: BinaryOp, b: Operand<'_>) -> Result<NdArray> {
    let _ = (a, op, b);
    unimplemented!("binary")
}

/// A new array of `shape` filled with `value` converted to `dtype`.
pub fn full(shape: &[usize], value: f64, dtype: DType) -> Result<NdArray> {
    let _ = (shape, value, dtype);
    unimplemented!("full")
}

/// A copy converted to `dtype` with numpy's `astype` (unsafe casting) rules.
pub fn astype(a: &NdArray, dtype: DType) -> Result<NdArray> {
    let _ = (a, dtype);
    unimplemented!("astype")
}

/// `np.sum(a)` as a float.
pub fn sum(a: &NdArray) -> Result<f64> {
    let _ = a;
    unimplemented!("sum")
}

/// `np.mean(a)`.
pub fn mean(a: &NdArray) -> Result<f64> {
    let _ = a;
    unimplemented!("mean")
}

/// `np.average(a)` (unweighted: equal to `np.mean`).
pub fn average(a: &NdArray) -> Result<f64> {
    mean(a)
}

/// `np.min(a)`.
pub fn min(a: &NdArray) -> Result<f64> {
    let _ = a;
    unimplemented!("min")
}

/// `np.max(a)`.
pub fn max(a: &NdArray) -> Result<f64> {
    let _ = a;
    unimplemented!("max")
}

/// `np.std(a, ddof=ddof)`.
pub fn std(a: &NdArray, ddof: f64) -> Result<f64> {
    let _ = (a, ddof);
    unimplemented!("std")
}

/// `np.median(a)`, by linear-time selection.
pub fn median(a: &NdArray) -> Result<f64> {
    let _ = a;
    unimplemented!("median")
}
