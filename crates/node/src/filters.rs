//! Binding of the image operations (`bmp_core::filters`): each runs on the
//! compute pool and settles a Promise.

use std::sync::Arc;

use bmp_core::filters::{self, Bins, BlockFunc, Mode};
use bmp_core::NdArray;
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::access::{settle_reading, Access};
use crate::array::NativeArray;
use crate::errors::{to_napi, BmpError, Result};
use crate::pool::spawn_settle;

/// What `histogram` resolves with.
#[napi(object, object_from_js = false)]
pub struct HistogramResult {
    /// int64 counts.
    pub hist: NativeArray,
    /// The bin edges.
    pub bin_edges: NativeArray,
}

/// Sizes from JS as `usize`.
fn sizes(v: Vec<u32>) -> Vec<usize> {
    v.into_iter().map(|s| s as usize).collect()
}

/// A window filter's arguments from JS: sizes, mode name, cval.
type WindowArgs = (Vec<u32>, String, f64);

/// Runs a window filter (`median_filter`, `uniform_filter`) on the pool.
fn window<'env>(
    env: &'env Env,
    this: &NativeArray,
    what: &'static str,
    (size, mode, cval): WindowArgs,
    filter: fn(&NdArray, &[usize], Mode, f64) -> bmp_core::Result<NdArray>,
) -> Result<Object<'env>> {
    let mode = Mode::parse(&mode).map_err(to_napi)?;
    let size = sizes(size);
    settle_reading(env, this, what, move |a| filter(a, &size, mode, cval))
}

#[napi]
impl NativeArray {
    /// `scipy.ndimage.median_filter` (one size per axis).
    #[napi]
    pub fn median_filter<'env>(
        &self,
        env: &'env Env,
        size: Vec<u32>,
        mode: String,
        cval: f64,
    ) -> Result<Object<'env>> {
        window(
            env,
            self,
            "medianFilter",
            (size, mode, cval),
            filters::median_filter,
        )
    }

    /// `scipy.ndimage.uniform_filter` (one size per axis).
    #[napi]
    pub fn uniform_filter<'env>(
        &self,
        env: &'env Env,
        size: Vec<u32>,
        mode: String,
        cval: f64,
    ) -> Result<Object<'env>> {
        window(
            env,
            self,
            "uniformFilter",
            (size, mode, cval),
            filters::uniform_filter,
        )
    }

    /// `astropy.nddata.block_reduce` (one factor per axis).
    #[napi]
    pub fn block_reduce<'env>(
        &self,
        env: &'env Env,
        factor: Vec<u32>,
        func: String,
    ) -> Result<Object<'env>> {
        let func = BlockFunc::parse(&func).map_err(to_napi)?;
        let factor = sizes(factor);
        settle_reading(env, self, "blockReduce", move |a| {
            filters::block_reduce(a, &factor, func)
        })
    }

    /// `scipy.ndimage.shift` with order 0 or 1 (one offset per axis).
    #[napi]
    pub fn shift<'env>(
        &self,
        env: &'env Env,
        offsets: Vec<f64>,
        order: u32,
        mode: String,
        cval: f64,
    ) -> Result<Object<'env>> {
        let mode = Mode::parse(&mode).map_err(to_napi)?;
        settle_reading(env, self, "shift", move |a| {
            filters::shift(a, &offsets, order as usize, mode, cval)
        })
    }

    /// `numpy.histogram`: `count` equal bins, or the given `edges`; `range` as `[min, max]`.
    #[napi]
    pub fn histogram<'env>(
        &self,
        env: &'env Env,
        count: Option<u32>,
        edges: Option<Vec<f64>>,
        range: Option<Vec<f64>>,
    ) -> Result<Object<'env>> {
        let bins = match (count, edges) {
            (_, Some(e)) => Bins::Edges(e),
            (Some(n), None) => Bins::Count(n as usize),
            (None, None) => Bins::Count(10),
        };
        let range = range.map(|r| {
            (
                r.first().copied().unwrap_or(f64::NAN),
                r.get(1).copied().unwrap_or(f64::NAN),
            )
        });
        let a = Arc::clone(self.array()?);
        let access = Access::acquire("histogram", &[&a], None)?;
        spawn_settle(
            env,
            "histogram",
            move || {
                let _held = access;
                filters::histogram(&a, bins, range).map_err(BmpError::from)
            },
            |_, h: filters::Histogram| {
                Ok(HistogramResult {
                    hist: NativeArray::wrap(h.hist),
                    bin_edges: NativeArray::wrap(h.bin_edges),
                })
            },
        )
    }
}
