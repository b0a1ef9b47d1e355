//! astropy.visualization's intervals: the values shown as black and white.
//!
//! Like astropy's `BaseInterval._process_values`, every interval looks only
//! at the finite values, in C order.

use crate::error::{Error, Result};

/// An interval (astropy's classes and defaults).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Interval {
    /// `ZScaleInterval(contrast=contrast)`: IRAF's zscale, astropy's algorithm
    /// (1000 samples, max_reject 0.5, min_npixels 5, krej 2.5, 5 iterations).
    ZScale {
        /// Larger values narrow the interval (astropy's default 0.25).
        contrast: f64,
    },
    /// `MinMaxInterval()`.
    MinMax,
    /// `PercentileInterval(percentile)`: keeps the central `percentile` % of
    /// the values (numpy's linear percentile, every value used).
    Percentile(f64),
}

/// `(vmin, vmax)` of `values` for `interval`; an error when no value is finite.
pub fn limits(values: &[f64], interval: Interval) -> Result<(f64, f64)> {
    // Only the percentile needs the finite values copied (it reorders them).
    let finite = || values.iter().copied().filter(|v| v.is_finite());
    let count = finite().count();
    if count == 0 {
        return Err(Error::invalid(
            "preview: the image has no finite value to scale",
        ));
    }
    Ok(match interval {
        Interval::MinMax => finite().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        }),
        Interval::Percentile(p) => {
            if !(p > 0.0 && p <= 100.0) {
                return Err(Error::invalid(format!(
                    "preview: percentile must be in (0, 100] (got {p})"
                )));
            }
            let lower = (100.0 - p) * 0.5;
            let mut v: Vec<f64> = finite().collect();
            (percentile(&mut v, lower), percentile(&mut v, 100.0 - lower))
        }
        Interval::ZScale { contrast } => {
            if !contrast.is_finite() {
                return Err(Error::invalid(format!(
                    "preview: contrast must be a finite number (got {contrast})"
                )));
            }
            zscale(finite(), count, contrast)
        }
    })
}

/// `np.percentile(v, q)` with the default linear method (reorders `v`).
fn percentile(v: &mut [f64], q: f64) -> f64 {
    let pos = q / 100.0 * (v.len() - 1) as f64;
    let i = (pos.floor() as usize).min(v.len() - 1);
    let t = pos - i as f64;
    let (_, &mut a, rest) = v.select_nth_unstable_by(i, f64::total_cmp);
    let b = rest.iter().copied().fold(f64::INFINITY, f64::min);
    if t == 0.0 || rest.is_empty() {
        return a;
    }
    // numpy's _lerp: the formula that is exact at the nearer end.
    let d = b - a;
    if t >= 0.5 {
        b - d * (1.0 - t)
    } else {
        a + d * t
    }
}

const N_SAMPLES: usize = 1000;
const MAX_REJECT: f64 = 0.5;
const MIN_NPIXELS: usize = 5;
const KREJ: f64 = 2.5;
const MAX_ITERATIONS: usize = 5;

/// `ZScaleInterval(contrast=contrast).get_limits(values)`, step for step, on
/// the `count` finite values `finite` yields.
fn zscale(finite: impl Iterator<Item = f64>, count: usize, contrast: f64) -> (f64, f64) {
    // Python's int(max(1.0, size / n_samples)) truncates.
    let stride = (count as f64 / N_SAMPLES as f64).max(1.0) as usize;
    let mut samples: Vec<f64> = finite.step_by(stride).take(N_SAMPLES).collect();
    samples.sort_unstable_by(f64::total_cmp);
    let npix = samples.len();
    let (mut vmin, mut vmax) = (samples[0], samples[npix - 1]);

    let minpix = MIN_NPIXELS.max((npix as f64 * MAX_REJECT) as usize);
    let ngrow = 1usize.max((npix as f64 * 0.01) as usize);
    let mut badpix = vec![false; npix];
    let mut ngoodpix = npix;
    let mut last_ngoodpix = npix + 1;
    let mut slope = None;
    let mut flat = vec![0f64; npix];
    for _ in 0..MAX_ITERATIONS {
        if ngoodpix >= last_ngoodpix || ngoodpix < minpix {
            break;
        }
        let (s, intercept) = line_fit(&samples, &badpix);
        slope = Some(s);
        for (i, (f, &y)) in flat.iter_mut().zip(&samples).enumerate() {
            *f = y - (s * i as f64 + intercept);
        }
        let threshold = KREJ * std_good(&flat, &badpix);
        for (b, &f) in badpix.iter_mut().zip(&flat) {
            if f < -threshold || f > threshold {
                *b = true;
            }
        }
        badpix = dilate(&badpix, ngrow);
        last_ngoodpix = ngoodpix;
        ngoodpix = badpix.iter().filter(|&&b| !b).count();
    }
    if let (true, Some(mut s)) = (ngoodpix >= minpix, slope) {
        if contrast > 0.0 {
            s /= contrast;
        }
        let center_pixel = (npix - 1) / 2;
        let median = if npix % 2 == 1 {
            samples[npix / 2]
        } else {
            (samples[npix / 2 - 1] + samples[npix / 2]) / 2.0
        };
        vmin = vmin.max(median - (center_pixel as f64 - 1.0) * s);
        vmax = vmax.min(median + (npix - center_pixel) as f64 * s);
    }
    (vmin, vmax)
}

