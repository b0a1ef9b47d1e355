//! Shape operations: `reshape`, `transpose`, `flip`, `rot90`, `squeeze`,
//! `expandDims`, `ravel`, `copy`, `concatenate`, `stack`. numpy returns
//! views for most; here each returns a new array (C order, except a full
//! transpose of a C-order array, which is the same bytes in Fortran order,
//! exactly as numpy's view is laid out).

use crate::array::NdArray;
use crate::error::{Error, Result};

use super::broadcast::{strides_of, Layout};
use super::elementwise::{copy_into, copy_view, OutBuf};
use super::layout::to_c_order;
use super::promote::promote_types;
use crate::buffer::copy_bytes;
use rayon::prelude::*;

fn axis(ax: i64, ndim: usize) -> Result<usize> {
    let a = if ax < 0 { ax + ndim as i64 } else { ax };
    if a < 0 || a >= ndim as i64 {
        return Err(Error::invalid(format!(
            "axis {ax} is out of bounds for array of dimension {ndim}"
        )));
    }
    Ok(a as usize)
}

/// A requested shape as numpy prints it (`(2,-1)`).
fn shape_text(shape: &[i64]) -> String {
    let parts: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
    match parts.len() {
        1 => format!("({},)", parts[0]),
        _ => format!("({})", parts.join(",")),
    }
}

/// The same bytes under another shape and order.
fn rebadge(a: &NdArray, shape: &[usize], fortran: bool) -> Result<NdArray> {
    NdArray::from_bytes(a.dtype(), shape, fortran, a.as_bytes())
}

/// A C-order copy (the array itself, copied, when already C order).
pub fn copy(a: &NdArray) -> Result<NdArray> {
    match to_c_order(a)? {
        Some(c) => Ok(c),
        None => rebadge(a, a.shape(), false),
    }
}

/// `np.reshape(a, shape)` in C order; one dimension may be -1.
pub fn reshape(a: &NdArray, shape: &[i64]) -> Result<NdArray> {
    let size = a.size();
    let unknown: Vec<usize> = (0..shape.len()).filter(|&i| shape[i] == -1).collect();
    if unknown.len() > 1 {
        return Err(Error::invalid("can only specify one unknown dimension"));
    }
    if shape.iter().any(|&d| d < -1) {
        return Err(Error::invalid(format!(
            "negative dimensions not allowed in shape {shape:?}"
        )));
    }
    let known: usize = shape
        .iter()
        .filter(|&&d| d >= 0)
        .map(|&d| d as usize)
        .product();
    let mut dims: Vec<usize> = shape.iter().map(|&d| d.max(0) as usize).collect();
    let bad = || {
        Error::invalid(format!(
            "cannot reshape array of size {size} into shape {}",
            shape_text(shape)
        ))
    };
    if let Some(&u) = unknown.first() {
        if known == 0 || !size.is_multiple_of(known) {
            return Err(bad());
        }
        dims[u] = size / known;
    } else if known != size {
        return Err(bad());
    }
    relabel(a, &dims)
}

/// The elements of `a` in C order under `shape` (same size): one parallel
/// copy of the bytes when `a` is already C order (or order-free).
fn relabel(a: &NdArray, shape: &[usize]) -> Result<NdArray> {
    match to_c_order(a)? {
        Some(c) => rebadge(&c, shape, false),
        None => rebadge(a, shape, false),
    }
}

/// `np.transpose(a, axes)` (default: reverse the axes).
pub fn transpose(a: &NdArray, axes: Option<&[i64]>) -> Result<NdArray> {
    let nd = a.shape().len();
    let perm: Vec<usize> = match axes {
        None => (0..nd).rev().collect(),
        Some(ax) => {
            if ax.len() != nd {
                return Err(Error::invalid("axes don't match array"));
            }
            let p = ax
                .iter()
                .map(|&x| axis(x, nd))
                .collect::<Result<Vec<_>>>()?;
            let mut seen = vec![false; nd];
            for &i in &p {
                if std::mem::replace(&mut seen[i], true) {
                    return Err(Error::invalid("repeated axis in transpose"));
                }
            }
            p
        }
    };
    let shape: Vec<usize> = perm.iter().map(|&i| a.shape()[i]).collect();
    if perm.iter().rev().copied().eq(0..nd) {
        // A full reversal swaps C and Fortran order over the same bytes.
        return rebadge(a, &shape, !a.is_fortran_order());
    }
    let l = Layout::of(a);
    let layout = Layout {
        offset: 0,
        strides: perm.iter().map(|&i| l.strides[i]).collect(),
    };
    copy_view(a, &layout, &shape, a.dtype())
}

