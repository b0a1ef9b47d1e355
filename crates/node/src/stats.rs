//! Binding of the robust statistics (`bmp_core::stats`): astropy's
//! `mad_std`, `sigma_clip`, `sigma_clipped_stats` and the biweights.

use std::sync::Arc;

use bmp_core::stats::{self, Center, ClipOptions, Spread};
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::access::{settle_reading, Access};
use crate::array::NativeArray;
use crate::errors::{to_napi, BmpError, Result};

/// Sigma-clipping settings, defaults already applied by the TS layer.
#[napi(object)]
pub struct ClipSettings {
    /// astropy's `sigma`.
    pub sigma: f64,
    /// `sigma_lower` (absent or 0: `sigma`).
    pub sigma_lower: Option<f64>,
    /// `sigma_upper` (absent or 0: `sigma`).
    pub sigma_upper: Option<f64>,
    /// `maxiters`; 0 iterates until nothing changes (astropy's None).
    pub maxiters: u32,
    /// `'median'` or `'mean'`.
    pub cenfunc: String,
    /// `'std'` or `'madStd'`.
    pub stdfunc: String,
}

impl ClipSettings {
    fn options(&self, what: &str) -> Result<ClipOptions> {
        Ok(ClipOptions::new(
            self.sigma,
            self.sigma_lower,
            self.sigma_upper,
            Some(self.maxiters),
            Center::parse(&self.cenfunc, &format!("{what}: cenfunc")).map_err(to_napi)?,
            Spread::parse(&self.stdfunc, &format!("{what}: stdfunc")).map_err(to_napi)?,
        ))
    }
}

#[napi]
impl NativeArray {
    /// astropy's `mad_std` along `axes` (all when absent; a 0-d result).
    #[napi]
    pub fn mad_std<'env>(
        &self,
        env: &'env Env,
        axes: Option<Vec<i64>>,
        ignore_nan: bool,
    ) -> Result<Object<'env>> {
        settle_reading(env, self, "madStd", move |a| {
            stats::mad_std(a, axes.as_deref(), ignore_nan)
        })
    }

    /// astropy's `biweight_location` (`scale`: false) or `biweight_scale`.
    #[napi]
    pub fn biweight<'env>(
        &self,
        env: &'env Env,
        scale: bool,
        c: f64,
        axes: Option<Vec<i64>>,
        ignore_nan: bool,
    ) -> Result<Object<'env>> {
        settle_reading(env, self, "biweight", move |a| {
            let f = if scale {
                stats::biweight_scale
            } else {
                stats::biweight_location
            };
            f(a, c, axes.as_deref(), ignore_nan)
        })
    }

    /// astropy's `sigma_clip(...).mask` (bool, the array's shape).
    #[napi]
    pub fn sigma_clip<'env>(
        &self,
        env: &'env Env,
        settings: ClipSettings,
        axes: Option<Vec<i64>>,
    ) -> Result<Object<'env>> {
        let o = settings.options("sigmaClip")?;
        settle_reading(env, self, "sigmaClip", move |a| {
            stats::sigma_clip(a, &o, axes.as_deref())
        })
    }

    /// astropy's `sigma_clipped_stats`: `[mean, median, std]` arrays (0-d
    /// without axes).
    #[napi(ts_return_type = "Promise<NativeArray[]>")]
    pub fn sigma_clipped_stats<'env>(
        &self,
        env: &'env Env,
        settings: ClipSettings,
        axes: Option<Vec<i64>>,
        std_ddof: f64,
    ) -> Result<Object<'env>> {
        let o = settings.options("sigmaClippedStats")?;
        let a = Arc::clone(self.array()?);
        let access = Access::acquire("sigmaClippedStats", &[&a], None)?;
        crate::pool::spawn_settle(
            env,
            "sigmaClippedStats",
            move || {
                let _held = access;
                stats::sigma_clipped_stats(&a, &o, axes.as_deref(), std_ddof)
                    .map_err(BmpError::from)
            },
            |_, s: stats::ClippedStats| {
                Ok(vec![
                    NativeArray::wrap(s.mean),
                    NativeArray::wrap(s.median),
                    NativeArray::wrap(s.std),
                ])
            },
        )
    }
}