/// Least-squares line `y = slope * i + intercept` through the good samples
/// (`np.polyfit(x, y, 1, w=~badpix)`).
fn line_fit(y: &[f64], bad: &[bool]) -> (f64, f64) {
    let good = || {
        y.iter()
            .enumerate()
            .zip(bad)
            .filter(|(_, &b)| !b)
            .map(|((i, &v), _)| (i as f64, v))
    };
    let n = good().count() as f64;
    let (sx, sy) = good().fold((0.0, 0.0), |(a, b), (x, v)| (a + x, b + v));
    let (xm, ym) = (sx / n, sy / n);
    let (sxy, sxx) = good().fold((0.0, 0.0), |(a, b), (x, v)| {
        (a + (x - xm) * (v - ym), b + (x - xm) * (x - xm))
    });
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    (slope, ym - slope * xm)
}

/// Population standard deviation of the good values (`flat[~badpix].std()`).
fn std_good(v: &[f64], bad: &[bool]) -> f64 {
    let good = || v.iter().zip(bad).filter(|(_, &b)| !b).map(|(&x, _)| x);
    let n = good().count() as f64;
    let mean = good().sum::<f64>() / n;
    (good().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n).sqrt()
}

/// `np.convolve(bad, np.ones(m, bool), mode="same")`: sample `i` becomes
/// bad when any of `i - m/2 ..= i + (m-1)/2` is.
fn dilate(bad: &[bool], m: usize) -> Vec<bool> {
    let n = bad.len();
    let mut prefix = vec![0usize; n + 1];
    for (i, &b) in bad.iter().enumerate() {
        prefix[i + 1] = prefix[i] + usize::from(b);
    }
    (0..n)
        .map(|i| {
            let lo = i.saturating_sub(m / 2);
            let hi = (i + (m - 1) / 2 + 1).min(n);
            prefix[hi] > prefix[lo]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dilate_matches_numpy_same_mode() {
        // np.convolve with a one at 6 of 12: m=2 -> 6,7; m=4 -> 5..=8; m=5 -> 4..=8.
        let mut bad = vec![false; 12];
        bad[6] = true;
        let on = |m| {
            dilate(&bad, m)
                .iter()
                .enumerate()
                .filter(|(_, &b)| b)
                .map(|(i, _)| i)
                .collect::<Vec<_>>()
        };
        assert_eq!(on(1), vec![6]);
        assert_eq!(on(2), vec![6, 7]);
        assert_eq!(on(4), vec![5, 6, 7, 8]);
        assert_eq!(on(5), vec![4, 5, 6, 7, 8]);
    }

    #[test]
    fn percentile_is_numpys_linear() {
        let mut v = vec![4.0, 1.0, 3.0, 2.0];
        // np.percentile([1, 2, 3, 4], [0.25, 99.75]) = [1.0075, 3.9925]
        assert!((percentile(&mut v, 0.25) - 1.0075).abs() < 1e-12);
        assert!((percentile(&mut v, 99.75) - 3.9925).abs() < 1e-12);
    }
}
