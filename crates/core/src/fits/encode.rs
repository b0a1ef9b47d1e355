//! The data unit as written: native values to big-endian bytes (or float to
//! scaled int16), chunk by chunk in parallel, summed for DATASUM, padded
//! with zeros to a whole 2880-byte block. A file is written with positional
//! writes from every task, so converting and writing overlap.

use std::fs::File;
use std::io;

use rayon::prelude::*;

use crate::array::NdArray;
use crate::dtype::DType;
use crate::kernels::num::Num;

use super::checksum::{add_sums, add_words};
use super::header::BLOCK;

/// Bytes per positional write: large enough that the system call costs
/// nothing, small enough that a task's bytes are still in cache.
const WRITE_BYTES: usize = 1 << 19;

/// How the data is stored: BITPIX, `quantize` = (zero, scale) for float
/// data stored as int16, and whether DATASUM is wanted (summing is a pass
/// of its own, so it is skipped when not).
#[derive(Debug, Clone, Copy)]
pub struct Stored {
    pub bitpix: i64,
    pub quantize: Option<(f64, f64)>,
    pub sum: bool,
}

/// Writes the data of `array` as `how` says into `file` from byte `offset`
/// on, then the padding, by positional writes in parallel (on the current
/// Rayon pool), each task converting its part into its own buffer and
/// writing it. Returns DATASUM (0 when not asked for) and the bytes
/// written, padding included.
pub fn write_data_at(
    file: &File,
    offset: u64,
    array: &NdArray,
    how: Stored,
) -> io::Result<(u32, u64)> {
    let size = (how.bitpix.unsigned_abs() / 8) as usize;
    let n = array.size();
    let per_task = WRITE_BYTES / size;
    let tasks = n.div_ceil(per_task);
    let sum = (0..tasks)
        .into_par_iter()
        .map_init(Vec::new, |buf: &mut Vec<u8>, i| {
            let start = i * per_task;
            let end = (start + per_task).min(n);
            buf.resize((end - start) * size, 0);
            let part = convert(array, start, buf, how);
            write_at(file, buf, offset + (start * size) as u64)?;
            Ok::<u32, io::Error>(part)
        })
        .try_reduce(|| 0, |a, b| Ok(add_sums(a, b)))?;
    let len = n * size;
    let pad = padding(len);
    write_at(file, &vec![0u8; pad], offset + len as u64)?;
    Ok((sum, (len + pad) as u64))
}

/// All of `buf` written at `offset`, the file's position unused.
pub fn write_at(file: &File, buf: &[u8], offset: u64) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        file.write_all_at(buf, offset)
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::FileExt;
        let mut done = 0;
        while done < buf.len() {
            match file.seek_write(&buf[done..], offset + done as u64)? {
                0 => return Err(io::ErrorKind::WriteZero.into()),
                k => done += k,
            }
        }
        Ok(())
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = (file, buf, offset);
        Err(io::Error::other(
            "positional writes are not supported on this platform",
        ))
    }
}

/// Zero bytes after `len` bytes of data, to the end of its block.
fn padding(len: usize) -> usize {
    let len = len as u64;
    (len.div_ceil(BLOCK) * BLOCK - len) as usize
}

/// Fills `bytes` with elements `start..` of `array` in stored form; returns
/// their ones'-complement sum when `how.sum`.
fn convert(array: &NdArray, start: usize, bytes: &mut [u8], how: Stored) -> u32 {
    let (c, at) = (&mut *bytes, start);
    match (array.dtype(), how.quantize) {
        (DType::Float32, Some((z, s))) => scaled::<f32>(array, at, c, z, s),
        (DType::Float64, Some((z, s))) => scaled::<f64>(array, at, c, z, s),
        (DType::UInt8, _) => be(array, at, c, |v: u8| [v]),
        (DType::Int8, _) => be(array, at, c, |v: i8| [(v as u8) ^ 0x80]),
        (DType::Int16, _) => be(array, at, c, |v: i16| v.to_be_bytes()),
        (DType::UInt16, _) => be(array, at, c, |v: u16| (v ^ 0x8000).to_be_bytes()),
        (DType::Int32, _) => be(array, at, c, |v: i32| v.to_be_bytes()),
        (DType::UInt32, _) => be(array, at, c, |v: u32| (v ^ (1 << 31)).to_be_bytes()),
        (DType::Int64, _) => be(array, at, c, |v: i64| v.to_be_bytes()),
        (DType::UInt64, _) => be(array, at, c, |v: u64| (v ^ (1 << 63)).to_be_bytes()),
        (DType::Float32, None) => be(array, at, c, |v: f32| v.to_be_bytes()),
        (DType::Float64, None) => be(array, at, c, |v: f64| v.to_be_bytes()),
        (DType::Bool, _) => {}
    }
    if how.sum {
        add_words(0, bytes)
    } else {
        0
    }
}

/// Elements from `at` of `array` as `f(v)` bytes into `chunk`.
fn be<T: Num, const N: usize>(
    array: &NdArray,
    at: usize,
    chunk: &mut [u8],
    f: impl Fn(T) -> [u8; N],
) {
    let src = array.typed::<T>().unwrap_or(&[]);
    for (dst, v) in chunk.chunks_exact_mut(N).zip(&src[at..]) {
        dst.copy_from_slice(&f(*v));
    }
}

/// Float elements as int16 codes: round-half-even of (v - zero) / scale,
/// clipped; NaN to the BLANK value -32768.
fn scaled<T: Num>(array: &NdArray, at: usize, chunk: &mut [u8], zero: f64, scale: f64) {
    be(array, at, chunk, |v: T| {
        let x = v.to_f64();
        let code = if x.is_nan() {
            i16::MIN
        } else {
            ((x - zero) / scale)
                .round_ties_even()
                .clamp(-32767.0, 32767.0) as i16
        };
        code.to_be_bytes()
    })
}
