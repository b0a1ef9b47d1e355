//! `scipy.ndimage.median_filter` (origin 0): the element of rank
//! `n // 2` of each window of `n` elements (no averaging for even `n`), in
//! the input's dtype. scipy takes one of three routes, and so do we:
//!
//! - windows of 1 or 2 elements are its minimum/maximum filter
//!   (`minmax_1d.rs`);
//! - 1-d arrays go through its 1-d double-heap filter (`rank_1d.rs`);
//! - everything else through its n-d filter: each window's values, in C
//!   order of the footprint, as doubles, into a quickselect (`select.rs`).
//!
//! The n-d route is where the speed is: windows up to [`FAST_MAX`] elements
//! are selected by a pruned sorting network over 16 windows at a time, on
//! every core. Its result equals scipy's except where scipy's depends on
//! the order of comparisons: windows holding NaN, and which zero (-0.0 or
//! +0.0) a zero median is. Those windows (few) are recomputed with scipy's
//! own quickselect, so the output is scipy's bit for bit. int64/uint64 go
//! through doubles as scipy's do (values past 2^53 round), on the exact route.

use rayon::prelude::*;

use super::boundary::{pad, strides, Mode};
use super::lines::{c_cast, map_lines};
use super::minmax_1d::max_line;
use super::network::{run, selection, Op, LANES};
use super::rank_1d::rank_filter_1d;
use super::select::ni_select;
use super::{c_order_data, check_sizes};
use crate::array::NdArray;
use crate::dtype::DType;
use crate::error::Result;
use crate::kernels::num::{cast, with_dtype, Num};

/// Largest window (elements) selected by a network; larger ones use quickselect.
pub const FAST_MAX: usize = 64;

/// The geometry of the n-d route over a padded copy of the input.
struct Plan<'a, T> {
    padded: &'a [T],
    /// Offsets of the footprint's elements (C order) from a window's first.
    offsets: Vec<usize>,
    /// Offsets, in padded rows, of the rows a window touches.
    row_offsets: Vec<usize>,
    rank: usize,
}

impl<T: Num> Plan<'_, T> {
    /// scipy's value for the window starting at `start` (its quickselect).
    fn exact(&self, start: usize, buf: &mut Vec<f64>) -> T {
        buf.clear();
        buf.extend(self.offsets.iter().map(|o| self.padded[start + o].to_f64()));
        let n = buf.len();
        c_cast(ni_select(buf, 0, n - 1, self.rank))
    }

    /// One output row (`out`) whose windows start at `start` in the padded array.
    fn row(&self, start: usize, out: &mut [T], ops: Option<&[Op]>, row_nan: bool) {
        let mut buf = Vec::with_capacity(self.offsets.len());
        let Some(ops) = ops else {
            for (x, o) in out.iter_mut().enumerate() {
                *o = self.exact(start + x, &mut buf);
            }
            return;
        };
        let mut wires = vec![[T::default(); LANES]; self.offsets.len()];
        for x0 in (0..out.len()).step_by(LANES) {
            let width = LANES.min(out.len() - x0);
            for (w, off) in wires.iter_mut().zip(&self.offsets) {
                let s = &self.padded[start + x0 + off..];
                w[..width].copy_from_slice(&s[..width]);
            }
            run(ops, &mut wires);
            for l in 0..width {
                let v = wires[self.rank][l];
                // Which zero, and anything with NaN in the window, follow
                // scipy's comparisons: recompute those its way.
                out[x0 + l] = if T::IS_FLOAT && (row_nan || v.to_f64() == 0.0) {
                    self.exact(start + x0 + l, &mut buf)
                } else {
                    v
                };
            }
        }
    }
}

