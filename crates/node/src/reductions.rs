//! Binding of the reductions.

use std::sync::Arc;

use bmp_core::kernels::axis::{self, Reduction};
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::access::{place_of, settle_guarded, Access};
use crate::array::NativeArray;
use crate::errors::{to_napi, BmpError, Result};
use crate::pool::{value_or_settle, ValueOrPromise};

/// Bytes of an array a whole-array `any`/`all` reads on the JS thread
/// before handing the rest to the pool: when they decide it (a true for
/// `any`, a false for `all`, as numpy stops early), the answer comes at once
/// instead of after a hand-off to a pool thread (30-45 us). A vectorised
/// scan of 64 KiB takes a few microseconds: nothing for the event loop.
const PREFIX_BYTES: usize = 64 << 10;

#[napi]
impl NativeArray {
    /// A reduction over `axes` (all when absent) as an array (0-d for a full
    /// reduction without keepdims). `param` is ddof or q where they apply.
    #[napi]
    pub fn reduce_axes<'env>(
        &self,
        env: &'env Env,
        kind: String,
        axes: Option<Vec<i64>>,
        keepdims: bool,
        param: f64,
    ) -> Result<Object<'env>> {
        let r = Reduction::parse(&kind, param).map_err(to_napi)?;
        let a = Arc::clone(self.array()?);
        let (access, place) = Access::acquire_placed("reduction", &[&a], None)?;
        settle_guarded(env, "reduction", access, place, move || {
            axis::reduce(&a, r, axes.as_deref(), keepdims).map(Some)
        })
    }

    /// A reduction of the whole array (no axis, no keepdims) as a number:
    /// the number itself when known at once on the JS thread (a tiny array,
    /// or an `any`/`all` decided by its first bytes), else a Promise of it.
    /// No 0-d array is made for JS to read and dispose.
    #[napi(ts_return_type = "number | Promise<number>")]
    pub fn reduce_all<'env>(
        &self,
        env: &'env Env,
        kind: String,
        param: f64,
    ) -> Result<ValueOrPromise<'env, f64>> {
        let r = Reduction::parse(&kind, param).map_err(to_napi)?;
        let a = Arc::clone(self.array()?);
        // Registered first: no write into `a` may be pending while the
        // prefix is read here either.
        let access = Access::acquire("reduction", &[&a], None)?;
        if let Some(v) = axis::decided_by_prefix(&a, r, PREFIX_BYTES).map_err(to_napi)? {
            drop(access);
            return v.get_f64(&[]).map(Either::A).map_err(to_napi);
        }
        let place = place_of(&[&a], None);
        value_or_settle(
            env,
            "reduction",
            place,
            move || {
                let _held = access;
                let v = axis::reduce(&a, r, None, false)?;
                v.get_f64(&[]).map_err(BmpError::from)
            },
            |_, v| Ok(v),
        )
    }
}
