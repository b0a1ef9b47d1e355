//! numpy's scalar loops for the operations beyond `+ - * /`: floor
//! division and remainder (Python's sign rules; numpy's `npy_divmod` for
//! floats), integer powers (wrapping), NaN-propagating minimum/maximum,
//! and the float functions (libm's, as numpy calls them).

use super::super::num::{Bool8, Num};
use super::fastmath::ExpLog;

/// Element operations beyond [`Num`]'s, with numpy's semantics per dtype.
pub(crate) trait Ops: Num {
    /// `np.floor_divide` (integer division by zero gives 0, as numpy).
    fn floor_div(self, o: Self) -> Self;
    /// `np.remainder` (sign of the divisor; integer `% 0` gives 0).
    fn rem(self, o: Self) -> Self;
    /// `np.power` (integers wrap; negative integer exponents are refused before).
    fn pow(self, o: Self) -> Self;
    /// `np.minimum` (NaN propagates).
    fn minimum(self, o: Self) -> Self;
    /// `np.maximum` (NaN propagates).
    fn maximum(self, o: Self) -> Self;
    /// `np.negative` (integers wrap).
    fn neg(self) -> Self;
    /// `np.abs` (integers wrap: `abs(MIN) == MIN`).
    fn abs(self) -> Self;
    /// `np.isinf`.
    fn is_inf(self) -> bool;
    /// `np.isfinite`.
    fn is_finite(self) -> bool;
    /// True for a negative value (integer exponents are checked with it).
    fn is_neg(self) -> bool;
    /// A float function applied in this (float) dtype.
    fn float_fn(self, f: FloatFn) -> Self;
    /// `o[i] = x[i].float_fn(f)` over a block (vectorised kernels for the
    /// floats' exp and log, see `fastmath.rs`).
    fn float_block(f: FloatFn, x: &[Self], o: &mut [Self]) {
        for (o, &x) in o.iter_mut().zip(x) {
            *o = x.float_fn(f);
        }
    }
}

/// The float functions of the unary operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FloatFn {
    Sqrt,
    Exp,
    Log,
    Log10,
    Floor,
    Ceil,
    Rint,
}

macro_rules! int_ops {
    ($($t:ty, $signed:expr);* $(;)?) => {$(
        impl Ops for $t {
            #[inline(always)]
            fn floor_div(self, o: Self) -> Self {
                if o == 0 {
                    return 0;
                }
                let q = self.wrapping_div(o);
                #[allow(unused_comparisons)]
                let adjust = $signed && self.wrapping_rem(o) != 0 && ((self < 0) != (o < 0));
                if adjust { q.wrapping_sub(1) } else { q }
            }
            #[inline(always)]
            fn rem(self, o: Self) -> Self {
                if o == 0 {
                    return 0;
                }
                let r = self.wrapping_rem(o);
                #[allow(unused_comparisons)]
                let adjust = $signed && r != 0 && ((r < 0) != (o < 0));
                if adjust { r.wrapping_add(o) } else { r }
            }
            #[inline(always)]
            fn pow(self, o: Self) -> Self {
                let (mut base, mut e, mut acc) = (self, o, 1 as $t);
                while e != 0 {
                    if e & 1 == 1 {
                        acc = acc.wrapping_mul(base);
                    }
                    base = base.wrapping_mul(base);
                    e >>= 1;
                }
                acc
            }
            #[inline(always)]
            fn minimum(self, o: Self) -> Self { if self <= o { self } else { o } }
            #[inline(always)]
            fn maximum(self, o: Self) -> Self { if self >= o { self } else { o } }
            #[inline(always)]
            fn neg(self) -> Self { (0 as $t).wrapping_sub(self) }
            #[inline(always)]
            #[allow(unused_comparisons)]
            fn abs(self) -> Self { if self < 0 { self.neg() } else { self } }
            #[inline(always)]
            fn is_inf(self) -> bool { false }
            #[inline(always)]
            fn is_finite(self) -> bool { true }
            #[inline(always)]
            #[allow(unused_comparisons)]
            fn is_neg(self) -> bool { self < 0 }
            #[inline(always)]
            fn float_fn(self, _f: FloatFn) -> Self { self }
        }
    )*};
}

int_ops!(i8, true; i16, true; i32, true; i64, true; u8, false; u16, false; u32, false; u64, false);

