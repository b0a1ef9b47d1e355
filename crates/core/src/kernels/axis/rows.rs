//! Case B reductions (the innermost, contiguous dimension is kept: numpy's
//! `axis=0` of a C-order image) by whole rows. numpy adds such lanes one
//! row at a time, a plain sequential sum per output element; accumulating
//! whole contiguous rows into a block of states gives the same sums, bit
//! for bit, with loops that vectorise, instead of gathering each column.
//!
//! Order statistics (median, quantiles) still gather their lanes (`plan.rs`).

use crate::array::NdArray;
use crate::dtype::DType;
use crate::error::Result;

use super::super::num::{Bool8, Num};
use super::plan::Plan;
use super::stats::{divide, val, Float};
use super::{int_sum_dtype, Reduction};

/// The reduction `r` of `s` by rows, or `None` when it is not one of them.
pub(super) fn by_rows<T: Num>(s: &[T], plan: &Plan, r: Reduction) -> Option<Result<NdArray>> {
    use Reduction::*;
    let wrap = |dtype: DType, bytes: &[u8]| {
        NdArray::from_bytes(dtype, &plan.out_shape, plan.out_fortran, bytes)
    };
    let rows = Rows { s, plan };
    Some(match r {
        Sum | NanSum if !T::IS_FLOAT => {
            let v = rows.fold(0u64, |a, x| a.wrapping_add(x.to_i128() as u64));
            wrap(int_sum_dtype::<T>(), bytemuck::cast_slice(&v))
        }
        Sum | NanSum | Mean | NanMean | Var(_) | NanVar(_) | Std(_) | NanStd(_) => {
            if T::DTYPE == DType::Float32 {
                let v = rows.moments::<f32>(r);
                wrap(DType::Float32, bytemuck::cast_slice(&v))
            } else {
                let v = rows.moments::<f64>(r);
                wrap(DType::Float64, bytemuck::cast_slice(&v))
            }
        }
        Min | Max | NanMin | NanMax => {
            let v = rows.extreme(matches!(r, Min | NanMin), matches!(r, NanMin | NanMax));
            wrap(T::DTYPE, bytemuck::cast_slice(&v))
        }
        Argmin | Argmax => {
            let v = rows.arg_extreme(r == Argmin);
            wrap(DType::Int64, bytemuck::cast_slice(&v))
        }
        CountNonzero | Any | All => {
            let v = rows.fold(0u64, |a, x| a + (x != T::default()) as u64);
            match r {
                CountNonzero => {
                    let v: Vec<i64> = v.iter().map(|&c| c as i64).collect();
                    wrap(DType::Int64, bytemuck::cast_slice(&v))
                }
                _ => {
                    let n = plan.lane_len as u64;
                    let b: Vec<Bool8> = v
                        .iter()
                        .map(|&c| Bool8(if r == Any { c > 0 } else { c == n } as u8))
                        .collect();
                    wrap(DType::Bool, bytemuck::cast_slice(&b))
                }
            }
        }
        _ => return None,
    })
}

/// The input and its plan.
struct Rows<'a, T> {
    s: &'a [T],
    plan: &'a Plan,
}

