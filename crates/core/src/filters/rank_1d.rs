//! scipy's 1-d rank filter (`_rank_filter_1d.cpp`, the double-heap
//! "Mediator" of ashelly, used by `median_filter` on 1-d input since scipy
//! 1.15), ported step for step: its boundary handling and NaN behaviour
//! differ from the n-d filter's, and scipy uses it for every 1-d array
//! (except when the window is longer than the array), so we do too.

use super::boundary::Mode;

/// Heap positions are signed (max heap below 0, min heap above 0, the
/// ranked item at 0); `heap` is stored with an offset of `rank`.
struct Mediator {
    pos: Vec<isize>,
    heap: Vec<usize>,
    base: isize,
    n: usize,
    idx: usize,
    min_ct: isize,
    max_ct: isize,
}

impl Mediator {
    fn new(n: usize, rank: usize) -> Mediator {
        let mut m = Mediator {
            pos: vec![0; n],
            heap: vec![0; n],
            base: rank as isize,
            n,
            idx: 0,
            min_ct: n as isize - rank as isize - 1,
            max_ct: rank as isize,
        };
        for k in (0..n).rev() {
            m.pos[k] = k as isize - rank as isize;
            let p = m.pos[k];
            m.set_heap(p, k);
        }
        m
    }
    fn heap_at(&self, i: isize) -> usize {
        self.heap[(i + self.base) as usize]
    }
    fn set_heap(&mut self, i: isize, v: usize) {
        self.heap[(i + self.base) as usize] = v;
    }
    fn less<T: PartialOrd + Copy>(&self, d: &[T], i: isize, j: isize) -> bool {
        d[self.heap_at(i)] < d[self.heap_at(j)]
    }
    fn exchange(&mut self, i: isize, j: isize) -> bool {
        let (hi, hj) = (self.heap_at(i), self.heap_at(j));
        self.set_heap(i, hj);
        self.set_heap(j, hi);
        self.pos[hj] = i;
        self.pos[hi] = j;
        true
    }
    fn cmp_exch<T: PartialOrd + Copy>(&mut self, d: &[T], i: isize, j: isize) -> bool {
        self.less(d, i, j) && self.exchange(i, j)
    }
    fn min_sort_down<T: PartialOrd + Copy>(&mut self, d: &[T], mut i: isize) {
        i *= 2;
        while i <= self.min_ct {
            if i < self.min_ct && self.less(d, i + 1, i) {
                i += 1;
            }
            if !self.cmp_exch(d, i, i / 2) {
                break;
            }
            i *= 2;
        }
    }
    fn max_sort_down<T: PartialOrd + Copy>(&mut self, d: &[T], mut i: isize) {
        i *= 2;
        while i >= -self.max_ct {
            if i > -self.max_ct && self.less(d, i, i - 1) {
                i -= 1;
            }
            if !self.cmp_exch(d, i / 2, i) {
                break;
            }
            i *= 2;
        }
    }
    fn min_sort_up<T: PartialOrd + Copy>(&mut self, d: &[T], mut i: isize) -> bool {
        while i > 0 && self.cmp_exch(d, i, i / 2) {
            i /= 2;
        }
        i == 0
    }
    fn max_sort_up<T: PartialOrd + Copy>(&mut self, d: &[T], mut i: isize) -> bool {
        while i < 0 && self.cmp_exch(d, i / 2, i) {
            i /= 2;
        }
        i == 0
    }
    fn insert<T: PartialOrd + Copy>(&mut self, d: &mut [T], v: T) {
        let p = self.pos[self.idx];
        let old = d[self.idx];
        d[self.idx] = v;
        self.idx += 1;
        if self.idx == self.n {
            self.idx = 0;
        }
        if p > 0 {
            if v > old {
                self.min_sort_down(d, p);
                return;
            }
            if self.min_sort_up(d, p) && self.cmp_exch(d, 0, -1) {
                self.max_sort_down(d, -1);
            }
        } else if p < 0 {
            if v < old {
                self.max_sort_down(d, p);
                return;
            }
            if self.max_sort_up(d, p) && self.cmp_exch(d, 1, 0) {
                self.min_sort_down(d, 1);
            }
        } else {
            if self.max_sort_up(d, -1) {
                self.max_sort_down(d, -1);
            }
            if self.min_sort_up(d, 1) {
                self.min_sort_down(d, 1);
            }
        }
    }
    fn ranked<T: Copy>(&self, d: &[T]) -> T {
        d[self.heap_at(0)]
    }
}

/// scipy's `_rank_filter` (1-d, origin 0) over `x` into `out`. `T` is
/// float32, float64 or int64 (scipy casts other integer types to int64).
pub fn rank_filter_1d<T: PartialOrd + Copy + Default>(
    x: &[T],
    rank: usize,
    win: usize,
    out: &mut [T],
    mode: Mode,
    cval: T,
) {
    let len = x.len() as isize;
    let lim = (win as isize - 1) / 2;
    let lim2 = len - lim;
    if lim2 < 0 && len == 1 {
        out[0] = if matches!(mode, Mode::Constant | Mode::GridConstant) && win != 1 {
            cval
        } else {
            x[0]
        };
        return;
    }
    let mut m = Mediator::new(win, rank);
    let mut d = vec![T::default(); win];
    // scipy reads past the array when the window is longer than it (C
    // undefined behaviour); indices wrap here instead so that nothing panics.
    let xi = |i: isize| x[i.rem_euclid(len) as usize];
    let w = win as isize;
    match mode {
        Mode::Reflect => {
            for i in (0..w - lim).rev() {
                m.insert(&mut d, xi(i));
            }
        }
        Mode::Constant | Mode::GridConstant => {
            for _ in 0..w - lim {
                m.insert(&mut d, cval);
            }
        }
        Mode::Nearest => {
            for _ in 0..w - lim {
                m.insert(&mut d, x[0]);
            }
        }
        Mode::Mirror => {
            for i in (1..=w - lim).rev() {
                m.insert(&mut d, xi(i));
            }
        }
        Mode::Wrap | Mode::GridWrap => {
            let offset = if win.is_multiple_of(2) { 2 } else { 0 };
            for i in len - lim - offset..len {
                m.insert(&mut d, xi(i));
            }
        }
    }
    for i in 0..lim {
        m.insert(&mut d, xi(i));
    }
    for i in lim..len {
        m.insert(&mut d, xi(i));
        out[(i - lim) as usize] = m.ranked(&d);
    }
    for i in 0..lim {
        let v = match mode {
            Mode::Reflect => xi(len - 1 - i),
            Mode::Constant | Mode::GridConstant => cval,
            Mode::Nearest => xi(len - 1),
            Mode::Mirror => xi(len - 2 - i),
            Mode::Wrap | Mode::GridWrap => xi(i),
        };
        m.insert(&mut d, v);
        out[(lim2 + i) as usize] = m.ranked(&d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_median() {
        let x = [5.0, 1.0, 4.0, 2.0, 3.0, 9.0, 0.0];
        let mut out = [0.0; 7];
        rank_filter_1d(&x, 1, 3, &mut out, Mode::Nearest, 0.0);
        assert_eq!(out, [5.0, 4.0, 2.0, 3.0, 3.0, 3.0, 0.0]);
    }
}
