//! `numpy.histogram(a, bins, range)`: counts (int64) and bin edges, with
//! numpy's types and arithmetic step for step, so values on or near edges
//! fall in the bins numpy puts them in. Equal bins: edges from numpy's
//! `linspace` in the dtype numpy computes it in, each value's bin from
//! `(x - first) / (last - first) * n` (float32 or float64 as numpy's NEP 50
//! promotion decides), corrected by comparison with the edges. Given
//! edges: numpy's `searchsorted` counts (a value equal to an inner edge
//! goes right; the last bin is closed). NaNs are never counted; without a
//! `range`, a NaN or an infinity in `a` is numpy's error. bool counts as uint8.

use rayon::prelude::*;

use crate::array::NdArray;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::kernels::num::{with_array, Num};

/// How the bins are given.
#[derive(Debug, Clone, PartialEq)]
pub enum Bins {
    /// This many equal bins over `range` (or the data's min..max).
    Count(usize),
    /// Monotonically increasing edges (float64, as a JS list gives them).
    Edges(Vec<f64>),
}

/// The result: counts and edges.
#[derive(Debug)]
pub struct Histogram {
    /// int64 counts, one per bin.
    pub hist: NdArray,
    /// The edges (one more than the bins).
    pub bin_edges: NdArray,
}

/// Elements per parallel task.
const CHUNK: usize = 1 << 16;

/// Sums per-chunk counts of `n` slots computed by `f(chunk, counts)`.
fn count<T: Sync>(data: &[T], n: usize, f: impl Fn(&[T], &mut [i64]) + Sync) -> Vec<i64> {
    data.par_chunks(CHUNK)
        .map(|c| {
            let mut counts = vec![0i64; n];
            f(c, &mut counts);
            counts
        })
        .reduce(
            || vec![0i64; n],
            |mut a, b| {
                a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                a
            },
        )
}

/// numpy's `linspace(start, stop, num)` computed in `f32` (`single`) or `f64`.
fn linspace(start: f64, stop: f64, num: usize, single: bool) -> Vec<f64> {
    let r = |v: f64| if single { v as f32 as f64 } else { v };
    let div = num - 1;
    let (start, stop) = (r(start), r(stop));
    let delta = r(stop - start);
    let step = r(delta / div as f64);
    let mut y: Vec<f64> = (0..num)
        .map(|i| {
            let v = if step == 0.0 {
                r(r(i as f64 / div as f64) * delta)
            } else {
                r(i as f64 * step)
            };
            r(v + start)
        })
        .collect();
    y[num - 1] = stop;
    y
}

/// numpy's Python-side checks of the outer edges; returns them and whether
/// they are float32 scalars (min/max of a float32 array) rather than Python numbers.
fn outer_edges(a: &NdArray, range: Option<(f64, f64)>) -> Result<(f64, f64)> {
    let (mut first, mut last) = match range {
        Some((f, l)) => {
            if f > l {
                return Err(Error::invalid(
                    "histogram: max must be larger than min in range parameter",
                ));
            }
            if !(f.is_finite() && l.is_finite()) {
                return Err(Error::invalid(format!(
                    "histogram: supplied range of [{f}, {l}] is not finite"
                )));
            }
            (f, l)
        }
        None if a.size() == 0 => (0.0, 1.0),
        None => {
            let (mn, mx) = with_array!(a, |s| min_max(s));
            if !(mn.is_finite() && mx.is_finite()) {
                return Err(Error::invalid(format!(
                    "histogram: autodetected range of [{mn}, {mx}] is not finite (give a range, or drop the NaN/inf values)"
                )));
            }
            (mn, mx)
        }
    };
    if first == last {
        first -= 0.5;
        last += 0.5;
    }
    Ok((first, last))
}

/// numpy's `a.min(), a.max()` as doubles (NaN if any NaN).
fn min_max<T: Num>(s: &[T]) -> (f64, f64) {
    s.par_chunks(CHUNK)
        .map(|c| {
            c.iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                    let x = v.to_f64();
                    if x.is_nan() || lo.is_nan() {
                        (f64::NAN, f64::NAN)
                    } else {
                        (lo.min(x), hi.max(x))
                    }
                })
        })
        .reduce(
            || (f64::INFINITY, f64::NEG_INFINITY),
            |a, b| {
                if a.0.is_nan() || b.0.is_nan() {
                    (f64::NAN, f64::NAN)
                } else {
                    (a.0.min(b.0), a.1.max(b.1))
                }
            },
        )
}

