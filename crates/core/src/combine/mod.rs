//! Combining a stack of frames into one, as `ccdproc.combine` does
//! (ccdproc 2.5): optional min/max clipping and sigma clipping along the
//! stack, then the average (optionally weighted), median or sum of the
//! values kept, in float64, with a mask where every value was rejected.
//!
//! The stack is processed in row bands sized so that the band buffers and
//! the result stay within `mem_limit` whatever the number of frames (and
//! the band within 64 MiB: taller ones are no faster); file
//! frames (`.npy`, FITS) are read band by band, never whole (`band.rs`).
//! Each band's pixels are combined in parallel on Rayon's current pool
//! (`pixel.rs`, sixteen pixels at a time where it can: `lanes.rs`), and the
//! frames' bands are read in parallel.
//!
//! The stack holds float32 values when every frame's values are exactly
//! float32 (float32 or 8/16-bit integer frames, after FITS scaling): the
//! same numbers as ccdproc's float64 stack, compared the same way, and
//! converted to float64 for every sum, so the results are the same bit for
//! bit; the stack takes half the memory, so bands are twice as tall.

mod band;
mod lanes;
mod network;
mod pixel;

use rayon::prelude::*;

use crate::array::NdArray;
use crate::buffer::AlignedBuf;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::stats::ClipOptions;

use band::BandReader;
pub use band::Frame;
use lanes::Value;

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

/// The most a band's buffers take: taller bands are no faster (each band
/// is read and combined on every core), and the memory is left to others.
const BAND_BYTES: u64 = 64 << 20;

/// Rows per band: what fits in `mem_limit` once the result is allocated,
/// and in [`BAND_BYTES`] (at least one row). `per_value` is the bytes each
/// value of the band takes: its place in the stack, plus its stored bytes
/// while a frame not read straight into the stack is converted.
fn band_rows(
    rows: usize,
    row_len: usize,
    frames: usize,
    per_value: usize,
    mem_limit: u64,
) -> usize {
    let total = (rows * row_len) as u64;
    // The result: float64 data and a bool mask.
    let left = mem_limit.saturating_sub(total * 9).min(BAND_BYTES);
    let per_row = (row_len * frames * per_value).max(1) as u64;
    ((left / per_row) as usize).clamp(1, rows.max(1))
}

/// True when float32 holds every value of this dtype exactly.
fn fits_f32(d: DType) -> bool {
    matches!(
        d,
        DType::Float32 | DType::Int8 | DType::UInt8 | DType::Int16 | DType::UInt16 | DType::Bool
    )
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
    let mut data = NdArray::for_overwrite(&shape, DType::Float64, false)?;
    let mut mask = NdArray::for_overwrite(&shape, DType::Bool, false)?;
    let (out, out_mask) = (data.typed_mut::<f64>()?, mask.typed_mut::<u8>()?);
    let plan = pixel::Plan::new(o, readers.len());
    if readers.iter().all(|r| fits_f32(r.value_dtype())) {
        run_bands::<f32>(&mut readers, &shape, &plan, o.mem_limit, out, out_mask)?;
    } else {
        run_bands::<f64>(&mut readers, &shape, &plan, o.mem_limit, out, out_mask)?;
    }
    Ok(Combined { data, mask })
}

/// Reads and combines the frames band by band, with a stack of `T`.
fn run_bands<T: Value>(
    readers: &mut [BandReader],
    shape: &[usize],
    plan: &pixel::Plan,
    mem_limit: u64,
    out: &mut [f64],
    out_mask: &mut [u8],
) -> Result<()> {
    let rows = shape.first().copied().unwrap_or(1);
    let row_len: usize = shape.iter().skip(1).product();
    let n = readers.len();
    let converting = readers
        .iter()
        .filter(|r| !r.is_direct(T::DTYPE))
        .map(BandReader::itemsize)
        .max()
        .unwrap_or(0);
    let per_value = std::mem::size_of::<T>() + converting;
    let step = band_rows(rows, row_len, n, per_value, mem_limit);
    let mut buf =
        AlignedBuf::for_overwrite(step.min(rows) * row_len * n * std::mem::size_of::<T>());
    let stack: &mut [T] = bytemuck::cast_slice_mut(buf.as_bytes_mut());
    let mut r0 = 0;
    while r0 < rows {
        let r1 = (r0 + step).min(rows);
        let len = (r1 - r0) * row_len;
        let stack = &mut stack[..len * n];
        readers
            .par_iter_mut()
            .zip(stack.par_chunks_mut(len.max(1)))
            .try_for_each(|(r, dst)| r.read_rows(r0, r1, dst))?;
        let at = r0 * row_len;
        plan.run(
            stack,
            len,
            &mut out[at..at + len],
            &mut out_mask[at..at + len],
        );
        r0 = r1;
    }
    Ok(())
}
