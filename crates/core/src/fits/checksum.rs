//! The FITS checksum convention (CHECKSUM/DATASUM): 32-bit ones'-complement
//! sums of big-endian words, and the 16-character ASCII encoding of the
//! complemented HDU sum.

/// Ones'-complement sum of `bytes` added to `sum`; a last partial word is
/// completed with zeros (the padding that follows the data in the file).
pub fn add_words(sum: u32, bytes: &[u8]) -> u32 {
    let mut acc = u64::from(sum);
    let words = bytes.chunks_exact(4);
    let rest = words.remainder();
    for w in words {
        acc += u64::from(u32::from_be_bytes([w[0], w[1], w[2], w[3]]));
    }
    if !rest.is_empty() {
        let mut last = [0u8; 4];
        last[..rest.len()].copy_from_slice(rest);
        acc += u64::from(u32::from_be_bytes(last));
    }
    fold(acc)
}

/// Ones'-complement addition of two sums.
pub fn add_sums(a: u32, b: u32) -> u32 {
    fold(u64::from(a) + u64::from(b))
}

/// End-around carry: folds the high half back into the low 32 bits.
fn fold(mut acc: u64) -> u32 {
    while acc >> 32 != 0 {
        acc = (acc & 0xffff_ffff) + (acc >> 32);
    }
    acc as u32
}

/// The CHECKSUM value for an HDU whose sum (computed with CHECKSUM set to
/// sixteen zeros) is `sum`: cfitsio's `ffesum` of the complement.
pub fn encode(sum: u32) -> String {
    const EXCLUDE: [u8; 13] = [
        0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f, 0x40, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f, 0x60,
    ];
    let value = !sum;
    let mut asc = [0u8; 16];
    for i in 0..4 {
        let byte = (value >> (24 - 8 * i)) & 0xff;
        let quotient = (byte / 4 + 0x30) as u8;
        let remainder = (byte % 4) as u8;
        let mut ch = [quotient; 4];
        ch[0] += remainder;
        loop {
            let mut changed = false;
            for k in EXCLUDE {
                for j in [0, 2] {
                    if ch[j] == k || ch[j + 1] == k {
                        ch[j] += 1;
                        ch[j + 1] -= 1;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        for j in 0..4 {
            asc[4 * j + i] = ch[j];
        }
    }
    // Rotate right by one character, as the convention permutes them.
    (0..16).map(|i| char::from(asc[(i + 15) % 16])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_fold_carries() {
        assert_eq!(add_words(0, &[0xff, 0xff, 0xff, 0xff, 0, 0, 0, 2]), 2);
        assert_eq!(add_sums(0xffff_ffff, 1), 1);
        assert_eq!(add_words(0, &[1, 2]), 0x0102_0000);
    }
}
