//! Reductions along axes (numpy's `axis=` and `keepdims=`), each result
//! numpy's dtype and value: sums bit-identical (numpy's order, see
//! `plan.rs`), NaN rules as numpy's, order statistics by selection per lane.

mod plan;
mod rows;
mod stats;
mod whole;

use crate::array::NdArray;
use crate::dtype::DType;
use crate::error::{Error, Result};

use super::layout::to_c_order;
use super::num::{with_array, Bool8, Num};
use plan::{normalize_axes, Lane, Plan};
use stats::Float;
pub use whole::decided_by_prefix;
pub(crate) use whole::extreme;
use whole::whole;

/// A reduction along axes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reduction {
    /// `np.sum`.
    Sum,
    /// `np.mean`.
    Mean,
    /// `var(ddof)`.
    Var(f64),
    /// `std(ddof)`.
    Std(f64),
    /// `np.min`.
    Min,
    /// `np.max`.
    Max,
    /// `np.argmin`.
    Argmin,
    /// `np.argmax`.
    Argmax,
    /// `np.median`.
    Median,
    /// `quantile(q)`, q in [0, 1].
    Quantile(f64),
    /// `percentile(q)`, q in [0, 100].
    Percentile(f64),
    /// `np.nansum`.
    NanSum,
    /// `np.nanmean`.
    NanMean,
    /// `np.nanvar(ddof)`.
    NanVar(f64),
    /// `np.nanstd(ddof)`.
    NanStd(f64),
    /// `np.nanmin`.
    NanMin,
    /// `np.nanmax`.
    NanMax,
    /// `np.nanmedian`.
    NanMedian,
    /// `np.nanquantile(q)`.
    NanQuantile(f64),
    /// `np.nanpercentile(q)`.
    NanPercentile(f64),
    /// One q of a list given to `quantile`/`percentile` or their NaN-ignoring
    /// versions (`percent`: q in [0, 100]; `nan`: NaNs ignored). numpy
    /// interpolates a list of q in float64 whatever the input (the q array
    /// is not a weak scalar), so float32 input gives float64 here.
    QuantileOfList {
        /// The q.
        q: f64,
        /// True for a percentile (q in [0, 100]).
        percent: bool,
        /// True for the NaN-ignoring version.
        nan: bool,
    },
    /// `np.count_nonzero`.
    CountNonzero,
    /// `np.any`.
    Any,
    /// `np.all`.
    All,
}

impl Reduction {
    /// Parses an API name with its parameter (`ddof` or `q`; ignored by the others).
    pub fn parse(name: &str, param: f64) -> Result<Reduction> {
        use Reduction::*;
        Ok(match name {
            "sum" => Sum,
            "mean" => Mean,
            "var" => Var(param),
            "std" => Std(param),
            "min" => Min,
            "max" => Max,
            "argmin" => Argmin,
            "argmax" => Argmax,
            "median" => Median,
            "quantile" => Quantile(param),
            "percentile" => Percentile(param),
            "nansum" => NanSum,
            "nanmean" => NanMean,
            "nanvar" => NanVar(param),
            "nanstd" => NanStd(param),
            "nanmin" => NanMin,
            "nanmax" => NanMax,
            "nanmedian" => NanMedian,
            "nanquantile" => NanQuantile(param),
            "nanpercentile" => NanPercentile(param),
            "quantiles" | "percentiles" | "nanquantiles" | "nanpercentiles" => QuantileOfList {
                q: param,
                percent: name.ends_with("percentiles"),
                nan: name.starts_with("nan"),
            },
            "countNonzero" => CountNonzero,
            "any" => Any,
            "all" => All,
            _ => {
                return Err(Error::invalid(format!(
                    "unknown reduction '{name}': use one of sum, mean, var, std, min, max, argmin, \
                     argmax, median, quantile, percentile, nansum, nanmean, nanvar, nanstd, nanmin, \
                     nanmax, nanmedian, nanquantile, nanpercentile, quantiles, percentiles, \
                     nanquantiles, nanpercentiles, countNonzero, any, all"
                )))
            }
        })
    }
}

/// The reduction of `a` over `axes` (`None`: all), keeping reduced axes as
/// length 1 with `keepdims`. The result is an array (0-d for a full reduction).
pub fn reduce(a: &NdArray, r: Reduction, axes: Option<&[i64]>, keepdims: bool) -> Result<NdArray> {
    use Reduction::*;
    let mut reduced = normalize_axes(axes, a.shape().len())?;
    if matches!(r, Argmin | Argmax) {
        let single = axes.map_or(a.shape().len() <= 1, |x| x.len() == 1);
        if !single && axes.is_some() {
            return Err(Error::invalid(
                "argmin/argmax: axis must be a single integer or None",
            ));
        }
        if axes.is_none() {
            // numpy's index into the flattened (C-order) array.
            if let Some(c) = to_c_order(a)? {
                return reduce(&c, r, None, keepdims);
            }
            reduced = vec![true; a.shape().len()];
        }
    }
    let q = match r {
        Quantile(q) | NanQuantile(q) => Some((q, 1.0, "Quantiles must be in the range [0, 1]")),
        Percentile(q)
        | NanPercentile(q)
        | QuantileOfList {
            q, percent: true, ..
        } => Some((q, 100.0, "Percentiles must be in the range [0, 100]")),
        QuantileOfList { q, .. } => Some((q, 1.0, "Quantiles must be in the range [0, 1]")),
        _ => None,
    };
    if let Some((q, top, msg)) = q {
        if !(0.0..=top).contains(&q) {
            return Err(Error::invalid(msg));
        }
        if a.dtype() == DType::Bool {
            return Err(Error::invalid(
                "numpy boolean subtract, the `-` operator, is not supported (quantiles of a bool array); \
                 convert it with astype first",
            ));
        }
    }
    if axes.is_none() && !keepdims {
        if let Some(v) = whole(a, r)? {
            return Ok(v);
        }
    }
    let plan = Plan::new(a, &reduced, keepdims);
    if plan.lane_len == 0 && plan.out_size() > 0 {
        let op = match r {
            Min | NanMin => Some("minimum"),
            Max | NanMax => Some("maximum"),
            Argmin => Some("argmin"),
            Argmax => Some("argmax"),
            _ => None,
        };
        if let Some(op) = op {
            return Err(Error::invalid(format!(
                "zero-size array to reduction operation {op} which has no identity"
            )));
        }
    }
    with_array!(a, |s| compute(s, &plan, r))
}