/// Reverses `layout` along `ax` of `shape`.
fn flip_layout(layout: &mut Layout, shape: &[usize], ax: usize) {
    if shape[ax] > 0 {
        layout.offset += (shape[ax] as isize - 1) * layout.strides[ax];
    }
    layout.strides[ax] = -layout.strides[ax];
}

/// `np.flip(a, axis)` (default: every axis).
pub fn flip(a: &NdArray, axes: Option<&[i64]>) -> Result<NdArray> {
    let nd = a.shape().len();
    let axes: Vec<usize> = match axes {
        None => (0..nd).collect(),
        Some(ax) => ax.iter().map(|&x| axis(x, nd)).collect::<Result<_>>()?,
    };
    let mut l = Layout::of(a);
    for ax in axes {
        flip_layout(&mut l, a.shape(), ax);
    }
    copy_view(a, &l, a.shape(), a.dtype())
}

/// `np.rot90(a, k, axes)`: rotation by 90° k times from the first axis
/// towards the second.
pub fn rot90(a: &NdArray, k: i64, axes: (i64, i64)) -> Result<NdArray> {
    let nd = a.shape().len();
    if nd < 2 {
        return Err(Error::invalid("Axes must be different.")); // numpy: needs 2 axes
    }
    let (a0, a1) = (axis(axes.0, nd)?, axis(axes.1, nd)?);
    if a0 == a1 {
        return Err(Error::invalid("Axes must be different."));
    }
    let k = k.rem_euclid(4);
    let mut l = Layout::of(a);
    let mut shape = a.shape().to_vec();
    match k {
        0 => {}
        2 => {
            flip_layout(&mut l, &shape, a0);
            flip_layout(&mut l, &shape, a1);
        }
        _ => {
            if k == 1 {
                flip_layout(&mut l, &shape, a1);
            }
            l.strides.swap(a0, a1);
            shape.swap(a0, a1);
            if k == 3 {
                flip_layout(&mut l, &shape, a1);
            }
        }
    }
    copy_view(a, &l, &shape, a.dtype())
}

/// `np.squeeze(a, axis)` (default: every length-1 axis).
pub fn squeeze(a: &NdArray, axes: Option<&[i64]>) -> Result<NdArray> {
    let nd = a.shape().len();
    let mut drop = vec![false; nd];
    match axes {
        None => (0..nd).for_each(|i| drop[i] = a.shape()[i] == 1),
        Some(ax) => {
            for &x in ax {
                let i = axis(x, nd)?;
                if a.shape()[i] != 1 {
                    return Err(Error::invalid(
                        "cannot select an axis to squeeze out which has size not equal to one",
                    ));
                }
                drop[i] = true;
            }
        }
    }
    let shape: Vec<usize> = (0..nd)
        .filter(|&i| !drop[i])
        .map(|i| a.shape()[i])
        .collect();
    rebadge(a, &shape, a.is_fortran_order())
}

/// `np.expand_dims(a, axis)`: new length-1 axes at the given positions.
pub fn expand_dims(a: &NdArray, axes: &[i64]) -> Result<NdArray> {
    let nd = a.shape().len() + axes.len();
    let mut new = vec![false; nd];
    for &x in axes {
        let i = axis(x, nd)?;
        if std::mem::replace(&mut new[i], true) {
            return Err(Error::invalid("repeated axis"));
        }
    }
    let mut it = a.shape().iter();
    let shape: Vec<usize> = new
        .iter()
        .map(|&n| if n { 1 } else { *it.next().unwrap_or(&1) })
        .collect();
    rebadge(a, &shape, a.is_fortran_order())
}

/// `np.ravel(a)`: the elements in C order, as 1-D.
pub fn ravel(a: &NdArray) -> Result<NdArray> {
    relabel(a, &[a.size()])
}

