//! The combination of `LANES` adjacent pixels at once, for stacks whose
//! values are all finite (the scalar path in `pixel.rs` takes the others):
//! the same arithmetic as `pixel.rs` and astropy's bounds, written lane by
//! lane with selects instead of branches, so the compiler vectorises it.
//!
//! Sigma clipping by median and mad_std sorts each pixel's stack with a
//! sorting network; the median is then the middle value(s). The deviations
//! `|x - median|` of the values below the median, taken from the median
//! outwards, ascend, and so do those of the values above: the lower half of
//! their merge is `min(a[i], b[m-1-i])` (Batcher's half-cleaner), whose
//! largest element is rank `m-1`, and the upper half's smallest is rank `m`.
//! So the MAD needs no second sort, and equals astropy's (a median is the
//! same whatever the order its values came in).

use crate::array::Element;
use crate::kernels::num::Num;
use crate::stats::{Center, ClipOptions, Spread, MAD_TO_STD};

use super::network::{merge_exchange, sort_lanes, LANES};

/// A stack value type: float32 (when every frame's values are exactly
/// float32) or float64.
pub(super) trait Value: Num + Element {
    /// Neither infinite nor NaN.
    fn finite(self) -> bool;
}

impl Value for f32 {
    fn finite(self) -> bool {
        self.is_finite()
    }
}

impl Value for f64 {
    fn finite(self) -> bool {
        self.is_finite()
    }
}

/// The clipping bounds the lane path computes.
#[derive(Debug, Clone, Copy)]
enum Bounds {
    /// No sigma clipping.
    None,
    /// Median and mad_std.
    MedianMad,
    /// Mean and standard deviation.
    MeanStd,
}

/// How the sum of the kept values becomes the result.
#[derive(Debug, Clone, Copy)]
pub(super) enum Finish {
    /// Divided by the count of kept values (`np.nanmean`).
    Mean,
    /// Divided by a constant (the weighted average: Σ of all weights).
    Divide(f64),
    /// As it is (`np.nansum`).
    Sum,
}

/// The per-combination constants of the lane path.
pub(super) struct LanePlan {
    bounds: Bounds,
    sigma_lower: f64,
    sigma_upper: f64,
    ops: Vec<(usize, usize)>,
    frames: usize,
    /// min/max clipping limits (±inf when absent).
    min: f64,
    max: f64,
    /// Per-frame scale and weight (1 when absent: `x * 1.0` is `x`).
    scale: Vec<f64>,
    weights: Vec<f64>,
    finish: Finish,
}

/// Per-task buffers: the stack of a block, and its sorted copy.
pub(super) struct LaneScratch<T> {
    x: Vec<[T; LANES]>,
    s: Vec<[T; LANES]>,
}

impl<T: Value> LaneScratch<T> {
    pub fn new(frames: usize) -> Self {
        let zero = [T::default(); LANES];
        LaneScratch {
            x: vec![zero; frames],
            s: vec![zero; frames],
        }
    }
}

impl LanePlan {
    /// The lane plan, when the lane path can follow these settings (the
    /// median combine, and clipping whose sums astropy takes in Wirth's
    /// order, stay on the scalar path).
    pub fn new(
        clip: Option<&ClipOptions>,
        minmax: (Option<f64>, Option<f64>),
        scale: Option<&[f64]>,
        weights: Option<&[f64]>,
        finish: Finish,
        frames: usize,
    ) -> Option<LanePlan> {
        let bounds = match clip.map(|c| (c.cenfunc, c.stdfunc)) {
            None => Bounds::None,
            Some((Center::Median, Spread::MadStd)) => Bounds::MedianMad,
            Some((Center::Mean, Spread::Std)) => Bounds::MeanStd,
            Some(_) => return None,
        };
        let ones = || vec![1.0; frames];
        Some(LanePlan {
            bounds,
            sigma_lower: clip.map_or(0.0, |c| c.sigma_lower),
            sigma_upper: clip.map_or(0.0, |c| c.sigma_upper),
            ops: match bounds {
                Bounds::MedianMad => merge_exchange(frames),
                _ => Vec::new(),
            },
            frames,
            min: minmax.0.unwrap_or(f64::NEG_INFINITY),
            max: minmax.1.unwrap_or(f64::INFINITY),
            scale: scale.map_or_else(ones, <[f64]>::to_vec),
            weights: weights.map_or_else(ones, <[f64]>::to_vec),
            finish,
        })
    }

