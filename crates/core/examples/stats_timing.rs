//! Timing of `sigma_clipped_stats` (astropy's defaults, no axis) on one
//! 4096x4096 frame, float32 and float64, in a 2-thread Rayon pool (not a
//! test): wall and CPU seconds per call.
//!
//! `cargo run --release --example stats_timing -- [side] [repeats]`
//!
//! The frame looks like a reduced CCD frame: sky near 1000 with a gradient,
//! noise of about 30, 1% cosmic rays and hot pixels up to 30000, a few
//! NaNs.

use std::time::Instant;

use bmp_core::stats::{sigma_clipped_stats, ClipOptions};
use bmp_core::NdArray;

/// CPU seconds used by this process so far: the sum of its threads' run
/// times (`/proc/self/task/*/schedstat`, nanoseconds; Linux, 0 elsewhere).
fn cpu_seconds() -> f64 {
    let tasks = std::fs::read_dir("/proc/self/task").into_iter().flatten();
    let ns: u64 = tasks
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .sum();
    ns as f64 / 1e9
}

fn frame(side: usize) -> Vec<f64> {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / 9007199254740992.0
    };
    (0..side * side)
        .map(|i| {
            let (y, x) = ((i / side) as f64, (i % side) as f64);
            let noise = (0..4).map(|_| next()).sum::<f64>() - 2.0;
            let mut v = 1000.0 + 0.01 * x - 0.005 * y + 60.0 * noise;
            let u = next();
            if u < 0.01 {
                v += 30000.0 * next();
            } else if u < 0.0001 + 0.01 {
                v = f64::NAN;
            }
            v
        })
        .collect()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let side: usize = args.next().map_or(4096, |a| a.parse().expect("side"));
    let repeats: usize = args.next().map_or(5, |a| a.parse().expect("repeats"));
    let data = frame(side);
    let f32s: Vec<f32> = data.iter().map(|&v| v as f32).collect();
    let frames = [
        (
            "float32",
            NdArray::from_slice(&f32s, &[side, side]).expect("f32"),
        ),
        (
            "float64",
            NdArray::from_slice(&data, &[side, side]).expect("f64"),
        ),
    ];
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("pool");
    let o = ClipOptions::default();
    for (name, a) in &frames {
        let mut walls = Vec::new();
        let mut cpus = Vec::new();
        let mut last = None;
        for _ in 0..repeats {
            let (t, c) = (Instant::now(), cpu_seconds());
            let s = pool.install(|| sigma_clipped_stats(a, &o, None, 0.0).expect("stats"));
            walls.push(t.elapsed().as_secs_f64());
            cpus.push(cpu_seconds() - c);
            last = Some(s);
        }
        walls.sort_by(f64::total_cmp);
        cpus.sort_by(f64::total_cmp);
        let s = last.expect("one repeat");
        let v = |x: &NdArray| match x.dtype() {
            bmp_core::DType::Float32 => x.typed::<f32>().expect("f32")[0] as f64,
            _ => x.typed::<f64>().expect("f64")[0],
        };
        println!(
            "{name} {side}x{side}: median wall {:.3} s, CPU {:.2} s (mean {}, median {}, std {})",
            walls[repeats / 2],
            cpus[repeats / 2],
            v(&s.mean),
            v(&s.median),
            v(&s.std)
        );
    }
}
