//! Combining a stack of frames into one, as `ccdproc.combine` does
//! (ccdproc 2.5): optional min/max clipping and sigma clipping along the
//! stack, then the average (optionally weighted), median or sum of the
//! values kept, in float64, with a mask where every value was rejected.
//!
//! The stack is processed in row bands sized so that the band buffers and
//! the result stay within `mem_limit` whatever the number of frames; file
//! frames (`.npy`, FITS) are read band by band, never whole (`band.rs`).
//! Each band's pixels are combined in parallel on Rayon's current pool
//! (`pixel.rs`), and the frames' bands are read in parallel.

mod band;
mod pixel;

use rayon::prelude::*;

use crate::array::NdArray;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::stats::ClipOptions;

use band::BandReader;
pub use band::Frame;

/// How the kept values of a pixel are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `np.nanmean` (or the weighted sum over the sum of the weights).
    Average,
    /// `np.nanmedian`.
    Median,
    /// `np.nansum`.
    Sum,
}

impl Method {
    /// Parses `'average'`, `'median'` or `'sum'`.
    pub fn parse(name: &str) -> Result<Method> {
        match name {
            "average" => Ok(Method::Average),
            "median" => Ok(Method::Median),
            "sum" => Ok(Method::Sum),
            _ => Err(Error::invalid(format!(
                "combine: unrecognised combine method '{name}': use 'average', 'median' or 'sum'"
            ))),
        }
    }
}

/// The settings of a combination (ccdproc's keyword arguments).
#[derive(Debug, Clone)]
pub struct CombineOptions {
    /// The combination.
    pub method: Method,
    /// Sigma clipping along the stack (`sigma_clip=True`; ccdproc runs one
    /// iteration: `maxiters` is taken as 1).
    pub sigma_clip: Option<ClipOptions>,
    /// Min/max clipping (`minmax_clip=True`): values below the first or
    /// above the second are rejected.
    pub minmax: Option<(Option<f64>, Option<f64>)>,
    /// One weight per frame.
    pub weights: Option<Vec<f64>>,
    /// One scale factor per frame (frames are multiplied before combining).
    pub scale: Option<Vec<f64>>,
    /// Bytes the band buffers and the result may use.
    pub mem_limit: u64,
}

/// The combined image and its mask (true where every value was rejected).
#[derive(Debug)]
pub struct Combined {
    /// float64 values, the frames' shape.
    pub data: NdArray,
    /// bool, true where no value was kept.
    pub mask: NdArray,
}

/// Rows per band: what fits in `mem_limit` once the result is allocated
/// (at least one row).
fn band_rows(rows: usize, row_len: usize, frames: usize, max_item: usize, mem_limit: u64) -> usize {
    let total = (rows * row_len) as u64;
    // The result: float64 data and a bool mask.
    let left = mem_limit.saturating_sub(total * 9);
    // Per row of a band: float64 values of every frame, plus each frame's
    // stored bytes while it is converted.
    let per_row = (row_len * frames * (8 + max_item)).max(1) as u64;
    ((left / per_row) as usize).clamp(1, rows.max(1))
}

fn check_per_frame(v: &Option<Vec<f64>>, n: usize, what: &str) -> Result<()> {
    match v {
        Some(v) if v.len() != n => Err(Error::invalid(format!(
            "combine: {what} must have one value per frame ({n} frames), got {}",
            v.len()
        ))),
        _ => Ok(()),
    }
}

/// `ccdproc.combine(frames, method, ..., mem_limit)`: the result and its mask.
pub fn combine(frames: Vec<Frame>, o: &CombineOptions) -> Result<Combined> {
    if frames.is_empty() {
        return Err(Error::invalid("combine: no frames to combine"));
    }
    check_per_frame(&o.weights, frames.len(), "weights")?;
    check_per_frame(&o.scale, frames.len(), "scale")?;
    let mut readers: Vec<BandReader> = frames
        .into_iter()
        .map(BandReader::open)
        .collect::<Result<_>>()?;
    let shape = readers[0].shape().to_vec();
    for r in &readers[1..] {
        if r.shape() != shape.as_slice() {
            return Err(Error::invalid(format!(
                "combine: {} has shape {:?}, but {} has shape {:?}: frames must all have the same shape",
                r.name(),
                r.shape(),
                readers[0].name(),
                shape
            )));
        }
    }
    let rows = shape.first().copied().unwrap_or(1);
    let row_len: usize = shape.iter().skip(1).product();
    let max_item = readers.iter().map(BandReader::itemsize).max().unwrap_or(8);
    let n = readers.len();
    let step = band_rows(rows, row_len, n, max_item, o.mem_limit);
    let mut data = NdArray::for_overwrite(&shape, DType::Float64, false)?;
    let mut mask = NdArray::for_overwrite(&shape, DType::Bool, false)?;
    let (out, out_mask) = (data.typed_mut::<f64>()?, mask.typed_mut::<u8>()?);
    let plan = pixel::Plan::new(o, n);
    let mut stack: Vec<f64> = Vec::new();
    let mut r0 = 0;
    while r0 < rows {
        let r1 = (r0 + step).min(rows);
        let len = (r1 - r0) * row_len;
        stack.resize(len * n, 0.0);
        readers
            .par_iter_mut()
            .zip(stack.par_chunks_mut(len.max(1)))
            .try_for_each(|(r, dst)| r.read_rows(r0, r1, dst))?;
        let at = r0 * row_len;
        plan.run(
            &stack,
            len,
            &mut out[at..at + len],
            &mut out_mask[at..at + len],
        );
        r0 = r1;
    }
    Ok(Combined { data, mask })
}
