//! `exp` and `log` over blocks without a libm call per element, so the
//! loops vectorise on the baseline x86-64 (numpy dispatches AVX-512
//! kernels at run time; a libm call per element is several times slower).
//!
//! float64 uses fdlibm's algorithms (musl's `exp`/`log`, error < 1 ulp, as
//! numpy's SIMD loops: the two then differ by at most 1 ulp). float32 is
//! computed in float64 with shorter polynomials (relative error < 1e-8,
//! under 0.1 float32 ulp) and rounded once: within 0.6 ulp, where numpy's
//! float32 loops document 2.52 (exp) and 3.83 (log) ulp. Elements outside
//! the kernels' range (NaN, ±inf, overflow, underflow, zero, negative,
//! subnormal) are patched by libm afterwards, so every special value is
//! exactly libm's.

// fdlibm's constants, digit for digit as published.
#![allow(clippy::excessive_precision)]

/// ln 2, upper part (its low 32 bits are zero: `k * LN2_HI` is exact).
const LN2_HI: f64 = 6.931_471_803_691_238_164_90e-01;
/// ln 2 - LN2_HI.
const LN2_LO: f64 = 1.908_214_929_270_587_700_02e-10;
/// 1 / ln 2.
const LOG2E: f64 = std::f64::consts::LOG2_E;
/// 1.5 * 2^52: adding it rounds to an integer, held in the low mantissa bits.
const SHIFT: f64 = 6_755_399_441_055_744.0;
/// |x| up to which the exp kernels scale by a normal power of two.
const EXP_RANGE: f64 = 708.0;

/// 2^k for `t = SHIFT + k` (|k| <= 1022): k's bits moved to the exponent.
#[inline(always)]
fn pow2(t: f64) -> f64 {
    f64::from_bits(t.to_bits().wrapping_add(1023) << 52)
}

/// fdlibm's `exp` for |x| <= [`EXP_RANGE`].
#[inline(always)]
fn exp_f64(x: f64) -> f64 {
    const P1: f64 = 1.666_666_666_666_660_190_37e-01;
    const P2: f64 = -2.777_777_777_701_559_338_42e-03;
    const P3: f64 = 6.613_756_321_437_934_361_17e-05;
    const P4: f64 = -1.653_390_220_546_525_153_90e-06;
    const P5: f64 = 4.138_136_797_057_238_460_39e-08;
    let t = x * LOG2E + SHIFT;
    let k = t - SHIFT;
    let hi = x - k * LN2_HI;
    let lo = k * LN2_LO;
    let r = hi - lo;
    let z = r * r;
    let c = r - z * (P1 + z * (P2 + z * (P3 + z * (P4 + z * P5))));
    let y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
    y * pow2(t)
}

/// `exp` for float32 arguments (|x| <= [`EXP_RANGE`]), in float64: the
/// degree-7 Taylor polynomial on |r| <= ln2/2 (truncation 5e-9 relative).
#[inline(always)]
fn exp_for_f32(x: f64) -> f64 {
    let t = x * LOG2E + SHIFT;
    let k = t - SHIFT;
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let p = 1.0
        + r * (1.0
            + r * (1.0 / 2.0
                + r * (1.0 / 6.0
                    + r * (1.0 / 24.0
                        + r * (1.0 / 120.0 + r * (1.0 / 720.0 + r * (1.0 / 5040.0)))))));
    p * pow2(t)
}

/// `x = 2^k * m` with m in [sqrt(2)/2, sqrt(2)), for a normal positive x:
/// (k as a float, f = m - 1), by bit operations (musl's reduction).
#[inline(always)]
fn reduce_log(x: f64) -> (f64, f64) {
    let u = x.to_bits();
    let hx = (u >> 32) + (0x3ff0_0000 - 0x3fe6_a09e);
    let biased_k = hx >> 20;
    let hx = (hx & 0x000f_ffff) + 0x3fe6_a09e;
    let m = f64::from_bits((hx << 32) | (u & 0xffff_ffff));
    // biased_k as a float without an integer conversion instruction.
    let k = f64::from_bits(0x4330_0000_0000_0000 | biased_k) - (4_503_599_627_370_496.0 + 1023.0);
    (k, m - 1.0)
}

/// fdlibm's `log` (as musl writes it) for a normal positive finite x.
#[inline(always)]
fn ln_f64(x: f64) -> f64 {
    const LG1: f64 = 6.666_666_666_666_735_130e-01;
    const LG2: f64 = 3.999_999_999_940_941_908e-01;
    const LG3: f64 = 2.857_142_874_366_239_149e-01;
    const LG4: f64 = 2.222_219_843_214_978_396e-01;
    const LG5: f64 = 1.818_357_216_161_805_012e-01;
    const LG6: f64 = 1.531_383_769_920_937_332e-01;
    const LG7: f64 = 1.479_819_860_511_658_591e-01;
    let (k, f) = reduce_log(x);
    let hfsq = 0.5 * f * f;
    let s = f / (2.0 + f);
    let z = s * s;
    let w = z * z;
    let t1 = w * (LG2 + w * (LG4 + w * LG6));
    let t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    let r = t2 + t1;
    s * (hfsq + r) + k * LN2_LO - hfsq + f + k * LN2_HI
}

