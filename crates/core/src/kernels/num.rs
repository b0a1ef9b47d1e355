//! The element types as the kernels see them: one trait, [`Num`], giving
//! numpy's conversions, arithmetic and order-preserving keys for every
//! dtype, and macros that turn a runtime dtype into a generic call.

use crate::array::{Element, NdArray};
use crate::dtype::DType;

/// numpy's `bool` as stored: one byte, nonzero meaning true. A distinct type
/// (not `u8`) so that generic kernels give it bool semantics.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(transparent)]
pub struct Bool8(pub u8);

impl Element for Bool8 {
    const DTYPE: DType = DType::Bool;
}

/// What every kernel needs from an element type.
pub trait Num: Element + Copy + Default {
    /// True for float32/float64: conversions go through `f64`, not `i128`.
    const IS_FLOAT: bool;
    /// Keys below this (or above [`Num::KEY_HIGHEST`]) are NaNs; integers have none.
    const KEY_LOWEST: u64;
    /// See [`Num::KEY_LOWEST`].
    const KEY_HIGHEST: u64;
    /// The exact integer value (integers and bool; floats never use it).
    fn to_i128(self) -> i128;
    /// The value as a double, rounded as C's `(double)x` rounds.
    fn to_f64(self) -> f64;
    /// C's cast from a wide integer: integers wrap, floats round once, bool is `!= 0`.
    fn from_i128(v: i128) -> Self;
    /// numpy's cast from a double (see `cast.rs` for out-of-range values).
    fn from_f64(v: f64) -> Self;
    /// numpy's `+` in this dtype (integers wrap; bool is logical or).
    fn add(self, o: Self) -> Self;
    /// numpy's `-` (integers wrap; never called for bool, which is refused).
    fn sub(self, o: Self) -> Self;
    /// numpy's `*` (integers wrap; bool is logical and).
    fn mul(self, o: Self) -> Self;
    /// `/` for floats; never called for integers or bool (they divide in float64).
    fn div(self, o: Self) -> Self;
    /// True for a NaN.
    fn is_nan(self) -> bool;
    /// An unsigned key with the same order as the values (NaNs at the extremes).
    fn key(self) -> u64;
    /// The value a key came from.
    fn from_key(k: u64) -> Self;
}

/// Converts one element to another dtype with numpy's (unsafe) casting.
#[inline(always)]
pub fn cast<S: Num, D: Num>(s: S) -> D {
    if S::IS_FLOAT {
        D::from_f64(s.to_f64())
    } else {
        D::from_i128(s.to_i128())
    }
}

/// The conversions that are plain `as` casts for every primitive type
/// (C's conversions: integers wrap, floats round to nearest).
macro_rules! primitive_casts {
    ($t:ty) => {
        #[inline(always)]
        fn to_i128(self) -> i128 {
            self as i128
        }
        #[inline(always)]
        fn to_f64(self) -> f64 {
            self as f64
        }
        #[inline(always)]
        fn from_i128(v: i128) -> Self {
            v as $t
        }
    };
}

macro_rules! int_num {
    ($($t:ty, $ut:ty, $from_f64:path);* $(;)?) => {$(
        impl Num for $t {
            const IS_FLOAT: bool = false;
            const KEY_LOWEST: u64 = 0;
            const KEY_HIGHEST: u64 = <$ut>::MAX as u64;
            primitive_casts!($t);
            #[inline(always)]
            fn from_f64(v: f64) -> Self { $from_f64(v) as $t }
            #[inline(always)]
            fn add(self, o: Self) -> Self { self.wrapping_add(o) }
            #[inline(always)]
            fn sub(self, o: Self) -> Self { self.wrapping_sub(o) }
            #[inline(always)]
            fn mul(self, o: Self) -> Self { self.wrapping_mul(o) }
            #[inline(always)]
            fn div(self, o: Self) -> Self { Self::from_f64(self.to_f64() / o.to_f64()) }
            #[inline(always)]
            fn is_nan(self) -> bool { false }
            #[inline(always)]
            fn key(self) -> u64 {
                // Flipping the sign bit orders two's complement as unsigned;
                // for unsigned types `MIN` is 0 and this is the identity.
                ((self as $ut) ^ (<$t>::MIN as $ut)) as u64
            }
            #[inline(always)]
            fn from_key(k: u64) -> Self { ((k as $ut) ^ (<$t>::MIN as $ut)) as $t }
        }
    )*};
}

use super::cast::{f64_to_i32_c, f64_to_i64_c, f64_to_u32_c, f64_to_u64_c};

int_num!(
    i8, u8, f64_to_i32_c;
    i16, u16, f64_to_i32_c;
    i32, u32, f64_to_i32_c;
    i64, u64, f64_to_i64_c;
    u8, u8, f64_to_i32_c;
    u16, u16, f64_to_i32_c;
    u32, u32, f64_to_u32_c;
    u64, u64, f64_to_u64_c;
);

macro_rules! float_num {
    ($($t:ty, $bits:ty);* $(;)?) => {$(
        impl Num for $t {
            const IS_FLOAT: bool = true;
            const KEY_LOWEST: u64 = float_key!(<$t>::NEG_INFINITY.to_bits(), $bits);
            const KEY_HIGHEST: u64 = float_key!(<$t>::INFINITY.to_bits(), $bits);
            primitive_casts!($t);
            #[inline(always)]
            fn from_f64(v: f64) -> Self { v as $t }
            #[inline(always)]
            fn add(self, o: Self) -> Self { self + o }
            #[inline(always)]
            fn sub(self, o: Self) -> Self { self - o }
            #[inline(always)]
            fn mul(self, o: Self) -> Self { self * o }
            #[inline(always)]
            fn div(self, o: Self) -> Self { self / o }
            #[inline(always)]
            fn is_nan(self) -> bool { self != self }
            #[inline(always)]
            fn key(self) -> u64 { float_key!(self.to_bits(), $bits) }
            #[inline(always)]
            fn from_key(k: u64) -> Self {
                let k = k as $bits;
                let sign = 1 << (<$bits>::BITS - 1);
                <$t>::from_bits(if k & sign != 0 { k ^ sign } else { !k })
            }
        }
    )*};
}

