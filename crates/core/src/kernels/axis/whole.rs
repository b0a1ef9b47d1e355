//! Full reductions (no axis, no keepdims) over the whole of an array's
//! memory, in parallel, where that gives numpy's exact answer: one lane
//! through the axis machinery would run on a single thread.
//!
//! min/max scan eight independent lanes so the loop vectorises; the sign of
//! a zero result (-0.0 and 0.0 compare equal) is then settled by the same
//! rule the per-lane kernels follow. argmin/argmax find the extreme, then
//! the first position holding it (or the first NaN).

use rayon::prelude::*;

use crate::array::NdArray;
use crate::dtype::DType;
use crate::error::Result;

use super::super::num::{with_array, Bool8, Num};
use super::super::par::PAR_MIN;
use super::Reduction;

/// Elements per parallel task.
const TASK: usize = 256 * 1024;

/// A full reduction by the whole-array kernels, as a 0-d array of numpy's
/// dtype, or `None` when the axis machinery must do it.
pub(super) fn whole(a: &NdArray, r: Reduction) -> Result<Option<NdArray>> {
    use super::super::{mean, median, std, sum};
    use Reduction::*;
    let float = a.dtype().is_float();
    let v = match r {
        Mean => mean(a)?,
        Std(d) => std(a, d)?,
        Median => median(a)?,
        Sum if float => sum(a)?,
        _ => return with_array!(a, |s| typed(s, r)),
    };
    let out = if a.dtype() == DType::Float32 {
        NdArray::from_slice(&[v as f32], &[])?
    } else {
        NdArray::from_slice(&[v], &[])?
    };
    Ok(Some(out))
}

/// A 0-d array holding `v`.
fn scalar<V: Num>(v: V) -> Result<Option<NdArray>> {
    NdArray::from_bytes(V::DTYPE, &[], false, bytemuck::bytes_of(&v)).map(Some)
}

/// The reductions whose result keeps the element type, or an index/count.
fn typed<T: Num>(s: &[T], r: Reduction) -> Result<Option<NdArray>> {
    use Reduction::*;
    let truth = |x: &T| *x != T::default();
    match r {
        CountNonzero => scalar(count(s, truth) as i64),
        Any => scalar(Bool8(par_any(s, truth) as u8)),
        All => scalar(Bool8(!par_any(s, |x| !truth(x)) as u8)),
        NanMin | NanMax if s.is_empty() => Ok(None),
        Min | NanMin => extreme::<T, true>(s, r == NanMin).map_or(Ok(None), scalar),
        Max | NanMax => extreme::<T, false>(s, r == NanMax).map_or(Ok(None), scalar),
        Argmin if !s.is_empty() => scalar(arg_extreme::<T, true>(s) as i64),
        Argmax if !s.is_empty() => scalar(arg_extreme::<T, false>(s) as i64),
        _ => Ok(None),
    }
}

/// Number of elements satisfying `f`. Counted in 32 byte-wide lanes,
/// emptied every 255 steps, so the loop vectorises (a filtered count does
/// not: it adds one element at a time into a 64-bit total).
fn count<T: Num>(s: &[T], f: impl Fn(&T) -> bool + Sync) -> usize {
    const LANES: usize = 32;
    let n = |c: &[T]| {
        let mut total = 0usize;
        for part in c.chunks(255 * LANES) {
            let mut lanes = [0u8; LANES];
            let mut rows = part.chunks_exact(LANES);
            for row in &mut rows {
                for (l, x) in lanes.iter_mut().zip(row) {
                    *l += f(x) as u8;
                }
            }
            total += lanes.iter().map(|&l| l as usize).sum::<usize>();
            total += rows.remainder().iter().filter(|x| f(x)).count();
        }
        total
    };
    if s.len() < PAR_MIN {
        n(s)
    } else {
        s.par_chunks(TASK).map(n).sum()
    }
}

/// True when some element satisfies `f` (stops early).
fn par_any<T: Num>(s: &[T], f: impl Fn(&T) -> bool + Sync) -> bool {
    if s.len() < PAR_MIN {
        s.iter().any(f)
    } else {
        s.par_chunks(TASK).any(|c| c.iter().any(&f))
    }
}

/// The smallest (`MIN`) or largest element of a non-empty chunk, and
/// whether a NaN was seen; NaNs never win (eight lanes, so it vectorises).
fn scan<T: Num, const MIN: bool>(c: &[T]) -> (T, bool) {
    let mut acc = [c[0]; 8];
    let mut nan = [false; 8];
    let step = |acc: &mut T, nan: &mut bool, x: T| {
        let better = if MIN { x < *acc } else { x > *acc };
        // A NaN start is replaced by anything (NaN or not).
        *acc = if better || acc.is_nan() { x } else { *acc };
        *nan |= x.is_nan();
    };
    let mut chunks = c.chunks_exact(8);
    for ch in &mut chunks {
        for j in 0..8 {
            step(&mut acc[j], &mut nan[j], ch[j]);
        }
    }
    for &x in chunks.remainder() {
        step(&mut acc[0], &mut nan[0], x);
    }
    let merge = |(a, p): (T, bool), (b, q): (T, bool)| {
        let better = if MIN { b < a } else { b > a };
        (if better || a.is_nan() { b } else { a }, p || q)
    };
    (0..8)
        .map(|j| (acc[j], nan[j]))
        .reduce(merge)
        .unwrap_or((c[0], false))
}

/// [`scan`] over the whole slice, in parallel.
fn par_scan<T: Num, const MIN: bool>(s: &[T]) -> (T, bool) {
    if s.len() < PAR_MIN {
        return scan::<T, MIN>(s);
    }
    let parts: Vec<(T, bool)> = s.par_chunks(TASK).map(scan::<T, MIN>).collect();
    let p: Vec<T> = parts.iter().map(|p| p.0).collect();
    let (v, _) = scan::<T, MIN>(&p);
    (v, parts.iter().any(|p| p.1))
}

/// `np.min`/`np.max` (`skip_nan`: `np.nanmin`/`np.nanmax`) of a non-empty
/// slice; `None` when empty.
pub(crate) fn extreme<T: Num, const MIN: bool>(s: &[T], skip_nan: bool) -> Option<T> {
    if s.is_empty() {
        return None;
    }
    let (v, nan) = par_scan::<T, MIN>(s);
    if nan && !skip_nan {
        return Some(T::from_f64(f64::NAN));
    }
    if T::IS_FLOAT && v == T::default() {
        // A zero result: which zero is numpy's? The whole-array loop keeps
        // the last of equal elements, the NaN-skipping one the first.
        let zero = |x: &T| *x == T::default();
        let at = if skip_nan {
            s.iter().position(zero)
        } else {
            s.iter().rposition(zero)
        };
        return at.map(|i| s[i]);
    }
    Some(v)
}

/// numpy's argmin/argmax of a non-empty slice: the first NaN, else the
/// first occurrence of the extreme.
fn arg_extreme<T: Num, const MIN: bool>(s: &[T]) -> usize {
    let (v, nan) = par_scan::<T, MIN>(s);
    let hit = move |x: &T| if nan { x.is_nan() } else { *x == v };
    let first = if s.len() < PAR_MIN {
        s.iter().position(hit)
    } else {
        s.par_chunks(TASK)
            .position_first(|c| c.iter().any(hit))
            .and_then(|k| s[k * TASK..].iter().position(hit).map(|i| k * TASK + i))
    };
    first.unwrap_or(0)
}
