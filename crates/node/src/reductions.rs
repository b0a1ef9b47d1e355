//! Binding of the axis reductions.

use std::sync::Arc;

use bmp_core::kernels::axis::{self, Reduction};
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::access::{settle_guarded, Access};
use crate::array::NativeArray;
use crate::errors::{to_napi, Result};

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
        settle_guarded(env, "reduction", access, move || {
            axis::reduce(&a, r, axes.as_deref(), keepdims).map(Some)
        })
    }
}
