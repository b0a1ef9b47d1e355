//! Image operations with the semantics of their Python references:
//! `scipy.ndimage.median_filter` ([`median_filter`]), `uniform_filter`
//! ([`uniform_filter`]) and `shift` ([`shift`], orders 0 and 1),
//! `astropy.nddata.block_reduce` ([`block_reduce`]) and `numpy.histogram`
//! ([`histogram`]).
//!
//! Boundary modes live in [`boundary`]; the selection networks of the fast
//! small-window median in `network.rs`; scipy's own algorithms, ported
//! step for step where their results depend on them (NaN windows, 1-d
//! input), in `select.rs`, `rank_1d.rs` and `minmax_1d.rs`. Every kernel
//! runs on Rayon's current pool.

mod block_reduce;
pub mod boundary;
mod histogram;
mod lines;
mod median_filter;
mod minmax_1d;
mod network;
mod rank_1d;
mod select;
mod shift;
mod uniform_filter;

pub use block_reduce::{block_reduce, BlockFunc};
pub use boundary::Mode;
pub use histogram::{histogram, Bins, Histogram};
pub use median_filter::median_filter;
pub use shift::shift;
pub use uniform_filter::uniform_filter;

use crate::array::{Element, NdArray};
use crate::error::{Error, Result};
use crate::kernels::layout::to_c_order;

/// A C-order copy of `a` when it is in Fortran order (kernels here walk C order).
fn c_order_data(a: &NdArray) -> Result<Option<NdArray>> {
    to_c_order(a)
}

/// Checks a filter's per-axis sizes against the array; errors name the option.
fn check_sizes(a: &NdArray, size: &[usize], what: &str) -> Result<()> {
    if a.shape().is_empty() {
        return Err(Error::invalid(format!(
            "{what}: the array is 0-d; filters need at least one axis"
        )));
    }
    if size.len() != a.shape().len() {
        return Err(Error::invalid(format!(
            "{what}: size has {} entries but the array has {} axes (give one number, or one per axis)",
            size.len(),
            a.shape().len()
        )));
    }
    if size.contains(&0) {
        return Err(Error::invalid(format!(
            "{what}: size must be at least 1 on every axis, got {size:?}"
        )));
    }
    Ok(())
}

/// A C-order array of `shape` holding `values`.
fn output<T: Element>(shape: &[usize], values: Vec<T>) -> Result<NdArray> {
    let mut out = NdArray::for_overwrite(shape, T::DTYPE, false)?;
    out.typed_mut::<T>()?.copy_from_slice(&values);
    Ok(out)
}
