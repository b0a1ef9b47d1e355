//! Robust statistics with astropy's semantics (astropy 8.0 `astropy.stats`):
//! [`mad_std`], [`sigma_clip`] (the mask), [`sigma_clipped_stats`],
//! [`biweight_location`] and [`biweight_scale`].
//!
//! Each result is what astropy computes, dtype for dtype: astropy's own
//! sequence of numpy operations is followed (the same medians, the same
//! summation orders, float32 arithmetic where numpy keeps float32), built
//! from the array kernels (`kernels::median`, axis reductions, broadcasting
//! arithmetic), so the answers are bit-identical to astropy's where the
//! operations are (see each module for the few exceptions).
//!
//! - `center.rs`: medians ignoring NaNs, the MAD and `mad_std`;
//! - `clip.rs`: sigma clipping over the whole array (astropy's Python loop);
//! - `clip_fast.rs`, `buckets.rs`: the same loop for float input without
//!   copying the kept values each round (float64 sums: see its tolerance);
//! - `bounds.rs`: sigma clipping along axes (astropy's C loop, per lane);
//! - `biweight.rs`: the biweight location and scale.

mod biweight;
mod bounds;
mod buckets;
mod center;
mod clip;
mod clip_fast;
mod lanes;

pub use biweight::{biweight_location, biweight_scale};
pub(crate) use bounds::lane_bounds;
pub use center::mad_std;
pub use clip::{sigma_clip, sigma_clipped_stats, ClippedStats};

use crate::error::{Error, Result};

/// The center of sigma clipping (astropy's `cenfunc`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Center {
    /// `'median'`.
    Median,
    /// `'mean'`.
    Mean,
}

/// The spread of sigma clipping (astropy's `stdfunc`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spread {
    /// `'std'`.
    Std,
    /// `'mad_std'`.
    MadStd,
}

impl Center {
    /// Parses `'median'` or `'mean'`; `what` names the option in errors.
    pub fn parse(name: &str, what: &str) -> Result<Center> {
        match name {
            "median" => Ok(Center::Median),
            "mean" => Ok(Center::Mean),
            _ => Err(Error::invalid(format!(
                "{what}: unknown center '{name}': use 'median' or 'mean'"
            ))),
        }
    }
}

impl Spread {
    /// Parses `'std'` or `'madStd'` (also astropy's `'mad_std'`).
    pub fn parse(name: &str, what: &str) -> Result<Spread> {
        match name {
            "std" => Ok(Spread::Std),
            "madStd" | "mad_std" => Ok(Spread::MadStd),
            _ => Err(Error::invalid(format!(
                "{what}: unknown deviation function '{name}': use 'std' or 'madStd'"
            ))),
        }
    }
}

/// Settings of sigma clipping, as astropy's `SigmaClip` holds them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClipOptions {
    /// Clip below `center - sigma_lower * std`.
    pub sigma_lower: f64,
    /// Clip above `center + sigma_upper * std`.
    pub sigma_upper: f64,
    /// Iteration limit; `None` iterates until nothing changes.
    pub maxiters: Option<u32>,
    /// The center.
    pub cenfunc: Center,
    /// The spread.
    pub stdfunc: Spread,
}

impl ClipOptions {
    /// astropy's reading of its arguments: `sigma_lower or sigma` (so 0 or
    /// absent means `sigma`), `maxiters or inf` (so 0 means no limit).
    pub fn new(
        sigma: f64,
        sigma_lower: Option<f64>,
        sigma_upper: Option<f64>,
        maxiters: Option<u32>,
        cenfunc: Center,
        stdfunc: Spread,
    ) -> ClipOptions {
        let or_sigma = |v: Option<f64>| v.filter(|&s| s != 0.0).unwrap_or(sigma);
        ClipOptions {
            sigma_lower: or_sigma(sigma_lower),
            sigma_upper: or_sigma(sigma_upper),
            maxiters: maxiters.filter(|&m| m != 0),
            cenfunc,
            stdfunc,
        }
    }
}

impl Default for ClipOptions {
    /// astropy's defaults: sigma 3, maxiters 5, median and std.
    fn default() -> Self {
        ClipOptions::new(3.0, None, None, Some(5), Center::Median, Spread::Std)
    }
}

/// The constant astropy's `mad_std` multiplies the MAD by (1 / Φ⁻¹(3/4)).
pub const MAD_TO_STD: f64 = 1.482602218505602;
