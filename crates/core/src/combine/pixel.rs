//! One pixel's values along the stack: rejection then combination, in
//! ccdproc's order and arithmetic (float64): min/max clipping, sigma
//! clipping (astropy's C bounds with `maxiters=1`, on the unscaled values),
//! rejected values set to NaN after scaling, then `np.nanmean`,
//! `np.nanmedian` or `np.nansum` along the stack — numpy adds along the
//! stack one frame at a time, so the sums here are plain sequential sums.

use rayon::prelude::*;

use crate::stats::{lane_bounds, ClipOptions};

use super::{CombineOptions, Method};

/// Pixels per parallel task.
const TASK: usize = 4096;

/// What to do with each pixel, fixed for the whole combination.
pub(super) struct Plan {
    method: Method,
    clip: Option<ClipOptions>,
    minmax: (Option<f64>, Option<f64>),
    weights: Option<Vec<f64>>,
    /// Σ weights over every frame (ccdproc divides by all of them).
    weight_total: f64,
    scale: Option<Vec<f64>>,
    frames: usize,
}

/// Scratch buffers of one task.
#[derive(Default)]
struct Scratch {
    vals: Vec<f64>,
    kept: Vec<bool>,
    buf: Vec<f64>,
    mad: Vec<f64>,
}

impl Plan {
    pub fn new(o: &CombineOptions, frames: usize) -> Plan {
        let weight_total = o.weights.as_ref().map_or(0.0, |w| {
            w.iter()
                .fold(0.0, |acc, &x| if x.is_nan() { acc } else { acc + x })
        });
        Plan {
            method: o.method,
            clip: o.sigma_clip.map(|c| ClipOptions {
                maxiters: Some(1),
                ..c
            }),
            minmax: o.minmax.unwrap_or((None, None)),
            weights: o.weights.clone(),
            weight_total,
            scale: o.scale.clone(),
            frames,
        }
    }

    /// Combines the `len` pixels of a band (`stack` holds each frame's band
    /// one after another) into `out` and `mask`.
    pub fn run(&self, stack: &[f64], len: usize, out: &mut [f64], mask: &mut [u8]) {
        out.par_chunks_mut(TASK)
            .zip(mask.par_chunks_mut(TASK))
            .enumerate()
            .for_each_init(Scratch::default, |s, (t, (out, mask))| {
                for (k, (o, m)) in out.iter_mut().zip(mask.iter_mut()).enumerate() {
                    let p = t * TASK + k;
                    s.vals.clear();
                    s.vals.extend((0..self.frames).map(|i| stack[i * len + p]));
                    let (v, all_rejected) = self.pixel(s);
                    *o = v;
                    *m = all_rejected as u8;
                }
            });
    }

    /// The combined value of `s.vals` and whether every value was rejected.
    fn pixel(&self, s: &mut Scratch) -> (f64, bool) {
        let n = self.frames;
        s.kept.clear();
        s.kept.resize(n, true);
        let (lo, hi) = self.minmax;
        for (k, &v) in s.kept.iter_mut().zip(&s.vals) {
            if lo.is_some_and(|l| v < l) || hi.is_some_and(|h| v > h) {
                *k = false;
            }
        }
        if let Some(c) = &self.clip {
            s.buf.clear();
            s.buf
                .extend(s.vals.iter().copied().filter(|v| v.is_finite()));
            let (lo, hi) = if s.buf.is_empty() {
                (f64::NAN, f64::NAN)
            } else {
                lane_bounds(&mut s.buf, &mut s.mad, c)
            };
            for (k, &v) in s.kept.iter_mut().zip(&s.vals) {
                if !v.is_finite() || v < lo || v > hi {
                    *k = false;
                }
            }
        }
        // The values combined: rejected ones are NaN, the others scaled.
        for (i, v) in s.vals.iter_mut().enumerate() {
            *v = if !s.kept[i] {
                f64::NAN
            } else if let Some(sc) = &self.scale {
                *v * sc[i]
            } else {
                *v
            };
        }
        let count = s.vals.iter().filter(|v| !v.is_nan()).count();
        let all_rejected = count == 0;
        let nan_sum = |f: &dyn Fn(usize, f64) -> f64| {
            s.vals.iter().enumerate().fold(0.0, |acc, (i, &v)| {
                let x = f(i, v);
                if x.is_nan() {
                    acc
                } else {
                    acc + x
                }
            })
        };
        let value = match (self.method, &self.weights) {
            (Method::Median, _) => median(&mut s.vals, count),
            (Method::Average, None) => nan_sum(&|_, v| v) / count as f64,
            (Method::Sum, None) => nan_sum(&|_, v| v),
            (Method::Average, Some(w)) => nan_sum(&|i, v| v * w[i]) / self.weight_total,
            (Method::Sum, Some(w)) => nan_sum(&|i, v| v * w[i]),
        };
        (value, all_rejected)
    }
}

/// `np.nanmedian` of values holding `count` non-NaN ones (NaN when none):
/// the middle one, or the two middle ones' sum halved.
fn median(vals: &mut [f64], count: usize) -> f64 {
    if count == 0 {
        return f64::NAN;
    }
    // NaNs (of either sign) sort last; the first `count` are the values.
    vals.sort_unstable_by(|a, b| {
        a.partial_cmp(b)
            .unwrap_or_else(|| a.is_nan().cmp(&b.is_nan()))
    });
    let v = &vals[..count];
    let h = count / 2;
    if count.is_multiple_of(2) {
        (v[h - 1] + v[h]) / 2.0
    } else {
        v[h]
    }
}
