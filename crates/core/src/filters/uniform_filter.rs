//! `scipy.ndimage.uniform_filter`: a running mean along each axis in turn
//! (axes of size 1 skipped), each pass computed in doubles and stored in
//! the input's dtype before the next, exactly as scipy's
//! `NI_UniformFilter1D` does (same running sum, so the same roundings and
//! the same NaN spread: once a NaN or an infinity enters a line's running
//! sum, the rest of that line is NaN).

use super::boundary::Mode;
use super::lines::map_lines;
use super::{c_order_data, check_sizes, output};
use crate::array::NdArray;
use crate::error::Result;
use crate::kernels::num::{with_dtype, Num};

/// scipy's running mean of one extended line (`size` wide) into `out`.
fn running_mean(ext: &[f64], size: usize, out: &mut [f64]) {
    let n = size as f64;
    let mut tmp = 0.0f64;
    for v in &ext[..size] {
        tmp += v;
    }
    out[0] = tmp / n;
    for ll in 1..out.len() {
        tmp += ext[ll + size - 1] - ext[ll - 1];
        out[ll] = tmp / n;
    }
}

fn typed<T: Num>(data: &[T], shape: &[usize], size: &[usize], mode: Mode, cval: f64) -> Vec<T> {
    let mut cur: Vec<T> = data.to_vec();
    for (axis, &s) in size.iter().enumerate() {
        if s <= 1 {
            continue;
        }
        let before = s / 2;
        cur = map_lines(
            &cur,
            shape,
            axis,
            before,
            s - before - 1,
            mode,
            cval,
            |ext, out| running_mean(ext, s, out),
        );
    }
    cur
}

/// `scipy.ndimage.uniform_filter(a, size, mode=mode, cval=cval)` (origin
/// 0): same shape and dtype as `a`. `size` has one entry per axis.
pub fn uniform_filter(a: &NdArray, size: &[usize], mode: Mode, cval: f64) -> Result<NdArray> {
    check_sizes(a, size, "uniformFilter")?;
    let c = c_order_data(a)?;
    let src = c.as_ref().unwrap_or(a);
    with_dtype!(a.dtype(), |T| {
        let data: &[T] = src.typed::<T>()?;
        output(a.shape(), typed(data, a.shape(), size, mode, cval))
    })
}
