//! What one lane reduces to: sums in numpy's order, means, variances, the
//! NaN-ignoring versions, extremes and their indices, and order statistics
//! (median, linear-interpolated quantiles) by selection, never by sorting.

use super::super::median::combine;
use super::super::num::Num;
use super::super::pairwise::{pairwise, Acc};
use super::plan::Lane;

/// numpy's cast buffer: integer input is converted (and summed) this many
/// elements at a time.
const NPY_BUFSIZE: usize = 8192;

/// A float accumulator (f32 for float32 input, f64 otherwise).
pub(crate) trait Float: Acc + Sync + From<f32> + PartialOrd {
    fn from_double(v: f64) -> Self;
    fn to_double(self) -> f64;
    fn mul(self, o: Self) -> Self;
    fn sub(self, o: Self) -> Self;
    fn sqrt(self) -> Self;
}

impl Float for f32 {
    fn from_double(v: f64) -> Self {
        v as f32
    }
    fn to_double(self) -> f64 {
        self as f64
    }
    fn mul(self, o: Self) -> Self {
        self * o
    }
    fn sub(self, o: Self) -> Self {
        self - o
    }
    fn sqrt(self) -> Self {
        self.sqrt()
    }
}

impl Float for f64 {
    fn from_double(v: f64) -> Self {
        v
    }
    fn to_double(self) -> f64 {
        self
    }
    fn mul(self, o: Self) -> Self {
        self * o
    }
    fn sub(self, o: Self) -> Self {
        self - o
    }
    fn sqrt(self) -> Self {
        self.sqrt()
    }
}

/// `0 + Σ f(x)` in numpy's order for this lane.
pub(crate) fn sum<T: Num + Sync, A: Float>(lane: &Lane<'_, T>, f: impl Fn(T) -> A + Sync) -> A {
    let zero = A::from(0.0f32);
    if lane.seq {
        return lane.iter().fold(zero, |acc, x| acc + f(x));
    }
    let chunk = if T::IS_FLOAT { usize::MAX } else { NPY_BUFSIZE };
    lane.runs.iter().fold(zero, |acc, run| {
        run.chunks(chunk.min(run.len().max(1)))
            .fold(acc, |acc, c| acc + pairwise(c, &f))
    })
}

/// The value of `x` in the accumulator type.
pub(crate) fn val<T: Num, A: Float>(x: T) -> A {
    A::from_double(x.to_f64())
}

/// The mean as numpy's `_mean` computes it: the sum divided by the count
/// in float64, rounded to the accumulator type.
pub(crate) fn divide<A: Float>(total: A, count: f64) -> A {
    A::from_double(total.to_double() / count)
}

/// `np.mean` of the lane (`nan`: NaN elements ignored, `np.nanmean`).
pub(crate) fn mean<T: Num + Sync, A: Float>(lane: &Lane<'_, T>, nan: bool) -> A {
    if nan {
        let total = sum(lane, |x: T| if x.is_nan() { A::from(0.0) } else { val(x) });
        divide(total, lane.iter().filter(|x| !x.is_nan()).count() as f64)
    } else {
        divide(sum(lane, val::<T, A>), lane.len() as f64)
    }
}

/// `np.var(ddof=ddof)` (or `np.nanvar`): squared deviations from the mean,
/// summed in numpy's order, divided by `n - ddof` (NaN when that is not positive
/// for the NaN version; `max(n - ddof, 0)` otherwise).
pub(crate) fn var<T: Num + Sync, A: Float>(lane: &Lane<'_, T>, ddof: f64, nan: bool) -> A {
    let m: A = mean(lane, nan);
    let ss = sum(lane, |x: T| {
        if nan && x.is_nan() {
            A::from(0.0)
        } else {
            let d = val::<T, A>(x).sub(m);
            d.mul(d)
        }
    });
    let n = if nan {
        lane.iter().filter(|x| !x.is_nan()).count()
    } else {
        lane.len()
    } as f64;
    let dof = n - ddof;
    if nan && dof <= 0.0 {
        return A::from_double(f64::NAN);
    }
    divide(ss, if dof < 0.0 { 0.0 } else { dof })
}

/// The integer sum, wrapping in 64 bits as numpy's int64/uint64 sum does
/// (returned as the bits; the caller reads them signed or unsigned).
pub(crate) fn int_sum<T: Num>(lane: &Lane<'_, T>) -> u64 {
    lane.iter()
        .fold(0u64, |acc, x| acc.wrapping_add(x.to_i128() as u64))
}

/// Index and value of the minimum (`want_min`) or maximum; the first NaN
/// wins (`skip_nan`: NaNs are ignored, `None` when all are NaN).
pub(crate) fn arg_extreme<T: Num>(
    lane: &Lane<'_, T>,
    want_min: bool,
    skip_nan: bool,
) -> Option<(usize, T)> {
    let mut best: Option<(usize, T)> = None;
    for (i, x) in lane.iter().enumerate() {
        if x.is_nan() {
            if skip_nan {
                continue;
            }
            return Some((i, x));
        }
        let better = match best {
            None => true,
            Some((_, b)) => {
                if want_min {
                    x < b
                } else {
                    x > b
                }
            }
        };
        if better {
            best = Some((i, x));
        }
    }
    best
}

