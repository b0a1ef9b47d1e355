//! Elementwise operations with numpy's broadcasting, dtypes (NEP 50) and
//! `out=`: binary operations, comparisons and logical operations
//! (`binary.rs`, result dtypes in `dtypes.rs`), unary operations
//! (`unary.rs`), `where` (`ternary.rs`), and the copy/cast of a view that
//! slicing and shape operations share ([`copy_view`]).
//!
//! Every operation converts its operands into small blocks on the stack and
//! writes each block of the output after reading it. The output is walked
//! in its memory order, split into disjoint chunks over the pool; an
//! operand that *is* the output (numpy's in-place `out=`, [`Arg::Out`]) is
//! read from the same chunk just before it is overwritten: each output
//! element depends only on the input elements at its own position.

mod binary;
mod clip;
mod dtypes;
mod fastmath;
mod ops;
mod run;
mod ternary;
mod unary;

use crate::array::NdArray;
use crate::dtype::DType;
use crate::error::{Error, Result};

use super::broadcast::{py_shape, Layout, Walk};
use super::num::{cast, with_array, with_dtype, Num};

pub use binary::{binary_op, BinOp};
pub use clip::clip_op;
pub use dtypes::can_cast_same_kind;
pub(crate) use dtypes::check_scalar as check_scalar_for;
pub use ternary::where_op;
pub use unary::{unary_op, UnOp};

/// Elements handled per block (the blocks live on the stack). Loads and
/// stores are out-of-line calls per block: one copy per dtype pair instead
/// of one per operation, at a cost of one call per 256 elements.
pub(crate) const BLOCK: usize = 256;

/// An operand: an array, a Python-like scalar, or the output itself.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    /// An array, broadcast against the others.
    Array(&'a NdArray),
    /// A scalar with Python int (`is_int`) or float behaviour (NEP 50: weak).
    Scalar(super::Scalar),
    /// The output array itself (in-place work; requires [`Out::Into`]).
    Out,
}

/// The memory of an existing array to write into (numpy's `out=`).
#[derive(Debug)]
pub struct OutBuf<'a> {
    /// Its dtype.
    pub dtype: DType,
    /// Its shape.
    pub shape: Vec<usize>,
    /// True for Fortran order.
    pub fortran: bool,
    /// Its bytes, in memory order.
    pub bytes: &'a mut [u8],
}

impl<'a> OutBuf<'a> {
    /// The whole of `a` as an output.
    pub fn of(a: &'a mut NdArray) -> OutBuf<'a> {
        let (dtype, fortran, shape) = (a.dtype(), a.is_fortran_order(), a.shape().to_vec());
        let bytes = a.as_bytes_mut();
        OutBuf {
            dtype,
            shape,
            fortran,
            bytes,
        }
    }

    /// Its layout, in elements.
    fn layout(&self) -> Layout {
        Layout {
            offset: 0,
            strides: super::broadcast::strides_of(&self.shape, self.fortran),
        }
    }
}

/// Where an operation writes: a new array, or an existing one (`out=`).
#[derive(Debug)]
pub enum Out<'a> {
    /// Allocate the result.
    New,
    /// Write into this array (which [`Arg::Out`] operands read).
    Into(OutBuf<'a>),
}

/// The shape of an operand (a scalar has none; the output its own).
pub(crate) fn arg_shape<'a>(x: &Arg<'a>, out: &'a Out<'_>) -> Result<&'a [usize]> {
    match (x, out) {
        (Arg::Array(a), _) => Ok(a.shape()),
        (Arg::Scalar(_), _) => Ok(&[]),
        (Arg::Out, Out::Into(o)) => Ok(&o.shape),
        (Arg::Out, Out::New) => Err(Error::invalid(
            "an operand refers to the output, but no output was given",
        )),
    }
}

/// The dtype an operand brings.
pub(crate) fn arg_dtype(x: &Arg<'_>, out: &Out<'_>) -> Option<DType> {
    match (x, out) {
        (Arg::Array(a), _) => Some(a.dtype()),
        (Arg::Out, Out::Into(o)) => Some(o.dtype),
        _ => None,
    }
}

/// Converts `buf.len()` elements of `a` from element offset `off`, step
/// `stride`, to `R`.
#[inline(never)]
pub(crate) fn gather<R: Num>(a: &NdArray, off: isize, stride: isize, buf: &mut [R]) {
    with_array!(a, |s| {
        if stride == 1 {
            let o = off as usize;
            convert(&s[o..o + buf.len()], buf);
        } else {
            for (i, b) in buf.iter_mut().enumerate() {
                *b = cast(s[(off + i as isize * stride) as usize]);
            }
        }
    })
}

