//! The finite values of a float array, sorted into value buckets once, so
//! that every round of sigma clipping costs almost nothing.
//!
//! The values sigma clipping keeps after any number of rounds are the finite
//! values within one interval `[kl, kh]` of the original data (each round
//! filters the survivors of the last, so the bounds intersect). Keys
//! (order-preserving integers, [`Num::key`]) are split into at most 2^16
//! buckets of equal key width over the finite range. The input is cut into
//! runs of [`RUN`] elements; each run is bucket-sorted on its own (in
//! parallel, one histogram and one scatter pass), so a bucket of the whole
//! array is one slice per run and the kept values of each run are one slice
//! `start..end`. Then, per round:
//! - the count, sum and sum of squares of the kept values come from
//!   per-bucket sums (computed once, about each bucket's lower edge) for
//!   the buckets strictly inside `[kl, kh]`, plus a scan of the two edge
//!   buckets (f64 accumulation: see `clip_fast.rs` for how that compares
//!   with numpy's float32 sums);
//! - the median is an exact selection among the kept values of the one
//!   bucket that holds the middle rank, gathered once and reused (with the
//!   split points of earlier selections) while the bucket stays whole;
//! - clipping partitions each run's two edge buckets in place.

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::kernels::num::Num;

/// Buckets over the finite key range: at most 2^16 (their counts, 256 KB
/// per run, stay in L2 cache).
const BUCKET_BITS: u32 = 16;

/// Elements per run: a fixed length, so that the summation order (and so
/// the last bits of the sums) does not depend on the number of threads.
const RUN: usize = 1 << 20;

/// One run of the input: its finite values grouped by bucket.
struct Run<T> {
    vals: Vec<T>,
    /// Bucket `b` is `vals[off[b]..off[b + 1]]`.
    off: Vec<u32>,
    /// The kept values are `vals[start..end]`.
    start: usize,
    end: usize,
}

impl<T: Num> Run<T> {
    /// The kept values of bucket `b`, as a range of `vals`.
    fn kept_in(&self, b: usize) -> std::ops::Range<usize> {
        let at = |i: usize| (self.off[i] as usize).clamp(self.start, self.end);
        at(b)..at(b + 1)
    }
}

/// Count, sum and sum of squares of values minus a reference.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Sums {
    n: usize,
    s1: f64,
    s2: f64,
}

impl Sums {
    /// The sums of `s` about `c` (four lanes, so the loop vectorises).
    fn of<T: Num>(s: &[T], c: f64) -> Sums {
        let (mut a, mut q) = ([0.0f64; 4], [0.0f64; 4]);
        let mut chunks = s.chunks_exact(4);
        for x in &mut chunks {
            for j in 0..4 {
                let d = x[j].to_f64() - c;
                a[j] += d;
                q[j] += d * d;
            }
        }
        for x in chunks.remainder() {
            let d = x.to_f64() - c;
            a[0] += d;
            q[0] += d * d;
        }
        Sums {
            n: s.len(),
            s1: (a[0] + a[1]) + (a[2] + a[3]),
            s2: (q[0] + q[1]) + (q[2] + q[3]),
        }
    }

    /// Sums about `from` re-expressed about `to`, added to `self`.
    fn add_moved(&mut self, o: Sums, from: f64, to: f64) {
        let d = from - to;
        let n = o.n as f64;
        self.n += o.n;
        self.s1 += o.s1 + n * d;
        self.s2 += o.s2 + 2.0 * d * o.s1 + n * d * d;
    }

    /// The mean (`c` the reference the sums are about).
    pub fn mean(&self, c: f64) -> f64 {
        c + self.s1 / self.n as f64
    }

    /// The standard deviation with `ddof`; NaN when `n <= ddof`.
    pub fn std(&self, ddof: f64) -> f64 {
        let n = self.n as f64;
        if n - ddof <= 0.0 {
            return f64::NAN;
        }
        // About a reference within a standard deviation of the mean (the
        // median), so the subtraction loses at most one bit.
        let m2 = (self.s2 - self.s1 * self.s1 / n).max(0.0);
        (m2 / (n - ddof)).sqrt()
    }
}

/// The gathered kept values of one bucket, with the split points known in
/// it (every value before a split is <= every value after it).
struct Gathered<T> {
    bucket: usize,
    vals: Vec<T>,
    splits: BTreeSet<usize>,
}

/// The finite values of an array, bucket-sorted run by run, and the kept
/// interval of keys `[kl, kh]`.
pub(super) struct Buckets<T> {
    runs: Vec<Run<T>>,
    kmin: u64,
    span: u64,
    shift: u32,
    nb: usize,
    /// Per bucket: the sums of all its values about its lower edge.
    whole: Vec<Sums>,
    kl: u64,
    kh: u64,
    gathered: Option<Gathered<T>>,
}