/// The lane's values as order-preserving keys (NaNs dropped when `skip_nan`),
/// or `None` when a NaN is present and not skipped.
fn keys<T: Num>(lane: &Lane<'_, T>, skip_nan: bool) -> Option<Vec<u64>> {
    let mut k = Vec::with_capacity(lane.len());
    for x in lane.iter() {
        if x.is_nan() {
            if skip_nan {
                continue;
            }
            return None;
        }
        k.push(x.key());
    }
    Some(k)
}

/// `np.median` (or `np.nanmedian`) of the lane, as a double.
pub(crate) fn median<T: Num>(lane: &Lane<'_, T>, skip_nan: bool) -> f64 {
    let Some(mut k) = keys(lane, skip_nan) else {
        return f64::NAN;
    };
    if k.is_empty() {
        return f64::NAN;
    }
    let n = k.len();
    let (k1, k2) = ((n - 1) / 2, n / 2);
    let (lo, hi) = select_pair(&mut k, k1, k2);
    combine(T::from_key(lo), T::from_key(hi), k1 != k2)
}

/// `np.quantile(q)` with the default 'linear' method (or `np.nanquantile`),
/// as numpy 2.4 computes it: virtual index `(n - 1) * q` and the weight
/// `gamma` in float64, then numpy's `_lerp` in the accumulator type `A`
/// (float32 for float32 input: gamma is a weak Python float there).
pub(crate) fn quantile<T: Num, A: Float>(lane: &Lane<'_, T>, q: f64, skip_nan: bool) -> A {
    let Some(mut k) = keys(lane, skip_nan) else {
        return A::from_double(f64::NAN);
    };
    let n = k.len();
    if n == 0 {
        return A::from_double(f64::NAN);
    }
    let virt = (n - 1) as f64 * q;
    // numpy's _get_indexes: at or above the last index both neighbours are
    // the last element (index -1, which gamma then subtracts).
    let (prev, next, prev_index) = if virt >= (n - 1) as f64 {
        (n - 1, n - 1, -1.0)
    } else if virt < 0.0 {
        (0, 0, 0.0)
    } else {
        let p = virt.floor();
        (p as usize, p as usize + 1, p)
    };
    let gamma = virt - prev_index;
    let (a, b) = select_pair(&mut k, prev, next);
    let (a, b) = (T::from_key(a), T::from_key(b));
    // numpy's _lerp: the difference in the input dtype, then the blend.
    let diff: A = val(b.sub(a));
    if gamma >= 0.5 {
        val::<T, A>(b).sub(diff.mul(A::from_double(1.0 - gamma)))
    } else {
        val::<T, A>(a) + diff.mul(A::from_double(gamma))
    }
}

/// Lanes at least this long narrow the selection with a sample first.
const SAMPLE_MIN: usize = 1024;
/// Sample size: the ranks of interest land within a few standard
/// deviations (sqrt(SAMPLE)/2 sample ranks) of their expected place.
const SAMPLE: usize = 256;
/// Half-width of the window of sample ranks kept (3 standard deviations).
const MARGIN: usize = 24;

/// The keys of ranks `k1` and `k2 = k1` or `k1 + 1` of `k` (reordered).
/// Long lanes first keep only the keys between two sample quantiles that
/// bracket the ranks (Floyd and Rivest's idea): one branch-free pass, then a
/// selection among a fraction of the keys. If the bracket misses (rare,
/// unlucky data), the full selection runs; the answer is the same either way.
fn select_pair(k: &mut [u64], k1: usize, k2: usize) -> (u64, u64) {
    if k.len() >= SAMPLE_MIN {
        if let Some(pair) = bracketed_pair(k, k1, k2) {
            return pair;
        }
    }
    pair_in(k, k1, k2)
}

/// Ranks `k1` and `k2` by one `select_nth_unstable`.
fn pair_in(k: &mut [u64], k1: usize, k2: usize) -> (u64, u64) {
    let (_, &mut lo, right) = k.select_nth_unstable(k1);
    let hi = if k2 > k1 {
        right.iter().copied().min().unwrap_or(lo)
    } else {
        lo
    };
    (lo, hi)
}

/// [`select_pair`] among the keys between two sample quantiles, or `None`
/// when the ranks fall outside them.
fn bracketed_pair(k: &[u64], k1: usize, k2: usize) -> Option<(u64, u64)> {
    let n = k.len();
    let step = n / SAMPLE;
    let mut sample: Vec<u64> = (0..SAMPLE).map(|i| k[i * step + step / 2]).collect();
    let at = k1 * SAMPLE / n;
    let lo = match at.checked_sub(MARGIN) {
        Some(r) => *sample.select_nth_unstable(r).1,
        None => 0,
    };
    let hi = if at + MARGIN < SAMPLE {
        *sample.select_nth_unstable(at + MARGIN).1
    } else {
        u64::MAX
    };
    let mut mid = vec![0u64; n];
    let (mut below, mut m) = (0usize, 0usize);
    for &x in k {
        below += (x < lo) as usize;
        mid[m] = x;
        m += (x >= lo && x <= hi) as usize;
    }
    if below > k1 || k2 >= below + m {
        return None;
    }
    Some(pair_in(&mut mid[..m], k1 - below, k2 - below))
}
