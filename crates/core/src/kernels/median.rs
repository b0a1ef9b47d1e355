//! `np.median` by linear-time selection, without copying the input.
//!
//! Values are mapped to order-preserving unsigned keys ([`Num::key`]). One
//! parallel pass finds the smallest and largest key (a NaN shows up there,
//! and a constant array ends the search). Then, while the window of keys
//! that holds the middle rank(s) contains many elements, a parallel
//! histogram of that window (4096 buckets) narrows it to the bucket holding
//! them. Once few enough elements remain (at most 1/64 of the input, or 64K),
//! they are gathered and `select_nth_unstable` finishes. Small arrays go
//! straight to the gather, which is then a plain copy-and-select.
//!
//! The answer is numpy's: the middle value for odd length, for even length
//! the mean of the two middle values computed as `np.mean` does
//! (`(lo + hi) / 2` in float32 for float32 input, in float64 otherwise),
//! NaN if any value is NaN, NaN for an empty array.

use rayon::prelude::*;

use crate::array::NdArray;
use crate::dtype::DType;
use crate::error::{Error, Result};

use super::num::{with_array, Num};
use super::par::PAR_MIN;

/// Histogram resolution: each pass narrows the window by up to 2^12. The
/// counts (16 KB) stay in L1 cache; typical data need one pass.
const BUCKET_BITS: u32 = 12;

/// Bucket slots: the buckets, then the slot counting elements outside the
/// window; a power of two so that masking bounds the index.
const TABLE: usize = 2 << BUCKET_BITS;
const OUTSIDE: usize = 1 << BUCKET_BITS;
type Table = [u32; TABLE];

/// Elements per parallel task in the passes over the input.
const PASS_CHUNK: usize = 256 * 1024;

/// Stop narrowing once at most this many elements (or 1/64 of the input)
/// remain in the window.
const GATHER_MIN: usize = 64 * 1024;

/// u32 counters stay exact when a histogram covers at most this many elements.
const COUNT_SPAN: usize = 1 << 31;

/// `np.median(a)`.
pub fn median(a: &NdArray) -> Result<f64> {
    with_array!(a, |s| median_of(s))
}

fn median_of<T: Num>(s: &[T]) -> Result<f64> {
    let n = s.len();
    let Some((kmin, kmax)) = key_range(s) else {
        return Ok(f64::NAN);
    };
    if kmin < T::KEY_LOWEST || kmax > T::KEY_HIGHEST {
        return Ok(f64::NAN);
    }
    let (k1, k2) = ((n - 1) / 2, n / 2);
    let window = Window {
        lo: kmin,
        span: kmax - kmin,
        below: 0,
        count: n,
    };
    let (lo, hi) = select_pair(s, window, k1, k2)
        .ok_or_else(|| Error::invalid("median: internal error in the selection"))?;
    Ok(combine(T::from_key(lo), T::from_key(hi), k1 != k2))
}

/// `np.mean` of the middle value(s), as numpy's median computes it.
pub(super) fn combine<T: Num>(lo: T, hi: T, even: bool) -> f64 {
    let count = if even { 2.0 } else { 1.0 };
    if T::DTYPE == DType::Float32 {
        let (l, h) = (lo.to_f64() as f32, hi.to_f64() as f32);
        let sum = if even { 0.0f32 + (l + h) } else { 0.0f32 + l };
        (sum as f64 / count) as f32 as f64
    } else {
        let (l, h) = (lo.to_f64(), hi.to_f64());
        let sum = if even { 0.0 + (l + h) } else { 0.0 + l };
        sum / count
    }
}

/// The keys `lo..=lo + span` hold ranks `below..below + count` of the input.
#[derive(Debug, Clone, Copy)]
struct Window {
    lo: u64,
    span: u64,
    below: usize,
    count: usize,
}

impl Window {
    #[inline(always)]
    fn offset(&self, key: u64) -> Option<u64> {
        let d = key.wrapping_sub(self.lo);
        (d <= self.span).then_some(d)
    }
}

/// Smallest and largest key, or `None` for an empty slice. NaNs give keys
/// outside `KEY_LOWEST..=KEY_HIGHEST`.
fn key_range<T: Num>(s: &[T]) -> Option<(u64, u64)> {
    let first = *s.first()?;
    let scan = move |c: &[T]| {
        // Eight independent lanes compare values, not keys, so the loop
        // vectorises (min/max instructions) on the baseline x86-64 target.
        let (mut lo, mut hi, mut nan) = ([first; 8], [first; 8], [false; 8]);
        let mut chunks = c.chunks_exact(8);
        for c in &mut chunks {
            for j in 0..8 {
                let x = c[j];
                lo[j] = if x < lo[j] { x } else { lo[j] };
                hi[j] = if x > hi[j] { x } else { hi[j] };
                nan[j] |= x.is_nan();
            }
        }
        for &x in chunks.remainder() {
            lo[0] = if x < lo[0] { x } else { lo[0] };
            hi[0] = if x > hi[0] { x } else { hi[0] };
            nan[0] |= x.is_nan();
        }
        let nan = nan.iter().any(|&b| b) || first.is_nan();
        // -0.0 and 0.0 compare equal but have distinct keys: widen to both.
        let zero = T::from_f64(0.0);
        let widen = |v: T, z: f64| {
            if v == zero {
                T::from_f64(z).key()
            } else {
                v.key()
            }
        };
        let kmin = lo.iter().map(|&v| widen(v, -0.0)).min().unwrap_or(0);
        let kmax = hi.iter().map(|&v| widen(v, 0.0)).max().unwrap_or(0);
        // A NaN is reported as keys outside the finite range.
        if nan {
            (0, u64::MAX)
        } else {
            (kmin, kmax)
        }
    };
    let merge = |a: (u64, u64), b: (u64, u64)| (a.0.min(b.0), a.1.max(b.1));
    Some(if s.len() < PAR_MIN {
        scan(s)
    } else {
        s.par_chunks(PASS_CHUNK)
            .map(scan)
            .reduce(|| (u64::MAX, 0), merge)
    })
}