/// Converts a contiguous slice into `buf` (a copy when the types agree).
#[inline(always)]
fn convert<T: Num, R: Num>(src: &[T], buf: &mut [R]) {
    if T::DTYPE == R::DTYPE {
        if let Ok(same) = bytemuck::try_cast_slice::<T, R>(src) {
            buf.copy_from_slice(same);
            return;
        }
    }
    for (b, &x) in buf.iter_mut().zip(src) {
        *b = cast(x);
    }
}

/// Converts the elements held in `bytes` (of `dtype`) to `R`.
#[inline(never)]
pub(crate) fn gather_bytes<R: Num>(dtype: DType, bytes: &[u8], buf: &mut [R]) {
    with_dtype!(dtype, |T| {
        let s: &[T] = bytemuck::cast_slice(bytes);
        convert(s, buf)
    })
}

/// Writes `vals` converted to `dtype` into `bytes` (contiguous).
#[inline(never)]
pub(crate) fn scatter<V: Num>(dtype: DType, bytes: &mut [u8], vals: &[V]) {
    with_dtype!(dtype, |O| {
        let o: &mut [O] = bytemuck::cast_slice_mut(bytes);
        convert(vals, o)
    })
}

/// Writes `vals` converted to `dtype` at element offset `off`, step `stride`.
fn scatter_strided<V: Num>(dtype: DType, bytes: &mut [u8], off: isize, stride: isize, vals: &[V]) {
    with_dtype!(dtype, |O| {
        let o: &mut [O] = bytemuck::cast_slice_mut(bytes);
        for (i, &v) in vals.iter().enumerate() {
            o[(off + i as isize * stride) as usize] = cast(v);
        }
    })
}

/// One operand of a walk, ready to read.
#[derive(Clone, Copy)]
pub(crate) enum Src<'a, C> {
    /// An array.
    Array(&'a NdArray),
    /// A constant.
    Const(C),
    /// The output's own bytes (in place).
    Out(DType),
}

impl<'a, C: Num> Src<'a, C> {
    /// The operand `x` in the computation dtype `C`.
    pub(crate) fn of(x: &Arg<'a>, out: &Out<'_>) -> Src<'a, C> {
        match *x {
            Arg::Array(a) => Src::Array(a),
            Arg::Scalar(s) if s.is_int && !C::IS_FLOAT => Src::Const(C::from_i128(s.value as i128)),
            Arg::Scalar(s) => Src::Const(C::from_f64(s.value)),
            Arg::Out => Src::Out(arg_dtype(x, out).unwrap_or(DType::Float64)),
        }
    }

    /// Fills `buf` with the operand's elements of a run: at `off`/`stride`,
    /// or from `own` (the run's output bytes) for the output itself.
    #[inline(always)]
    pub(crate) fn load(&self, off: isize, stride: isize, own: &[u8], buf: &mut [C]) {
        match *self {
            Src::Array(a) => gather(a, off, stride, buf),
            Src::Const(v) => buf.fill(v),
            Src::Out(d) => gather_bytes(d, own, buf),
        }
    }
}

/// The layout of operand `x` broadcast to `shape`.
pub(crate) fn arg_layout(x: &Arg<'_>, out: &Out<'_>, shape: &[usize]) -> Result<Layout> {
    match (x, out) {
        (Arg::Array(a), _) => Layout::broadcast(a, shape),
        (Arg::Out, Out::Into(o)) => Ok(o.layout()),
        _ => Ok(Layout {
            offset: 0,
            strides: vec![0; shape.len()],
        }),
    }
}

/// The output of an operation: a new array of `shape`/`dtype` (Fortran
/// order when `fortran`), or `out` after checking numpy's rules for it.
pub(crate) fn prepare_out(
    out: &Out<'_>,
    shape: &[usize],
    dtype: DType,
    fortran: bool,
    what: &str,
) -> Result<Option<NdArray>> {
    match out {
        Out::New => Ok(Some(NdArray::for_overwrite(shape, dtype, fortran)?)),
        Out::Into(o) => {
            if o.shape != shape {
                return Err(Error::invalid(format!(
                    "{what}: non-broadcastable output operand with shape {} doesn't match the broadcast shape {}",
                    py_shape(&o.shape),
                    py_shape(shape)
                )));
            }
            if !can_cast_same_kind(dtype, o.dtype) {
                return Err(Error::invalid(format!(
                    "{what}: Cannot cast ufunc output from dtype('{dtype}') to dtype('{}') with casting rule 'same_kind'",
                    o.dtype
                )));
            }
            Ok(None)
        }
    }
}