/// Negative floats: flip every bit (larger magnitude sorts lower);
/// positive: set the sign bit (they sort above all negatives).
macro_rules! float_key {
    ($b:expr, $bits:ty) => {{
        let b: $bits = $b;
        let sign: $bits = 1 << (<$bits>::BITS - 1);
        (if b & sign != 0 { !b } else { b | sign }) as u64
    }};
}

float_num!(f32, u32; f64, u64);

impl Num for Bool8 {
    const IS_FLOAT: bool = false;
    const KEY_LOWEST: u64 = 0;
    const KEY_HIGHEST: u64 = 1;
    #[inline(always)]
    fn to_i128(self) -> i128 {
        (self.0 != 0) as i128
    }
    #[inline(always)]
    fn to_f64(self) -> f64 {
        (self.0 != 0) as u8 as f64
    }
    #[inline(always)]
    fn from_i128(v: i128) -> Self {
        Bool8((v != 0) as u8)
    }
    #[inline(always)]
    fn from_f64(v: f64) -> Self {
        // NaN is nonzero, hence true, as in numpy.
        Bool8((v != 0.0) as u8)
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        Bool8(((self.0 | o.0) != 0) as u8)
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        Bool8(((self.0 != 0) ^ (o.0 != 0)) as u8)
    }
    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        Bool8((self.0 != 0 && o.0 != 0) as u8)
    }
    #[inline(always)]
    fn div(self, o: Self) -> Self {
        Bool8::from_f64(self.to_f64() / o.to_f64())
    }
    #[inline(always)]
    fn is_nan(self) -> bool {
        false
    }
    #[inline(always)]
    fn key(self) -> u64 {
        (self.0 != 0) as u64
    }
    #[inline(always)]
    fn from_key(k: u64) -> Self {
        Bool8((k != 0) as u8)
    }
}

/// Expands to a `match` over [`DType`] that binds `$T` to each Rust type.
macro_rules! dtype_match {
    ($dtype:expr, $T:ident, $body:expr, $($v:ident => $t:ty),*) => {
        match $dtype {
            $($crate::dtype::DType::$v => {
                type $T = $t;
                $body
            })*
        }
    };
}
pub(crate) use dtype_match;

/// Runs `$body` with `$T` bound to the Rust type of a [`DType`] (bool as
/// [`Bool8`]), so the body is generic over the element type.
macro_rules! with_dtype {
    ($dtype:expr, |$T:ident| $body:expr) => {
        $crate::kernels::num::dtype_match!(
            $dtype, $T, $body,
            Bool => $crate::kernels::num::Bool8, Int8 => i8, Int16 => i16, Int32 => i32,
            Int64 => i64, UInt8 => u8, UInt16 => u16, UInt32 => u32, UInt64 => u64,
            Float32 => f32, Float64 => f64
        )
    };
}
pub(crate) use with_dtype;

/// Runs `$body` with `$s` bound to the elements of an array as a typed
/// slice (bools as `&[Bool8]`).
macro_rules! with_array {
    ($a:expr, |$s:ident| $body:expr) => {{
        let array: &$crate::array::NdArray = $a;
        $crate::kernels::num::with_dtype!(array.dtype(), |T| {
            // Cannot fail: `T` is the type of the array's own dtype.
            let $s: &[T] = array.typed::<T>().unwrap_or(&[]);
            $body
        })
    }};
}
pub(crate) use with_array;

/// The elements of `a` if they already are of type `T` (no conversion).
pub fn typed_as<T: Num>(a: &NdArray) -> Option<&[T]> {
    if a.dtype() == T::DTYPE {
        a.typed().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_preserve_order() {
        let f = [
            f64::NEG_INFINITY,
            -1.5,
            -0.0,
            0.0,
            1e-300,
            2.0,
            f64::INFINITY,
        ];
        for w in f.windows(2) {
            assert!(w[0].key() < w[1].key(), "{w:?}");
        }
        assert!(f64::NAN.key() > f64::KEY_HIGHEST);
        assert!((-f64::NAN).key() < f64::KEY_LOWEST);
        for v in [-3.25f32, 0.0, 7.0] {
            assert_eq!(f32::from_key(v.key()), v);
        }
        for v in [i16::MIN, -1, 0, 1, i16::MAX] {
            assert_eq!(i16::from_key(v.key()), v);
        }
        assert!((-1i64).key() < 0i64.key());
        assert_eq!(u8::MAX.key(), 255);
    }

    #[test]
    fn casts_follow_c() {
        assert_eq!(
            cast::<i64, f32>((1 << 53) + 1 + (1 << 29)),
            9007200328482816.0
        );
        assert_eq!(cast::<f64, i8>(-1.9), -1);
        assert_eq!(cast::<i16, u8>(-1), 255);
        assert_eq!(cast::<f64, Bool8>(f64::NAN), Bool8(1));
        assert_eq!(cast::<Bool8, i32>(Bool8(7)), 1);
    }
}
