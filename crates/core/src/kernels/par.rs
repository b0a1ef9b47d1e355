//! How elementwise work is split: small arrays run on the calling thread,
//! large ones in chunks on Rayon's *current* pool.

use rayon::prelude::*;

/// Below this many elements, work stays on the calling thread: spreading it
/// would cost more than it saves.
pub const PAR_MIN: usize = 64 * 1024;

/// Elements per parallel task: large enough to amortise scheduling, small
/// enough to balance work over cores.
pub const CHUNK: usize = 32 * 1024;

/// Calls `f(start, chunk)` for consecutive chunks of `out`, in parallel when
/// `out` is large. `start` is the index of the chunk's first element.
pub fn for_each_chunk<T: Send>(out: &mut [T], f: impl Fn(usize, &mut [T]) + Sync) {
    if out.len() < PAR_MIN {
        out.chunks_mut(CHUNK)
            .enumerate()
            .for_each(|(i, c)| f(i * CHUNK, c));
    } else {
        out.par_chunks_mut(CHUNK)
            .enumerate()
            .for_each(|(i, c)| f(i * CHUNK, c));
    }
}
