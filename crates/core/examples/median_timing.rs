//! Timing of `median` and `mean` on one large float64 array in a 1-thread and
//! a 2-thread Rayon pool (not a test).
//!
//! `cargo run --release --example median_timing -- [elements] [repeats]`
//! (default 200,000,000 elements = 1.6 GB, 3 repeats).

use std::time::Instant;

use bmp_core::kernels;
use bmp_core::NdArray;
use rayon::prelude::*;

/// CPU seconds used by this process so far (Linux; 0 elsewhere): on a busy
/// machine, CPU time shows whether the work itself scales when wall time
/// cannot.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<f64> = after_name
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0.0))
        .collect();
    // utime and stime are fields 14 and 15 of the line, in clock ticks (100 Hz).
    (fields.get(11).unwrap_or(&0.0) + fields.get(12).unwrap_or(&0.0)) / 100.0
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .map_or(200_000_000, |a| a.parse().expect("elements"));
    let repeats: usize = args.next().map_or(3, |a| a.parse().expect("repeats"));

    // Noisy data like the benchmark's: 5 + approximately normal noise, from a
    // cheap per-index hash so the array builds in parallel.
    let t = Instant::now();
    let mut a = NdArray::zeros(&[n], bmp_core::DType::Float64).expect("allocate");
    a.typed_mut::<f64>()
        .expect("f64")
        .par_chunks_mut(1 << 16)
        .enumerate()
        .for_each(|(c, chunk)| {
            let mut state = (c as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
            for x in chunk {
                let mut noise = 0.0;
                for _ in 0..4 {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    noise += (state >> 11) as f64 / 9007199254740992.0;
                }
                *x = 3.0 + noise;
            }
        });
    println!(
        "{n} float64 values ({:.2} GB) built in {:.2} s",
        (n * 8) as f64 / 1e9,
        t.elapsed().as_secs_f64()
    );

    for (name, kernel) in [
        (
            "median",
            kernels::median as fn(&NdArray) -> bmp_core::Result<f64>,
        ),
        ("mean", kernels::mean),
    ] {
        let mut best = [f64::INFINITY; 2];
        let mut value = [0.0; 2];
        let mut cpu = [0.0; 2];
        for (slot, threads) in [1, 2].into_iter().enumerate() {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("pool");
            let c = cpu_seconds();
            for _ in 0..repeats {
                let t = Instant::now();
                value[slot] = pool.install(|| kernel(&a)).expect("kernel");
                best[slot] = best[slot].min(t.elapsed().as_secs_f64());
            }
            cpu[slot] = (cpu_seconds() - c) / repeats as f64;
        }
        assert_eq!(value[0].to_bits(), value[1].to_bits(), "thread-independent");
        println!(
            "{name:>6}: 1 thread {:.3} s, 2 threads {:.3} s, speed-up {:.2}x (best of {repeats}); \
             CPU per call {:.2} s vs {:.2} s; value {}",
            best[0],
            best[1],
            best[0] / best[1],
            cpu[0],
            cpu[1],
            value[0]
        );
    }
}
