//! One-dimensional filters along an axis, as scipy runs them: every line
//! is copied into a buffer of doubles, extended past its ends by the
//! boundary mode (`cval` as a double), filtered, and cast back to the
//! array's dtype with C's conversion (scipy's `NI_LineBufferToArray`).

use rayon::prelude::*;

use super::boundary::{extend, Mode};
use crate::kernels::num::Num;

/// Inner columns handled together (their lines share cache lines).
const BLOCK: usize = 8;

/// C's `(type)double` as scipy's line buffers store results: truncation
/// towards zero for integers (and bool, stored as a byte).
#[inline]
pub fn c_cast<T: Num>(v: f64) -> T {
    if T::IS_FLOAT {
        T::from_f64(v)
    } else {
        T::from_f64(v.trunc())
    }
}

/// A line filter: gets the extended line and writes the line's output.
pub trait LineFilter: Fn(&[f64], &mut [f64]) + Sync {}
impl<F: Fn(&[f64], &mut [f64]) + Sync> LineFilter for F {}

/// Runs `f` on every line of the C-order `data` along `axis`, each line
/// extended by `before`/`after` elements, and returns the cast results.
#[allow(clippy::too_many_arguments)]
pub fn map_lines<T: Num>(
    data: &[T],
    shape: &[usize],
    axis: usize,
    before: usize,
    after: usize,
    mode: Mode,
    cval: f64,
    f: impl LineFilter,
) -> Vec<T> {
    let len = shape[axis];
    let outer: usize = shape[..axis].iter().product();
    let inner: usize = shape[axis + 1..].iter().product();
    let mut out = vec![T::default(); data.len()];
    if data.is_empty() {
        return out;
    }
    let blocks = inner.div_ceil(BLOCK);
    let src: Vec<Option<usize>> = (0..len + before + after)
        .map(|p| extend(p as isize - before as isize, len, mode))
        .collect();
    // Each unit (outer index, block of inner columns) filters its lines
    // into its own buffer, laid out [position][column].
    let units: Vec<Vec<T>> = (0..outer * blocks)
        .into_par_iter()
        .map(|u| {
            let (o, b) = (u / blocks, u % blocks);
            let j0 = b * BLOCK;
            let width = BLOCK.min(inner - j0);
            let base = o * len * inner + j0;
            // The block's lines, extended, one after another: read row by
            // row so that each source row is touched once.
            let elen = src.len();
            let mut ext = vec![0.0f64; elen * width];
            for (p, s) in src.iter().enumerate() {
                match s {
                    Some(i) => {
                        let row = &data[base + i * inner..base + i * inner + width];
                        for (jj, v) in row.iter().enumerate() {
                            ext[jj * elen + p] = v.to_f64();
                        }
                    }
                    None => (0..width).for_each(|jj| ext[jj * elen + p] = cval),
                }
            }
            let mut res = vec![0.0f64; len];
            let mut unit = vec![T::default(); len * width];
            for jj in 0..width {
                f(&ext[jj * elen..(jj + 1) * elen], &mut res);
                for (i, r) in res.iter().enumerate() {
                    unit[i * width + jj] = c_cast(*r);
                }
            }
            unit
        })
        .collect();
    out.par_chunks_mut(inner)
        .enumerate()
        .for_each(|(row, dst)| {
            let (o, i) = (row / len, row % len);
            for b in 0..blocks {
                let j0 = b * BLOCK;
                let width = BLOCK.min(inner - j0);
                let unit = &units[o * blocks + b];
                dst[j0..j0 + width].copy_from_slice(&unit[i * width..(i + 1) * width]);
            }
        });
    out
}
