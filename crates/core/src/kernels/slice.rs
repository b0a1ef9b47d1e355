//! numpy's basic slicing: per axis an index (drops the axis), a range
//! `start:stop:step` (Python's rules for missing and negative values), `...`
//! (as many full axes as needed) or `newaxis`; also written as numpy text,
//! `"10:-10, ::2"`. A slice copies only the selected elements;
//! [`set_slice`] assigns into the selection in place (numpy's `a[r] = v`).

use crate::array::NdArray;
use crate::error::{Error, Result};

use super::broadcast::{py_shape, strides_of, Layout};
use super::elementwise::{copy_into, copy_view, Arg, OutBuf};

/// One item of a slicing expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SliceItem {
    /// A single index (negative counts from the end); drops the axis.
    Index(i64),
    /// `start:stop:step`; `None` is Python's missing value.
    Range(Option<i64>, Option<i64>, Option<i64>),
    /// `...`: full ranges for the axes not otherwise named.
    Ellipsis,
    /// `None` / `np.newaxis`: a new length-1 axis.
    NewAxis,
}

/// Parses numpy's text form: items separated by commas, each `i`,
/// `start:stop[:step]` (parts may be empty), `...`, or `None`.
pub fn parse(text: &str) -> Result<Vec<SliceItem>> {
    let bad = |part: &str, why: &str| {
        Error::invalid(format!(
            "slice '{text}': cannot read '{}' ({why}); write items like 3, 1:-1, ::2, ... or None, separated by commas",
            part.trim()
        ))
    };
    let num = |p: &str, whole: &str| -> Result<Option<i64>> {
        let p = p.trim();
        if p.is_empty() {
            return Ok(None);
        }
        p.parse::<i64>()
            .map(Some)
            .map_err(|_| bad(whole, "not an integer"))
    };
    if text.trim().is_empty() {
        return Ok(vec![]);
    }
    text.split(',')
        .map(|part| {
            let t = part.trim();
            if t == "..." {
                return Ok(SliceItem::Ellipsis);
            }
            if t == "None" || t == "np.newaxis" || t == "newaxis" {
                return Ok(SliceItem::NewAxis);
            }
            let pieces: Vec<&str> = t.split(':').collect();
            match pieces.len() {
                1 => num(t, part)?
                    .map(SliceItem::Index)
                    .ok_or_else(|| bad(part, "empty item")),
                2 | 3 => Ok(SliceItem::Range(
                    num(pieces[0], part)?,
                    num(pieces[1], part)?,
                    match pieces.get(2) {
                        Some(p) => num(p, part)?,
                        None => None,
                    },
                )),
                _ => Err(bad(part, "too many colons")),
            }
        })
        .collect()
}

/// Python's `slice.indices(n)` then the length: (start, step, count).
fn adjust(
    n: usize,
    start: Option<i64>,
    stop: Option<i64>,
    step: Option<i64>,
) -> Result<(i64, i64, usize)> {
    let n = n as i64;
    let step = step.unwrap_or(1);
    if step == 0 {
        return Err(Error::invalid("slice step cannot be zero"));
    }
    let clamp = |v: i64, lo: i64, hi: i64| v.clamp(lo, hi);
    let fix = |v: i64| if v < 0 { v + n } else { v };
    let (start, stop) = if step > 0 {
        (
            start.map_or(0, |s| clamp(fix(s), 0, n)),
            stop.map_or(n, |s| clamp(fix(s), 0, n)),
        )
    } else {
        (
            start.map_or(n - 1, |s| clamp(fix(s), -1, n - 1)),
            stop.map_or(-1, |s| clamp(fix(s), -1, n - 1)),
        )
    };
    let count = if step > 0 && stop > start {
        (stop - start - 1) / step + 1
    } else if step < 0 && start > stop {
        (start - stop - 1) / (-step) + 1
    } else {
        0
    };
    Ok((start, step, count as usize))
}