macro_rules! float_ops {
    ($($t:ty),*) => {$(
        impl Ops for $t {
            #[inline(always)]
            fn floor_div(self, o: Self) -> Self {
                if o == 0.0 {
                    return self / o;
                }
                divmod(self, o).0
            }
            #[inline(always)]
            fn rem(self, o: Self) -> Self {
                if o == 0.0 {
                    return self % o;
                }
                divmod(self, o).1
            }
            #[inline(always)]
            fn pow(self, o: Self) -> Self { self.powf(o) }
            // numpy's SIMD loops: the first operand only when strictly
            // smaller (larger) or NaN, so equal zeros give the second.
            #[inline(always)]
            fn minimum(self, o: Self) -> Self {
                if self < o || self.is_nan() { self } else { o }
            }
            #[inline(always)]
            fn maximum(self, o: Self) -> Self {
                if self > o || self.is_nan() { self } else { o }
            }
            #[inline(always)]
            fn neg(self) -> Self { -self }
            #[inline(always)]
            fn abs(self) -> Self { <$t>::abs(self) }
            #[inline(always)]
            fn is_inf(self) -> bool { <$t>::is_infinite(self) }
            #[inline(always)]
            fn is_finite(self) -> bool { <$t>::is_finite(self) }
            #[inline(always)]
            fn is_neg(self) -> bool { self < 0.0 }
            fn float_block(f: FloatFn, x: &[Self], o: &mut [Self]) {
                match f {
                    FloatFn::Exp => <$t as ExpLog>::exp_block(x, o),
                    FloatFn::Log => <$t as ExpLog>::ln_block(x, o),
                    _ => {
                        for (o, &x) in o.iter_mut().zip(x) {
                            *o = x.float_fn(f);
                        }
                    }
                }
            }
            #[inline(always)]
            fn float_fn(self, f: FloatFn) -> Self {
                match f {
                    FloatFn::Sqrt => self.sqrt(),
                    FloatFn::Exp => self.exp(),
                    FloatFn::Log => self.ln(),
                    FloatFn::Log10 => self.log10(),
                    FloatFn::Floor => {
                        let r = rint(self);
                        (if r > self { r - 1.0 } else { r }).copysign(self)
                    }
                    FloatFn::Ceil => {
                        let r = rint(self);
                        (if r < self { r + 1.0 } else { r }).copysign(self)
                    }
                    FloatFn::Rint => rint(self),
                }
            }
        }
    )*};
}

float_ops!(f32, f64);

/// `rint` (round half to even) without a libm call, so loops over it
/// vectorise on the baseline x86-64 (which has no rounding instruction):
/// adding and subtracting 2^(mantissa bits) rounds to an integer in the
/// current (nearest-even) mode. Bit-identical to `round_ties_even`,
/// including -0.0 (the sign is copied back), NaN and large values (already
/// integers, returned as they are).
#[inline(always)]
fn rint<F: RoundFloat>(x: F) -> F {
    let y = x.abs();
    let r = ((y + F::BIG) - F::BIG).copysign(x);
    if y < F::BIG {
        r
    } else {
        x
    }
}

/// What [`rint`] needs of f32/f64.
trait RoundFloat:
    Copy + PartialOrd + std::ops::Add<Output = Self> + std::ops::Sub<Output = Self>
{
    /// 2^(mantissa bits): from here on every value is an integer.
    const BIG: Self;
    fn abs(self) -> Self;
    fn copysign(self, sign: Self) -> Self;
}

impl RoundFloat for f32 {
    const BIG: f32 = 8_388_608.0;
    fn abs(self) -> f32 {
        f32::abs(self)
    }
    fn copysign(self, sign: f32) -> f32 {
        f32::copysign(self, sign)
    }
}

impl RoundFloat for f64 {
    const BIG: f64 = 4_503_599_627_370_496.0;
    fn abs(self) -> f64 {
        f64::abs(self)
    }
    fn copysign(self, sign: f64) -> f64 {
        f64::copysign(self, sign)
    }
}

