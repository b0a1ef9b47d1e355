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

/// A whole-array `any`/`all` (no axis, no keepdims) decided by the first
/// `max_bytes` of the array's memory: `any` by a true element, `all` by a
/// false one (or the whole answer when the array fits). `None` when the
/// prefix does not decide it, or for other reductions. numpy stops at the
/// first deciding element too; this lets the caller answer at once, without
/// handing the work to another thread, when the answer comes early.
pub fn decided_by_prefix(a: &NdArray, r: Reduction, max_bytes: usize) -> Result<Option<NdArray>> {
    if !matches!(r, Reduction::Any | Reduction::All) {
        return Ok(None);
    }
    with_array!(a, |s| prefix(s, r == Reduction::Any, max_bytes))
}

/// [`decided_by_prefix`] on the elements: `want` is the value that decides.
fn prefix<T: Num>(s: &[T], want: bool, max_bytes: usize) -> Result<Option<NdArray>> {
    let n = (max_bytes / std::mem::size_of::<T>()).min(s.len());
    // In blocks, each an or-reduction the compiler vectorises (`any`
    // element by element stops early but does not vectorise).
    let decides = |c: &[T]| {
        c.iter()
            .fold(false, |h, x| h | ((*x != T::default()) == want))
    };
    if s[..n].chunks(256).any(decides) {
        scalar(Bool8(want as u8))
    } else if n == s.len() {
        scalar(Bool8(!want as u8))
    } else {
        Ok(None)
    }
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

/// Number of elements satisfying `f`. One-byte elements (bool masks) are
/// counted 255 at a time into a byte (a byte-wide sum the compiler
/// vectorises 16 lanes at a time), wider ones into a 32-bit sum; both
/// vectorise, where a filtered count adds one element at a time into a
/// 64-bit total (and byte lanes kept per column did not vectorise at all).
fn count<T: Num>(s: &[T], f: impl Fn(&T) -> bool + Sync) -> usize {
    let n = |c: &[T]| -> usize {
        if std::mem::size_of::<T>() == 1 {
            c.chunks(255)
                .map(|p| p.iter().fold(0u8, |t, x| t.wrapping_add(f(x) as u8)) as usize)
                .sum()
        } else {
            c.chunks(1 << 31)
                .map(|p| p.iter().map(|x| f(x) as u32).sum::<u32>() as usize)
                .sum()
        }
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
    par_scan_parts::<T, MIN>(s).0
}

/// [`par_scan`], with the scan of each [`TASK`]-sized chunk (empty when the
/// slice is too small to split).
fn par_scan_parts<T: Num, const MIN: bool>(s: &[T]) -> ((T, bool), Vec<(T, bool)>) {
    if s.len() < PAR_MIN {
        return (scan::<T, MIN>(s), Vec::new());
    }
    let parts: Vec<(T, bool)> = s.par_chunks(TASK).map(scan::<T, MIN>).collect();
    let p: Vec<T> = parts.iter().map(|p| p.0).collect();
    let (v, _) = scan::<T, MIN>(&p);
    ((v, parts.iter().any(|p| p.1)), parts)
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
/// first occurrence of the extreme. Only the first chunk whose own scan
/// holds it is searched again (not every chunk before it).
fn arg_extreme<T: Num, const MIN: bool>(s: &[T]) -> usize {
    let ((v, nan), parts) = par_scan_parts::<T, MIN>(s);
    let hit = move |x: &T| if nan { x.is_nan() } else { *x == v };
    // A chunk holds an element equal to the extreme exactly when its own
    // extreme equals it (NaNs never win a scan); NaNs it flags.
    let k = parts
        .iter()
        .position(|&(m, n)| if nan { n } else { m == v })
        .unwrap_or(0);
    let from = k * TASK;
    s[from..].iter().position(hit).map_or(0, |i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The naive answers the chunked kernels must give, on arrays large
    /// enough to be split over the pool.
    #[test]
    fn split_kernels_agree_with_a_plain_scan() {
        let n = 3 * TASK + 12_345;
        let mut v: Vec<f64> = (0..n).map(|i| ((i * 7919) % 1000) as f64).collect();
        v[TASK + 5] = 5000.0;
        v[2 * TASK + 9] = 5000.0;
        assert_eq!(arg_extreme::<f64, false>(&v), TASK + 5);
        v[2 * TASK + 1] = f64::NAN;
        v[3 * TASK] = f64::NAN;
        assert_eq!(arg_extreme::<f64, false>(&v), 2 * TASK + 1);
        assert_eq!(arg_extreme::<f64, true>(&v), 2 * TASK + 1);
        let w: Vec<f32> = (0..n).map(|i| ((i * 31) % 1000) as f32 - 999.0).collect();
        let first_min = w.iter().position(|&x| x == -999.0).unwrap();
        assert_eq!(arg_extreme::<f32, true>(&w), first_min);

        let mask: Vec<Bool8> = (0..n)
            .map(|i| Bool8(((i * 13) % 7 < 3) as u8 * 2))
            .collect();
        let truth = |x: &Bool8| x.0 != 0;
        assert_eq!(
            count(&mask, truth),
            mask.iter().filter(|x| truth(x)).count()
        );
        assert_eq!(
            count(&v, |x| *x > 500.0),
            v.iter().filter(|x| **x > 500.0).count()
        );
    }

    #[test]
    fn any_all_prefix_decides_only_when_it_can() {
        let mut v = vec![Bool8(1); 100_000];
        let a =
            NdArray::from_bytes(DType::Bool, &[100_000], false, bytemuck::cast_slice(&v)).unwrap();
        assert!(decided_by_prefix(&a, Reduction::All, 1024)
            .unwrap()
            .is_none());
        assert_eq!(
            decided_by_prefix(&a, Reduction::Any, 1024)
                .unwrap()
                .unwrap()
                .as_bytes(),
            &[1]
        );
        assert_eq!(
            decided_by_prefix(&a, Reduction::All, 1 << 20)
                .unwrap()
                .unwrap()
                .as_bytes(),
            &[1]
        );
        v[700] = Bool8(0);
        let a =
            NdArray::from_bytes(DType::Bool, &[100_000], false, bytemuck::cast_slice(&v)).unwrap();
        assert_eq!(
            decided_by_prefix(&a, Reduction::All, 1024)
                .unwrap()
                .unwrap()
                .as_bytes(),
            &[0]
        );
        assert!(decided_by_prefix(&a, Reduction::Sum, 1 << 20)
            .unwrap()
            .is_none());
        let e = NdArray::from_slice::<f64>(&[], &[0]).unwrap();
        let all = decided_by_prefix(&e, Reduction::All, 1024)
            .unwrap()
            .unwrap();
        let any = decided_by_prefix(&e, Reduction::Any, 1024)
            .unwrap()
            .unwrap();
        assert_eq!((all.as_bytes(), any.as_bytes()), (&[1u8][..], &[0u8][..]));
    }
}
