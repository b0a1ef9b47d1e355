//! Sigma clipping along axes: astropy's C loop (`compute_bounds.c`, used by
//! `SigmaClip` whenever an axis is given), lane by lane in float64.
//!
//! Its statistics differ from numpy's: the median is Wirth's selection
//! (N. Devillard's public-domain `kth_smallest`), which reorders the buffer
//! in place, and the mean is then a plain sequential sum over that reordered
//! buffer. We port both step for step so that the bounds, and so the mask,
//! are astropy's to the bit.

use rayon::prelude::*;

use crate::array::NdArray;
use crate::dtype::DType;
use crate::error::Result;
use crate::kernels::num::{with_array, Num};

use super::lanes::Lanes;
use super::{Center, ClipOptions, Spread, MAD_TO_STD};

/// Wirth's selection of the `k`-th smallest element, reordering `a`.
fn kth_smallest(a: &mut [f64], k: usize) -> f64 {
    let (mut l, mut m) = (0isize, a.len() as isize - 1);
    let k = k as isize;
    while l < m {
        let x = a[k as usize];
        let (mut i, mut j) = (l, m);
        loop {
            while a[i as usize] < x {
                i += 1;
            }
            while x < a[j as usize] {
                j -= 1;
            }
            if i <= j {
                a.swap(i as usize, j as usize);
                i += 1;
                j -= 1;
            }
            if i > j {
                break;
            }
        }
        if j < k {
            l = i;
        }
        if k < i {
            m = j;
        }
    }
    a[k as usize]
}

/// astropy's `wirth_median` (upper middle selected first, as compiled).
fn wirth_median(a: &mut [f64]) -> f64 {
    let n = a.len();
    if n.is_multiple_of(2) {
        let hi = kth_smallest(a, n / 2);
        let lo = kth_smallest(a, n / 2 - 1);
        0.5 * (hi + lo)
    } else {
        kth_smallest(a, (n - 1) / 2)
    }
}

/// The median of `a` (finite values) where the order it leaves `a` in does
/// not matter: a sort for short slices (sorting networks, no unpredictable
/// branches: much faster than Wirth's loop on a stack of frames), a
/// selection for long ones. The value is Wirth's: the same middle elements,
/// added in the same order.
fn median_any_order(a: &mut [f64]) -> f64 {
    let n = a.len();
    let hi = if n <= 64 {
        a.sort_unstable_by(f64::total_cmp);
        a[n / 2]
    } else {
        *a.select_nth_unstable_by(n / 2, f64::total_cmp).1
    };
    if n.is_multiple_of(2) {
        let lo = a[..n / 2].iter().copied().fold(f64::NEG_INFINITY, f64::max);
        0.5 * (hi + lo)
    } else {
        hi
    }
}

/// The clipping bounds of one lane's finite values (`buf`, reordered and
/// shrunk in place), as astropy's `compute_sigma_clipped_bounds`.
pub(crate) fn lane_bounds(
    buf: &mut Vec<f64>,
    scratch: &mut Vec<f64>,
    o: &ClipOptions,
) -> (f64, f64) {
    let use_median = o.cenfunc == Center::Median;
    let use_mad = o.stdfunc == Spread::MadStd;
    let mut iteration = 0u32;
    loop {
        let count = buf.len();
        // astropy sums the buffer (for the mean) in the order Wirth's median
        // leaves it only when exactly one of the two uses the median.
        let median = if use_median && use_mad {
            median_any_order(buf)
        } else if use_median || use_mad {
            wirth_median(buf)
        } else {
            0.0
        };
        let mut mean = 0.0;
        if !use_median || !use_mad {
            for &x in buf.iter() {
                mean += x;
            }
            mean /= count as f64;
        }
        let cen = if use_median { median } else { mean };
        let std = if use_mad {
            scratch.clear();
            scratch.extend(buf.iter().map(|&x| (x - median).abs()));
            median_any_order(scratch) * MAD_TO_STD
        } else {
            let mut s = 0.0;
            for &x in buf.iter() {
                let d = mean - x;
                s += d * d;
            }
            (s / count as f64).sqrt()
        };
        let lo = cen - o.sigma_lower * std;
        let hi = cen + o.sigma_upper * std;
        buf.retain(|&x| x >= lo && x <= hi);
        iteration += 1;
        // When every value was clipped, astropy keeps these bounds (its
        // next round has nothing to compute from).
        if buf.len() == count || buf.is_empty() || o.maxiters.is_some_and(|m| iteration >= m) {
            return (lo, hi);
        }
    }
}

/// The sigma-clipping mask of every lane of `l` (bool, laid out as
/// `l.array`): non-finite values, and values outside the lane's bounds.
pub(super) fn clip_lanes(l: &Lanes, o: &ClipOptions) -> Result<NdArray> {
    let mut mask = NdArray::zeros(l.array.shape(), DType::Bool)?;
    if l.lane_len == 0 || l.array.size() == 0 {
        return Ok(mask);
    }
    let out = mask.typed_mut::<u8>()?;
    with_array!(&l.array, |s| mask_lanes(s, out, l.lane_len, o));
    Ok(mask)
}

fn mask_lanes<T: Num>(s: &[T], out: &mut [u8], n: usize, o: &ClipOptions) {
    out.par_chunks_mut(n).zip(s.par_chunks(n)).for_each_init(
        || (Vec::with_capacity(n), Vec::with_capacity(n)),
        |(buf, scratch), (m, lane)| {
            buf.clear();
            buf.extend(lane.iter().map(|x| x.to_f64()).filter(|x| x.is_finite()));
            let (lo, hi) = if buf.is_empty() {
                (f64::NAN, f64::NAN)
            } else {
                lane_bounds(buf, scratch, o)
            };
            for (m, x) in m.iter_mut().zip(lane) {
                let v = x.to_f64();
                *m = (!v.is_finite() || v < lo || v > hi) as u8;
            }
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wirth_selects_the_median() {
        let mut odd = vec![5.0, 1.0, 4.0, 2.0, 3.0];
        assert_eq!(wirth_median(&mut odd), 3.0);
        let mut even = vec![4.0, 1.0, 3.0, 2.0];
        assert_eq!(wirth_median(&mut even), 2.5);
        let mut long: Vec<f64> = (0..100).map(|i| ((i * 37) % 100) as f64).collect();
        assert_eq!(median_any_order(&mut long), 49.5);
        let mut short = vec![4.0, 1.0, 3.0, 2.0, 9.0];
        assert_eq!(median_any_order(&mut short), 3.0);
    }
}
