//! scipy's `NI_Select` (ni_filters.c): the quickselect its n-d rank filter
//! runs on each window, ported step for step so that windows holding NaN
//! (where "the median" depends on the comparisons made) give scipy's value.

/// The element of rank `rank` of `buf[min..=max]` as scipy's quickselect
/// finds it (reorders `buf`).
// scipy's scans stop on a failed comparison, NaN included: `!(a > x)` is
// not `a <= x` for NaN, so the negated forms stay.
#[allow(clippy::neg_cmp_op_on_partial_ord)]
pub fn ni_select(buf: &mut [f64], mut min: usize, mut max: usize, mut rank: usize) -> f64 {
    loop {
        if min == max {
            return buf[min];
        }
        let x = buf[min];
        // Hoare partition with scipy's do-while scans (`ii = min - 1`,
        // `jj = max + 1`), kept as signed indices.
        let mut ii = min as isize - 1;
        let mut jj = max as isize + 1;
        loop {
            loop {
                jj -= 1;
                if !(buf[jj as usize] > x) {
                    break;
                }
            }
            loop {
                ii += 1;
                if !(buf[ii as usize] < x) {
                    break;
                }
            }
            if ii < jj {
                buf.swap(ii as usize, jj as usize);
            } else {
                break;
            }
        }
        let jj = jj as usize;
        let left = jj - min + 1;
        if rank < left {
            max = jj;
        } else {
            min = jj + 1;
            rank -= left;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selects_ranks() {
        let v = [5.0, -1.0, 3.0, 3.0, 9.0, 0.5, 2.0];
        let mut sorted = v.to_vec();
        sorted.sort_by(|a, b| a.partial_cmp(b).unwrap());
        for (r, want) in sorted.iter().enumerate() {
            let mut b = v.to_vec();
            assert_eq!(ni_select(&mut b, 0, v.len() - 1, r), *want);
        }
    }
}
