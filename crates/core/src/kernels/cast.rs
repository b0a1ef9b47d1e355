//! Casting: `astype`, `full`, and the element conversions they share with
//! arithmetic.
//!
//! Float to integer follows C's cast as numpy's x86-64 build performs it:
//! truncation toward zero; a value out of range (or NaN) gives what the
//! `cvttsd2si` instruction gives, i.e. the most negative 32- or 64-bit
//! integer, narrowed by wrapping for 8- and 16-bit targets (300.0 → int8 44,
//! NaN → int32 -2147483648, 1e20 → int64 -9223372036854775808). Unsigned
//! 32/64-bit targets use the compiler's bias trick (values ≥ 2^31 / 2^63
//! are shifted down first), so -1.0 → uint32 4294967295. numpy's own answer
//! for out-of-range values is undefined behaviour in C and varies with its
//! SIMD paths (the same NaN can give 0 or 2147483648 as uint32 depending on
//! array length); in-range values always agree. Rust's saturating `as`
//! would instead give 127 for 300.0 → int8 and 0 for NaN.

use crate::array::NdArray;
use crate::dtype::DType;
use crate::error::{Error, Result};

use super::num::{cast, typed_as, with_array, with_dtype, Num};
use super::par::for_each_chunk;

const TWO_31: f64 = 2147483648.0;
const TWO_63: f64 = 9223372036854775808.0;

/// `(int32_t)v` as x86-64 computes it (`cvttsd2si`, 32-bit).
#[inline(always)]
pub fn f64_to_i32_c(v: f64) -> i32 {
    if (-TWO_31..TWO_31).contains(&v) {
        v as i32
    } else {
        i32::MIN
    }
}

/// `(int64_t)v` as x86-64 computes it (`cvttsd2si`, 64-bit).
#[inline(always)]
pub fn f64_to_i64_c(v: f64) -> i64 {
    if (-TWO_63..TWO_63).contains(&v) {
        v as i64
    } else {
        i64::MIN
    }
}

/// `(uint32_t)v` as compiled for x86-64 (bias trick above 2^31).
#[inline(always)]
pub fn f64_to_u32_c(v: f64) -> u32 {
    if v >= TWO_31 {
        (f64_to_i32_c(v - TWO_31) as u32) ^ 0x8000_0000
    } else {
        f64_to_i32_c(v) as u32
    }
}

/// `(uint64_t)v` as compiled for x86-64 (bias trick above 2^63).
#[inline(always)]
pub fn f64_to_u64_c(v: f64) -> u64 {
    if v >= TWO_63 {
        (f64_to_i64_c(v - TWO_63) as u64) ^ (1 << 63)
    } else {
        f64_to_i64_c(v) as u64
    }
}

/// Converts `src` elementwise into `dst` (same length).
#[inline]
pub fn cast_slice_into<S: Num, D: Num>(src: &[S], dst: &mut [D]) {
    for (d, &s) in dst.iter_mut().zip(src) {
        *d = cast(s);
    }
}

/// Elements `start..start + buf.len()` of `a` as `R`: borrowed directly when
/// `a` already holds `R`, else converted into `buf`.
pub fn load<'s, R: Num>(a: &'s NdArray, start: usize, buf: &'s mut [R]) -> &'s [R] {
    let end = start + buf.len();
    if let Some(s) = typed_as::<R>(a) {
        return &s[start..end];
    }
    with_array!(a, |s| cast_slice_into(&s[start..end], &mut *buf));
    buf
}

/// A copy of `a` converted to `dtype` (numpy's `astype`, memory order kept).
pub fn astype(a: &NdArray, dtype: DType) -> Result<NdArray> {
    if a.dtype() == dtype {
        return Ok(a.clone());
    }
    let mut out = a.for_overwrite_like(dtype);
    with_dtype!(dtype, |D| {
        let o = out.typed_mut::<D>()?;
        for_each_chunk(o, |start, c| {
            let end = start + c.len();
            with_array!(a, |s| cast_slice_into(&s[start..end], c));
        });
    });
    Ok(out)
}