impl<T: Num + Send + Sync> Buckets<T> {
    /// Sorts the finite values of `s` into buckets; `None` when there are none.
    pub fn build(s: &[T]) -> Option<Buckets<T>> {
        let (lo, hi) = finite_range(s)?;
        // -0.0 and 0.0 are equal values with distinct keys: cover both.
        let key = |v: f64, zero: f64| T::from_f64(if v == 0.0 { zero } else { v }).key();
        let (kmin, kmax) = (key(lo, -0.0), key(hi, 0.0));
        let span = kmax - kmin;
        let shift = (u64::BITS - span.leading_zeros()).saturating_sub(BUCKET_BITS);
        let nb = (span >> shift) as usize + 1;
        let runs: Vec<Run<T>> = s
            .par_chunks(RUN)
            .map(|c| sort_run(c, kmin, span, shift, nb))
            .collect();
        let mut b = Buckets {
            runs,
            kmin,
            span,
            shift,
            nb,
            whole: Vec::new(),
            kl: kmin,
            kh: kmax,
            gathered: None,
        };
        let whole = (0..nb)
            .into_par_iter()
            .with_min_len(64)
            .map(|i| {
                let e = b.edge(i);
                let mut t = Sums::default();
                for r in &b.runs {
                    let part = Sums::of(&r.vals[r.off[i] as usize..r.off[i + 1] as usize], e);
                    t.add_moved(part, e, e);
                }
                t
            })
            .collect();
        b.whole = whole;
        Some(b)
    }

    /// The value at the lower edge of bucket `b`.
    fn edge(&self, b: usize) -> f64 {
        T::from_key(self.kmin + ((b as u64) << self.shift)).to_f64()
    }

    /// The bucket of key `k` (clamped to the range).
    fn bucket(&self, k: u64) -> usize {
        ((k.saturating_sub(self.kmin).min(self.span) >> self.shift) as usize).min(self.nb - 1)
    }

    /// How many values are kept.
    pub fn len(&self) -> usize {
        self.runs.iter().map(|r| r.end - r.start).sum()
    }

    /// How many kept values bucket `b` holds (`bl`, `bh`: the edge buckets).
    fn count(&self, b: usize, bl: usize, bh: usize) -> usize {
        if b == bl || b == bh {
            self.runs.iter().map(|r| r.kept_in(b).len()).sum()
        } else {
            self.whole[b].n
        }
    }

    /// The sums of the kept values about `c`.
    pub fn sums(&self, c: f64) -> Sums {
        let (bl, bh) = (self.bucket(self.kl), self.bucket(self.kh));
        let mut t = Sums::default();
        for b in if bl == bh { vec![bl] } else { vec![bl, bh] } {
            for r in &self.runs {
                t.add_moved(Sums::of(&r.vals[r.kept_in(b)], c), c, c);
            }
        }
        for b in bl + 1..bh {
            t.add_moved(self.whole[b], self.edge(b), c);
        }
        t
    }

    /// Keeps only the values within `[lo, hi]` (and already kept).
    pub fn clip(&mut self, lo: f64, hi: f64) {
        let key = |v: f64, zero: f64| T::from_f64(if v == 0.0 { zero } else { v }).key();
        let (kl, kh) = (self.kl.max(key(lo, -0.0)), self.kh.min(key(hi, 0.0)));
        if kl > kh {
            self.runs.iter_mut().for_each(|r| r.end = r.start);
            self.gathered = None;
            return;
        }
        let (bl, bh) = (self.bucket(kl), self.bucket(kh));
        self.runs.par_iter_mut().for_each(|r| {
            let k = r.kept_in(bl);
            r.start = k.start + partition(&mut r.vals[k], |x| x.key() < kl);
            let k = r.kept_in(bh);
            r.end = k.start + partition(&mut r.vals[k.clone()], |x| x.key() <= kh);
        });
        (self.kl, self.kh) = (kl, kh);
        // The edge buckets were reordered and cut; the others are untouched.
        if self
            .gathered
            .as_ref()
            .is_some_and(|g| g.bucket == bl || g.bucket == bh)
        {
            self.gathered = None;
        }
    }