/// The n-d route.
fn nd<T: Num>(
    data: &[T],
    shape: &[usize],
    size: &[usize],
    rank: usize,
    mode: Mode,
    cval: f64,
    out: &mut [T],
) {
    let nd = shape.len();
    let before: Vec<usize> = size.iter().map(|s| s / 2).collect();
    let after: Vec<usize> = size.iter().zip(&before).map(|(s, b)| s - b - 1).collect();
    // scipy puts `(type)cval` into the window.
    let (padded, pshape) = pad(data, shape, &before, &after, mode, c_cast::<T>(cval));
    let pstrides = strides(&pshape);
    let fsize: usize = size.iter().product();
    let mut offsets = Vec::with_capacity(fsize);
    let mut row_offsets = Vec::new();
    for f in 0..fsize {
        let (mut rest, mut off) = (f, 0usize);
        for k in (0..nd).rev() {
            off += (rest % size[k]) * pstrides[k];
            rest /= size[k];
        }
        offsets.push(off);
        if f % size[nd - 1] == 0 {
            row_offsets.push(off / pshape[nd - 1]);
        }
    }
    let plast = pshape[nd - 1];
    let row_nan: Vec<bool> = if T::IS_FLOAT {
        padded
            .par_chunks(plast.max(1))
            .map(|r| r.iter().any(|v| v.is_nan()))
            .collect()
    } else {
        Vec::new()
    };
    let wide = matches!(T::DTYPE, DType::Int64 | DType::UInt64);
    let ops = (!wide && fsize <= FAST_MAX).then(|| selection(fsize, rank));
    let plan = Plan {
        padded: &padded,
        offsets,
        row_offsets,
        rank,
    };
    let last = shape[nd - 1];
    out.par_chunks_mut(last).enumerate().for_each(|(r, dst)| {
        // The padded row where this output row's windows start.
        let (mut rest, mut prow, mut stride) = (r, 0usize, 1usize);
        for k in (0..nd - 1).rev() {
            prow += (rest % shape[k]) * stride;
            rest /= shape[k];
            stride *= pshape[k];
        }
        let nan = T::IS_FLOAT && plan.row_offsets.iter().any(|ro| row_nan[prow + ro]);
        plan.row(prow * plast, dst, ops.as_deref(), nan);
    });
}

/// The 1-d route: scipy runs float32, float64 and int64 as they are and
/// every other integer type (and bool) as int64.
fn one_d<T: Num>(data: &[T], rank: usize, win: usize, mode: Mode, cval: f64) -> Vec<T> {
    let mut out = vec![T::default(); data.len()];
    match T::DTYPE {
        DType::Float32 | DType::Float64 | DType::Int64 => {
            let cv = if T::IS_FLOAT { cval } else { cval.trunc() };
            rank_filter_1d(data, rank, win, &mut out, mode, T::from_f64(cv));
        }
        _ => {
            let x: Vec<i64> = data.iter().map(|&v| cast::<T, i64>(v)).collect();
            let mut o = vec![0i64; x.len()];
            rank_filter_1d(&x, rank, win, &mut o, mode, i64::from_f64(cval.trunc()));
            for (d, s) in out.iter_mut().zip(o) {
                *d = cast::<i64, T>(s);
            }
        }
    }
    out
}

/// Writes the filtered `data` into `out` (the n-d route writes in place:
/// no copy of a large result).
fn typed<T: Num>(
    data: &[T],
    shape: &[usize],
    size: &[usize],
    mode: Mode,
    cval: f64,
    out: &mut [T],
) {
    let fsize: usize = size.iter().product();
    let rank = fsize / 2;
    if data.is_empty() || fsize == 1 {
        out.copy_from_slice(data);
        return;
    }
    if rank == fsize - 1 {
        // A 2-element footprint: scipy's maximum_filter along that axis.
        let axis = size.iter().position(|&s| s == 2).unwrap_or(0);
        let v = map_lines(data, shape, axis, 1, 0, mode, cval, |ext, o| {
            max_line(ext, 2, o)
        });
        out.copy_from_slice(&v);
        return;
    }
    let n = data.len() as isize;
    if shape.len() == 1 && (n - (fsize as isize - 1) / 2 >= 0 || n == 1) {
        out.copy_from_slice(&one_d(data, rank, fsize, mode, cval));
        return;
    }
    nd(data, shape, size, rank, mode, cval, out);
}

/// `scipy.ndimage.median_filter(a, size, mode=mode, cval=cval)` (origin 0):
/// same shape and dtype as `a`. `size` has one entry per axis.
pub fn median_filter(a: &NdArray, size: &[usize], mode: Mode, cval: f64) -> Result<NdArray> {
    check_sizes(a, size, "medianFilter")?;
    let c = c_order_data(a)?;
    let src = c.as_ref().unwrap_or(a);
    with_dtype!(a.dtype(), |T| {
        let data: &[T] = src.typed::<T>()?;
        let mut out = NdArray::for_overwrite(a.shape(), a.dtype(), false)?;
        typed(data, a.shape(), size, mode, cval, out.typed_mut::<T>()?);
        Ok(out)
    })
}
