//! `astropy.nddata.block_reduce(data, block_size, func)` for func
//! `np.sum`, `np.mean` and `np.median`: trailing elements that do not fill
//! a block are dropped, and each block reduces as numpy reduces axes
//! `(d, d+1, ...)` of astropy's reshaped view: for sum and mean, row by
//! row of the block (the last axis' run summed with numpy's pairwise sum,
//! added to the running total), so float results match numpy's bit for bit.
//! Output dtypes are numpy's: sum of bool/signed gives int64, of unsigned
//! uint64, of floats the same float; mean and median of integers float64.

use rayon::prelude::*;

use super::boundary::strides;
use crate::array::NdArray;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::kernels::axis::{self, Reduction};
use crate::kernels::layout::to_c_order;
use crate::kernels::num::{cast, with_dtype, Num};

/// The reducing function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockFunc {
    /// `np.sum`.
    Sum,
    /// `np.mean`.
    Mean,
    /// `np.median`.
    Median,
}

/// The names [`BlockFunc::parse`] accepts.
pub const BLOCK_FUNC_NAMES: [&str; 3] = ["sum", "mean", "median"];

impl BlockFunc {
    /// Parses `sum`, `mean` or `median`; the error names the option.
    pub fn parse(name: &str) -> Result<BlockFunc> {
        Ok(match name {
            "sum" => BlockFunc::Sum,
            "mean" => BlockFunc::Mean,
            "median" => BlockFunc::Median,
            _ => {
                return Err(Error::invalid(format!(
                    "blockReduce: unknown func {name:?}; use one of {}",
                    BLOCK_FUNC_NAMES.join(", ")
                )))
            }
        })
    }
}

/// numpy's pairwise summation (`pairwise_sum` in loops_utils.h) of `a`
/// into an accumulator of type `A`.
fn pairwise<T: Num, A: Num>(a: &[T]) -> A {
    let n = a.len();
    if n < 8 {
        let mut res = A::from_f64(-0.0);
        for &v in a {
            res = res.add(cast(v));
        }
        res
    } else if n <= 128 {
        let mut r: [A; 8] = [A::default(); 8];
        for (j, rj) in r.iter_mut().enumerate() {
            *rj = cast(a[j]);
        }
        let mut i = 8;
        while i < n - n % 8 {
            for (j, rj) in r.iter_mut().enumerate() {
                *rj = rj.add(cast(a[i + j]));
            }
            i += 8;
        }
        let mut res = (r[0].add(r[1]))
            .add(r[2].add(r[3]))
            .add((r[4].add(r[5])).add(r[6].add(r[7])));
        for &v in &a[i..] {
            res = res.add(cast(v));
        }
        res
    } else {
        let mut n2 = n / 2;
        n2 -= n2 % 8;
        pairwise::<T, A>(&a[..n2]).add(pairwise::<T, A>(&a[n2..]))
    }
}

/// The geometry: blocks per axis and the source's strides.
struct Blocks<'a> {
    shape: &'a [usize],
    factor: &'a [usize],
    nblocks: Vec<usize>,
}

impl Blocks<'_> {
    /// Calls `f(run)` for each row of block `o` (C order of the output), in
    /// the order numpy's reduction visits them.
    fn rows<T>(&self, src: &[T], o: usize, mut f: impl FnMut(&[T])) {
        let nd = self.shape.len();
        let st = strides(self.shape);
        let mut origin = 0usize;
        let mut rest = o;
        for k in (0..nd).rev() {
            origin += (rest % self.nblocks[k]) * self.factor[k] * st[k];
            rest /= self.nblocks[k];
        }
        let rows: usize = self.factor[..nd - 1].iter().product();
        let run = self.factor[nd - 1];
        for r in 0..rows {
            let (mut rest, mut off) = (r, origin);
            for k in (0..nd - 1).rev() {
                off += (rest % self.factor[k]) * st[k];
                rest /= self.factor[k];
            }
            f(&src[off..off + run]);
        }
    }
}

fn sum_like<T: Num, A: Num>(src: &[T], b: &Blocks<'_>, mean: bool) -> Result<NdArray> {
    let mut out = NdArray::for_overwrite(&b.nblocks, A::DTYPE, false)?;
    let count = b.factor.iter().product::<usize>() as f64;
    out.typed_mut::<A>()?
        .par_iter_mut()
        .enumerate()
        .for_each(|(o, dst)| {
            let mut acc = A::default();
            b.rows(src, o, |run| acc = acc.add(pairwise::<T, A>(run)));
            *dst = if mean {
                A::from_f64(acc.to_f64() / count)
            } else {
                acc
            };
        });
    Ok(out)
}

/// The trimmed blocks gathered as an array of shape `(nblocks..., block size)`.
fn grouped<T: Num>(src: &[T], b: &Blocks<'_>) -> Result<NdArray> {
    let bsize: usize = b.factor.iter().product();
    let mut shape = b.nblocks.clone();
    shape.push(bsize);
    let mut out = NdArray::for_overwrite(&shape, T::DTYPE, false)?;
    out.typed_mut::<T>()?
        .par_chunks_mut(bsize.max(1))
        .enumerate()
        .for_each(|(o, dst)| {
            let mut at = 0;
            b.rows(src, o, |run| {
                dst[at..at + run.len()].copy_from_slice(run);
                at += run.len();
            });
        });
    Ok(out)
}

/// `astropy.nddata.block_reduce(a, factor, func)`; `factor` has one entry per axis.
pub fn block_reduce(a: &NdArray, factor: &[usize], func: BlockFunc) -> Result<NdArray> {
    let nd = a.shape().len();
    if nd == 0 {
        return Err(Error::invalid(
            "blockReduce: the array is 0-d; give an array with at least one axis",
        ));
    }
    if factor.len() != nd {
        return Err(Error::invalid(format!(
            "blockReduce: factor has {} entries but the array has {nd} axes (give one number, or one per axis)",
            factor.len()
        )));
    }
    if factor.contains(&0) {
        return Err(Error::invalid(format!(
            "blockReduce: factor elements must be strictly positive, got {factor:?}"
        )));
    }
    let c = to_c_order(a)?;
    let a = c.as_ref().unwrap_or(a);
    let b = Blocks {
        shape: a.shape(),
        factor,
        nblocks: a.shape().iter().zip(factor).map(|(s, f)| s / f).collect(),
    };
    with_dtype!(a.dtype(), |T| {
        let src: &[T] = a.typed::<T>()?;
        match (func, a.dtype()) {
            (BlockFunc::Median, _) => {
                if b.nblocks.contains(&0) {
                    // numpy's median cannot reshape an empty stack of blocks.
                    return Err(Error::invalid(format!(
                        "blockReduce: median of no blocks (shape {:?} holds no whole block of {factor:?}); numpy refuses it too",
                        a.shape()
                    )));
                }
                let g = grouped(src, &b)?;
                axis::reduce(&g, Reduction::parse("median", 0.0)?, Some(&[-1]), false)
            }
            (_, DType::Float32) => sum_like::<T, f32>(src, &b, func == BlockFunc::Mean),
            (_, DType::Float64) => sum_like::<T, f64>(src, &b, func == BlockFunc::Mean),
            (BlockFunc::Mean, _) => sum_like::<T, f64>(src, &b, true),
            (_, DType::UInt8 | DType::UInt16 | DType::UInt32 | DType::UInt64) => {
                sum_like::<T, u64>(src, &b, false)
            }
            _ => sum_like::<T, i64>(src, &b, false),
        }
    })
}
