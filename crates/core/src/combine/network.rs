//! A sorting network for the stack of one pixel: Batcher's merge exchange
//! (Knuth, TAOCP 5.2.2, Algorithm M) for any number of frames, run over
//! `LANES` adjacent pixels at once (one lane per pixel), so that every
//! comparator is a min and a max the compiler vectorises: no branch depends
//! on the data. (`filters::network` prunes the same kind of network to one
//! output rank; the MAD here needs every rank, see `lanes.rs`.)

/// Pixels sorted together.
pub(super) const LANES: usize = 16;

/// The comparators `(i, j)`, `i < j`, that sort `n` wires ascending.
pub(super) fn merge_exchange(n: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if n < 2 {
        return out;
    }
    let top = n.next_power_of_two() / 2;
    let mut p = top;
    while p > 0 {
        let (mut q, mut r, mut d) = (top, 0, p);
        loop {
            out.extend((0..n - d).filter(|&i| i & p == r).map(|i| (i, i + d)));
            if q == p {
                break;
            }
            d = q - p;
            q /= 2;
            r = p;
        }
        p /= 2;
    }
    out
}

/// Sorts each lane of `wires` (wire `i` holds the `i`-th value of every
/// lane) with the comparators of [`merge_exchange`].
#[inline]
pub(super) fn sort_lanes<T: Copy + PartialOrd>(ops: &[(usize, usize)], wires: &mut [[T; LANES]]) {
    for &(a, b) in ops {
        let (lo, hi) = wires.split_at_mut(b);
        let (x, y) = (&mut lo[a], &mut hi[0]);
        for l in 0..LANES {
            let (u, v) = (x[l], y[l]);
            x[l] = if v < u { v } else { u };
            y[l] = if v < u { u } else { v };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every 0-1 input of up to 14 wires is sorted (the 0-1 principle: then
    /// every input is), each lane on its own.
    #[test]
    fn sorts_every_zero_one_input() {
        for n in 0..=14usize {
            let ops = merge_exchange(n);
            for bits in 0u32..(1 << n) {
                let mut wires = vec![[0u8; LANES]; n];
                for (i, w) in wires.iter_mut().enumerate() {
                    w[0] = ((bits >> i) & 1) as u8;
                    w[1] = 1 - w[0];
                }
                sort_lanes(&ops, &mut wires);
                let zeros = n - bits.count_ones() as usize;
                for (i, w) in wires.iter().enumerate() {
                    assert_eq!(w[0], u8::from(i >= zeros), "n {n} bits {bits:b}");
                    assert_eq!(w[1], u8::from(i >= n - zeros), "n {n} bits {bits:b}");
                }
            }
        }
    }

    /// Larger stacks (ccdproc combines dozens of frames) on random values.
    #[test]
    fn sorts_random_stacks() {
        let mut state = 7u64;
        for n in [15usize, 20, 25, 33, 64] {
            let ops = merge_exchange(n);
            for _ in 0..50 {
                let mut wires = vec![[0i32; LANES]; n];
                for w in wires.iter_mut() {
                    for x in w.iter_mut() {
                        state = state
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        *x = (state >> 40) as i32 % 1000;
                    }
                }
                let mut want: Vec<Vec<i32>> = (0..LANES)
                    .map(|l| wires.iter().map(|w| w[l]).collect())
                    .collect();
                want.iter_mut().for_each(|v| v.sort());
                sort_lanes(&ops, &mut wires);
                for (l, v) in want.iter().enumerate() {
                    let got: Vec<i32> = wires.iter().map(|w| w[l]).collect();
                    assert_eq!(&got, v, "n {n} lane {l}");
                }
            }
        }
    }
}
