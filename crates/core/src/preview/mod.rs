//! Image previews: a 2-D array (or one plane of a cube) shown as an 8-bit
//! grayscale PNG, scaled as `astropy.visualization` scales images: an
//! interval ([`Interval`]: zscale, min/max, percentile) maps the values to
//! 0..1, then a stretch ([`Stretch`]: linear, asinh, log, sqrt) shapes them.
//!
//! Frames longer than `size` on a side are shrunk by an integer factor to
//! block means; the limits always come from the full-resolution values.

mod downsample;
mod encode;
mod interval;
mod plane;
mod stretch;

use rayon::prelude::*;

use crate::array::NdArray;
use crate::error::Result;

pub use interval::{limits, Interval};
pub use plane::{plane, Plane};
pub use stretch::Stretch;

/// How to draw a preview.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PreviewOptions {
    /// Which values map to black and white.
    pub interval: Interval,
    /// How the values between are shaded.
    pub stretch: Stretch,
    /// Longest side of the PNG, in pixels (`None`: full resolution).
    pub size: Option<usize>,
    /// Plane of a 3-D cube (first axis); `None` for a 2-D array (or plane 0).
    pub plane: Option<usize>,
    /// True to put the array's row 0 at the bottom (as ds9 shows FITS frames).
    pub origin_lower: bool,
}

/// The limits `interval` gives for one plane of `a` (astropy's `get_limits`).
pub fn plane_limits(
    a: &NdArray,
    interval: Interval,
    plane_index: Option<usize>,
) -> Result<(f64, f64)> {
    limits(&plane(a, plane_index)?.values, interval)
}

/// The preview of `a` as PNG bytes (8-bit grayscale).
pub fn preview_png(a: &NdArray, options: &PreviewOptions) -> Result<Vec<u8>> {
    options.stretch.validate()?;
    let full = plane(a, options.plane)?;
    let (vmin, vmax) = limits(&full.values, options.interval)?;
    let shown = match options.size {
        Some(size) => downsample::shrink_to(full, size)?,
        None => full,
    };
    let (h, w) = (shown.height, shown.width);
    let mut pixels = vec![0u8; h * w];
    let stretch = options.stretch;
    pixels.par_chunks_mut(w).enumerate().for_each(|(r, out)| {
        let src_row = if options.origin_lower { h - 1 - r } else { r };
        let src = &shown.values[src_row * w..(src_row + 1) * w];
        for (o, &v) in out.iter_mut().zip(src) {
            *o = brightness(v, vmin, vmax, stretch);
        }
    });
    encode::gray8(&pixels, w, h)
}

/// One pixel's 8-bit brightness: `stretch(clip((v - vmin) / (vmax - vmin)))`
/// scaled to 0..255. NaN shows black; so does every pixel of a flat frame
/// (`vmax == vmin`), where astropy would divide by zero.
fn brightness(v: f64, vmin: f64, vmax: f64, stretch: Stretch) -> u8 {
    if v.is_nan() {
        return 0;
    }
    let span = vmax - vmin;
    let x = if span > 0.0 {
        ((v - vmin) / span).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (stretch.apply(x).clamp(0.0, 1.0) * 255.0).round() as u8
}
