//! One 2-D plane of an array, as `f64` values in C (row-major) order.

use rayon::prelude::*;

use crate::array::NdArray;
use crate::error::{Error, Result};
use crate::kernels::num::{with_array, Num};

/// A 2-D image: `height` rows of `width` values, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Plane {
    /// Number of rows (the array's second-to-last axis).
    pub height: usize,
    /// Number of columns (the array's last axis).
    pub width: usize,
    /// The values, row by row.
    pub values: Vec<f64>,
}

/// The plane of `a` a preview shows: the array itself when 2-D, plane
/// `index` (default 0) of a 3-D cube's first axis.
pub fn plane(a: &NdArray, index: Option<usize>) -> Result<Plane> {
    let shape = a.shape();
    let (planes, height, width) = match *shape {
        [h, w] => (1, h, w),
        [p, h, w] => (p, h, w),
        _ => {
            return Err(Error::invalid(format!(
                "preview: shape {shape:?} is not an image; give a 2-D array, or a 3-D cube and the plane to show"
            )))
        }
    };
    let p = index.unwrap_or(0);
    if p >= planes {
        return Err(Error::invalid(format!(
            "preview: plane {p} is out of range for shape {shape:?} (planes 0..{})",
            planes.saturating_sub(1)
        )));
    }
    if height == 0 || width == 0 {
        return Err(Error::invalid(format!(
            "preview: shape {shape:?} has no pixels"
        )));
    }
    // Memory offset of (p, r, c): C order walks the last axis fastest,
    // Fortran order the first.
    let fortran = a.is_fortran_order();
    let offset = move |r: usize, c: usize| {
        if fortran {
            p + r * planes + c * planes * height
        } else {
            (p * height + r) * width + c
        }
    };
    let mut values = vec![0f64; height * width];
    with_array!(a, |src| {
        values
            .par_chunks_mut(width)
            .enumerate()
            .for_each(|(r, row)| {
                for (c, v) in row.iter_mut().enumerate() {
                    *v = src[offset(r, c)].to_f64();
                }
            });
    });
    Ok(Plane {
        height,
        width,
        values,
    })
}
