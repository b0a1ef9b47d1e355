//! Shrinking a large frame for a preview: integer-factor block means.

use rayon::prelude::*;

use super::plane::Plane;
use crate::error::{Error, Result};

/// `p` shrunk so that its longest side is at most `size` pixels: each output
/// pixel is the mean of the finite values of an `f`×`f` block, with
/// `f = ceil(max(h, w) / size)` (partial blocks at the edges average what
/// they hold; a block with no finite value is NaN). A frame that already
/// fits is returned as it is.
pub fn shrink_to(p: Plane, size: usize) -> Result<Plane> {
    if size == 0 {
        return Err(Error::invalid("preview: size must be at least 1 pixel"));
    }
    let longest = p.height.max(p.width);
    if longest <= size {
        return Ok(p);
    }
    let f = longest.div_ceil(size);
    let (oh, ow) = (p.height.div_ceil(f), p.width.div_ceil(f));
    let mut values = vec![0f64; oh * ow];
    values
        .par_chunks_mut(ow)
        .enumerate()
        .for_each(|(orow, out)| {
            let rows = orow * f..((orow + 1) * f).min(p.height);
            let mut sums = vec![(0f64, 0usize); ow];
            for r in rows {
                for (c, &v) in p.values[r * p.width..(r + 1) * p.width].iter().enumerate() {
                    if v.is_finite() {
                        let s = &mut sums[c / f];
                        s.0 += v;
                        s.1 += 1;
                    }
                }
            }
            for (o, (sum, n)) in out.iter_mut().zip(sums) {
                *o = if n > 0 { sum / n as f64 } else { f64::NAN };
            }
        });
    Ok(Plane {
        height: oh,
        width: ow,
        values,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_means_with_partial_edges() {
        // 3x5 shrunk to at most 2 pixels a side: f = 3, output 1x2.
        let p = Plane {
            height: 3,
            width: 5,
            values: (0..15).map(f64::from).collect(),
        };
        let s = shrink_to(p, 2).unwrap();
        assert_eq!((s.height, s.width), (1, 2));
        // Block 0: columns 0..3 of rows 0..3; block 1: columns 3..5.
        assert_eq!(
            s.values,
            vec![
                (0. + 1. + 2. + 5. + 6. + 7. + 10. + 11. + 12.) / 9.,
                (3. + 4. + 8. + 9. + 13. + 14.) / 6.
            ]
        );
    }
}
