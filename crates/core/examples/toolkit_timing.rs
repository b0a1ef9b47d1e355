//! Times the array toolkit's kernels inside one process on a 4096x4096
//! image (float32 and float64), on a 2-thread pool, next to a plain copy of
//! the same bytes into fresh and into reused memory: the profile behind
//! bench/array.mjs without Node in the way. Not a test; run with
//! `cargo run --release -p bigmultipipe-core --example toolkit_timing [N] [filter]`.

use std::time::Instant;

use bmp_core::kernels::axis::{reduce, Reduction};
use bmp_core::kernels::elementwise::{binary_op, unary_op, Arg, BinOp, Out, OutBuf, UnOp};
use bmp_core::kernels::{shape, Scalar};
use bmp_core::{DType, NdArray};
use rayon::prelude::*;

/// A named timing.
type Row<'a> = (&'static str, Box<dyn FnMut() + 'a>);

/// Best of five runs (after one warm-up), in milliseconds.
fn best(mut f: impl FnMut()) -> f64 {
    f();
    (0..5)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e3
        })
        .fold(f64::MAX, f64::min)
}

fn image(n: usize, dtype: DType) -> NdArray {
    let v: Vec<f64> = (0..n * n)
        .map(|i| ((i as u64).wrapping_mul(2654435761) % 1000) as f64 / 1000.0)
        .collect();
    let a = NdArray::from_slice(&v, &[n, n]).unwrap();
    bmp_core::kernels::astype(&a, dtype).unwrap()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(4096);
    let filter = args.next().unwrap_or_default();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    pool.install(|| {
        for dtype in [DType::Float32, DType::Float64] {
            let a = image(n, dtype);
            let b = image(n, dtype);
            let mut out = a.clone();
            let sc = |v: f64| {
                Arg::Scalar(Scalar {
                    value: v,
                    is_int: false,
                })
            };
            let mask = binary_op(Arg::Array(&a), BinOp::Gt, sc(0.5), Out::New)
                .unwrap()
                .unwrap();
            let un = |op: UnOp| drop(unary_op(Arg::Array(&a), op, Out::New).unwrap());
            let mut other = a.clone();
            let mut into_other = || {
                binary_op(
                    Arg::Array(&a),
                    BinOp::Add,
                    sc(1.5),
                    Out::Into(OutBuf::of(&mut other)),
                )
                .unwrap();
            };
            if filter.is_empty() || "add scalar into other".contains(&filter) {
                println!(
                    "{dtype:>8} {:<22} {:8.2} ms",
                    "add scalar into other",
                    best(&mut into_other)
                );
            }
            let red = |r: Reduction, ax: Option<&[i64]>| {
                std::hint::black_box(reduce(&a, r, ax, false).unwrap());
            };
            let mut rows: Vec<Row<'_>> = vec![
                (
                    "memcpy into reused",
                    Box::new(|| {
                        let src = a.as_bytes();
                        out.as_bytes_mut()
                            .par_chunks_mut(1 << 20)
                            .zip(src.par_chunks(1 << 20))
                            .for_each(|(d, s)| d.copy_from_slice(s));
                    }),
                ),
                (
                    "memcpy into fresh vec",
                    Box::new(|| {
                        let src = a.as_bytes();
                        let mut v = vec![0u8; src.len()];
                        v.par_chunks_mut(1 << 20)
                            .zip(src.par_chunks(1 << 20))
                            .for_each(|(d, s)| d.copy_from_slice(s));
                        std::hint::black_box(v);
                    }),
                ),
                ("copy", Box::new(|| drop(shape::copy(&a).unwrap()))),
                (
                    "add scalar",
                    Box::new(|| {
                        drop(binary_op(Arg::Array(&a), BinOp::Add, sc(1.5), Out::New).unwrap())
                    }),
                ),
                (
                    "add array",
                    Box::new(|| {
                        drop(
                            binary_op(Arg::Array(&a), BinOp::Add, Arg::Array(&b), Out::New)
                                .unwrap(),
                        )
                    }),
                ),
                (
                    "gt scalar",
                    Box::new(|| {
                        drop(binary_op(Arg::Array(&a), BinOp::Gt, sc(0.5), Out::New).unwrap())
                    }),
                ),
                (
                    "sqrt",
                    Box::new(|| drop(unary_op(Arg::Array(&a), UnOp::Sqrt, Out::New).unwrap())),
                ),
                ("exp", Box::new(|| un(UnOp::Exp))),
                ("log", Box::new(|| un(UnOp::Log))),
                ("floor", Box::new(|| un(UnOp::Floor))),
                ("isnan", Box::new(|| un(UnOp::IsNan))),
                (
                    "pow 2",
                    Box::new(|| {
                        let two = Arg::Scalar(Scalar {
                            value: 2.0,
                            is_int: true,
                        });
                        drop(binary_op(Arg::Array(&a), BinOp::Pow, two, Out::New).unwrap())
                    }),
                ),
                (
                    "mul array",
                    Box::new(|| {
                        drop(
                            binary_op(Arg::Array(&a), BinOp::Mul, Arg::Array(&b), Out::New)
                                .unwrap(),
                        )
                    }),
                ),
                ("max axis 0", Box::new(|| red(Reduction::Max, Some(&[0])))),
                (
                    "reshape",
                    Box::new(|| drop(shape::reshape(&a, &[-1]).unwrap())),
                ),
                (
                    "concatenate",
                    Box::new(|| drop(shape::concatenate(&[&a, &b], 0).unwrap())),
                ),
                (
                    "countNonzero bool",
                    Box::new(|| {
                        std::hint::black_box(
                            reduce(&mask, Reduction::CountNonzero, None, false).unwrap(),
                        );
                    }),
                ),
                ("sum", Box::new(|| red(Reduction::Sum, None))),
                ("sum axis 0", Box::new(|| red(Reduction::Sum, Some(&[0])))),
                ("mean axis 1", Box::new(|| red(Reduction::Mean, Some(&[1])))),
                (
                    "nanmean axis 0",
                    Box::new(|| red(Reduction::NanMean, Some(&[0]))),
                ),
                ("min", Box::new(|| red(Reduction::Min, None))),
                ("argmax", Box::new(|| red(Reduction::Argmax, None))),
                (
                    "countNonzero",
                    Box::new(|| red(Reduction::CountNonzero, None)),
                ),
                (
                    "median axis 0",
                    Box::new(|| red(Reduction::Median, Some(&[0]))),
                ),
                (
                    "median axis 1",
                    Box::new(|| red(Reduction::Median, Some(&[1]))),
                ),
                (
                    "nanmedian axis 0",
                    Box::new(|| red(Reduction::NanMedian, Some(&[0]))),
                ),
            ];
            let mut own = a.clone();
            let mut inplace = || {
                binary_op(
                    Arg::Out,
                    BinOp::Add,
                    sc(1.5),
                    Out::Into(OutBuf::of(&mut own)),
                )
                .unwrap();
            };
            if filter.is_empty() || "add scalar out".contains(&filter) {
                println!(
                    "{dtype:>8} {:<22} {:8.2} ms",
                    "add scalar out",
                    best(&mut inplace)
                );
            }
            for (name, f) in rows.iter_mut() {
                if filter.is_empty() || name.contains(&filter) {
                    println!("{dtype:>8} {name:<22} {:8.2} ms", best(f));
                }
            }
        }
    });
}