/// The error numpy raises for a Python int that does not fit a dtype.
pub fn int_out_of_bounds(value: f64, dtype: DType) -> Error {
    Error::invalid(format!(
        "Python integer {value:.0} out of bounds for {dtype}"
    ))
}

/// True when `value` behaves as a Python int: finite and integral.
pub fn is_integral(value: f64) -> bool {
    value.is_finite() && value.fract() == 0.0
}

/// An integral value as `dtype` (an integer dtype), or numpy's OverflowError.
pub fn checked_int<T: Num>(value: f64) -> Result<T> {
    let v = value as i128;
    if T::from_i128(v).to_i128() == v {
        Ok(T::from_i128(v))
    } else {
        Err(int_out_of_bounds(value, T::DTYPE))
    }
}

/// `value` as a `T` the way `np.full(shape, value, dtype)` converts it: an
/// integral value is a Python int (an error when it does not fit an integer
/// dtype), any other value a Python float (cast, truncating for integers).
fn fill_value<T: Num>(value: f64) -> Result<T> {
    if T::DTYPE.is_integer() && is_integral(value) {
        checked_int::<T>(value)
    } else {
        Ok(T::from_f64(value))
    }
}

/// `np.full(shape, value, dtype)` (C order). Filled on the calling thread,
/// never a pool: `NdArray.full` is a synchronous constructor, and the JS
/// thread must never wait for pool threads that may all be busy.
pub fn full(shape: &[usize], value: f64, dtype: DType) -> Result<NdArray> {
    let mut out = NdArray::for_overwrite(shape, dtype, false)?;
    with_dtype!(dtype, |T| {
        let v = fill_value::<T>(value)?;
        out.typed_mut::<T>()?.fill(v);
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_to_int_like_numpy_on_x86() {
        let v = [
            300.0,
            -1.0,
            1e10,
            f64::NAN,
            f64::INFINITY,
            -129.7,
            255.9,
            -0.9,
        ];
        let a = NdArray::from_slice(&v, &[8]).unwrap();
        let i8s = astype(&a, DType::Int8).unwrap();
        assert_eq!(i8s.typed::<i8>().unwrap(), &[44, -1, 0, 0, 0, 127, -1, 0]);
        let u8s = astype(&a, DType::UInt8).unwrap();
        assert_eq!(u8s.typed::<u8>().unwrap(), &[44, 255, 0, 0, 0, 127, 255, 0]);
        let w = [1e19, -1.0, 1e20, f64::INFINITY, -1e19, -0.9];
        let b = NdArray::from_slice(&w, &[6]).unwrap();
        let u64s = astype(&b, DType::UInt64).unwrap();
        let expect = [10_000_000_000_000_000_000, u64::MAX, 0, 0, 1 << 63, 0];
        assert_eq!(u64s.typed::<u64>().unwrap(), &expect);
        assert_eq!(f64_to_u32_c(3e9), 3_000_000_000);
        assert_eq!(f64_to_i32_c(f64::NAN), i32::MIN);
    }

    #[test]
    fn full_checks_python_ints() {
        let e = full(&[3], 300.0, DType::UInt8).unwrap_err().to_string();
        assert_eq!(e, "Python integer 300 out of bounds for uint8");
        assert!(full(&[3], -1.0, DType::UInt8).is_err());
        let a = full(&[2], 1.5, DType::Int32).unwrap();
        assert_eq!(a.typed::<i32>().unwrap(), &[1, 1]);
        let b = full(&[2], 0.5, DType::Bool).unwrap();
        assert_eq!(b.as_bytes(), &[1, 1]);
        let c = full(&[2], 1e40, DType::Float32).unwrap();
        assert_eq!(c.typed::<f32>().unwrap(), &[f32::INFINITY; 2]);
    }
}
