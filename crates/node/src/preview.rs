//! Image previews (PNG bytes, interval limits), on the pool.

use bmp_core::preview::{self, Interval, PreviewOptions, Stretch};
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::array::NativeArray;
use crate::errors::{BmpError, Code, Result};
use crate::pool::spawn_settle;

/// Preview settings as JS passes them (defaults are filled in by
/// `src/report/preview.ts`, their one home).
#[napi(object)]
pub struct PreviewSettings {
    /// 'zscale' | 'minmax' | 'percentile'.
    pub interval: String,
    /// Central percentage kept by the 'percentile' interval.
    pub percentile: f64,
    /// zscale's contrast.
    pub contrast: f64,
    /// 'linear' | 'asinh' | 'log' | 'sqrt'.
    pub stretch: String,
    /// The asinh/log stretch parameter.
    pub a: f64,
    /// Longest side of the PNG (absent: full resolution).
    pub size: Option<u32>,
    /// Plane of a cube.
    pub plane: Option<u32>,
    /// True: the array's row 0 at the bottom.
    pub origin_lower: bool,
}

fn interval_of(s: &PreviewSettings) -> Result<Interval> {
    Ok(match s.interval.as_str() {
        "zscale" => Interval::ZScale {
            contrast: s.contrast,
        },
        "minmax" => Interval::MinMax,
        "percentile" => Interval::Percentile(s.percentile),
        other => {
            return Err(napi::Error::new(
                Code::Invalid,
                format!("preview: unknown interval '{other}': use zscale, minmax or percentile"),
            ))
        }
    })
}

fn options_of(s: &PreviewSettings) -> Result<PreviewOptions> {
    let stretch = match s.stretch.as_str() {
        "linear" => Stretch::Linear,
        "sqrt" => Stretch::Sqrt,
        "log" => Stretch::Log { a: s.a },
        "asinh" => Stretch::Asinh { a: s.a },
        other => {
            return Err(napi::Error::new(
                Code::Invalid,
                format!("preview: unknown stretch '{other}': use linear, asinh, log or sqrt"),
            ))
        }
    };
    Ok(PreviewOptions {
        interval: interval_of(s)?,
        stretch,
        size: s.size.map(|v| v as usize),
        plane: s.plane.map(|v| v as usize),
        origin_lower: s.origin_lower,
    })
}

/// Draws a preview; resolves with the PNG bytes.
#[napi]
pub fn preview_png<'env>(
    env: &'env Env,
    array: &NativeArray,
    settings: PreviewSettings,
) -> Result<Object<'env>> {
    let data = std::sync::Arc::clone(array.array()?);
    let options = options_of(&settings)?;
    spawn_settle(
        env,
        "preview",
        move || preview::preview_png(&data, &options).map_err(BmpError::from),
        |_, bytes| Ok(Buffer::from(bytes)),
    )
}

/// The interval's limits `[vmin, vmax]` for the chosen plane.
#[napi]
pub fn preview_limits<'env>(
    env: &'env Env,
    array: &NativeArray,
    settings: PreviewSettings,
) -> Result<Object<'env>> {
    let data = std::sync::Arc::clone(array.array()?);
    let interval = interval_of(&settings)?;
    let plane = settings.plane.map(|v| v as usize);
    spawn_settle(
        env,
        "intervalLimits",
        move || preview::plane_limits(&data, interval, plane).map_err(BmpError::from),
        |_, (lo, hi)| Ok(vec![lo, hi]),
    )
}
