//! Timing of `combine` on the benchmark's workload inside one process (not a
//! test): `frames` float32 FITS files of `n`×`n` (1000 ± 20 noise, a few hot
//! pixels), combined by average with 5σ clipping by median / mad_std within
//! `mem_limit`, on a 2-thread Rayon pool; then the same frames as in-memory
//! arrays (no reading: the compute alone).
//!
//! `cargo run --release -p bigmultipipe-core --example combine_timing --
//! [n] [frames] [mem_limit] [repeats]` (default 4096 20 512e6 2). The files
//! go to a temporary directory, removed at the end.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use bmp_core::combine::{combine, CombineOptions, Frame, Method};
use bmp_core::fits::{write_fits, WriteOptions};
use bmp_core::stats::{Center, ClipOptions, Spread};
use bmp_core::{DType, NdArray};
use rayon::prelude::*;

/// CPU seconds of this process so far (Linux; 0 elsewhere).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<f64> = after_name
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0.0))
        .collect();
    (f.get(11).unwrap_or(&0.0) + f.get(12).unwrap_or(&0.0)) / 100.0
}

/// A noisy frame: 1000 + roughly normal noise (σ ≈ 20), one pixel in a
/// thousand raised by up to 20000 (cosmic rays for the clipping to reject).
fn frame(n: usize, seed: u64) -> NdArray {
    let mut a = NdArray::for_overwrite(&[n, n], DType::Float32, false).expect("allocate");
    a.typed_mut::<f32>()
        .expect("f32")
        .par_chunks_mut(n)
        .enumerate()
        .for_each(|(r, row)| {
            let mut s = (seed << 32 ^ r as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
            let mut next = || {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                (s >> 11) as f64 / 9007199254740992.0
            };
            for x in row {
                let noise: f64 = (0..4).map(|_| next()).sum::<f64>() - 2.0;
                let hit = if next() < 0.001 {
                    next() * 20000.0
                } else {
                    0.0
                };
                *x = (1000.0 + 34.6 * noise + hit) as f32;
            }
        });
    a
}

fn options(mem_limit: u64) -> CombineOptions {
    CombineOptions {
        method: Method::Average,
        sigma_clip: Some(ClipOptions::new(
            3.0,
            Some(5.0),
            Some(5.0),
            Some(1),
            Center::Median,
            Spread::MadStd,
        )),
        minmax: None,
        weights: None,
        scale: None,
        mem_limit,
    }
}

fn time(what: &str, repeats: usize, frames: impl Fn() -> Vec<Frame>, o: &CombineOptions) {
    for _ in 0..repeats {
        let (t, c) = (Instant::now(), cpu_seconds());
        let out = combine(frames(), o).expect("combine");
        println!(
            "{what}: {:.2} s wall, {:.1} CPU s (mean of pixel 0: {})",
            t.elapsed().as_secs_f64(),
            cpu_seconds() - c,
            out.data.typed::<f64>().expect("f64")[0]
        );
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map_or(4096, |a| a.parse().expect("n"));
    let count: usize = args.next().map_or(20, |a| a.parse().expect("frames"));
    let mem: f64 = args.next().map_or(512e6, |a| a.parse().expect("mem_limit"));
    let repeats: usize = args.next().map_or(2, |a| a.parse().expect("repeats"));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("pool");
    let dir = std::env::temp_dir().join(format!("bmp-combine-timing-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let paths: Vec<PathBuf> = (0..count)
        .map(|i| {
            let p = dir.join(format!("flat_{i:02}.fits"));
            pool.install(|| write_fits(&p, &frame(n, i as u64), &[], &WriteOptions::default()))
                .expect("write");
            p
        })
        .collect();
    let o = options(mem as u64);
    println!("{count} frames of {n}x{n} float32, mem_limit {mem:.0} B");
    pool.install(|| {
        let files = || paths.iter().cloned().map(Frame::Fits).collect();
        time("files ", repeats, files, &o);
        let arrays: Vec<Arc<NdArray>> = (0..count).map(|i| Arc::new(frame(n, i as u64))).collect();
        let in_memory = || arrays.iter().cloned().map(Frame::Array).collect();
        time("arrays", repeats, in_memory, &o);
    });
    std::fs::remove_dir_all(&dir).expect("remove temp dir");
}
