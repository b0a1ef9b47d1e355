//! Binding of the elementwise kernels: binary operations, unary operations
//! and `where`, each with an optional `out` array (checked by [`Access`]).

use std::sync::Arc;

use bmp_core::kernels::elementwise::{self, Arg, BinOp, Out, UnOp};
use bmp_core::kernels::Scalar;
use bmp_core::NdArray;
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::access::{as_arg, out_buf, settle_guarded, Access};
use crate::array::NativeArray;
use crate::errors::{to_napi, Result};

/// An operand as JS passes it: an array, or a number with Python int or
/// float behaviour.
pub(crate) enum JsArg {
    Array(Arc<NdArray>),
    Scalar(Scalar),
}

impl JsArg {
    pub(crate) fn new(
        array: Option<&NativeArray>,
        value: Option<f64>,
        is_int: Option<bool>,
    ) -> Result<JsArg> {
        Ok(match array {
            Some(a) => JsArg::Array(Arc::clone(a.array()?)),
            None => JsArg::Scalar(Scalar {
                value: value.unwrap_or(f64::NAN),
                is_int: is_int.unwrap_or(false),
            }),
        })
    }

    /// The operand, as [`Arg::Out`] when it is the output itself.
    pub(crate) fn arg<'a>(&'a self, out: &Option<Arc<NdArray>>) -> Arg<'a> {
        match self {
            JsArg::Array(a) => as_arg(a, out),
            JsArg::Scalar(s) => Arg::Scalar(*s),
        }
    }

    pub(crate) fn array(&self) -> Option<&Arc<NdArray>> {
        match self {
            JsArg::Array(a) => Some(a),
            JsArg::Scalar(_) => None,
        }
    }
}

fn out_of(out: Option<&NativeArray>) -> Result<Option<Arc<NdArray>>> {
    out.map(|o| o.array().cloned()).transpose()
}

fn target(out: &Option<Arc<NdArray>>) -> Out<'_> {
    match out {
        Some(o) => Out::Into(out_buf(o)),
        None => Out::New,
    }
}

fn scalar(value: Option<f64>, is_int: Option<bool>) -> Option<Scalar> {
    value.map(|value| Scalar {
        value,
        is_int: is_int.unwrap_or(false),
    })
}

#[napi]
impl NativeArray {
    /// `self op other` (`other op self` when `reflected`, numpy's `2 - a`)
    /// with broadcasting, into a new array or `out`.
    #[napi]
    #[allow(clippy::too_many_arguments)]
    pub fn binary_op<'env>(
        &self,
        env: &'env Env,
        op: String,
        other: Option<&NativeArray>,
        value: Option<f64>,
        is_int: Option<bool>,
        out: Option<&NativeArray>,
        reflected: Option<bool>,
    ) -> Result<Object<'env>> {
        let op: BinOp = op.parse().map_err(to_napi)?;
        let a = Arc::clone(self.array()?);
        let b = JsArg::new(other, value, is_int)?;
        let out = out_of(out)?;
        let mut reads = vec![&a];
        reads.extend(b.array());
        let (access, place) = Access::acquire_placed("binary operation", &reads, out.as_ref())?;
        settle_guarded(env, "binary", access, place, move || {
            let (x, y) = (as_arg(&a, &out), b.arg(&out));
            if reflected == Some(true) {
                elementwise::binary_op(y, op, x, target(&out))
            } else {
                elementwise::binary_op(x, op, y, target(&out))
            }
        })
    }

    /// `np.clip(self, lo, hi)` where a bound is an array (broadcast), a
    /// number, or absent (open), into a new array or `out`.
    #[napi]
    #[allow(clippy::too_many_arguments)]
    pub fn clip_op<'env>(
        &self,
        env: &'env Env,
        lo: Option<&NativeArray>,
        lo_value: Option<f64>,
        lo_is_int: Option<bool>,
        hi: Option<&NativeArray>,
        hi_value: Option<f64>,
        hi_is_int: Option<bool>,
        out: Option<&NativeArray>,
    ) -> Result<Object<'env>> {
        let a = Arc::clone(self.array()?);
        let bound = |arr: Option<&NativeArray>, v: Option<f64>, i: Option<bool>| {
            (arr.is_some() || v.is_some())
                .then(|| JsArg::new(arr, v, i))
                .transpose()
        };
        let (lo, hi) = (
            bound(lo, lo_value, lo_is_int)?,
            bound(hi, hi_value, hi_is_int)?,
        );
        let out = out_of(out)?;
        let mut reads = vec![&a];
        reads.extend(lo.as_ref().and_then(JsArg::array));
        reads.extend(hi.as_ref().and_then(JsArg::array));
        let (access, place) = Access::acquire_placed("clip", &reads, out.as_ref())?;
        settle_guarded(env, "clip", access, place, move || {
            elementwise::clip_op(
                as_arg(&a, &out),
                lo.as_ref().map(|b| b.arg(&out)),
                hi.as_ref().map(|b| b.arg(&out)),
                target(&out),
            )
        })
    }

    /// A unary operation (`round` takes `decimals`, `clip` its bounds).
    #[napi]
    #[allow(clippy::too_many_arguments)]
    pub fn unary_op<'env>(
        &self,
        env: &'env Env,
        op: String,
        decimals: Option<i32>,
        lo: Option<f64>,
        lo_is_int: Option<bool>,
        hi: Option<f64>,
        hi_is_int: Option<bool>,
        out: Option<&NativeArray>,
    ) -> Result<Object<'env>> {
        let op = match op.as_str() {
            "round" => UnOp::Round(decimals.unwrap_or(0)),
            "clip" => UnOp::Clip(scalar(lo, lo_is_int), scalar(hi, hi_is_int)),
            name => name.parse().map_err(to_napi)?,
        };
        let a = Arc::clone(self.array()?);
        let out = out_of(out)?;
        let (access, place) = Access::acquire_placed("unary operation", &[&a], out.as_ref())?;
        settle_guarded(env, "unary", access, place, move || {
            elementwise::unary_op(as_arg(&a, &out), op, target(&out))
        })
    }
}

/// `np.where(cond, x, y)` with broadcasting, into a new array or `out`.
#[napi]
#[allow(clippy::too_many_arguments)]
pub fn where_op<'env>(
    env: &'env Env,
    cond: &NativeArray,
    x: Option<&NativeArray>,
    x_value: Option<f64>,
    x_is_int: Option<bool>,
    y: Option<&NativeArray>,
    y_value: Option<f64>,
    y_is_int: Option<bool>,
    out: Option<&NativeArray>,
) -> Result<Object<'env>> {
    let c = Arc::clone(cond.array()?);
    let x = JsArg::new(x, x_value, x_is_int)?;
    let y = JsArg::new(y, y_value, y_is_int)?;
    let out = out_of(out)?;
    let mut reads = vec![&c];
    reads.extend(x.array());
    reads.extend(y.array());
    let (access, place) = Access::acquire_placed("where", &reads, out.as_ref())?;
    settle_guarded(env, "where", access, place, move || {
        elementwise::where_op(as_arg(&c, &out), x.arg(&out), y.arg(&out), target(&out))
    })
}
