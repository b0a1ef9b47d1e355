//! The data unit as written: native values to big-endian bytes (or float to
//! scaled int16), block by block in parallel, summed for DATASUM, padded
//! with zeros to a whole 2880-byte block.

use std::io::{self, Write};

use rayon::prelude::*;

use crate::array::NdArray;
use crate::dtype::DType;
use crate::kernels::num::Num;

use super::checksum::{add_sums, add_words};
use super::header::BLOCK;

/// Elements converted per write (a multiple of 2880 / 8 bytes' worth).
const BATCH_BYTES: usize = 2880 * 1024;
/// Elements per parallel task within a batch.
const TASK_BYTES: usize = 2880 * 64;

/// Writes the data of `array` as `bitpix` (with `quantize` = (zero, scale)
/// for float data stored as int16), then the padding. Returns DATASUM.
pub fn write_data<W: Write>(
    out: &mut W,
    array: &NdArray,
    bitpix: i64,
    quantize: Option<(f64, f64)>,
) -> io::Result<u32> {
    let size = (bitpix.unsigned_abs() / 8) as usize;
    let mut buf = vec![0u8; BATCH_BYTES];
    let mut sum = 0u32;
    let n = array.size();
    let per_batch = BATCH_BYTES / size;
    let mut start = 0;
    while start < n {
        let end = (start + per_batch).min(n);
        let bytes = &mut buf[..(end - start) * size];
        let part = convert(array, start, bytes, size, quantize);
        sum = add_sums(sum, part);
        out.write_all(bytes)?;
        start = end;
    }
    let len = (n * size) as u64;
    let pad = (len.div_ceil(BLOCK) * BLOCK - len) as usize;
    out.write_all(&vec![0u8; pad])?;
    Ok(sum)
}

/// Fills `bytes` with elements `start..` of `array` in stored form; returns
/// their ones'-complement sum.
fn convert(
    array: &NdArray,
    start: usize,
    bytes: &mut [u8],
    size: usize,
    quantize: Option<(f64, f64)>,
) -> u32 {
    let tasks = bytes.par_chunks_mut(TASK_BYTES).enumerate();
    let per_task = TASK_BYTES / size;
    let run = |f: &(dyn Fn(usize, &mut [u8]) + Sync)| {
        tasks
            .map(|(i, chunk)| {
                f(start + i * per_task, chunk);
                add_words(0, chunk)
            })
            .reduce(|| 0, add_sums)
    };
    match (array.dtype(), quantize) {
        (DType::Float32, Some((z, s))) => run(&|at, c| scaled::<f32>(array, at, c, z, s)),
        (DType::Float64, Some((z, s))) => run(&|at, c| scaled::<f64>(array, at, c, z, s)),
        (DType::UInt8, _) => run(&|at, c| be(array, at, c, |v: u8| [v])),
        (DType::Int8, _) => run(&|at, c| be(array, at, c, |v: i8| [(v as u8) ^ 0x80])),
        (DType::Int16, _) => run(&|at, c| be(array, at, c, |v: i16| v.to_be_bytes())),
        (DType::UInt16, _) => run(&|at, c| be(array, at, c, |v: u16| (v ^ 0x8000).to_be_bytes())),
        (DType::Int32, _) => run(&|at, c| be(array, at, c, |v: i32| v.to_be_bytes())),
        (DType::UInt32, _) => {
            run(&|at, c| be(array, at, c, |v: u32| (v ^ (1 << 31)).to_be_bytes()))
        }
        (DType::Int64, _) => run(&|at, c| be(array, at, c, |v: i64| v.to_be_bytes())),
        (DType::UInt64, _) => {
            run(&|at, c| be(array, at, c, |v: u64| (v ^ (1 << 63)).to_be_bytes()))
        }
        (DType::Float32, None) => run(&|at, c| be(array, at, c, |v: f32| v.to_be_bytes())),
        (DType::Float64, None) => run(&|at, c| be(array, at, c, |v: f64| v.to_be_bytes())),
        (DType::Bool, _) => 0,
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
