//! The machine's streaming-read bandwidth on 1 and 2 threads: the ceiling for
//! any one-pass reduction such as `mean`. Not a test; run with
//! `cargo run --release -p bigmultipipe-core --example bandwidth_probe`.
//!
//! A wrapping integer sum vectorises and does almost no work per byte, so its
//! speed is the memory system's. If it does not scale with threads, neither
//! can `mean`.

use rayon::prelude::*;
use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200_000_000);
    let v: Vec<u64> = (0..n).into_par_iter().map(|i| (i % 1000) as u64).collect();
    let gb = (n * 8) as f64 / 1e9;
    for threads in [1, 2] {
        let pool = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
            Ok(p) => p,
            Err(e) => return eprintln!("cannot build a {threads}-thread pool: {e}"),
        };
        let mut best = f64::MAX;
        let mut total = 0u64;
        for _ in 0..5 {
            let t = Instant::now();
            total = pool.install(|| {
                v.par_chunks(1 << 16)
                    .map(|c| c.iter().fold(0u64, |a, &x| a.wrapping_add(x)))
                    .reduce(|| 0, u64::wrapping_add)
            });
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!(
            "{threads} thread(s): streaming read of {gb:.1} GB in {:.1} ms = {:.1} GB/s (checksum {total})",
            best * 1e3,
            gb / best
        );
    }
}
