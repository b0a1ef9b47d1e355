//! Numeric kernels with numpy's semantics: elementwise arithmetic with
//! numpy 2 (NEP 50) promotion, casting, and reductions.
//!
//! Every kernel runs on Rayon's *current* pool (`rayon::join`, parallel
//! iterators), so the caller picks the pool with `install`; arrays under
//! 64K elements are processed on the calling thread.
//!
//! - `arith.rs` has [`binary`] (result dtypes in `promote.rs`);
//! - `cast.rs` has [`astype`] and [`full`];
//! - `reduce.rs` has [`sum`], [`mean`], [`average`], [`min`], [`max`] and
//!   [`std`] (numpy's pairwise summation is in `pairwise.rs`);
//! - `median.rs` has [`median`].

mod arith;
mod cast;
pub(crate) mod layout;
mod median;
pub(crate) mod num;
mod pairwise;
pub(crate) mod par;
mod promote;
mod reduce;

use crate::array::NdArray;
use crate::error::Result;

pub use arith::binary;
pub use cast::{astype, full};
pub use median::median;
pub use num::Bool8;
pub use promote::promote_types;
pub use reduce::{max, mean, min, std, sum};

/// An elementwise binary operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    /// `+` (logical or for two bools).
    Add,
    /// `-` (an error for two bools, as in numpy).
    Sub,
    /// `*` (logical and for two bools).
    Mul,
    /// True division (`/`): integers give float64, as in numpy.
    Div,
}

/// A scalar operand as JS hands it over: `is_int` marks a value that behaves
/// like a Python `int` (a JS integer), otherwise it behaves like a Python `float`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scalar {
    /// The value.
    pub value: f64,
    /// True when the value behaves like a Python `int`.
    pub is_int: bool,
}

/// The right-hand operand of a binary operation.
#[derive(Debug, Clone, Copy)]
pub enum Operand<'a> {
    /// A Python-like scalar (weakly typed, NEP 50).
    Scalar(Scalar),
    /// An array of the same shape (no broadcasting).
    Array(&'a NdArray),
}

/// `np.average(a)` (unweighted: equal to `np.mean`).
pub fn average(a: &NdArray) -> Result<f64> {
    mean(a)
}
