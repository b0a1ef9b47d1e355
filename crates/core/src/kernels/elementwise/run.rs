//! The block loop every elementwise operation runs: per run of the walk,
//! take each operand's block in the computation dtype, apply the element
//! function, store the block converted to the output dtype.
//!
//! An array operand already in the computation dtype and contiguous along
//! the run is read where it lies; the others are loaded (converted,
//! gathered) into blocks on the stack; constants, and arrays broadcast
//! along the run, are spread into theirs once per run. When the output
//! already has the element function's type the results are written
//! straight into it (no store buffer, no converting copy): a memory-bound
//! operation is then one vectorised loop reading the operands and writing
//! the output, as numpy's.

use crate::dtype::DType;

use super::super::broadcast::{Steps, Walk};
use super::super::num::Num;
use super::{scatter, Src, BLOCK};

/// Applies `f` to `N` operands (loaded as `C`) giving `V`, stored into the
/// output bytes (`dtype`) the walk visits last.
pub(crate) fn run<const N: usize, C: Num, V: Num>(
    walk: &Walk,
    out: &mut [u8],
    dtype: DType,
    srcs: [Src<'_, C>; N],
    f: impl Fn([C; N]) -> V + Sync,
) {
    run_flagged(walk, out, dtype, srcs, |_| false, move |_, x| f(x));
}

/// [`run`] where `f` also receives `flag(inner strides)` of each run (numpy
/// loops that behave differently when an operand is constant along them).
pub(crate) fn run_flagged<const N: usize, C: Num, V: Num>(
    walk: &Walk,
    out: &mut [u8],
    dtype: DType,
    srcs: [Src<'_, C>; N],
    flag: impl Fn(&Steps) -> bool + Sync,
    f: impl Fn(bool, [C; N]) -> V + Sync,
) {
    blocks(walk, out, dtype, srcs, flag, |flagged, x, o| {
        apply(&f, flagged, x, o)
    });
}

/// A unary operation given block by block: `g(input block, output block)`
/// (for kernels that vectorise a fast path, then patch special elements).
pub(crate) fn run_blocks<C: Num>(
    walk: &Walk,
    out: &mut [u8],
    dtype: DType,
    src: Src<'_, C>,
    g: impl Fn(&[C], &mut [C]) + Sync,
) {
    blocks(walk, out, dtype, [src], |_| false, |_, [x], o| g(x, o));
}

/// The block loop: `g(flag, operand blocks, output block)` per block.
///
/// An operand that is an array of the computation dtype, read contiguously
/// along the run, is handed to `g` as its own memory (no copy into a block:
/// that copy cost as much as the work itself in a memory-bound operation);
/// the others are loaded (converted, gathered) into blocks on the stack.
fn blocks<const N: usize, C: Num, V: Num>(
    walk: &Walk,
    out: &mut [u8],
    dtype: DType,
    srcs: [Src<'_, C>; N],
    flag: impl Fn(&Steps) -> bool + Sync,
    g: impl Fn(bool, [&[C]; N], &mut [V]) + Sync,
) {
    let isz = dtype.itemsize();
    // Each operand's elements, when it can be read in place.
    let whole: [Option<&[C]>; N] = std::array::from_fn(|j| match srcs[j] {
        Src::Array(a) if a.dtype() == C::DTYPE => bytemuck::try_cast_slice(a.as_bytes()).ok(),
        _ => None,
    });
    walk.for_each_run_mut(out, isz, |off, st, _len, own| {
        let flagged = flag(st);
        let mut x = [[C::default(); BLOCK]; N];
        // Operands constant along the run (a scalar, or an array broadcast
        // along it: a column against an image) fill their block once.
        let mut fixed = [false; N];
        for (j, s) in srcs.iter().enumerate() {
            let v = match *s {
                Src::Const(v) => v,
                Src::Array(_) if st[j] == 0 => {
                    s.load(off[j], 0, own, &mut x[j][..1]);
                    x[j][0]
                }
                _ => continue,
            };
            x[j].fill(v);
            fixed[j] = true;
        }
        let inplace: [Option<&[C]>; N] = std::array::from_fn(|j| whole[j].filter(|_| st[j] == 1));
        let mut v = [V::default(); BLOCK];
        for (k, o) in own.chunks_mut(BLOCK * isz).enumerate() {
            let n = (o.len() / isz).min(BLOCK);
            let start = (k * BLOCK) as isize;
            for (j, s) in srcs.iter().enumerate() {
                if inplace[j].is_none() && !fixed[j] {
                    s.load(off[j] + start * st[j], st[j], o, &mut x[j][..n]);
                }
            }
            let ins: [&[C]; N] = std::array::from_fn(|j| match inplace[j] {
                Some(e) => &e[(off[j] + start) as usize..][..n],
                None => &x[j][..n],
            });
            let direct = if dtype == V::DTYPE {
                bytemuck::try_cast_slice_mut::<u8, V>(o).ok()
            } else {
                None
            };
            match direct {
                Some(o) => g(flagged, ins, &mut o[..n]),
                None => {
                    g(flagged, ins, &mut v[..n]);
                    scatter(dtype, o, &v[..n]);
                }
            }
        }
    });
}

/// `o[i] = f(flagged, [x[0][i], …])`: one loop the compiler vectorises.
#[inline(always)]
fn apply<const N: usize, C: Num, V: Num>(
    f: &impl Fn(bool, [C; N]) -> V,
    flagged: bool,
    x: [&[C]; N],
    o: &mut [V],
) {
    let n = o.len().min(BLOCK);
    // Every operand exactly as long as the output: no bounds checks inside.
    let x: [&[C]; N] = std::array::from_fn(|j| &x[j][..n]);
    for (i, v) in o[..n].iter_mut().enumerate() {
        *v = f(flagged, std::array::from_fn(|j| x[j][i]));
    }
}
