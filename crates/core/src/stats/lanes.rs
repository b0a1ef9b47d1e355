//! Arrays rearranged so that each lane (the elements one result reduces) is
//! contiguous: the kept axes first, then the reduced ones in the order given,
//! as astropy's sigma clipping transposes and reshapes before its C loop.

use crate::array::NdArray;
use crate::error::{Error, Result};
use crate::kernels::layout::to_c_order;
use crate::kernels::shape::transpose;

/// A C-order array whose last `lane_len` elements per row form one lane.
pub(super) struct Lanes {
    /// The rearranged array (C order).
    pub array: NdArray,
    /// Elements per lane.
    pub lane_len: usize,
    /// The permutation applied (`array` axis i is input axis `perm[i]`).
    perm: Vec<i64>,
}

/// Normalised axes in the order given (negative counted from the end).
pub(super) fn normalize(axes: &[i64], ndim: usize) -> Result<Vec<usize>> {
    let mut out: Vec<usize> = Vec::with_capacity(axes.len());
    for &ax in axes {
        let a = if ax < 0 { ax + ndim as i64 } else { ax };
        if a < 0 || a >= ndim as i64 {
            return Err(Error::invalid(format!(
                "axis {ax} is out of bounds for array of dimension {ndim}"
            )));
        }
        if out.contains(&(a as usize)) {
            return Err(Error::invalid("duplicate value in 'axis'"));
        }
        out.push(a as usize);
    }
    Ok(out)
}

impl Lanes {
    /// Rearranges `a` so that `axes` come last.
    pub fn of(a: &NdArray, axes: &[i64]) -> Result<Lanes> {
        let nd = a.shape().len();
        let red = normalize(axes, nd)?;
        let mut perm: Vec<i64> = (0..nd)
            .filter(|i| !red.contains(i))
            .map(|i| i as i64)
            .collect();
        perm.extend(red.iter().map(|&i| i as i64));
        let lane_len = red.iter().map(|&i| a.shape()[i]).product();
        let t = transpose(a, Some(&perm))?;
        let array = match to_c_order(&t)? {
            Some(c) => c,
            None => t,
        };
        Ok(Lanes {
            array,
            lane_len,
            perm,
        })
    }

    /// An array laid out as `self.array` (e.g. a mask computed per lane)
    /// brought back to the input's axis order.
    pub fn restore(&self, x: &NdArray) -> Result<NdArray> {
        let mut inverse = vec![0i64; self.perm.len()];
        for (i, &p) in self.perm.iter().enumerate() {
            inverse[p as usize] = i as i64;
        }
        transpose(x, Some(&inverse))
    }
}
