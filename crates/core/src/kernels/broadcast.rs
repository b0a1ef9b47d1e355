//! numpy's broadcasting, views (offset + strides over an array's memory),
//! and the strided walk every elementwise kernel runs on.
//!
//! A [`Walk`] visits the elements of up to [`MAX_OPS`] operands in step, as
//! runs along the innermost dimension. Dimensions are ordered by the last
//! operand's strides (the output's, so writes stream), size-1 dimensions are
//! dropped and contiguous ones merged, so a same-layout operation is a single
//! flat run split into chunks over the pool.

use rayon::prelude::*;

use crate::array::NdArray;
use crate::error::{Error, Result};

use super::par::{CHUNK, PAR_MIN};

/// Most operands one walk can step through (`where`: cond, x, y, out).
pub const MAX_OPS: usize = 4;

/// A shape as numpy's messages print it: `(2,3)`, `(4,)`, `()`.
pub fn py_shape(shape: &[usize]) -> String {
    match shape {
        [d] => format!("({d},)"),
        _ => format!(
            "({})",
            shape
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(",")
        ),
    }
}

/// Element strides of a contiguous array of `shape` in C or Fortran order.
pub fn strides_of(shape: &[usize], fortran: bool) -> Vec<isize> {
    let mut strides = vec![0isize; shape.len()];
    let mut acc = 1isize;
    let axes: Vec<usize> = if fortran {
        (0..shape.len()).collect()
    } else {
        (0..shape.len()).rev().collect()
    };
    for i in axes {
        strides[i] = acc;
        acc = acc.saturating_mul(shape[i] as isize);
    }
    strides
}

/// Where a view's elements are in an array's memory, in elements.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Offset of the view's first element.
    pub offset: isize,
    /// Step per dimension of the view (0 for a broadcast dimension).
    pub strides: Vec<isize>,
}

impl Layout {
    /// The whole array, in its own memory order.
    pub fn of(a: &NdArray) -> Layout {
        Layout {
            offset: 0,
            strides: strides_of(a.shape(), a.is_fortran_order()),
        }
    }

    /// `a` seen with the broadcast `shape`: missing leading dimensions and
    /// dimensions of size 1 repeat (stride 0).
    pub fn broadcast(a: &NdArray, shape: &[usize]) -> Result<Layout> {
        Self::of(a).broadcast_to(a.shape(), shape)
    }

    /// This view (of `from` shape) seen with the broadcast `shape`.
    pub fn broadcast_to(&self, from: &[usize], shape: &[usize]) -> Result<Layout> {
        let bad = || {
            Error::invalid(format!(
                "could not broadcast input array from shape {} into shape {}",
                py_shape(from),
                py_shape(shape)
            ))
        };
        if from.len() > shape.len() {
            return Err(bad());
        }
        let lead = shape.len() - from.len();
        let mut strides = vec![0isize; shape.len()];
        for (i, (&d, &s)) in from.iter().zip(&self.strides).enumerate() {
            if d == shape[lead + i] {
                strides[lead + i] = s;
            } else if d != 1 {
                return Err(bad());
            }
        }
        Ok(Layout {
            offset: self.offset,
            strides,
        })
    }
}

/// numpy's broadcast shape of several operands, or its error naming them all.
pub fn broadcast_shapes(shapes: &[&[usize]]) -> Result<Vec<usize>> {
    let nd = shapes.iter().map(|s| s.len()).max().unwrap_or(0);
    let mut out = vec![1usize; nd];
    for s in shapes {
        let lead = nd - s.len();
        for (i, &d) in s.iter().enumerate() {
            let o = &mut out[lead + i];
            if *o == 1 {
                *o = d;
            } else if d != 1 && d != *o {
                let all: Vec<String> = shapes.iter().map(|s| py_shape(s)).collect();
                return Err(Error::invalid(format!(
                    "operands could not be broadcast together with shapes {}",
                    all.join(" ")
                )));
            }
        }
    }
    Ok(out)
}

/// Offsets and inner strides of one run, per operand (in elements).
pub type Steps = [isize; MAX_OPS];

/// A walk over a shape, stepping every operand's view together.
#[derive(Debug, Clone)]
pub struct Walk {
    shape: Vec<usize>,
    strides: Vec<Steps>,
    offsets: Steps,
}

impl Walk {
    /// Plans a walk of `shape` over `layouts` (at most [`MAX_OPS`]; the last
    /// one decides the order of the dimensions).
    pub fn new(shape: &[usize], layouts: &[&Layout]) -> Walk {
        assert!(layouts.len() <= MAX_OPS && !layouts.is_empty());
        let mut offsets = [0isize; MAX_OPS];
        for (o, l) in offsets.iter_mut().zip(layouts) {
            *o = l.offset;
        }
        let mut dims: Vec<(usize, Steps)> = (0..shape.len())
            .filter(|&i| shape[i] != 1)
            .map(|i| {
                let mut s = [0isize; MAX_OPS];
                for (s, l) in s.iter_mut().zip(layouts) {
                    *s = l.strides[i];
                }
                (shape[i], s)
            })
            .collect();
        let key = layouts.len() - 1;
        // Outer to inner by the leading operand's stride (stable: ties keep C order).
        dims.sort_by_key(|d| std::cmp::Reverse(d.1[key].unsigned_abs()));
        let mut merged: Vec<(usize, Steps)> = Vec::with_capacity(dims.len());
        for (n, s) in dims {
            if let Some(last) = merged.last_mut() {
                let fits = (0..MAX_OPS).all(|k| last.1[k] == s[k] * n as isize);
                if fits {
                    last.0 *= n;
                    last.1 = s;
                    continue;
                }
            }
            merged.push((n, s));
        }
        if shape.contains(&0) {
            merged = vec![(0, [0; MAX_OPS])];
        } else if merged.is_empty() {
            merged.push((1, [0; MAX_OPS]));
        }
        Walk {
            shape: merged.iter().map(|d| d.0).collect(),
            strides: merged.iter().map(|d| d.1).collect(),
            offsets,
        }
    }

