//! Binding of shape operations, slicing and boolean masks.

use std::sync::Arc;

use bmp_core::kernels::slice::{self, SliceItem};
use bmp_core::kernels::{select, shape};
use bmp_core::NdArray;
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::access::{out_buf, settle_guarded, settle_reading, Access};
use crate::array::NativeArray;
use crate::elementwise::JsArg;
use crate::errors::{to_napi, BmpError, Code, Result};
use crate::pool::{value_or_settle, Place, ValueOrPromise};

/// Bytes written plus bytes of the value array up to which `setSlice` runs
/// on the JS thread: at most a millisecond or so even element by element
/// with conversion (a plain fill or copy of 4 MiB: a few hundred
/// microseconds), far inside the event loop's 5 ms budget.
const SET_SLICE_INLINE_MAX: usize = 4 << 20;

/// Slicing items from JS: numpy text, or four numbers per item
/// (kind 0 index / 1 range / 2 ellipsis / 3 newaxis, then start, stop,
/// step, NaN meaning None).
fn items(text: Option<String>, flat: Option<Vec<f64>>) -> Result<Vec<SliceItem>> {
    if let Some(t) = text {
        return slice::parse(&t).map_err(to_napi);
    }
    let flat = flat.unwrap_or_default();
    let opt = |v: f64| (!v.is_nan()).then_some(v as i64);
    flat.chunks(4)
        .map(|c| match c {
            [k, a, _, _] if *k == 0.0 => Ok(SliceItem::Index(*a as i64)),
            [k, a, b, s] if *k == 1.0 => Ok(SliceItem::Range(opt(*a), opt(*b), opt(*s))),
            [k, ..] if *k == 2.0 => Ok(SliceItem::Ellipsis),
            [k, ..] if *k == 3.0 => Ok(SliceItem::NewAxis),
            _ => Err(napi::Error::new(
                Code::Invalid,
                "slice: malformed item list",
            )),
        })
        .collect()
}

#[napi]
impl NativeArray {
    /// `np.reshape` (C order).
    #[napi]
    pub fn reshape<'env>(&self, env: &'env Env, dims: Vec<i64>) -> Result<Object<'env>> {
        settle_reading(env, self, "reshape", move |a| shape::reshape(a, &dims))
    }

    /// `np.transpose(a, axes)`.
    #[napi]
    pub fn transpose<'env>(&self, env: &'env Env, axes: Option<Vec<i64>>) -> Result<Object<'env>> {
        settle_reading(env, self, "transpose", move |a| {
            shape::transpose(a, axes.as_deref())
        })
    }

    /// `np.flip(a, axis)`.
    #[napi]
    pub fn flip<'env>(&self, env: &'env Env, axes: Option<Vec<i64>>) -> Result<Object<'env>> {
        settle_reading(env, self, "flip", move |a| shape::flip(a, axes.as_deref()))
    }

    /// `np.rot90(a, k, axes)`.
    #[napi]
    pub fn rot90<'env>(&self, env: &'env Env, k: i64, a0: i64, a1: i64) -> Result<Object<'env>> {
        settle_reading(env, self, "rot90", move |a| shape::rot90(a, k, (a0, a1)))
    }

    /// `np.squeeze(a, axis)`.
    #[napi]
    pub fn squeeze<'env>(&self, env: &'env Env, axes: Option<Vec<i64>>) -> Result<Object<'env>> {
        settle_reading(env, self, "squeeze", move |a| {
            shape::squeeze(a, axes.as_deref())
        })
    }

    /// `np.expand_dims(a, axis)`.
    #[napi]
    pub fn expand_dims<'env>(&self, env: &'env Env, axes: Vec<i64>) -> Result<Object<'env>> {
        settle_reading(env, self, "expandDims", move |a| {
            shape::expand_dims(a, &axes)
        })
    }

    /// `np.ravel(a)`.
    #[napi]
    pub fn ravel<'env>(&self, env: &'env Env) -> Result<Object<'env>> {
        settle_reading(env, self, "ravel", shape::ravel)
    }

    /// A C-order copy.
    #[napi]
    pub fn copy<'env>(&self, env: &'env Env) -> Result<Object<'env>> {
        settle_reading(env, self, "copy", shape::copy)
    }

    /// `a[mask]`.
    #[napi]
    pub fn mask<'env>(&self, env: &'env Env, cond: &NativeArray) -> Result<Object<'env>> {
        let a = Arc::clone(self.array()?);
        let c = Arc::clone(cond.array()?);
        let (access, place) = Access::acquire_placed("mask", &[&a, &c], None)?;
        settle_guarded(env, "mask", access, place, move || {
            select::mask(&a, &c).map(Some)
        })
    }

    /// `a[items]` as a new array.
    #[napi]
    pub fn slice<'env>(
        &self,
        env: &'env Env,
        text: Option<String>,
        flat: Option<Vec<f64>>,
    ) -> Result<Object<'env>> {
        let it = items(text, flat)?;
        settle_reading(env, self, "slice", move |a| slice::slice(a, &it))
    }

    /// `a[items] = value` in place: `null` when done at once on the JS
    /// thread, else a Promise resolving with null.
    #[napi(ts_return_type = "null | Promise<null>")]
    pub fn set_slice<'env>(
        &self,
        env: &'env Env,
        text: Option<String>,
        flat: Option<Vec<f64>>,
        other: Option<&NativeArray>,
        value: Option<f64>,
        is_int: Option<bool>,
    ) -> Result<ValueOrPromise<'env, Null>> {
        let it = items(text, flat)?;
        let a = Arc::clone(self.array()?);
        let v = JsArg::new(other, value, is_int)?;
        let reads: Vec<&Arc<NdArray>> = v.array().into_iter().collect();
        let access = Access::acquire("setSlice", &reads, Some(&a))?;
        // A small assignment (a block of rows) runs on the JS thread: it
        // costs less than handing it to a pool thread (the work runs on one
        // thread either way).
        let written = slice::view(a.shape(), a.is_fortran_order(), &it)
            .map_or(usize::MAX, |(shape, _)| {
                shape.iter().product::<usize>() * a.dtype().itemsize()
            });
        let read = reads.iter().map(|r| r.nbytes()).sum::<usize>();
        let place = if written.saturating_add(read) <= SET_SLICE_INLINE_MAX {
            Place::Inline
        } else {
            Place::Pool
        };
        value_or_settle(
            env,
            "setSlice",
            place,
            move || {
                let _held = access;
                let target = Some(Arc::clone(&a));
                slice::set_slice(out_buf(&a), &it, v.arg(&target)).map_err(BmpError::from)
            },
            |_, ()| Ok(Null),
        )
    }
}

/// Joins arrays along an existing axis (`stack: false`) or a new one.
#[napi]
pub fn join_arrays<'env>(
    env: &'env Env,
    arrays: Vec<ClassInstance<'env, NativeArray>>,
    axis: i64,
    stack: bool,
) -> Result<Object<'env>> {
    let owned: Vec<Arc<NdArray>> = arrays
        .iter()
        .map(|a| a.array().cloned())
        .collect::<Result<_>>()?;
    let reads: Vec<&Arc<NdArray>> = owned.iter().collect();
    let (access, place) =
        Access::acquire_placed(if stack { "stack" } else { "concatenate" }, &reads, None)?;
    settle_guarded(env, "concatenate", access, place, move || {
        let refs: Vec<&NdArray> = owned.iter().map(|a| a.as_ref()).collect();
        if stack {
            shape::stack(&refs, axis).map(Some)
        } else {
            shape::concatenate(&refs, axis).map(Some)
        }
    })
}
