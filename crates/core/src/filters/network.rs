//! Selection networks: the comparators of Batcher's odd-even merge sort,
//! pruned to those that one output rank depends on, evaluated over many
//! windows at once (one lane per window) so that the compiler vectorises
//! them. Used for small median windows (3×3 = 9 values needs 19-ish
//! comparisons, 5×5 = 25 values about a hundred).

/// One step of a pruned network over wires `a < b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Both outputs are needed: `a = min, b = max`.
    MinMax(usize, usize),
    /// Only the smaller is needed later: `a = min(a, b)`.
    Min(usize, usize),
    /// Only the larger is needed later: `b = max(a, b)`.
    Max(usize, usize),
}

/// The comparators of Batcher's odd-even merge sort of `n` wires (the
/// power-of-two network with the wires past `n` dropped: they would hold
/// +inf and never swap).
fn batcher(n: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut p = 1;
    while p < n {
        let mut k = p;
        while k >= 1 {
            let mut j = k % p;
            while j + k < n {
                for i in 0..k.min(n - j - k) {
                    if (i + j) / (2 * p) == (i + j + k) / (2 * p) {
                        out.push((i + j, i + j + k));
                    }
                }
                j += 2 * k;
            }
            k /= 2;
        }
        p *= 2;
    }
    out
}

/// The steps that compute wire `rank` of the sorted output of `n` wires.
pub fn selection(n: usize, rank: usize) -> Vec<Op> {
    let mut needed = vec![false; n];
    needed[rank] = true;
    let mut ops = Vec::new();
    for (a, b) in batcher(n).into_iter().rev() {
        let op = match (needed[a], needed[b]) {
            (true, true) => Op::MinMax(a, b),
            (true, false) => Op::Min(a, b),
            (false, true) => Op::Max(a, b),
            (false, false) => continue,
        };
        needed[a] = true;
        needed[b] = true;
        ops.push(op);
    }
    ops.reverse();
    ops
}

/// Lanes (windows) evaluated together.
pub const LANES: usize = 16;

/// Runs `ops` over `wires` (one `[T; LANES]` per wire). `lt` is the
/// comparison (written as a select so that it maps to SIMD min/max).
#[inline]
pub fn run<T: Copy + PartialOrd>(ops: &[Op], wires: &mut [[T; LANES]]) {
    for op in ops {
        match *op {
            Op::MinMax(a, b) => {
                let (lo, hi) = wires.split_at_mut(b);
                let (x, y) = (&mut lo[a], &mut hi[0]);
                for l in 0..LANES {
                    let (u, v) = (x[l], y[l]);
                    x[l] = if v < u { v } else { u };
                    y[l] = if v < u { u } else { v };
                }
            }
            Op::Min(a, b) => {
                let (lo, hi) = wires.split_at_mut(b);
                let (x, y) = (&mut lo[a], &hi[0]);
                for l in 0..LANES {
                    x[l] = if y[l] < x[l] { y[l] } else { x[l] };
                }
            }
            Op::Max(a, b) => {
                let (lo, hi) = wires.split_at_mut(b);
                let (x, y) = (&lo[a], &mut hi[0]);
                for l in 0..LANES {
                    y[l] = if y[l] < x[l] { x[l] } else { y[l] };
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every 0-1 input (the 0-1 principle) for small n, and every rank.
    #[test]
    fn selects_every_rank_of_every_zero_one_input() {
        for n in 1..=12usize {
            for rank in 0..n {
                let ops = selection(n, rank);
                for bits in 0u32..(1 << n) {
                    let mut wires = vec![[0u8; LANES]; n];
                    for (i, w) in wires.iter_mut().enumerate() {
                        w[0] = ((bits >> i) & 1) as u8;
                    }
                    run(&ops, &mut wires);
                    let zeros = n - bits.count_ones() as usize;
                    assert_eq!(
                        wires[rank][0],
                        u8::from(rank >= zeros),
                        "n {n} rank {rank} bits {bits:b}"
                    );
                }
            }
        }
    }

    #[test]
    fn median_of_25_random() {
        let ops = selection(25, 12);
        let mut state = 12345u64;
        for _ in 0..200 {
            let mut v: Vec<i32> = (0..25)
                .map(|_| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    (state >> 40) as i32 % 50
                })
                .collect();
            let mut wires: Vec<[i32; LANES]> = v.iter().map(|&x| [x; LANES]).collect();
            run(&ops, &mut wires);
            v.sort();
            assert_eq!(wires[12][0], v[12]);
        }
    }
}
