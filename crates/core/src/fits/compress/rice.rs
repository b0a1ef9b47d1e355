//! Rice decompression (RICE_1), after cfitsio's `fits_rdecomp`: blocks of
//! `nblock` differences, each block led by an `fs` code. Every byte read is
//! bounds-checked: a short or corrupt tile is an error, never a panic.

/// Decodes `out.len()` values of `bytepix` bytes (1, 2 or 4) from `input`,
/// as unsigned words of that width (the caller reinterprets the sign).
pub fn decode(input: &[u8], out: &mut [u32], bytepix: usize, nblock: usize) -> Result<(), String> {
    let (fsbits, fsmax, bbits): (i32, i64, i32) = match bytepix {
        1 => (3, 6, 8),
        2 => (4, 14, 16),
        4 => (5, 25, 32),
        _ => return Err(format!("Rice BYTEPIX {bytepix} is not 1, 2 or 4")),
    };
    if nblock == 0 {
        return Err("Rice BLOCKSIZE is 0".into());
    }
    let mask: u64 = if bbits == 32 {
        u32::MAX as u64
    } else {
        (1u64 << bbits) - 1
    };
    let short = || "its Rice data ends before all its pixels are decoded".to_string();
    let mut pos = 0usize;
    let mut next = || -> Result<u64, String> {
        let b = *input.get(pos).ok_or_else(short)?;
        pos += 1;
        Ok(u64::from(b))
    };
    // The first value, big-endian, starts the differences.
    let mut lastpix: u64 = 0;
    for _ in 0..bytepix {
        lastpix = (lastpix << 8) | next()?;
    }
    let mut b: u64 = next()?;
    let mut nbits: i32 = 8;
    let nx = out.len();
    let mut i = 0;
    while i < nx {
        let imax = (i + nblock).min(nx);
        nbits -= fsbits;
        while nbits < 0 {
            b = (b << 8) | next()?;
            nbits += 8;
        }
        let fs = (b >> nbits) as i64 - 1;
        b &= (1u64 << nbits) - 1;
        if fs < 0 {
            out[i..imax].fill(lastpix as u32);
        } else if fs == fsmax {
            for slot in &mut out[i..imax] {
                let mut k2 = bbits - nbits;
                let mut diff = b << k2;
                k2 -= 8;
                while k2 >= 0 {
                    b = next()?;
                    diff |= b << k2;
                    k2 -= 8;
                }
                if nbits > 0 {
                    b = next()?;
                    diff |= b >> (-k2);
                    b &= (1u64 << nbits) - 1;
                } else {
                    b = 0;
                }
                lastpix = (unmap(diff & mask) + lastpix) & mask;
                *slot = lastpix as u32;
            }
        } else if fs > fsmax {
            return Err(format!("its Rice data holds an invalid block code {fs}"));
        } else {
            for slot in &mut out[i..imax] {
                while b == 0 {
                    nbits += 8;
                    if nbits > 64 {
                        return Err("its Rice data holds an over-long run of zero bits".into());
                    }
                    b = next()?;
                }
                let nzero = nbits - (64 - b.leading_zeros() as i32);
                nbits -= nzero + 1;
                b ^= 1u64 << nbits;
                nbits -= fs as i32;
                while nbits < 0 {
                    b = (b << 8) | next()?;
                    nbits += 8;
                }
                let diff = ((nzero as u64) << fs) | (b >> nbits);
                b &= (1u64 << nbits) - 1;
                lastpix = (unmap(diff & mask) + lastpix) & mask;
                *slot = lastpix as u32;
            }
        }
        i = imax;
    }
    Ok(())
}

/// Undoes the zig-zag mapping of differences (even: positive; odd: negative).
fn unmap(diff: u64) -> u64 {
    if diff & 1 == 0 {
        diff >> 1
    } else {
        !(diff >> 1)
    }
}
