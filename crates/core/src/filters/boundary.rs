//! Boundary modes: scipy.ndimage's names and how each extends an axis past
//! its ends (the one home for both; filters and `shift` read them here).

use crate::error::{Error, Result};

/// scipy.ndimage's boundary modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `'reflect'` (alias `'grid-mirror'`): half-sample symmetric, `d c b a | a b c d | d c b a`.
    Reflect,
    /// `'constant'`: `cval` past the ends (for `shift`: no interpolation past the edges).
    Constant,
    /// `'nearest'`: the edge value repeated, `a a a | a b c d | d d d`.
    Nearest,
    /// `'mirror'`: whole-sample symmetric, `d c b | a b c d | c b a`.
    Mirror,
    /// `'wrap'`: periodic, `a b c d | a b c d | a b c d` (for `shift`, scipy's legacy period of `len - 1`).
    Wrap,
    /// `'grid-constant'`: `cval` past the ends, interpolated with (same as `'constant'` for filters).
    GridConstant,
    /// `'grid-wrap'`: periodic with period `len` (same as `'wrap'` for filters).
    GridWrap,
}

/// The mode names scipy.ndimage accepts, in the order error messages list them.
pub const MODE_NAMES: [&str; 8] = [
    "reflect",
    "constant",
    "nearest",
    "mirror",
    "wrap",
    "grid-mirror",
    "grid-constant",
    "grid-wrap",
];

/// The default mode of the filters (scipy's).
pub const DEFAULT_FILTER_MODE: Mode = Mode::Reflect;
/// The default mode of `shift` (scipy's).
pub const DEFAULT_SHIFT_MODE: Mode = Mode::Constant;

impl Mode {
    /// Parses scipy's name of a mode; the error names the option and lists the choices.
    pub fn parse(name: &str) -> Result<Mode> {
        Ok(match name {
            "reflect" | "grid-mirror" => Mode::Reflect,
            "constant" => Mode::Constant,
            "nearest" => Mode::Nearest,
            "mirror" => Mode::Mirror,
            "wrap" => Mode::Wrap,
            "grid-constant" => Mode::GridConstant,
            "grid-wrap" => Mode::GridWrap,
            _ => {
                return Err(Error::invalid(format!(
                    "mode: unknown boundary mode {name:?}; use one of {}",
                    MODE_NAMES.join(", ")
                )))
            }
        })
    }
}

/// The input index that position `i` of an axis of length `len` reads in a
/// filter, or `None` where the filter reads `cval`. The extension is
/// periodic however far `i` lies outside (scipy's `NI_ExtendLine`).
#[inline]
pub fn extend(i: isize, len: usize, mode: Mode) -> Option<usize> {
    let n = len as isize;
    if (0..n).contains(&i) {
        return Some(i as usize);
    }
    Some(match mode {
        Mode::Constant | Mode::GridConstant => return None,
        Mode::Nearest => i.clamp(0, n - 1) as usize,
        Mode::Wrap | Mode::GridWrap => i.rem_euclid(n) as usize,
        Mode::Reflect => {
            let p = i.rem_euclid(2 * n);
            (if p >= n { 2 * n - 1 - p } else { p }) as usize
        }
        Mode::Mirror if n == 1 => 0,
        Mode::Mirror => {
            let p = i.rem_euclid(2 * n - 2);
            (if p >= n { 2 * n - 2 - p } else { p }) as usize
        }
    })
}

/// scipy's `map_coordinate` (ni_interpolation.c): maps an interpolation
/// coordinate outside `[0, len - 1]` back inside, or to -1 for `'constant'`.
/// Integer truncations are C's, as scipy's.
pub fn map_coordinate(x: f64, len: usize, mode: Mode) -> f64 {
    let n = len as f64;
    let mut v = x;
    if v < 0.0 {
        match mode {
            Mode::Mirror if len <= 1 => v = 0.0,
            Mode::Mirror => {
                let sz2 = 2.0 * n - 2.0;
                v += sz2 * (-v / sz2).trunc();
                v = if v <= 1.0 - n { v + sz2 } else { -v };
            }
            Mode::Reflect if len <= 1 => v = 0.0,
            Mode::Reflect => {
                let sz2 = 2.0 * n;
                if v < -sz2 {
                    v += sz2 * (-v / sz2).trunc();
                }
                v = if v < -n {
                    v + sz2
                } else {
                    (if v > -1e-15 { 1e-15 } else { -v }) - 1.0
                };
            }
            Mode::Wrap if len <= 1 => v = 0.0,
            Mode::Wrap => {
                let sz = n - 1.0;
                v += sz * ((-v / sz).trunc() + 1.0);
            }
            Mode::GridWrap if len <= 1 => v = 0.0,
            Mode::GridWrap => v += n * (((-1.0 - v) / n).trunc() + 1.0),
            Mode::Nearest => v = 0.0,
            Mode::Constant => v = -1.0,
            Mode::GridConstant => {}
        }
    } else if v > n - 1.0 {
        match mode {
            Mode::Mirror if len <= 1 => v = 0.0,
            Mode::Mirror => {
                let sz2 = 2.0 * n - 2.0;
                v -= sz2 * (v / sz2).trunc();
                if v >= n {
                    v = sz2 - v;
                }
            }
            Mode::Reflect if len <= 1 => v = 0.0,
            Mode::Reflect => {
                let sz2 = 2.0 * n;
                v -= sz2 * (v / sz2).trunc();
                if v >= n {
                    v = sz2 - v - 1.0;
                }
            }
            Mode::Wrap if len <= 1 => v = 0.0,
            Mode::Wrap => {
                let sz = n - 1.0;
                v -= sz * (v / sz).trunc();
            }
            Mode::GridWrap if len <= 1 => v = 0.0,
            Mode::GridWrap => v -= n * (v / n).trunc(),
            Mode::Nearest => v = n - 1.0,
            Mode::Constant => v = -1.0,
            Mode::GridConstant => {}
        }
    }
    v
}

