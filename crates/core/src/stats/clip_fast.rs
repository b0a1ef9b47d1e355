//! Sigma clipping of a whole float array without copying the kept values
//! each round: astropy's `_sigmaclip_noaxis` loop over [`Buckets`].
//!
//! Exact as astropy where it is a selection or a comparison: the medians,
//! the counts and the values kept for given bounds. The means and standard
//! deviations are accumulated in float64 (more accurately than numpy, which
//! sums float32 data pairwise in float32) and rounded to the input's
//! precision as numpy rounds its results; numpy's pairwise order over the
//! kept values could only be followed by compacting them every round, the
//! cost this path exists to avoid. So for float32 input the mean and the
//! standard deviation (and through them the bounds) may differ from
//! astropy's by a few float32 ulps, and a value within that distance of a
//! bound may be kept by one and clipped by the other; for float64 input
//! the difference is a few float64 ulps. The tests state that tolerance.
//!
//! Covered: float32 and float64 input, `cenfunc` median or mean, `stdfunc`
//! std. Anything else, and the rare degenerate ends (every value clipped, a
//! NaN bound, `std_ddof` not below the count), goes the exact way
//! (`clip.rs`).

use crate::array::NdArray;
use crate::dtype::DType;
use crate::kernels::num::Num;

use super::buckets::Buckets;
use super::clip::round;
use super::{Center, ClipOptions, Spread};

/// What the loop gives: the final statistics (when asked for) and the last
/// round's bounds (what astropy's mask compares with).
#[derive(Debug, Clone, Copy)]
pub(super) struct Clipped {
    /// Mean, median and standard deviation of the kept values.
    pub stats: Option<(f64, f64, f64)>,
    /// The last bounds.
    pub lo: f64,
    /// See `lo`.
    pub hi: f64,
}

/// The clipped bounds and (with `std_ddof`) statistics of `a`, or `None`
/// when this path does not cover the input or options.
pub(super) fn clip_fast(a: &NdArray, o: &ClipOptions, std_ddof: Option<f64>) -> Option<Clipped> {
    if o.stdfunc != Spread::Std {
        return None;
    }
    match a.dtype() {
        DType::Float32 => run(Buckets::build(a.typed::<f32>().ok()?)?, o, std_ddof),
        DType::Float64 => run(Buckets::build(a.typed::<f64>().ok()?)?, o, std_ddof),
        _ => None,
    }
}

fn run<T: Num + Send + Sync>(
    mut b: Buckets<T>,
    o: &ClipOptions,
    std_ddof: Option<f64>,
) -> Option<Clipped> {
    let f32 = T::DTYPE == DType::Float32;
    let mut iteration = 0u32;
    let (lo, hi) = loop {
        iteration += 1;
        let size = b.len();
        // The median is the reference of the sums even for cenfunc mean:
        // it lies within a standard deviation of the mean.
        let median = b.median();
        let s = b.sums(median);
        let cen = match o.cenfunc {
            Center::Median => median,
            Center::Mean => round(s.mean(median), f32),
        };
        // astropy's `_compute_bounds`, each step rounded as numpy does.
        let sd = round(s.std(0.0), f32);
        let lo = round(cen - round(sd * round(o.sigma_lower, f32), f32), f32);
        let hi = round(cen + round(sd * round(o.sigma_upper, f32), f32), f32);
        if lo.is_nan() || hi.is_nan() {
            return None;
        }
        b.clip(lo, hi);
        let kept = b.len();
        if kept == 0 {
            return None;
        }
        if kept == size || o.maxiters.is_some_and(|m| iteration >= m) {
            break (lo, hi);
        }
    };
    let stats = match std_ddof {
        None => None,
        Some(ddof) => {
            let median = b.median();
            let s = b.sums(median);
            let std = s.std(ddof);
            if std.is_nan() {
                return None;
            }
            Some((round(s.mean(median), f32), median, round(std, f32)))
        }
    };
    Some(Clipped { stats, lo, hi })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bucketed loop keeps what a plain filter loop keeps and finds the
    /// same medians (a sort), on data with outliers, NaN, infinities and
    /// both zeros.
    #[test]
    fn matches_a_sorting_loop() {
        let mut v: Vec<f32> = (0..5000)
            .map(|i| ((i * 7919) % 1000) as f32 * 0.01 - 3.0)
            .collect();
        v.extend([
            f32::NAN,
            f32::INFINITY,
            -f32::INFINITY,
            0.0,
            -0.0,
            400.0,
            -250.0,
        ]);
        let a = NdArray::from_slice(&v, &[v.len()]).unwrap();
        let o = ClipOptions::default();
        let got = clip_fast(&a, &o, Some(0.0)).unwrap();

        let mut kept: Vec<f64> = v
            .iter()
            .map(|&x| x as f64)
            .filter(|x| x.is_finite())
            .collect();
        let median = |k: &mut Vec<f64>| {
            k.sort_by(f64::total_cmp);
            let n = k.len();
            ((k[(n - 1) / 2] as f32 + k[n / 2] as f32) / 2.0) as f64
        };
        for _ in 0..5 {
            let m = median(&mut kept);
            let n = kept.len() as f64;
            let mean = kept.iter().sum::<f64>() / n;
            let sd = (kept.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt() as f32;
            let (lo, hi) = (m as f32 - sd * 3.0, m as f32 + sd * 3.0);
            let before = kept.len();
            kept.retain(|&x| x >= lo as f64 && x <= hi as f64);
            if kept.len() == before {
                break;
            }
        }
        let (mean, med, _) = got.stats.unwrap();
        assert_eq!(med, median(&mut kept));
        let want = kept.iter().sum::<f64>() / kept.len() as f64;
        assert!((mean - want).abs() <= 1e-6 * want.abs().max(1.0));
    }
}
