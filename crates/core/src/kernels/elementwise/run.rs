//! The block loop every elementwise operation runs: per run of the walk,
//! load each operand's block in the computation dtype, apply the element
//! function, store the block converted to the output dtype.

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
    let isz = dtype.itemsize();
    walk.for_each_run_mut(out, isz, |off, st, _len, own| {
        let flagged = flag(st);
        let mut x = [[C::default(); BLOCK]; N];
        let mut v = [V::default(); BLOCK];
        for (k, o) in own.chunks_mut(BLOCK * isz).enumerate() {
            let n = o.len() / isz;
            let start = (k * BLOCK) as isize;
            for (j, s) in srcs.iter().enumerate() {
                s.load(off[j] + start * st[j], st[j], o, &mut x[j][..n]);
            }
            for (i, v) in v[..n].iter_mut().enumerate() {
                *v = f(flagged, std::array::from_fn(|j| x[j][i]));
            }
            scatter(dtype, o, &v[..n]);
        }
    });
}