impl<T: Num> Rows<'_, T> {
    /// `acc = f(acc, x)` per output element over its lane, from `zero`.
    fn fold<S: Copy + Send + Sync>(&self, zero: S, f: impl Fn(S, T) -> S + Sync) -> Vec<S> {
        self.plan.accumulate_rows(
            self.s,
            |_| zero,
            |acc, row, _| {
                for (a, &x) in acc.iter_mut().zip(row) {
                    *a = f(*a, x);
                }
            },
        )
    }

    /// `0 + Σ f(x)` per lane, in numpy's (sequential) order.
    fn sums<A: Float>(&self, f: impl Fn(T) -> A + Sync) -> Vec<A> {
        self.fold(A::from(0.0f32), |a, x| a + f(x))
    }

    /// Non-NaN elements per lane.
    fn counts(&self) -> Vec<f64> {
        let c = self.fold(0u64, |a, x| a + (!x.is_nan()) as u64);
        c.into_iter().map(|c| c as f64).collect()
    }

    /// sum, mean, var, std and their NaN-ignoring versions, as `stats.rs`
    /// computes them per lane.
    fn moments<A: Float>(&self, r: Reduction) -> Vec<A> {
        use Reduction::*;
        let nan = T::IS_FLOAT && matches!(r, NanSum | NanMean | NanVar(_) | NanStd(_));
        let zero = A::from(0.0f32);
        let plain = |x: T| -> A {
            if nan && x.is_nan() {
                zero
            } else {
                val(x)
            }
        };
        let total = self.sums(plain);
        if matches!(r, Sum | NanSum) {
            return total;
        }
        let n: Vec<f64> = if nan {
            self.counts()
        } else {
            vec![self.plan.lane_len as f64; total.len()]
        };
        let means: Vec<A> = total.iter().zip(&n).map(|(&t, &c)| divide(t, c)).collect();
        let ddof = match r {
            Var(d) | NanVar(d) | Std(d) | NanStd(d) => d,
            _ => return means,
        };
        let ss = self.plan.accumulate_rows(
            self.s,
            |i| (zero, means[i]),
            |acc, row, _| {
                for (a, &x) in acc.iter_mut().zip(row) {
                    let d = val::<T, A>(x).sub(a.1);
                    let sq = if nan && x.is_nan() { zero } else { d.mul(d) };
                    a.0 = a.0 + sq;
                }
            },
        );
        let std = matches!(r, Std(_) | NanStd(_));
        ss.iter()
            .zip(&n)
            .map(|(&(ss, _), &n)| {
                let dof = n - ddof;
                let v = if nan && dof <= 0.0 {
                    A::from_double(f64::NAN)
                } else {
                    divide(ss, if dof < 0.0 { 0.0 } else { dof })
                };
                if std {
                    v.sqrt()
                } else {
                    v
                }
            })
            .collect()
    }

    /// min (`want_min`) or max per lane: NaN when the lane holds one, or
    /// with `skip_nan` NaNs are ignored (NaN when all are); ties keep the
    /// first. The state is the element alone, so the loops vectorise.
    fn extreme(&self, want_min: bool, skip_nan: bool) -> Vec<T> {
        match (want_min, skip_nan) {
            (true, false) => self.extreme_of::<true, false>(),
            (true, true) => self.extreme_of::<true, true>(),
            (false, false) => self.extreme_of::<false, false>(),
            (false, true) => self.extreme_of::<false, true>(),
        }
    }

    fn extreme_of<const MIN: bool, const SKIP_NAN: bool>(&self) -> Vec<T> {
        // The running extreme `a` with a later element `x` folded in. A NaN
        // so far stays (no comparison with it is true) unless NaNs are
        // skipped: then anything replaces it. Of equal values (-0 and +0)
        // numpy's `maximum`/`minimum` along axis 0 keep the later; its
        // `fmax`/`fmin` (nanmax, nanmin) keep the earlier outside their
        // vector loops, which is what we follow there. Either rule is
        // associative, bit for bit (NaN payloads included), so four rows can
        // be combined first, then folded into the states: a quarter of the
        // state traffic, same results as row by row.
        let pick = |a: T, x: T| {
            let better = match (MIN, SKIP_NAN) {
                (true, false) => x <= a,
                (false, false) => x >= a,
                (true, true) => x < a,
                (false, true) => x > a,
            };
            let take = better || if SKIP_NAN { a.is_nan() } else { x.is_nan() };
            if take {
                x
            } else {
                a
            }
        };
        self.plan.accumulate_row_groups(
            self.s,
            |_| T::default(),
            |acc, row, r| {
                if r == 0 {
                    acc.copy_from_slice(row);
                    return;
                }
                for (a, &x) in acc.iter_mut().zip(row) {
                    *a = pick(*a, x);
                }
            },
            Some(|acc: &mut [T], [r0, r1, r2, r3]: [&[T]; 4]| {
                let rows = r0.iter().zip(r1).zip(r2.iter().zip(r3));
                for (a, ((&x0, &x1), (&x2, &x3))) in acc.iter_mut().zip(rows) {
                    *a = pick(*a, pick(pick(x0, x1), pick(x2, x3)));
                }
            }),
        )
    }

    /// argmin (`want_min`) or argmax per lane: the first NaN, else the first
    /// extreme.
    fn arg_extreme(&self, want_min: bool) -> Vec<i64> {
        let better = move |x: T, b: T| if want_min { x < b } else { x > b };
        let v = self.plan.accumulate_rows(
            self.s,
            |_| (T::default(), 0i64, false),
            |acc, row, r| {
                for (a, &x) in acc.iter_mut().zip(row) {
                    if r == 0 || (!a.2 && (x.is_nan() || better(x, a.0))) {
                        *a = (x, r as i64, x.is_nan());
                    }
                }
            },
        );
        v.into_iter().map(|a| a.1).collect()
    }
}