    /// The kept value of rank `r` (0 the smallest; `r < len()`).
    fn nth(&mut self, r: usize) -> T {
        let (bl, bh) = (self.bucket(self.kl), self.bucket(self.kh));
        let (mut b, mut below) = (bl, 0);
        loop {
            let c = self.count(b, bl, bh);
            if r < below + c || b >= bh {
                break;
            }
            below += c;
            b += 1;
        }
        if self.gathered.as_ref().is_none_or(|g| g.bucket != b) {
            let mut vals = Vec::with_capacity(self.count(b, bl, bh));
            for run in &self.runs {
                vals.extend_from_slice(&run.vals[run.kept_in(b)]);
            }
            let splits = BTreeSet::from([0, vals.len()]);
            self.gathered = Some(Gathered {
                bucket: b,
                vals,
                splits,
            });
        }
        let g = self.gathered.as_mut().expect("gathered just above");
        let i = r - below;
        let lo = g.splits.range(..=i).next_back().copied().unwrap_or(0);
        let hi = g
            .splits
            .range(i + 1..)
            .next()
            .copied()
            .unwrap_or(g.vals.len());
        let (_, v, _) = g.vals[lo..hi].select_nth_unstable_by_key(i - lo, |x| x.key());
        let v = *v;
        g.splits.insert(i);
        g.splits.insert(i + 1);
        v
    }

    /// The median of the kept values as numpy computes it: the middle value,
    /// or the mean of the two middle values in the input's precision.
    pub fn median(&mut self) -> f64 {
        let n = self.len();
        let lo = self.nth((n - 1) / 2);
        if n % 2 == 1 {
            return lo.to_f64();
        }
        let hi = self.nth(n / 2);
        // `np.mean` of the two: their sum, then halved, in float32 for
        // float32 input (halving is exact either way).
        if T::DTYPE == crate::dtype::DType::Float32 {
            ((lo.to_f64() as f32 + hi.to_f64() as f32) / 2.0) as f64
        } else {
            (lo.to_f64() + hi.to_f64()) / 2.0
        }
    }
}

/// The smallest and largest finite values, or `None` when there are none.
fn finite_range<T: Num + Sync>(s: &[T]) -> Option<(f64, f64)> {
    let scan = |c: &[T]| {
        // Eight independent lanes, branch-free, so the loop vectorises.
        let (mut lo, mut hi) = ([f64::INFINITY; 8], [f64::NEG_INFINITY; 8]);
        let mut chunks = c.chunks_exact(8);
        let step = |lo: &mut f64, hi: &mut f64, v: f64| {
            let finite = v.abs() < f64::INFINITY;
            *lo = if finite && v < *lo { v } else { *lo };
            *hi = if finite && v > *hi { v } else { *hi };
        };
        for x in &mut chunks {
            for j in 0..8 {
                step(&mut lo[j], &mut hi[j], x[j].to_f64());
            }
        }
        for x in chunks.remainder() {
            step(&mut lo[0], &mut hi[0], x.to_f64());
        }
        (
            lo.iter().copied().fold(f64::INFINITY, f64::min),
            hi.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        )
    };
    let (lo, hi) = s.par_chunks(RUN / 4).map(scan).reduce(
        || (f64::INFINITY, f64::NEG_INFINITY),
        |a, b| (a.0.min(b.0), a.1.max(b.1)),
    );
    (lo <= hi).then_some((lo, hi))
}

/// Bucket-sorts the finite values of one run: a histogram, then a scatter.
fn sort_run<T: Num>(c: &[T], kmin: u64, span: u64, shift: u32, nb: usize) -> Run<T> {
    // Non-finite values fall outside the key range: slot `nb`, dropped.
    let slot = |x: &T| {
        let d = x.key().wrapping_sub(kmin);
        if d <= span {
            (d >> shift) as usize
        } else {
            nb
        }
    };
    let mut count = vec![0u32; nb + 1];
    for x in c {
        count[slot(x)] += 1;
    }
    let mut off = Vec::with_capacity(nb + 1);
    let mut at = 0u32;
    for &n in &count[..nb] {
        off.push(at);
        at += n;
    }
    off.push(at);
    let mut next = off.clone();
    next[nb] = at;
    let mut vals = vec![T::default(); at as usize];
    for &x in c {
        let b = slot(&x);
        if b < nb {
            vals[next[b] as usize] = x;
            next[b] += 1;
        }
    }
    let end = vals.len();
    Run {
        vals,
        off,
        start: 0,
        end,
    }
}

/// Moves the elements satisfying `keep` to the front; returns their count.
fn partition<T>(s: &mut [T], keep: impl Fn(&T) -> bool) -> usize {
    let mut i = 0;
    for j in 0..s.len() {
        if keep(&s[j]) {
            s.swap(i, j);
            i += 1;
        }
    }
    i
}
