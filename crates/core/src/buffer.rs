//! An owned, 8-byte-aligned byte buffer: array data must be aligned for its
//! element type so that it can be viewed as a typed slice (and as a JS typed
//! array) without copying.
//!
//! Fresh large memory is expensive on first touch: one page fault and one
//! kernel page-zeroing per 4 KiB (a 134 MB float64 image took 4x longer to
//! fill fresh than reused). Two things keep that off the hot path: released
//! buffers are reused ([`recycle`]), and the host may register a hook
//! ([`set_fresh_memory_hook`]) that asks the OS to back fresh buffers with
//! huge pages (the Node binding does, with `madvise`; this crate has no
//! `unsafe`).

use std::sync::OnceLock;

use rayon::prelude::*;

use crate::recycle;

/// Called on every fresh buffer of at least [`recycle::RECYCLE_MIN_BYTES`]
/// before anything touches it.
static FRESH_HOOK: OnceLock<fn(&mut [u64])> = OnceLock::new();

/// Registers `advise`, called with every fresh large buffer before its
/// first touch (e.g. to ask for huge pages). The first registration wins.
pub fn set_fresh_memory_hook(advise: fn(&mut [u64])) {
    let _ = FRESH_HOOK.set(advise);
}

/// Bytes per parallel task when copying.
const COPY_CHUNK: usize = 1 << 20;

/// Copies `src` into `dst` (same length), in parallel on the current Rayon
/// pool when large: one thread cannot saturate memory bandwidth.
pub fn copy_bytes(dst: &mut [u8], src: &[u8]) {
    if src.len() < 2 * COPY_CHUNK {
        dst.copy_from_slice(src);
    } else {
        dst.par_chunks_mut(COPY_CHUNK)
            .zip(src.par_chunks(COPY_CHUNK))
            .for_each(|(d, s)| d.copy_from_slice(s));
    }
}

/// Owned bytes whose start is aligned to 8 bytes (enough for every dtype).
/// Large buffers go back to a bounded free list when dropped ([`recycle`]).
#[derive(Default)]
pub struct AlignedBuf {
    words: Vec<u64>,
    len: usize,
}

impl AlignedBuf {
    /// A zero-filled buffer of `len` bytes. Large zeroed allocations come
    /// from the OS as untouched pages, so this costs no pass over memory.
    pub fn zeroed(len: usize) -> Self {
        let mut words = vec![0u64; len.div_ceil(8)];
        if len >= recycle::RECYCLE_MIN_BYTES {
            if let Some(advise) = FRESH_HOOK.get() {
                advise(&mut words);
            }
        }
        AlignedBuf { words, len }
    }

    /// A buffer of `len` bytes whose contents are unspecified (zero, or
    /// stale data from a recycled buffer) — for callers that overwrite every
    /// byte. Reuses a released buffer of the right size when one is free.
    pub fn for_overwrite(len: usize) -> Self {
        match recycle::take(len.div_ceil(8)) {
            Some(words) => AlignedBuf { words, len },
            None => Self::zeroed(len),
        }
    }

    /// A copy of `bytes` (a recycled buffer when one fits, filled in parallel).
    pub fn copy_of(bytes: &[u8]) -> Self {
        let mut buf = Self::for_overwrite(bytes.len());
        copy_bytes(buf.as_bytes_mut(), bytes);
        buf
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the buffer holds no bytes.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &bytemuck::cast_slice::<u64, u8>(&self.words)[..self.len]
    }

    /// The bytes, mutably.
    pub fn as_bytes_mut(&mut self) -> &mut [u8] {
        &mut bytemuck::cast_slice_mut::<u64, u8>(&mut self.words)[..self.len]
    }

    /// Pointer to the first byte (8-byte aligned, valid for `len` bytes).
    pub fn as_ptr(&self) -> *const u8 {
        self.words.as_ptr().cast()
    }
}

impl Clone for AlignedBuf {
    fn clone(&self) -> Self {
        Self::copy_of(self.as_bytes())
    }
}

impl Drop for AlignedBuf {
    fn drop(&mut self) {
        recycle::give(std::mem::take(&mut self.words));
    }
}

impl std::fmt::Debug for AlignedBuf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AlignedBuf({} bytes)", self.len)
    }
}