/// The shape and layout a slicing expression selects from an array of
/// `shape` in C or Fortran order.
pub fn view(
    shape_in: &[usize],
    fortran: bool,
    items: &[SliceItem],
) -> Result<(Vec<usize>, Layout)> {
    let nd = shape_in.len();
    let named = items
        .iter()
        .filter(|i| matches!(i, SliceItem::Index(_) | SliceItem::Range(..)))
        .count();
    if items.iter().filter(|i| **i == SliceItem::Ellipsis).count() > 1 {
        return Err(Error::invalid(
            "an index can only have a single ellipsis ('...')",
        ));
    }
    if named > nd {
        return Err(Error::invalid(format!(
            "too many indices for array: array is {nd}-dimensional, but {named} were indexed"
        )));
    }
    let mut expanded: Vec<SliceItem> = Vec::with_capacity(items.len() + nd);
    for &it in items {
        if it == SliceItem::Ellipsis {
            expanded.extend(std::iter::repeat_n(
                SliceItem::Range(None, None, None),
                nd - named,
            ));
        } else {
            expanded.push(it);
        }
    }
    let used = expanded
        .iter()
        .filter(|i| **i != SliceItem::NewAxis)
        .count();
    expanded.extend(std::iter::repeat_n(
        SliceItem::Range(None, None, None),
        nd - used,
    ));
    let base = Layout {
        offset: 0,
        strides: strides_of(shape_in, fortran),
    };
    let (mut shape, mut strides, mut offset, mut ax) = (vec![], vec![], 0isize, 0usize);
    for it in expanded {
        match it {
            SliceItem::NewAxis => {
                shape.push(1);
                strides.push(0);
            }
            SliceItem::Index(i) => {
                let n = shape_in[ax] as i64;
                let j = if i < 0 { i + n } else { i };
                if j < 0 || j >= n {
                    return Err(Error::invalid(format!(
                        "index {i} is out of bounds for axis {ax} with size {n}"
                    )));
                }
                offset += j as isize * base.strides[ax];
                ax += 1;
            }
            SliceItem::Range(s, e, st) => {
                let (start, step, count) = adjust(shape_in[ax], s, e, st)?;
                if count > 0 {
                    offset += start as isize * base.strides[ax];
                }
                shape.push(count);
                strides.push(step as isize * base.strides[ax]);
                ax += 1;
            }
            SliceItem::Ellipsis => unreachable!("expanded above"),
        }
    }
    Ok((shape, Layout { offset, strides }))
}

/// `a[items]` as a new C-order array (only the selected bytes are touched).
pub fn slice(a: &NdArray, items: &[SliceItem]) -> Result<NdArray> {
    let (shape, layout) = view(a.shape(), a.is_fortran_order(), items)?;
    copy_view(a, &layout, &shape, a.dtype())
}

/// `out[items] = value` in place, broadcasting the value (numpy's unsafe
/// cast, except that a Python int must fit an integer array, as in numpy 2).
/// `value` may be [`Arg::Out`] (the array itself: read from a copy).
pub fn set_slice(mut out: OutBuf<'_>, items: &[SliceItem], value: Arg<'_>) -> Result<()> {
    let (shape, dst) = view(&out.shape, out.fortran, items)?;
    let owned;
    let src: &NdArray = match value {
        Arg::Array(v) => v,
        Arg::Out => {
            // Overlapping source and target: read from a copy, as numpy does.
            owned = NdArray::from_bytes(out.dtype, &out.shape, out.fortran, out.bytes)?;
            &owned
        }
        Arg::Scalar(s) => {
            super::elementwise::check_scalar_for(&s, out.dtype)?;
            owned = super::full(&[], s.value, out.dtype)?;
            &owned
        }
    };
    let src_layout = Layout::of(src)
        .broadcast_to(src.shape(), &shape)
        .map_err(|_| {
            Error::invalid(format!(
                "could not broadcast input array from shape {} into shape {}",
                py_shape(src.shape()),
                py_shape(&shape)
            ))
        })?;
    copy_into(src, &src_layout, &mut out, &dst, &shape);
    Ok(())
}
