//! One pixel's values along the stack: rejection then combination, in
//! ccdproc's order and arithmetic (float64): min/max clipping, sigma
//! clipping (astropy's C bounds with `maxiters=1`, on the unscaled values),
//! rejected values set to NaN after scaling, then `np.nanmean`,
//! `np.nanmedian` or `np.nansum` along the stack — numpy adds along the
//! stack one frame at a time, so the sums here are plain sequential sums.
//! Blocks of adjacent pixels whose values are all finite take the lane path
//! (`lanes.rs`) when the settings allow it; the others come here one by one.

use rayon::prelude::*;

use crate::stats::{lane_bounds, ClipOptions};

use super::lanes::{Finish, LanePlan, LaneScratch, Value};
use super::network::LANES;
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
    /// The lane path, when these settings allow it.
    lanes: Option<LanePlan>,
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
        let clip = o.sigma_clip.map(|c| ClipOptions {
            maxiters: Some(1),
            ..c
        });
        let minmax = o.minmax.unwrap_or((None, None));
        let finish = match (o.method, &o.weights) {
            (Method::Average, None) => Some(Finish::Mean),
            (Method::Average, Some(_)) => Some(Finish::Divide(weight_total)),
            (Method::Sum, _) => Some(Finish::Sum),
            (Method::Median, _) => None,
        };
        let lanes = finish.and_then(|finish| {
            LanePlan::new(
                clip.as_ref(),
                minmax,
                o.scale.as_deref(),
                o.weights.as_deref(),
                finish,
                frames,
            )
        });
        Plan {
            method: o.method,
            clip,
            minmax,
            weights: o.weights.clone(),
            weight_total,
            scale: o.scale.clone(),
            frames,
            lanes,
        }
    }

    /// Combines the `len` pixels of a band (`stack` holds each frame's band
    /// one after another) into `out` and `mask`.
    pub fn run<T: Value>(&self, stack: &[T], len: usize, out: &mut [f64], mask: &mut [u8]) {
        let scratch = || (Scratch::default(), LaneScratch::<T>::new(self.frames));
        out.par_chunks_mut(TASK)
            .zip(mask.par_chunks_mut(TASK))
            .enumerate()
            .for_each_init(scratch, |(s, ls), (t, (out, mask))| {
                let mut k = 0;
                if let Some(lanes) = &self.lanes {
                    while k + LANES <= out.len() {
                        let (o, m) = (&mut out[k..k + LANES], &mut mask[k..k + LANES]);
                        if !lanes.block(stack, len, t * TASK + k, ls, o, m) {
                            self.pixels(stack, len, t * TASK + k, s, o, m);
                        }
                        k += LANES;
                    }
                }
                self.pixels(stack, len, t * TASK + k, s, &mut out[k..], &mut mask[k..]);
            });
    }

    /// The pixels from `p` one by one, into `out` and `mask`.
    fn pixels<T: Value>(
        &self,
        stack: &[T],
        len: usize,
        p: usize,
        s: &mut Scratch,
        out: &mut [f64],
        mask: &mut [u8],
    ) {
        for (k, (o, m)) in out.iter_mut().zip(mask.iter_mut()).enumerate() {
            s.vals.clear();
            s.vals
                .extend((0..self.frames).map(|i| stack[i * len + p + k].to_f64()));
            let (v, all_rejected) = self.pixel(s);
            *o = v;
            *m = all_rejected as u8;
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::{Center, Spread};

    /// A stack of `frames` × `len` values with many ties (whole numbers
    /// around 100), outliers, and a few non-finite values when `holes`.
    fn stack<T: Value>(frames: usize, len: usize, seed: u64, holes: bool) -> Vec<T> {
        let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut next = move || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        };
        (0..frames * len)
            .map(|_| {
                let r = next();
                let v = match r % 100 {
                    0 => 5000.0 + (r >> 20 & 0xfff) as f64,
                    1 => -300.0,
                    2 if holes => f64::NAN,
                    3 if holes => f64::INFINITY,
                    _ => 100.0 + (r >> 32 & 7) as f64 + 0.25 * (r >> 40 & 1) as f64,
                };
                T::from_f64(v)
            })
            .collect()
    }

    fn settings(frames: usize) -> Vec<CombineOptions> {
        let clip = |lo, hi, c, s| Some(ClipOptions::new(3.0, Some(lo), Some(hi), Some(1), c, s));
        let base = CombineOptions {
            method: Method::Average,
            sigma_clip: None,
            minmax: None,
            weights: None,
            scale: None,
            mem_limit: 0,
        };
        let per_frame = |k: f64| Some((0..frames).map(|i| k + i as f64 * 0.37).collect());
        vec![
            base.clone(),
            CombineOptions {
                sigma_clip: clip(5.0, 5.0, Center::Median, Spread::MadStd),
                ..base.clone()
            },
            CombineOptions {
                sigma_clip: clip(1.0, 1.5, Center::Median, Spread::MadStd),
                minmax: Some((Some(99.0), None)),
                ..base.clone()
            },
            CombineOptions {
                sigma_clip: clip(2.0, 3.0, Center::Mean, Spread::Std),
                method: Method::Sum,
                ..base.clone()
            },
            CombineOptions {
                sigma_clip: clip(1.5, 1.5, Center::Median, Spread::MadStd),
                weights: per_frame(0.5),
                scale: per_frame(1.1),
                ..base.clone()
            },
            CombineOptions {
                minmax: Some((Some(100.0), Some(104.0))),
                weights: per_frame(-0.2),
                method: Method::Sum,
                ..base
            },
        ]
    }

    fn same(a: &[f64], b: &[f64]) -> bool {
        a.iter()
            .zip(b)
            .all(|(x, y)| x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()))
    }

    fn check<T: Value>(holes: bool) {
        let len = LANES * 5 + 3;
        for frames in [1usize, 2, 3, 4, 5, 8, 19, 20, 21, 25] {
            let values: Vec<T> = stack(frames, len, frames as u64, holes);
            for (k, o) in settings(frames).iter().enumerate() {
                let lanes = Plan::new(o, frames);
                assert!(lanes.lanes.is_some(), "settings {k} take the lane path");
                let scalar = Plan {
                    lanes: None,
                    ..Plan::new(o, frames)
                };
                let (mut a, mut b) = (vec![0.0; len], vec![0.0; len]);
                let (mut am, mut bm) = (vec![0u8; len], vec![0u8; len]);
                lanes.run(&values, len, &mut a, &mut am);
                scalar.run(&values, len, &mut b, &mut bm);
                assert!(same(&a, &b) && am == bm, "{frames} frames, settings {k}");
            }
        }
    }

    /// The lane path gives the scalar path's results, bit for bit, on
    /// stacks full of ties, odd and even, float32 and float64, with and
    /// without non-finite values (blocks holding one go the scalar way).
    #[test]
    fn lanes_equal_the_scalar_path() {
        check::<f32>(false);
        check::<f64>(false);
        check::<f32>(true);
        check::<f64>(true);
    }
}
