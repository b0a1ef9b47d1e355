//! An owned, 8-byte-aligned byte buffer: array data must be aligned for its
//! element type so that it can be viewed as a typed slice (and as a JS typed
//! array) without copying.

use crate::recycle;

/// Owned bytes whose start is aligned to 8 bytes (enough for every dtype).
/// Large buffers go back to a bounded free list when dropped ([`recycle`]).
#[derive(Clone, Default)]
pub struct AlignedBuf {
    words: Vec<u64>,
    len: usize,
}

impl AlignedBuf {
    /// A zero-filled buffer of `len` bytes. Large zeroed allocations come
    /// from the OS as untouched pages, so this costs no pass over memory.
    pub fn zeroed(len: usize) -> Self {
        AlignedBuf {
            words: vec![0u64; len.div_ceil(8)],
            len,
        }
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