/// The result of `r` over lanes of `s`.
fn compute<T: Num>(s: &[T], plan: &Plan, r: Reduction) -> Result<NdArray> {
    use Reduction::*;
    if plan.by_rows() {
        if let Some(result) = rows::by_rows(s, plan, r) {
            return result;
        }
    }
    let float32 = T::DTYPE == DType::Float32;
    let wrap = |dtype: DType, bytes: &[u8]| {
        NdArray::from_bytes(dtype, &plan.out_shape, plan.out_fortran, bytes)
    };
    // Runs `$body` per lane with `$A` the accumulator type (f32 for float32
    // input, f64 otherwise), giving an array of that type.
    macro_rules! float_out {
        (|$l:ident, $A:ident| $body:expr) => {{
            if float32 {
                type $A = f32;
                let v: Vec<f32> = plan.for_each_lane(s, |$l: &Lane<'_, T>| $body);
                wrap(DType::Float32, bytemuck::cast_slice(&v))
            } else {
                type $A = f64;
                let v: Vec<f64> = plan.for_each_lane(s, |$l: &Lane<'_, T>| $body);
                wrap(DType::Float64, bytemuck::cast_slice(&v))
            }
        }};
    }
    // NaN-ignoring versions of integer reductions are the plain ones.
    let nan = T::IS_FLOAT
        && matches!(
            r,
            NanMean
                | NanVar(_)
                | NanStd(_)
                | NanMin
                | NanMax
                | NanMedian
                | NanQuantile(_)
                | NanPercentile(_)
        );
    let val = |x: T| x.to_f64();
    match r {
        Sum | NanSum if !T::IS_FLOAT => {
            let v: Vec<u64> = plan.for_each_lane(s, |l| stats::int_sum(l));
            wrap(int_sum_dtype::<T>(), bytemuck::cast_slice(&v))
        }
        Sum => float_out!(|l, A| stats::sum(l, |x: T| A::from_double(val(x)))),
        NanSum => float_out!(|l, A| stats::sum(l, |x: T| A::from_double(if x.is_nan() {
            0.0
        } else {
            val(x)
        }))),
        Mean | NanMean => float_out!(|l, A| stats::mean::<T, A>(l, nan)),
        Var(d) | NanVar(d) => float_out!(|l, A| stats::var::<T, A>(l, d, nan)),
        Std(d) | NanStd(d) => float_out!(|l, A| stats::var::<T, A>(l, d, nan).sqrt()),
        Min | Max | NanMin | NanMax => {
            let want_min = matches!(r, Min | NanMin);
            let v: Vec<T> = plan.for_each_lane(s, |l| {
                stats::arg_extreme(l, want_min, nan).map_or(T::from_f64(f64::NAN), |p| p.1)
            });
            wrap(T::DTYPE, bytemuck::cast_slice(&v))
        }
        Argmin | Argmax => {
            let v: Vec<i64> = plan.for_each_lane(s, |l| {
                stats::arg_extreme(l, r == Argmin, false).map_or(0, |p| p.0 as i64)
            });
            wrap(DType::Int64, bytemuck::cast_slice(&v))
        }
        Median | NanMedian => float_out!(|l, A| A::from_double(stats::median(l, nan))),
        Quantile(q) | NanQuantile(q) => float_out!(|l, A| stats::quantile::<T, A>(l, q, nan)),
        // numpy divides q by 100 in float64.
        Percentile(q) | NanPercentile(q) => {
            float_out!(|l, A| stats::quantile::<T, A>(l, q / 100.0, nan))
        }
        QuantileOfList { q, percent, nan } => {
            let q = if percent { q / 100.0 } else { q };
            let v: Vec<f64> =
                plan.for_each_lane(s, |l| stats::quantile::<T, f64>(l, q, nan && T::IS_FLOAT));
            wrap(DType::Float64, bytemuck::cast_slice(&v))
        }
        CountNonzero => {
            let v: Vec<i64> = plan.for_each_lane(s, |l| {
                l.iter().filter(|&x| x != T::default()).count() as i64
            });
            wrap(DType::Int64, bytemuck::cast_slice(&v))
        }
        Any | All => {
            let v: Vec<Bool8> = plan.for_each_lane(s, |l| {
                let truth = |x: T| x != T::default();
                Bool8(if r == Any {
                    l.iter().any(truth)
                } else {
                    l.iter().all(truth)
                } as u8)
            });
            wrap(DType::Bool, bytemuck::cast_slice(&v))
        }
    }
}

/// numpy's dtype of an integer or bool sum: uint64 for unsigned input,
/// else int64.
pub(super) fn int_sum_dtype<T: Num>() -> DType {
    if T::DTYPE.is_integer() && !T::DTYPE.is_signed_integer() {
        DType::UInt64
    } else {
        DType::Int64
    }
}