/// Runs `body(walk, out_bytes, out_dtype)` over the output (new or given)
/// and returns the new array, if any.
pub(crate) fn with_target(
    fresh: Option<NdArray>,
    out: Out<'_>,
    shape: &[usize],
    layouts: &[&Layout],
    body: impl FnOnce(&Walk, &mut [u8], DType),
) -> Option<NdArray> {
    let mut fresh = fresh;
    let mut out = out;
    let (bytes, dtype, lo): (&mut [u8], DType, Layout) = match (&mut fresh, &mut out) {
        (Some(n), _) => {
            let (lo, d) = (Layout::of(n), n.dtype());
            (n.as_bytes_mut(), d, lo)
        }
        (None, Out::Into(o)) => {
            let lo = o.layout();
            (&mut *o.bytes, o.dtype, lo)
        }
        (None, Out::New) => return None,
    };
    let mut all: Vec<&Layout> = layouts.to_vec();
    all.push(&lo);
    let walk = Walk::new(shape, &all);
    body(&walk, bytes, dtype);
    fresh
}

/// True when the result of operands `arrays` should be in Fortran order
/// (numpy's order 'K' for contiguous inputs: Fortran only when all are).
pub(crate) fn fortran_result(arrays: &[&NdArray]) -> bool {
    let multi = |a: &NdArray| a.shape().iter().filter(|&&d| d > 1).count() > 1;
    let relevant: Vec<&NdArray> = arrays.iter().copied().filter(|a| multi(a)).collect();
    !relevant.is_empty() && relevant.iter().all(|a| a.is_fortran_order())
}

/// The view `layout` (of `shape`) of `a`, copied and converted to `dtype`
/// into a new C-order array.
pub fn copy_view(a: &NdArray, layout: &Layout, shape: &[usize], dtype: DType) -> Result<NdArray> {
    let mut out = NdArray::for_overwrite(shape, dtype, false)?;
    let dst = Layout::of(&out);
    let walk = Walk::new(shape, &[layout, &dst]);
    let isz = dtype.itemsize();
    with_dtype!(dtype, |R| {
        walk.for_each_run_mut(out.as_bytes_mut(), isz, |off, st, len, own| {
            let mut buf = [R::default(); BLOCK];
            for (k, o) in own.chunks_mut(BLOCK * isz).enumerate() {
                let n = o.len() / isz;
                gather(
                    a,
                    off[0] + (k * BLOCK) as isize * st[0],
                    st[0],
                    &mut buf[..n],
                );
                scatter(dtype, o, &buf[..n]);
            }
            let _ = len;
        })
    });
    Ok(out)
}

/// Copies the view `src` of `a` into the view `dst` of `out` (both of
/// `shape`), converting with numpy's unsafe casting. Runs on one thread:
/// `dst` may be any view (a slice being assigned, a block of a result).
pub(crate) fn copy_into(
    a: &NdArray,
    src: &Layout,
    out: &mut OutBuf<'_>,
    dst: &Layout,
    shape: &[usize],
) {
    let walk = Walk::new(shape, &[src, dst]);
    let dtype = out.dtype;
    let bytes = &mut *out.bytes;
    let same = a.dtype() == dtype;
    with_dtype!(dtype, |R| {
        let mut buf = [R::default(); BLOCK];
        walk.for_each_run_seq(|off, st, len| {
            // A contiguous run of the same dtype is a copy or a fill.
            if same && st[1] == 1 && (st[0] == 1 || st[0] == 0) {
                let dst = &mut bytemuck::cast_slice_mut::<u8, R>(bytes)[off[1] as usize..][..len];
                let src = &bytemuck::cast_slice::<u8, R>(a.as_bytes())[off[0] as usize..];
                if st[0] == 1 {
                    dst.copy_from_slice(&src[..len]);
                } else {
                    fill(dst, src[0]);
                }
                return;
            }
            let mut k = 0;
            while k < len {
                let n = (len - k).min(BLOCK);
                let kk = k as isize;
                gather(a, off[0] + kk * st[0], st[0], &mut buf[..n]);
                scatter_strided(dtype, bytes, off[1] + kk * st[1], st[1], &buf[..n]);
                k += n;
            }
        })
    });
}

/// `dst.fill(v)`; a value whose bytes are all the same (zero, most often)
/// fills as bytes: `memset`, which uses the widest stores the machine has.
fn fill<R: Num>(dst: &mut [R], v: R) {
    let b = bytemuck::bytes_of(&v);
    if b.iter().all(|&x| x == b[0]) {
        bytemuck::cast_slice_mut::<R, u8>(dst).fill(b[0]);
    } else {
        dst.fill(v);
    }
}
