//! Binding of the axis reductions.

use std::sync::Arc;

use bmp_core::kernels::axis::{self, Reduction};
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::access::{settle_guarded, settle_within, Access};
use crate::array::NativeArray;
use crate::errors::{to_napi, Result};

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
        let access = Access::acquire("reduction", &[&a], None)?;
        if axes.is_none() && !keepdims {
            if let Some(v) = axis::decided_by_prefix(&a, r, PREFIX_BYTES).map_err(to_napi)? {
                return settle_within(env, "reduction", access, 0, move || Ok(Some(v)));
            }
        }
        settle_guarded(env, "reduction", access, move || {
            axis::reduce(&a, r, axes.as_deref(), keepdims).map(Some)
        })
    }
}