    /// Combines the `LANES` pixels from `p` of a band (`stack` holds each
    /// frame's `len` pixels one after another) into `out` and `mask`;
    /// false, with nothing written, when one of their values is not finite.
    pub fn block<T: Value>(
        &self,
        stack: &[T],
        len: usize,
        p: usize,
        sc: &mut LaneScratch<T>,
        out: &mut [f64],
        mask: &mut [u8],
    ) -> bool {
        let mut finite = true;
        for (i, w) in sc.x.iter_mut().enumerate() {
            w.copy_from_slice(&stack[i * len + p..][..LANES]);
            finite &= w.iter().fold(true, |ok, &v| ok & v.finite());
        }
        if !finite {
            return false;
        }
        let (lo, hi) = match self.bounds {
            Bounds::None => ([f64::NEG_INFINITY; LANES], [f64::INFINITY; LANES]),
            Bounds::MedianMad => self.median_mad(sc),
            Bounds::MeanStd => self.mean_std(&sc.x),
        };
        self.accumulate(&sc.x, &lo, &hi, out, mask);
        true
    }

    /// astropy's bounds from the median and mad_std of each lane.
    fn median_mad<T: Value>(&self, sc: &mut LaneScratch<T>) -> ([f64; LANES], [f64; LANES]) {
        sc.s.copy_from_slice(&sc.x);
        sort_lanes(&self.ops, &mut sc.s);
        let s = &sc.s;
        let (n, h, up) = (self.frames, self.frames / 2, self.frames % 2);
        let mut med = [0.0; LANES];
        for (l, m) in med.iter_mut().enumerate() {
            *m = if up == 1 {
                s[h][l].to_f64()
            } else {
                0.5 * (s[h][l].to_f64() + s[h - 1][l].to_f64())
            };
        }
        // Deviations of the values below the median (a, from s[h - 1] down)
        // and above it (b, from s[n - h] up), each ascending; an odd stack's
        // middle value (deviation 0) is left out, so its MAD is rank h - 1
        // of the rest. Pairing a[i] with b[h - 1 - i]:
        let mut low_max = [f64::NEG_INFINITY; LANES];
        let mut high_min = [f64::INFINITY; LANES];
        for i in 0..h {
            let (a, b) = (&s[h - 1 - i], &s[n - 1 - i]);
            for l in 0..LANES {
                let da = (a[l].to_f64() - med[l]).abs();
                let db = (b[l].to_f64() - med[l]).abs();
                let (small, big) = if db < da { (db, da) } else { (da, db) };
                low_max[l] = if low_max[l] < small {
                    small
                } else {
                    low_max[l]
                };
                high_min[l] = if big < high_min[l] { big } else { high_min[l] };
            }
        }
        let (mut lo, mut hi) = ([0.0; LANES], [0.0; LANES]);
        for l in 0..LANES {
            let mad = if h == 0 {
                0.0
            } else if up == 1 {
                low_max[l]
            } else {
                0.5 * (high_min[l] + low_max[l])
            };
            let std = mad * MAD_TO_STD;
            lo[l] = med[l] - self.sigma_lower * std;
            hi[l] = med[l] + self.sigma_upper * std;
        }
        (lo, hi)
    }

    /// astropy's bounds from the mean and standard deviation of each lane
    /// (sums in frame order, as its C loop takes them).
    fn mean_std<T: Value>(&self, x: &[[T; LANES]]) -> ([f64; LANES], [f64; LANES]) {
        let count = self.frames as f64;
        let mut mean = [0.0; LANES];
        for w in x {
            for l in 0..LANES {
                mean[l] += w[l].to_f64();
            }
        }
        mean.iter_mut().for_each(|m| *m /= count);
        let mut ss = [0.0; LANES];
        for w in x {
            for l in 0..LANES {
                let d = mean[l] - w[l].to_f64();
                ss[l] += d * d;
            }
        }
        let (mut lo, mut hi) = ([0.0; LANES], [0.0; LANES]);
        for l in 0..LANES {
            let std = (ss[l] / count).sqrt();
            lo[l] = mean[l] - self.sigma_lower * std;
            hi[l] = mean[l] + self.sigma_upper * std;
        }
        (lo, hi)
    }

    /// The rejection and the NaN-skipping sum of `pixel.rs`, lane by lane.
    fn accumulate<T: Value>(
        &self,
        x: &[[T; LANES]],
        lo: &[f64; LANES],
        hi: &[f64; LANES],
        out: &mut [f64],
        mask: &mut [u8],
    ) {
        let mut sum = [0.0f64; LANES];
        let mut count = [0.0f64; LANES];
        for (i, w) in x.iter().enumerate() {
            let (scale, weight) = (self.scale[i], self.weights[i]);
            for l in 0..LANES {
                let v = w[l].to_f64();
                // `|`, not `||`: no branches.
                let reject = (v < lo[l]) | (v > hi[l]) | (v < self.min) | (v > self.max);
                let v = if reject { f64::NAN } else { v * scale };
                count[l] += if v.is_nan() { 0.0 } else { 1.0 };
                let t = v * weight;
                sum[l] += if t.is_nan() { 0.0 } else { t };
            }
        }
        for l in 0..LANES {
            out[l] = match self.finish {
                Finish::Mean => sum[l] / count[l],
                Finish::Divide(d) => sum[l] / d,
                Finish::Sum => sum[l],
            };
            mask[l] = u8::from(count[l] == 0.0);
        }
    }
}
