//! Boolean-mask selection: numpy's `a[mask]`, the selected elements in C
//! order as a new 1-D array. (`where`, `countNonzero`, `any` and `all` live
//! with the elementwise and axis kernels.)

use rayon::prelude::*;

use crate::array::NdArray;
use crate::dtype::DType;
use crate::error::{Error, Result};

use super::broadcast::py_shape;
use super::layout::to_c_order;
use super::num::with_array;
use super::par::{CHUNK, PAR_MIN};

/// `a[cond]` for a bool `cond` of `a`'s shape.
pub fn mask(a: &NdArray, cond: &NdArray) -> Result<NdArray> {
    if cond.dtype() != DType::Bool {
        return Err(Error::invalid(format!(
            "mask: the condition must be a bool array (got {}); compare first, e.g. a.gt(0)",
            cond.dtype()
        )));
    }
    if cond.shape() != a.shape() {
        return Err(Error::invalid(format!(
            "mask: boolean index of shape {} did not match indexed array of shape {}",
            py_shape(cond.shape()),
            py_shape(a.shape())
        )));
    }
    let (ac, cc) = (to_c_order(a)?, to_c_order(cond)?);
    let (a, cond) = (ac.as_ref().unwrap_or(a), cc.as_ref().unwrap_or(cond));
    let c = cond.as_bytes();
    let counts: Vec<usize> = if c.len() < PAR_MIN {
        vec![c.iter().filter(|&&b| b != 0).count()]
    } else {
        c.par_chunks(CHUNK)
            .map(|ch| ch.iter().filter(|&&b| b != 0).count())
            .collect()
    };
    let total: usize = counts.iter().sum();
    let chunk = if c.len() < PAR_MIN {
        c.len().max(1)
    } else {
        CHUNK
    };
    let mut starts = Vec::with_capacity(counts.len());
    let mut acc = 0;
    for n in &counts {
        starts.push(acc);
        acc += n;
    }
    let mut out = NdArray::for_overwrite(&[total], a.dtype(), false)?;
    with_array!(a, |src| {
        let dst = out.typed_mut()?;
        // Split the output at each chunk's start so chunks fill disjoint parts.
        let mut parts = Vec::with_capacity(counts.len());
        let mut rest = dst;
        for n in &counts {
            let (head, tail) = rest.split_at_mut(*n);
            parts.push(head);
            rest = tail;
        }
        parts.into_par_iter().enumerate().for_each(|(i, part)| {
            let lo = i * chunk;
            let hi = (lo + chunk).min(c.len());
            let mut k = 0;
            for j in lo..hi {
                if c[j] != 0 {
                    part[k] = src[j];
                    k += 1;
                }
            }
        });
    });
    Ok(out)
}