/// Equal bins: numpy's index computation for every value.
fn equal_bins<T: Num>(
    s: &[T],
    n: usize,
    first: f64,
    last: f64,
    edges: &[f64],
    f32_range: bool,
    single: bool,
) -> Vec<i64> {
    // For float32 data the edges are float32; with a `range` (Python
    // floats) the scaling divides by a float64 difference, without it by
    // a float32 one (numpy's scalar promotion).
    let r = |v: f64| if single { v as f32 as f64 } else { v };
    let (first_t, last_t) = (r(first), r(last));
    let denom = if single && !f32_range {
        r(last_t - first_t)
    } else {
        last - first
    };
    let scale = n as f64;
    count(s, n, |c, counts| {
        for v in c {
            let x = v.to_f64();
            if !(x >= first_t && x <= last_t) {
                continue;
            }
            let diff = r(x - first_t);
            let f = if single && !f32_range {
                r(r(diff / denom) * scale)
            } else {
                diff / denom * scale
            };
            let mut i = f as i64;
            if i == n as i64 {
                i -= 1;
            }
            if i > 0 && x < edges[i as usize] {
                i -= 1;
            }
            if i != n as i64 - 1 && x >= edges[i as usize + 1] {
                i += 1;
            }
            counts[i.clamp(0, n as i64 - 1) as usize] += 1;
        }
    })
}

/// numpy's `searchsorted` order: NaN after everything.
fn lt_nan_last(x: f64, e: f64) -> bool {
    if e.is_nan() {
        !x.is_nan()
    } else {
        x < e
    }
}

/// Given edges: numpy's cumulative `searchsorted` counts, differenced.
fn given_edges<T: Num>(s: &[T], edges: &[f64]) -> Vec<i64> {
    let m = edges.len();
    if m < 2 {
        return Vec::new();
    }
    let inner = &edges[..m - 1];
    let last = edges[m - 1];
    // Slot j < m-1 counts values below edge j but not below edge j-1; slot m-1, values <= last.
    let c = count(s, m, |c, counts| {
        for v in c {
            let x = v.to_f64();
            let j = inner.partition_point(|&e| !lt_nan_last(x, e));
            if j < m - 1 {
                counts[j] += 1;
            }
            if last.is_nan() || (!x.is_nan() && x <= last) {
                counts[m - 1] += 1;
            }
        }
    });
    let mut cum = Vec::with_capacity(m);
    let mut acc = 0i64;
    for &k in &c[..m - 1] {
        acc += k;
        cum.push(acc);
    }
    cum.push(c[m - 1]);
    cum.windows(2).map(|w| w[1] - w[0]).collect()
}

/// `numpy.histogram(a, bins, range)` over all elements of `a`.
pub fn histogram(a: &NdArray, bins: Bins, range: Option<(f64, f64)>) -> Result<Histogram> {
    let (counts, edges_out) = match bins {
        Bins::Edges(edges) => {
            if edges.windows(2).any(|w| w[0] > w[1]) {
                return Err(Error::invalid(
                    "histogram: bins must increase monotonically, when an array",
                ));
            }
            let counts = with_array!(a, |s| given_edges(s, &edges));
            (counts, NdArray::from_slice(&edges, &[edges.len()])?)
        }
        Bins::Count(n) => {
            if n < 1 {
                return Err(Error::invalid(
                    "histogram: bins must be positive, when an integer",
                ));
            }
            let (first, last) = outer_edges(a, range)?;
            let single = a.dtype() == DType::Float32;
            let edges = linspace(
                first,
                last,
                n + 1,
                single && range.is_none() && a.size() > 0,
            );
            let edges: Vec<f64> = if single {
                edges.iter().map(|&e| e as f32 as f64).collect()
            } else {
                edges
            };
            if edges.windows(2).any(|w| w[0] >= w[1]) {
                return Err(Error::invalid(format!(
                    "histogram: too many bins for data range; cannot create {n} finite-sized bins"
                )));
            }
            let counts = with_array!(a, |s| equal_bins(
                s,
                n,
                first,
                last,
                &edges,
                range.is_some(),
                single
            ));
            let out = if single {
                let e: Vec<f32> = edges.iter().map(|&e| e as f32).collect();
                NdArray::from_slice(&e, &[e.len()])?
            } else {
                NdArray::from_slice(&edges, &[edges.len()])?
            };
            (counts, out)
        }
    };
    Ok(Histogram {
        hist: NdArray::from_slice(&counts, &[counts.len()])?,
        bin_edges: edges_out,
    })
}