/// numpy's `npy_divmod` for a nonzero divisor: (floor quotient, remainder).
#[inline(always)]
fn divmod<F: num_float::Float>(a: F, b: F) -> (F, F) {
    let mut m = a % b;
    let mut div = (a - m) / b;
    let zero = F::ZERO;
    if m != zero {
        if (b < zero) != (m < zero) {
            m = m + b;
            div = div - F::ONE;
        }
    } else {
        m = zero.copysign(b);
    }
    let floordiv = if div != zero {
        let f = div.floor();
        if div - f > F::HALF {
            f + F::ONE
        } else {
            f
        }
    } else {
        zero.copysign(a / b)
    };
    (floordiv, m)
}

/// The float operations `divmod` needs, for f32 and f64.
mod num_float {
    use std::ops::{Add, Div, Rem, Sub};

    pub trait Float:
        Copy
        + PartialOrd
        + Add<Output = Self>
        + Sub<Output = Self>
        + Div<Output = Self>
        + Rem<Output = Self>
    {
        const ZERO: Self;
        const ONE: Self;
        const HALF: Self;
        fn floor(self) -> Self;
        fn copysign(self, sign: Self) -> Self;
    }

    macro_rules! float {
        ($($t:ty),*) => {$(
            impl Float for $t {
                const ZERO: Self = 0.0;
                const ONE: Self = 1.0;
                const HALF: Self = 0.5;
                fn floor(self) -> Self { <$t>::floor(self) }
                fn copysign(self, sign: Self) -> Self { <$t>::copysign(self, sign) }
            }
        )*};
    }
    float!(f32, f64);
}

impl Ops for Bool8 {
    // Arithmetic beyond + and * is computed in int8 for bools (numpy's
    // loops), so only the order and identity operations are reached here.
    fn floor_div(self, o: Self) -> Self {
        Bool8(self.0 & o.0)
    }
    fn rem(self, _o: Self) -> Self {
        Bool8(0)
    }
    fn pow(self, o: Self) -> Self {
        Bool8((self.0 != 0 || o.0 == 0) as u8)
    }
    fn minimum(self, o: Self) -> Self {
        Bool8((self.0 != 0 && o.0 != 0) as u8)
    }
    fn maximum(self, o: Self) -> Self {
        Bool8((self.0 != 0 || o.0 != 0) as u8)
    }
    fn neg(self) -> Self {
        self
    }
    fn abs(self) -> Self {
        self
    }
    fn is_inf(self) -> bool {
        false
    }
    fn is_finite(self) -> bool {
        true
    }
    fn is_neg(self) -> bool {
        false
    }
    fn float_fn(self, _f: FloatFn) -> Self {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_division_rules() {
        assert_eq!((-7i32).floor_div(2), -4);
        assert_eq!((-7i32).rem(2), 1);
        assert_eq!(7i32.rem(-2), -1);
        assert_eq!(i8::MIN.floor_div(-1), i8::MIN);
        assert_eq!(5u8.floor_div(0), 0);
        assert_eq!((-7.0f64).floor_div(2.0), -4.0);
        assert_eq!((-7.0f64).rem(2.0), 1.0);
        assert_eq!(3i16.pow(3), 27);
        assert_eq!(2u8.pow(9), 0);
    }

    #[test]
    fn rounding_without_libm_is_libms() {
        let mut xs = vec![
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.5,
            -1.5,
            2.5,
            0.49999999999999994,
            -0.6,
            0.6,
            1e300,
            -1e300,
            4503599627370495.5,
            -4503599627370495.5,
            4503599627370497.0,
            f64::MIN_POSITIVE,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        xs.extend((0..2000).map(|i| (i as f64 - 1000.0) * 0.37));
        let same = |a: f64, b: f64| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
        for &x in &xs {
            assert!(same(x.float_fn(FloatFn::Floor), x.floor()), "floor {x}");
            assert!(same(x.float_fn(FloatFn::Ceil), x.ceil()), "ceil {x}");
            assert!(
                same(x.float_fn(FloatFn::Rint), x.round_ties_even()),
                "rint {x}"
            );
            let y = x as f32;
            let same32 = |a: f32, b: f32| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
            assert!(same32(y.float_fn(FloatFn::Floor), y.floor()), "floor {y}");
            assert!(same32(y.float_fn(FloatFn::Ceil), y.ceil()), "ceil {y}");
            assert!(
                same32(y.float_fn(FloatFn::Rint), y.round_ties_even()),
                "rint {y}"
            );
        }
    }
}
