//! Binding of `combine` (`bmp_core::combine`): ccdproc's combination of a
//! stack of frames given as arrays and/or `.npy` / FITS file names.

use std::path::PathBuf;
use std::sync::Arc;

use bmp_core::combine::{self, CombineOptions, Frame, Method};
use bmp_core::stats::{Center, ClipOptions, Spread};
use bmp_core::NdArray;
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::access::Access;
use crate::array::NativeArray;
use crate::errors::{to_napi, BmpError, Result};

/// Combine settings, defaults already applied by the TS layer.
#[napi(object)]
pub struct CombineSettings {
    /// `'average'`, `'median'` or `'sum'`.
    pub method: String,
    /// Sigma clipping along the stack.
    pub sigma_clip: bool,
    /// Lower threshold in standard deviations.
    pub sigma_clip_low_thresh: f64,
    /// Upper threshold.
    pub sigma_clip_high_thresh: f64,
    /// `'median'` or `'mean'`.
    pub sigma_clip_func: String,
    /// `'std'` or `'madStd'`.
    pub sigma_clip_dev_func: String,
    /// Min/max clipping.
    pub minmax_clip: bool,
    /// Values below are rejected.
    pub minmax_clip_min: Option<f64>,
    /// Values above are rejected.
    pub minmax_clip_max: Option<f64>,
    /// One weight per frame.
    pub weights: Option<Vec<f64>>,
    /// One scale factor per frame.
    pub scale: Option<Vec<f64>>,
    /// Bytes the combination may use.
    pub mem_limit: f64,
}

impl CombineSettings {
    fn options(self) -> Result<CombineOptions> {
        let sigma_clip = if self.sigma_clip {
            Some(ClipOptions::new(
                3.0,
                Some(self.sigma_clip_low_thresh),
                Some(self.sigma_clip_high_thresh),
                Some(1),
                Center::parse(&self.sigma_clip_func, "combine: sigmaClipFunc").map_err(to_napi)?,
                Spread::parse(&self.sigma_clip_dev_func, "combine: sigmaClipDevFunc")
                    .map_err(to_napi)?,
            ))
        } else {
            None
        };
        Ok(CombineOptions {
            method: Method::parse(&self.method).map_err(to_napi)?,
            sigma_clip,
            minmax: self
                .minmax_clip
                .then_some((self.minmax_clip_min, self.minmax_clip_max)),
            weights: self.weights,
            scale: self.scale,
            mem_limit: self.mem_limit.max(0.0) as u64,
        })
    }
}

/// The frame a file name names: `.npy` by its extension, FITS otherwise.
fn file_frame(path: String) -> Frame {
    let p = PathBuf::from(path);
    let npy = p.extension().is_some_and(|e| e.eq_ignore_ascii_case("npy"));
    if npy {
        Frame::Npy(p)
    } else {
        Frame::Fits(p)
    }
}

/// Combines frames: `is_path[i]` says whether frame i is the next of
/// `paths` or the next of `arrays`. Resolves with `[data, mask]`.
#[napi(ts_return_type = "Promise<NativeArray[]>")]
pub fn combine_frames<'env>(
    env: &'env Env,
    arrays: Vec<ClassInstance<'env, NativeArray>>,
    paths: Vec<String>,
    is_path: Vec<bool>,
    settings: CombineSettings,
) -> Result<Object<'env>> {
    let o = settings.options()?;
    let owned: Vec<Arc<NdArray>> = arrays
        .iter()
        .map(|a| a.array().cloned())
        .collect::<Result<_>>()?;
    let reads: Vec<&Arc<NdArray>> = owned.iter().collect();
    let access = Access::acquire("combine", &reads, None)?;
    let (mut arrays, mut paths) = (owned.into_iter(), paths.into_iter());
    let frames: Vec<Frame> = is_path
        .iter()
        .filter_map(|&p| {
            if p {
                paths.next().map(file_frame)
            } else {
                arrays.next().map(Frame::Array)
            }
        })
        .collect();
    crate::pool::spawn_settle(
        env,
        "combine",
        move || {
            let _held = access;
            combine::combine(frames, &o).map_err(BmpError::from)
        },
        |_, c: combine::Combined| Ok(vec![NativeArray::wrap(c.data), NativeArray::wrap(c.mask)]),
    )
}