/// `log` for float32 arguments (normal positive in float64): 2 atanh(s)
/// to s^9 (|s| <= 0.172, truncation 2e-9 relative).
#[inline(always)]
fn ln_for_f32(x: f64) -> f64 {
    let (k, f) = reduce_log(x);
    let s = f / (2.0 + f);
    let z = s * s;
    let p = 1.0 + z * (1.0 / 3.0 + z * (1.0 / 5.0 + z * (1.0 / 7.0 + z * (1.0 / 9.0))));
    k * (LN2_HI + LN2_LO) + 2.0 * s * p
}

/// True where an exp kernel applies.
#[inline(always)]
fn exp_ok(x: f64) -> bool {
    x.abs() <= EXP_RANGE
}

/// True where a log kernel applies (float64: normal, positive, finite).
#[inline(always)]
fn ln_ok(x: f64) -> bool {
    (f64::MIN_POSITIVE..f64::INFINITY).contains(&x)
}

/// `o[i] = kernel(x[i])`, then `libm(x[i])` wherever `ok` fails.
#[inline(always)]
fn map_patched<T: Copy>(
    x: &[T],
    o: &mut [T],
    kernel: impl Fn(T) -> T,
    ok: impl Fn(T) -> bool,
    libm: impl Fn(T) -> T,
) {
    let mut all_ok = true;
    for (o, &x) in o.iter_mut().zip(x) {
        *o = kernel(x);
        all_ok &= ok(x);
    }
    if !all_ok {
        for (o, &x) in o.iter_mut().zip(x) {
            if !ok(x) {
                *o = libm(x);
            }
        }
    }
}

/// Block kernels for `exp` and `log` of one float type.
pub(crate) trait ExpLog: Sized {
    /// `o[i] = exp(x[i])`.
    fn exp_block(x: &[Self], o: &mut [Self]);
    /// `o[i] = ln(x[i])`.
    fn ln_block(x: &[Self], o: &mut [Self]);
}

impl ExpLog for f64 {
    fn exp_block(x: &[f64], o: &mut [f64]) {
        map_patched(x, o, exp_f64, exp_ok, f64::exp);
    }
    fn ln_block(x: &[f64], o: &mut [f64]) {
        map_patched(x, o, ln_f64, ln_ok, f64::ln);
    }
}

impl ExpLog for f32 {
    fn exp_block(x: &[f32], o: &mut [f32]) {
        let kernel = |x: f32| exp_for_f32(x as f64) as f32;
        map_patched(x, o, kernel, |x| exp_ok(x as f64), f32::exp);
    }
    fn ln_block(x: &[f32], o: &mut [f32]) {
        // Every positive finite float32 (subnormals too) is normal in float64.
        let ok = |x: f32| x > 0.0 && x < f32::INFINITY;
        map_patched(x, o, |x| ln_for_f32(x as f64) as f32, ok, f32::ln);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Distance in ulps between two finite doubles of one sign.
    fn ulps64(a: f64, b: f64) -> u64 {
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
    }

    fn samples() -> Vec<f64> {
        let mut v: Vec<f64> = (0..200_001)
            .map(|i| (i as f64 - 100_000.0) * 0.007_1)
            .collect();
        v.extend((0..20_000).map(|i| 1.0 + (i as f64 - 10_000.0) * 1e-7));
        v.extend([
            0.0,
            -0.0,
            1.0,
            f64::MIN_POSITIVE,
            5e-324,
            708.0,
            708.1,
            709.7,
            710.0,
            -708.0,
            -709.0,
            -745.0,
            -746.0,
            1e300,
            f64::MAX,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ]);
        v
    }

    #[test]
    fn float64_within_one_ulp_of_libm() {
        let xs = samples();
        let mut o = vec![0.0; xs.len()];
        for (block, libm) in [
            (
                f64::exp_block as fn(&[f64], &mut [f64]),
                f64::exp as fn(f64) -> f64,
            ),
            (f64::ln_block, f64::ln),
        ] {
            block(&xs, &mut o);
            for (&x, &y) in xs.iter().zip(&o) {
                let want = libm(x);
                if want.is_nan() || want.is_infinite() || want == 0.0 {
                    assert!(
                        y.to_bits() == want.to_bits() || (y.is_nan() && want.is_nan()),
                        "{x}: {y} vs {want}"
                    );
                } else {
                    assert!(ulps64(y, want) <= 1, "{x}: {y} vs {want}");
                }
            }
        }
    }

    #[test]
    fn float32_within_one_ulp_of_libm() {
        let xs: Vec<f32> = samples()
            .into_iter()
            .map(|x| x as f32)
            .chain([1e-45, 1e-40, 88.7, 88.8, -103.9, -104.0])
            .collect();
        let mut o = vec![0.0f32; xs.len()];
        for (block, libm) in [
            (
                f32::exp_block as fn(&[f32], &mut [f32]),
                f32::exp as fn(f32) -> f32,
            ),
            (f32::ln_block, f32::ln),
        ] {
            block(&xs, &mut o);
            for (&x, &y) in xs.iter().zip(&o) {
                let want = libm(x);
                let same = y.to_bits() == want.to_bits() || (y.is_nan() && want.is_nan());
                let near = (y.to_bits() as i64 - want.to_bits() as i64).abs() <= 1;
                assert!(same || (want.is_finite() && near), "{x}: {y} vs {want}");
            }
        }
    }
}