/// `np.concatenate(arrays, axis)`; the result dtype promotes all inputs.
pub fn concatenate(arrays: &[&NdArray], ax: i64) -> Result<NdArray> {
    let first = arrays
        .first()
        .ok_or_else(|| Error::invalid("need at least one array to concatenate"))?;
    let nd = first.shape().len();
    if nd == 0 {
        return Err(Error::invalid(
            "zero-dimensional arrays cannot be concatenated",
        ));
    }
    let ax = axis(ax, nd)?;
    let mut shape = first.shape().to_vec();
    shape[ax] = 0;
    let mut dtype = first.dtype();
    for (i, a) in arrays.iter().enumerate() {
        if a.shape().len() != nd {
            return Err(Error::invalid(format!(
                "all the input array dimensions except for the concatenation axis must match exactly, \
                 but the array at index 0 has {nd} dimension(s) and the array at index {i} has {} dimension(s)",
                a.shape().len()
            )));
        }
        for d in 0..nd {
            if d != ax && a.shape()[d] != first.shape()[d] {
                return Err(Error::invalid(format!(
                    "all the input array dimensions except for the concatenation axis must match exactly, \
                     but along dimension {d}, the array at index 0 has size {} and the array at index {i} has size {}",
                    first.shape()[d],
                    a.shape()[d]
                )));
            }
        }
        shape[ax] += a.shape()[ax];
        dtype = promote_types(dtype, a.dtype());
    }
    if let Some(out) = concatenate_bytes(arrays, ax, &shape, dtype)? {
        return Ok(out);
    }
    let mut out = NdArray::for_overwrite(&shape, dtype, false)?;
    let strides = strides_of(&shape, false);
    let mut target = OutBuf::of(&mut out);
    let mut at = 0isize;
    for a in arrays {
        let dst = Layout {
            offset: at * strides[ax],
            strides: strides.clone(),
        };
        copy_into(a, &Layout::of(a), &mut target, &dst, a.shape());
        at += a.shape()[ax] as isize;
    }
    Ok(out)
}

/// [`concatenate`] of C-order arrays of the result's dtype: per index of
/// the axes before `ax`, each input adds one contiguous block of bytes, so
/// the result is filled by parallel copies (by block rows, or whole inputs
/// along axis 0). `None` when an input needs a cast or another order.
fn concatenate_bytes(
    arrays: &[&NdArray],
    ax: usize,
    shape: &[usize],
    dtype: crate::DType,
) -> Result<Option<NdArray>> {
    let c_order =
        |a: &NdArray| !a.is_fortran_order() || a.shape().iter().filter(|&&d| d > 1).count() <= 1;
    if arrays.iter().any(|a| a.dtype() != dtype || !c_order(a)) {
        return Ok(None);
    }
    let mut out = NdArray::for_overwrite(shape, dtype, false)?;
    let outer: usize = shape[..ax].iter().product();
    let blocks: Vec<usize> = arrays.iter().map(|a| a.nbytes() / outer.max(1)).collect();
    let row: usize = blocks.iter().sum();
    let bytes = out.as_bytes_mut();
    if outer <= 1 || row == 0 {
        let mut at = 0;
        for a in arrays {
            copy_bytes(&mut bytes[at..at + a.nbytes()], a.as_bytes());
            at += a.nbytes();
        }
    } else {
        bytes.par_chunks_mut(row).enumerate().for_each(|(i, dst)| {
            let mut at = 0;
            for (a, &b) in arrays.iter().zip(&blocks) {
                dst[at..at + b].copy_from_slice(&a.as_bytes()[i * b..(i + 1) * b]);
                at += b;
            }
        });
    }
    Ok(Some(out))
}

/// `np.stack(arrays, axis)`: arrays of one shape along a new axis.
pub fn stack(arrays: &[&NdArray], ax: i64) -> Result<NdArray> {
    let first = arrays
        .first()
        .ok_or_else(|| Error::invalid("need at least one array to stack"))?;
    if arrays.iter().any(|a| a.shape() != first.shape()) {
        return Err(Error::invalid("all input arrays must have the same shape"));
    }
    let expanded = arrays
        .iter()
        .map(|a| expand_dims(a, &[ax]))
        .collect::<Result<Vec<_>>>()?;
    let refs: Vec<&NdArray> = expanded.iter().collect();
    concatenate(&refs, ax)
}
