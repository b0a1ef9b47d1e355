//! numpy's pairwise summation (`pairwise_sum` in numpy's
//! `loops_utils.h.src`), reproduced operation for operation so that sums
//! are bit-identical to numpy's.
//!
//! Blocks of at most 128 elements are summed with 8 interleaved
//! accumulators; longer runs split at `n / 2` rounded down to a multiple of
//! 8. The top levels of that recursion run the halves with `rayon::join`:
//! the summation tree is unchanged, so the result does not depend on the
//! number of threads.

use std::ops::Add;

/// Runs at least this long are split across Rayon tasks.
const PAR_SPLIT: usize = 64 * 1024;

/// numpy's block size for the unrolled loop.
const PW_BLOCKSIZE: usize = 128;

/// A floating-point accumulator (numpy sums float32 in float32).
pub trait Acc: Copy + Send + Add<Output = Self> {
    /// numpy starts short sums at -0.0 (the identity that keeps -0.0).
    const NEG_ZERO: Self;
}

impl Acc for f64 {
    const NEG_ZERO: Self = -0.0;
}

impl Acc for f32 {
    const NEG_ZERO: Self = -0.0;
}

/// numpy's pairwise sum of `f(x)` over `data`, as one inner-loop call over
/// contiguous data computes it.
pub fn pairwise<T, A, F>(data: &[T], f: &F) -> A
where
    T: Copy + Sync,
    A: Acc,
    F: Fn(T) -> A + Sync,
{
    let n = data.len();
    if n < 8 {
        data.iter().fold(A::NEG_ZERO, |res, &x| res + f(x))
    } else if n <= PW_BLOCKSIZE {
        block(data, f)
    } else {
        let n2 = n / 2;
        let n2 = n2 - n2 % 8;
        let (lo, hi) = data.split_at(n2);
        if n >= PAR_SPLIT {
            let (a, b) = rayon::join(|| pairwise(lo, f), || pairwise(hi, f));
            a + b
        } else {
            pairwise(lo, f) + pairwise(hi, f)
        }
    }
}

/// The unrolled block: 8 <= data.len() <= 128.
#[inline(always)]
fn block<T: Copy, A: Acc, F: Fn(T) -> A>(data: &[T], f: &F) -> A {
    let mut r = [A::NEG_ZERO; 8];
    let (head, rest) = data.split_at(8);
    for (r, &x) in r.iter_mut().zip(head) {
        *r = f(x);
    }
    let mut chunks = rest.chunks_exact(8);
    for c in &mut chunks {
        for (r, &x) in r.iter_mut().zip(c) {
            *r = *r + f(x);
        }
    }
    let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for &x in chunks.remainder() {
        res = res + f(x);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_sums() {
        let id = |x: f64| x;
        assert_eq!(pairwise(&[] as &[f64], &id), -0.0);
        assert_eq!(pairwise(&[1.0, 2.0, 3.0], &id), 6.0);
        let v: Vec<f64> = (0..1000).map(f64::from).collect();
        assert_eq!(pairwise(&v, &id), 499500.0);
        let w: Vec<f32> = (0..300).map(|i| i as f32).collect();
        assert_eq!(pairwise(&w, &|x: f32| x), 44850.0f32);
    }
}
