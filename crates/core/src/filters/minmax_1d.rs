//! scipy's `NI_MinOrMaxFilter1D` sliding maximum (Richard Harter's ring of
//! candidates), ported step for step: `median_filter` of a 2-element
//! footprint is scipy's `maximum_filter`, whose NaN behaviour is this loop's.

/// Sliding maximum of width `size` over an extended line `ext` (length
/// `out.len() + size - 1`), written to `out`.
pub fn max_line(ext: &[f64], size: usize, out: &mut [f64]) {
    if size == 1 {
        out.copy_from_slice(&ext[..out.len()]);
        return;
    }
    // The ring holds (value, death) pairs; `head` is the current maximum.
    let mut ring = vec![(0.0f64, 0usize); size];
    let (mut head, mut last) = (0usize, 0usize);
    ring[0] = (ext[0], size);
    let mut o = 0;
    for (ll, &val) in ext.iter().enumerate().skip(1).take(size + out.len() - 2) {
        if ring[head].1 == ll {
            head = (head + 1) % size;
        }
        if val >= ring[head].0 {
            ring[head] = (val, ll + size);
            last = head;
        } else {
            while ring[last].0 <= val {
                last = if last == 0 { size - 1 } else { last - 1 };
            }
            last = (last + 1) % size;
            ring[last] = (val, ll + size);
        }
        if ll >= size - 1 {
            out[o] = ring[head].0;
            o += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sliding_max() {
        let mut out = [0.0; 4];
        max_line(&[1.0, 3.0, 2.0, 0.0, 5.0], 2, &mut out);
        assert_eq!(out, [3.0, 3.0, 2.0, 5.0]);
    }
}