    /// Number of elements visited.
    pub fn size(&self) -> usize {
        self.shape.iter().product()
    }

    /// Calls `f(offsets, inner_strides, len)` for runs covering the walk,
    /// in parallel when it is large. Runs of one call never overlap.
    pub fn for_each_run(&self, f: impl Fn(&Steps, &Steps, usize) + Sync) {
        let total = self.size();
        if total == 0 {
            return;
        }
        let task = |start: usize, end: usize| self.runs(start, end, &mut |o, s, n, _| f(o, s, n));
        if total < PAR_MIN {
            task(0, total);
        } else {
            (0..total.div_ceil(CHUNK))
                .into_par_iter()
                .for_each(|c| task(c * CHUNK, ((c + 1) * CHUNK).min(total)));
        }
    }

    /// Calls `f(offsets, inner_strides, len)` for every run, in order, on
    /// the calling thread.
    pub fn for_each_run_seq(&self, mut f: impl FnMut(&Steps, &Steps, usize)) {
        if self.size() > 0 {
            self.runs(0, self.size(), &mut |o, s, n, _| f(o, s, n));
        }
    }

    /// Like [`Walk::for_each_run`], also handing each run its part of `out`
    /// (`itemsize` bytes per element): the bytes of an array the walk visits
    /// in memory order (its layout is the walk's last, deciding one).
    pub fn for_each_run_mut(
        &self,
        out: &mut [u8],
        itemsize: usize,
        f: impl Fn(&Steps, &Steps, usize, &mut [u8]) + Sync,
    ) {
        let total = self.size();
        if total == 0 {
            return;
        }
        let task = |start: usize, bytes: &mut [u8]| {
            let end = start + bytes.len() / itemsize;
            self.runs(start, end, &mut |o, s, n, pos| {
                let at = (pos - start) * itemsize;
                f(o, s, n, &mut bytes[at..at + n * itemsize]);
            });
        };
        if total < PAR_MIN {
            task(0, &mut out[..total * itemsize]);
        } else {
            out[..total * itemsize]
                .par_chunks_mut(CHUNK * itemsize)
                .enumerate()
                .for_each(|(c, bytes)| task(c * CHUNK, bytes));
        }
    }

    /// The runs of elements `start..end` (in walk order), with the position
    /// of each run's first element.
    fn runs(&self, start: usize, end: usize, f: &mut impl FnMut(&Steps, &Steps, usize, usize)) {
        let nd = self.shape.len();
        let mut idx = vec![0usize; nd];
        let mut rem = start;
        for d in (0..nd).rev() {
            idx[d] = rem % self.shape[d];
            rem /= self.shape[d];
        }
        let mut off = self.offsets;
        for (&i, strides) in idx.iter().zip(&self.strides) {
            for (o, s) in off.iter_mut().zip(strides) {
                *o += i as isize * s;
            }
        }
        let inner = nd - 1;
        let mut pos = start;
        while pos < end {
            let len = (self.shape[inner] - idx[inner]).min(end - pos);
            f(&off, &self.strides[inner], len, pos);
            pos += len;
            idx[inner] += len;
            for (o, s) in off.iter_mut().zip(&self.strides[inner]) {
                *o += len as isize * s;
            }
            let mut d = inner;
            while d > 0 && idx[d] == self.shape[d] {
                for (o, s) in off.iter_mut().zip(&self.strides[d]) {
                    *o -= self.shape[d] as isize * s;
                }
                idx[d] = 0;
                d -= 1;
                idx[d] += 1;
                for (o, s) in off.iter_mut().zip(&self.strides[d]) {
                    *o += s;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_broadcast_as_numpy() {
        assert_eq!(broadcast_shapes(&[&[3, 1], &[4]]).unwrap(), vec![3, 4]);
        assert_eq!(broadcast_shapes(&[&[], &[2, 2]]).unwrap(), vec![2, 2]);
        let e = broadcast_shapes(&[&[2, 3], &[4]]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "operands could not be broadcast together with shapes (2,3) (4,)"
        );
    }

    #[test]
    fn walk_visits_in_output_order() {
        let out = Layout {
            offset: 0,
            strides: vec![3, 1],
        };
        let col = Layout {
            offset: 0,
            strides: vec![1, 0],
        };
        let w = Walk::new(&[2, 3], &[&col, &out]);
        let seen = std::sync::Mutex::new(vec![]);
        w.for_each_run(|o, s, n| {
            for i in 0..n as isize {
                seen.lock()
                    .unwrap()
                    .push((o[0] + i * s[0], o[1] + i * s[1]));
            }
        });
        let got = seen.into_inner().unwrap();
        assert_eq!(got, vec![(0, 0), (0, 1), (0, 2), (1, 3), (1, 4), (1, 5)]);
    }
}
