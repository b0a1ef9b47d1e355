//! Whole-array reductions with numpy's algorithms and NaN rules: `sum`,
//! `mean`, `std`, `min`, `max`. All walk memory order, as numpy does for a
//! contiguous array (C or Fortran).
//!
//! What numpy computes, and so what we compute:
//! - float64: `0.0 + pairwise(all)` (the reduction starts from the add
//!   identity and calls the pairwise loop once over the contiguous data);
//!   mean divides that by n. Bit-exact.
//! - float32: the same in float32; the mean is `float32(double(sum) / n)`
//!   (numpy divides a float32 scalar by an intp count in float64). Bit-exact.
//! - integers and bool: `sum` is the int64/uint64 sum, wrapping as numpy's
//!   does, then rounded to a double. `mean` casts to float64 in numpy's
//!   8192-element buffers: `acc = 0.0; acc += pairwise(chunk)` per chunk,
//!   then `/ n`. Bit-exact.
//! - `std` is numpy's `_var`: the mean as above, then the pairwise sum of
//!   squared deviations over the whole array (computed on the fly here,
//!   where numpy materialises `x - mean`), divided by `max(n - ddof, 0)`,
//!   square-rooted (in float32 for float32 input).

use rayon::prelude::*;

use crate::array::NdArray;
use crate::error::{Error, Result};

use super::axis::extreme;
use super::num::{with_array, Num};
use super::pairwise::pairwise;
use super::par::{CHUNK, PAR_MIN};

/// numpy's default iterator buffer size: casts happen this many at a time.
const NPY_BUFSIZE: usize = 8192;

/// `np.sum(a)` as a double.
pub fn sum(a: &NdArray) -> Result<f64> {
    Ok(with_array!(a, |s| sum_of(s)))
}

/// `np.mean(a)`; NaN for an empty array.
pub fn mean(a: &NdArray) -> Result<f64> {
    Ok(with_array!(a, |s| Stats::of(s).mean_f64()))
}

/// `np.std(a, ddof=ddof)`.
pub fn std(a: &NdArray, ddof: f64) -> Result<f64> {
    Ok(with_array!(a, |s| std_of(s, ddof)))
}

/// `np.min(a)`; NaN if any element is NaN; an error when empty.
pub fn min(a: &NdArray) -> Result<f64> {
    with_array!(a, |s| extreme::<_, true>(s, false).map(|v| v.to_f64()))
        .ok_or_else(|| no_identity("minimum"))
}

/// `np.max(a)`; NaN if any element is NaN; an error when empty.
pub fn max(a: &NdArray) -> Result<f64> {
    with_array!(a, |s| extreme::<_, false>(s, false).map(|v| v.to_f64()))
        .ok_or_else(|| no_identity("maximum"))
}

fn no_identity(op: &str) -> Error {
    Error::invalid(format!(
        "zero-size array to reduction operation {op} which has no identity"
    ))
}

fn sum_of<T: Num>(s: &[T]) -> f64 {
    if T::DTYPE == crate::DType::Float64 {
        0.0 + pairwise(s, &|x: T| x.to_f64())
    } else if T::IS_FLOAT {
        (0.0f32 + pairwise(s, &|x: T| x.to_f64() as f32)) as f64
    } else {
        int_sum(s)
    }
}

/// The integer sum in 64 bits, wrapping like numpy's int64/uint64 sum
/// (two's complement addition is the same for both; only the final
/// reading as a double differs).
fn int_sum<T: Num>(s: &[T]) -> f64 {
    let chunk_sum = |c: &[T]| {
        c.iter()
            .fold(0u64, |acc, &x| acc.wrapping_add(x.to_i128() as u64))
    };
    let total = if s.len() < PAR_MIN {
        chunk_sum(s)
    } else {
        s.par_chunks(CHUNK)
            .map(chunk_sum)
            .reduce(|| 0, u64::wrapping_add)
    };
    if T::DTYPE.is_signed_integer() || T::DTYPE == crate::DType::Bool {
        total as i64 as f64
    } else {
        total as f64
    }
}

/// A mean as numpy computes it for the element type.
enum Stats {
    /// float64 (from float64, integer or bool input).
    F64(f64),
    /// float32 input: numpy keeps float32.
    F32(f32),
}

impl Stats {
    fn of<T: Num>(s: &[T]) -> Stats {
        let n = s.len() as f64;
        if T::DTYPE == crate::DType::Float32 {
            let sum = 0.0f32 + pairwise(s, &|x: T| x.to_f64() as f32);
            Stats::F32((sum as f64 / n) as f32)
        } else if T::IS_FLOAT {
            Stats::F64((0.0 + pairwise(s, &|x: T| x.to_f64())) / n)
        } else {
            Stats::F64(buffered_sum(s) / n)
        }
    }

    fn mean_f64(&self) -> f64 {
        match *self {
            Stats::F64(m) => m,
            Stats::F32(m) => m as f64,
        }
    }
}

/// numpy's float64 sum of a cast input: pairwise within each 8192-element
/// buffer, the buffer sums added in order. The buffer sums are computed in
/// parallel and added sequentially, so the result is exact on any pool.
fn buffered_sum<T: Num>(s: &[T]) -> f64 {
    let f = |x: T| x.to_f64();
    if s.len() < PAR_MIN {
        return s
            .chunks(NPY_BUFSIZE)
            .fold(0.0, |acc, c| acc + pairwise(c, &f));
    }
    let sums: Vec<f64> = s.par_chunks(NPY_BUFSIZE).map(|c| pairwise(c, &f)).collect();
    sums.iter().fold(0.0, |acc, &x| acc + x)
}

fn std_of<T: Num>(s: &[T], ddof: f64) -> f64 {
    let n = s.len() as f64;
    // numpy: max(n - ddof, 0); a NaN ddof stays NaN.
    let d = n - ddof;
    let div = if d < 0.0 { 0.0 } else { d };
    match Stats::of(s) {
        Stats::F32(m) => {
            let ss = 0.0f32
                + pairwise(s, &|x: T| {
                    let d = x.to_f64() as f32 - m;
                    d * d
                });
            ((ss as f64 / div) as f32).sqrt() as f64
        }
        Stats::F64(m) => {
            let ss = 0.0
                + pairwise(s, &|x: T| {
                    let d = x.to_f64() - m;
                    d * d
                });
            (ss / div).sqrt()
        }
    }
}