/// Pads a C-order array by `before[k]`/`after[k]` elements on each axis
/// with the mode's extension (`cval` for the constant modes).
pub fn pad<T: Copy + Send + Sync>(
    data: &[T],
    shape: &[usize],
    before: &[usize],
    after: &[usize],
    mode: Mode,
    cval: T,
) -> (Vec<T>, Vec<usize>) {
    use rayon::prelude::*;
    let nd = shape.len();
    let pshape: Vec<usize> = (0..nd).map(|k| shape[k] + before[k] + after[k]).collect();
    let total: usize = pshape.iter().product();
    let (last, plast) = (shape[nd - 1], pshape[nd - 1]);
    let mut out = vec![cval; total];
    if total == 0 || shape.contains(&0) {
        return (out, pshape);
    }
    // The source of each position of the last axis, computed once.
    let cols: Vec<Option<usize>> = (0..plast)
        .map(|j| extend(j as isize - before[nd - 1] as isize, last, mode))
        .collect();
    out.par_chunks_mut(plast)
        .enumerate()
        .for_each(|(row, dst)| {
            // The source row of this padded row, or None when any axis reads cval.
            let mut rest = row;
            let mut src_row = 0usize;
            let mut stride = 1usize;
            for k in (0..nd - 1).rev() {
                let i = rest % pshape[k];
                rest /= pshape[k];
                match extend(i as isize - before[k] as isize, shape[k], mode) {
                    Some(s) => src_row += s * stride,
                    None => return,
                }
                stride *= shape[k];
            }
            let src = &data[src_row * last..(src_row + 1) * last];
            for (d, c) in dst.iter_mut().zip(&cols) {
                if let Some(c) = c {
                    *d = src[*c];
                }
            }
        });
    (out, pshape)
}

/// C-order strides (in elements) of a shape.
pub fn strides(shape: &[usize]) -> Vec<usize> {
    let mut s = vec![1usize; shape.len()];
    for k in (0..shape.len().saturating_sub(1)).rev() {
        s[k] = s[k + 1] * shape[k + 1];
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(mode: Mode, len: usize, lo: isize, hi: isize) -> Vec<Option<usize>> {
        (lo..hi).map(|i| extend(i, len, mode)).collect()
    }

    #[test]
    fn extensions_follow_scipys_pictures() {
        let s = |v: &[usize]| v.iter().map(|&x| Some(x)).collect::<Vec<_>>();
        assert_eq!(
            line(Mode::Reflect, 4, -4, 8),
            s(&[3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0])
        );
        assert_eq!(
            line(Mode::Mirror, 4, -3, 7),
            s(&[3, 2, 1, 0, 1, 2, 3, 2, 1, 0])
        );
        assert_eq!(
            line(Mode::Wrap, 4, -4, 8),
            s(&[0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3])
        );
        assert_eq!(line(Mode::Nearest, 2, -2, 4), s(&[0, 0, 0, 1, 1, 1]));
        assert_eq!(line(Mode::Mirror, 1, -2, 3), s(&[0, 0, 0, 0, 0]));
        assert_eq!(extend(-1, 3, Mode::Constant), None);
        assert!(Mode::parse("bogus")
            .unwrap_err()
            .to_string()
            .contains("grid-wrap"));
    }

    #[test]
    fn pad_two_d() {
        let (p, shape) = pad(&[1, 2, 3, 4], &[2, 2], &[1, 0], &[0, 1], Mode::Constant, 9);
        assert_eq!(shape, vec![3, 3]);
        assert_eq!(p, vec![9, 9, 9, 1, 2, 9, 3, 4, 9]);
    }
}
