//! Memory-order helpers for array-array operations.

use crate::array::NdArray;
use crate::error::Result;

use super::num::{with_array, Num};
use super::par::for_each_chunk;

/// True when the array's C and Fortran layouts are the same sequence of
/// elements (at most one dimension longer than 1).
fn order_free(a: &NdArray) -> bool {
    a.shape().iter().filter(|&&d| d > 1).count() <= 1
}

/// True when two same-shape arrays hold their elements in the same order,
/// so that the i-th element in memory of one pairs with that of the other.
pub fn same_layout(a: &NdArray, b: &NdArray) -> bool {
    a.is_fortran_order() == b.is_fortran_order() || order_free(a)
}

/// A C-order copy of a Fortran-order array, or `None` when `a` is already
/// laid out in C order.
pub fn to_c_order(a: &NdArray) -> Result<Option<NdArray>> {
    if !a.is_fortran_order() || order_free(a) {
        return Ok(None);
    }
    let mut out = NdArray::for_overwrite(a.shape(), a.dtype(), false)?;
    let shape = a.shape();
    with_array!(a, |src| {
        let dst = out.typed_mut()?;
        for_each_chunk(dst, |start, chunk| gather_c(src, shape, start, chunk));
    });
    Ok(Some(out))
}

/// Writes C-order elements `start..` of the Fortran-order `src` into `chunk`.
fn gather_c<T: Num>(src: &[T], shape: &[usize], start: usize, chunk: &mut [T]) {
    // Fortran strides (in elements): the first axis varies fastest.
    let mut strides = vec![0usize; shape.len()];
    let mut s = 1;
    for (st, &d) in strides.iter_mut().zip(shape) {
        *st = s;
        s *= d;
    }
    // The multi-index of the chunk's first element, C order (last axis fastest).
    let mut index = vec![0usize; shape.len()];
    let mut rest = start;
    for (ix, &d) in index.iter_mut().zip(shape).rev() {
        *ix = rest % d;
        rest /= d;
    }
    let mut offset: usize = index.iter().zip(&strides).map(|(i, s)| i * s).sum();
    for out in chunk.iter_mut() {
        *out = src[offset];
        // Advance the C-order odometer, keeping `offset` in step.
        for axis in (0..shape.len()).rev() {
            index[axis] += 1;
            offset += strides[axis];
            if index[axis] < shape[axis] {
                break;
            }
            offset -= strides[axis] * shape[axis];
            index[axis] = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fortran_to_c() {
        // Fortran bytes of [[0, 1, 2], [3, 4, 5]] are 0 3 1 4 2 5.
        let f = NdArray::from_bytes(
            crate::DType::Int16,
            &[2, 3],
            true,
            bytemuck::cast_slice(&[0i16, 3, 1, 4, 2, 5]),
        )
        .unwrap();
        let c = to_c_order(&f).unwrap().unwrap();
        assert_eq!(c.typed::<i16>().unwrap(), &[0, 1, 2, 3, 4, 5]);
        assert!(!c.is_fortran_order());
    }
}