/// The keys of ranks `k1` and `k2` (`k2` is `k1` or `k1 + 1`).
fn select_pair<T: Num>(s: &[T], mut w: Window, k1: usize, k2: usize) -> Option<(u64, u64)> {
    let gather_max = GATHER_MIN.max(s.len() / 64);
    loop {
        if w.span == 0 {
            return Some((w.lo, w.lo));
        }
        if w.count <= gather_max {
            return gather_select(s, w, k1.checked_sub(w.below)?, k2.checked_sub(w.below)?);
        }
        let shift = (u64::BITS - w.span.leading_zeros()).saturating_sub(BUCKET_BITS);
        let hist = histogram(s, w, shift);
        let (b1, before) = locate(&hist, k1.checked_sub(w.below)?)?;
        let (b2, _) = locate(&hist, k2.checked_sub(w.below)?)?;
        let bucket = |b: usize| {
            let lo = w.lo + ((b as u64) << shift);
            let span = ((1u64 << shift) - 1).min(w.lo + w.span - lo);
            (lo, span)
        };
        let (lo, span) = bucket(b1);
        if b1 != b2 {
            // Rank k1 is the last element of its bucket, k2 the first of the next
            // non-empty one: their max and min are the answer.
            return Some(edge_pair(s, (lo, span), bucket(b2)));
        }
        w = Window {
            lo,
            span,
            below: w.below + before,
            count: hist[b1],
        };
    }
}

/// The bucket holding rank `r` of the window, and how many come before it.
fn locate(hist: &[usize], r: usize) -> Option<(usize, usize)> {
    let mut before = 0;
    for (b, &c) in hist.iter().enumerate() {
        if r < before + c {
            return Some((b, before));
        }
        before += c;
    }
    None
}

/// Counts of the window's keys in buckets of `2^shift` keys (elements outside
/// the window are counted in a slot that is dropped).
fn histogram<T: Num>(s: &[T], w: Window, shift: u32) -> Vec<usize> {
    let nb = (w.span >> shift) as usize + 1;
    let count = move |mut h: Box<Table>, c: &[T]| {
        for x in c {
            let i = w.offset(x.key()).map_or(OUTSIDE, |d| (d >> shift) as usize);
            // The mask keeps the index in bounds without a check (`i` already is).
            h[i & (TABLE - 1)] += 1;
        }
        h
    };
    let add = |mut a: Box<Table>, b: Box<Table>| {
        a.iter_mut().zip(b.iter()).for_each(|(a, b)| *a += b);
        a
    };
    let mut total = vec![0usize; nb];
    for part in s.chunks(COUNT_SPAN) {
        let h = if part.len() < PAR_MIN {
            count(Box::new([0; TABLE]), part)
        } else {
            part.par_chunks(PASS_CHUNK)
                .fold(|| Box::new([0; TABLE]), count)
                .reduce(|| Box::new([0; TABLE]), add)
        };
        total
            .iter_mut()
            .zip(h.iter())
            .for_each(|(t, &c)| *t += c as usize);
    }
    total
}

/// Gathers the window's keys and selects ranks `r1` and `r2` among them.
fn gather_select<T: Num>(s: &[T], w: Window, r1: usize, r2: usize) -> Option<(u64, u64)> {
    let pick = move |mut v: Vec<u64>, c: &[T]| {
        v.extend(c.iter().map(|x| x.key()).filter(|&k| w.offset(k).is_some()));
        v
    };
    let mut keys = if s.len() < PAR_MIN {
        pick(Vec::with_capacity(w.count), s)
    } else {
        s.par_chunks(PASS_CHUNK)
            .fold(Vec::new, pick)
            .reduce(Vec::new, |mut a, mut b| {
                a.append(&mut b);
                a
            })
    };
    if r1 >= keys.len() {
        return None;
    }
    let (_, &mut lo, right) = keys.select_nth_unstable(r1);
    let hi = if r2 > r1 { *right.iter().min()? } else { lo };
    Some((lo, hi))
}

/// The largest key in window `a` and the smallest in window `b` (both
/// non-empty), in one pass.
fn edge_pair<T: Num>(s: &[T], a: (u64, u64), b: (u64, u64)) -> (u64, u64) {
    let (wa, wb) = (
        Window {
            lo: a.0,
            span: a.1,
            below: 0,
            count: 0,
        },
        Window {
            lo: b.0,
            span: b.1,
            below: 0,
            count: 0,
        },
    );
    // Start from the window edges: each window holds an element, so the
    // starting values never survive unless they are the answer.
    let init = (a.0, b.0 + b.1);
    let scan = move |acc: (u64, u64), c: &[T]| {
        c.iter().fold(acc, |(mx, mn), x| {
            let k = x.key();
            let mx = if wa.offset(k).is_some() {
                mx.max(k)
            } else {
                mx
            };
            let mn = if wb.offset(k).is_some() {
                mn.min(k)
            } else {
                mn
            };
            (mx, mn)
        })
    };
    let merge = |x: (u64, u64), y: (u64, u64)| (x.0.max(y.0), x.1.min(y.1));
    if s.len() < PAR_MIN {
        scan(init, s)
    } else {
        s.par_chunks(PASS_CHUNK)
            .fold(|| init, scan)
            .reduce(|| init, merge)
    }
}
