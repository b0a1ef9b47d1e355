//! Byte-swapping big-endian data to native order, in place.

use rayon::prelude::*;

/// Below this many bytes one thread swaps faster than Rayon can split work.
const PARALLEL_MIN_BYTES: usize = 1 << 20;

/// Bytes per parallel task; a multiple of 8, so each chunk of an 8-aligned
/// buffer is itself aligned and holds whole items.
const CHUNK_BYTES: usize = 1 << 18;

/// Reverses the bytes of every `itemsize`-byte item of `bytes`. Large
/// buffers are split across Rayon's *current* pool (the caller's).
pub(crate) fn swap_in_place(bytes: &mut [u8], itemsize: usize) {
    if itemsize <= 1 {
        return;
    }
    if bytes.len() < PARALLEL_MIN_BYTES {
        swap_chunk(bytes, itemsize);
    } else {
        bytes
            .par_chunks_mut(CHUNK_BYTES)
            .for_each(|chunk| swap_chunk(chunk, itemsize));
    }
}

fn swap_chunk(bytes: &mut [u8], itemsize: usize) {
    // Whole-word swaps when the slice is aligned (it is, for AlignedBuf);
    // the byte-wise fallback keeps any other slice correct.
    let done = match itemsize {
        2 => swap_words::<u16>(bytes, u16::swap_bytes),
        4 => swap_words::<u32>(bytes, u32::swap_bytes),
        8 => swap_words::<u64>(bytes, u64::swap_bytes),
        _ => false,
    };
    if !done {
        bytes.chunks_exact_mut(itemsize).for_each(<[u8]>::reverse);
    }
}

fn swap_words<T: bytemuck::Pod>(bytes: &mut [u8], swap: fn(T) -> T) -> bool {
    match bytemuck::try_cast_slice_mut::<u8, T>(bytes) {
        Ok(words) => {
            words.iter_mut().for_each(|w| *w = swap(*w));
            true
        }
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::buffer::AlignedBuf;

    #[test]
    fn swaps_small_large_and_unaligned() {
        for (len, itemsize) in [
            (16usize, 2usize),
            (24, 4),
            (64, 8),
            (3 << 20, 8),
            (3 << 20, 2),
        ] {
            let mut buf = AlignedBuf::zeroed(len);
            let bytes = buf.as_bytes_mut();
            bytes
                .iter_mut()
                .enumerate()
                .for_each(|(i, b)| *b = (i % 251) as u8);
            let mut expect = bytes.to_vec();
            expect.chunks_exact_mut(itemsize).for_each(<[u8]>::reverse);
            swap_in_place(bytes, itemsize);
            assert_eq!(bytes, &expect[..]);
        }
        let mut odd = [0u8, 1, 2, 3, 4];
        swap_in_place(&mut odd[1..], 4);
        assert_eq!(odd, [0, 4, 3, 2, 1]);
    }
}
