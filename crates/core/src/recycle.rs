//! A small, bounded free list of large array buffers.
//!
//! A pipeline allocates the same few large buffers for every file (the data
//! read, each elementwise result). Fresh memory costs a page fault and a
//! kernel page-zeroing per 4 KiB on first touch, which profiles showed
//! dominating the whole run; reusing a released buffer of the right size
//! costs nothing. The list is bounded in bytes so it never holds more than a
//! few files' worth of memory beyond what the caller keeps alive; when full,
//! the oldest buffers make room for the newest (the likeliest to be asked
//! for again). The bound defaults to [`RECYCLE_MAX_BYTES`] and can follow a
//! run's memory budget ([`set_max_bytes`]).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Buffers smaller than this are left to the allocator.
pub const RECYCLE_MIN_BYTES: usize = 1 << 20;
/// The most memory the free list holds by default: room for a 4096x4096
/// float64 image (134 MB) and a few smaller buffers beside it.
pub const RECYCLE_MAX_BYTES: usize = 256 << 20;

/// The current bound (see [`set_max_bytes`]).
static MAX_BYTES: AtomicUsize = AtomicUsize::new(RECYCLE_MAX_BYTES);

/// Sets the most memory the free list may hold (0 turns recycling off);
/// buffers beyond it are freed at once.
pub fn set_max_bytes(bytes: usize) {
    MAX_BYTES.store(bytes, Ordering::Relaxed);
    let evicted = FREE.lock().map(|mut f| f.shrink_to(bytes, 0));
    drop(evicted);
}

/// The most memory the free list may hold.
pub fn max_bytes() -> usize {
    MAX_BYTES.load(Ordering::Relaxed)
}

struct FreeList {
    /// Oldest first.
    buffers: Vec<Vec<u64>>,
    bytes: usize,
}

impl FreeList {
    /// Removes the oldest buffers until `room` more bytes fit under `max`;
    /// returns them, to be freed once the lock is released.
    fn shrink_to(&mut self, max: usize, room: usize) -> Vec<Vec<u64>> {
        let mut n = 0;
        let mut bytes = self.bytes;
        while n < self.buffers.len() && bytes + room > max {
            bytes -= bytes_of(&self.buffers[n]);
            n += 1;
        }
        self.bytes = bytes;
        self.buffers.drain(..n).collect()
    }
}

static FREE: Mutex<FreeList> = Mutex::new(FreeList {
    buffers: Vec::new(),
    bytes: 0,
});

fn bytes_of(words: &Vec<u64>) -> usize {
    words.capacity() * 8
}

/// A released buffer with room for `words` words (and not much more), with
/// its length set to `words`. Its contents are stale but initialised.
pub fn take(words: usize) -> Option<Vec<u64>> {
    if words * 8 < RECYCLE_MIN_BYTES {
        return None;
    }
    let mut free = FREE.lock().ok()?;
    // Best fit among buffers at most 1/8 larger than asked for.
    let limit = words + words / 8;
    let (i, _) = free
        .buffers
        .iter()
        .enumerate()
        .filter(|(_, b)| (words..=limit).contains(&b.capacity()))
        .min_by_key(|(_, b)| b.capacity())?;
    let mut buf = free.buffers.remove(i);
    free.bytes -= bytes_of(&buf);
    drop(free);
    buf.truncate(words);
    if buf.len() < words {
        buf.resize(words, 0);
    }
    Some(buf)
}

/// Offers a buffer back; it is kept when large enough and no larger than the
/// bound (older buffers are freed to make room), otherwise freed.
pub fn give(mut buf: Vec<u64>) {
    let size = bytes_of(&buf);
    let max = max_bytes();
    if !(RECYCLE_MIN_BYTES..=max).contains(&size) {
        return;
    }
    // Restore the full length so `take` can hand out any size up to the
    // capacity; only the short tail is written.
    let cap = buf.capacity();
    buf.resize(cap, 0);
    let Ok(mut free) = FREE.lock() else { return };
    let evicted = free.shrink_to(max, size);
    free.bytes += size;
    free.buffers.push(buf);
    drop(free);
    drop(evicted); // freed (munmap) outside the lock
}

/// Bytes currently held by the list.
pub fn held_bytes() -> usize {
    FREE.lock().map(|f| f.bytes).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    // A size no other test allocates, so the shared list is ours for it.
    const WORDS: usize = 1_234_567;

    #[test]
    fn a_released_buffer_is_reused_and_small_ones_are_not_kept() {
        let mut buf = vec![7u64; WORDS];
        buf[0] = 42;
        let ptr = buf.as_ptr();
        give(buf);
        let again = take(WORDS).expect("the released buffer");
        assert_eq!(again.as_ptr(), ptr);
        assert_eq!(again.len(), WORDS);
        // Slightly smaller requests fit too; much smaller ones do not.
        give(again);
        assert!(take(WORDS / 2).is_none());
        let smaller = take(WORDS - 1000).expect("a near fit");
        assert_eq!(smaller.len(), WORDS - 1000);
        assert!(take(16).is_none(), "small sizes are left to the allocator");
        give(vec![0u64; 16]);
        assert!(held_bytes() <= max_bytes());
    }
}
