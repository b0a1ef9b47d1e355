//! Peer `rust-plain`: the seed's example 2 as a plain std-only Rust program
//! would do it, the yardstick of issue 17 (bmp ≤ 1.25x this).
//!
//! Per file: read the .npy (header parsed by hand: '<f8', C order), reject
//! the file whose [0,0] is `rejectValue`, `x * 10`, add `boostAmount` to the
//! one whose [0,0] is `boostTarget`, median (numpy's: mean of the two middle
//! values for an even count), mean, write the same header and the data to a
//! temporary name in the output directory, rename. One thread per core
//! taking files from a shared counter, a data and a scratch buffer reused
//! per thread.
//!
//! usage: rust-plain <job.json> <outdir>; prints `BENCH_RESULT {json}`.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// What the job file holds that this program needs.
struct Job {
    in_names: Vec<String>,
    reject: f64,
    boost_target: f64,
    boost_amount: f64,
}

/// The strings of the JSON array `"key":[...]` (names hold no escapes here).
fn json_strings(text: &str, key: &str) -> Vec<String> {
    let start = text.find(&format!("\"{key}\":[")).expect("job: key") + key.len() + 4;
    let end = start + text[start..].find(']').expect("job: ]");
    text[start..end]
        .split(',')
        .map(|s| s.trim().trim_matches('"').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The number after `"key":`.
fn json_number(text: &str, key: &str) -> f64 {
    let start = text.find(&format!("\"{key}\":")).expect("job: key") + key.len() + 3;
    let rest = &text[start..];
    let end = rest.find([',', '}']).expect("job: number end");
    rest[..end].trim().parse().expect("job: number")
}

fn read_job(path: &str) -> Job {
    let text = fs::read_to_string(path).expect("job file");
    Job {
        in_names: json_strings(&text, "inNames"),
        reject: json_number(&text, "rejectValue"),
        boost_target: json_number(&text, "boostTarget"),
        boost_amount: json_number(&text, "boostAmount"),
    }
}

/// Reads an .npy file into `data` (resized); returns its header bytes.
fn read_npy(path: &str, data: &mut Vec<f64>) -> Vec<u8> {
    let mut f = File::open(path).expect("open input");
    let mut pre = [0u8; 10];
    f.read_exact(&mut pre).expect("read preamble");
    assert_eq!(&pre[..6], b"\x93NUMPY", "{path}: not an .npy file");
    let (hlen, fixed) = if pre[6] == 1 {
        (u16::from_le_bytes([pre[8], pre[9]]) as usize, 10)
    } else {
        let mut two = [0u8; 2];
        f.read_exact(&mut two).expect("read preamble");
        (
            u32::from_le_bytes([pre[8], pre[9], two[0], two[1]]) as usize,
            12,
        )
    };
    let mut header = vec![0u8; fixed + hlen];
    header[..10].copy_from_slice(&pre);
    f.read_exact(&mut header[10..]).expect("read header");
    let dict = String::from_utf8_lossy(&header[fixed..]);
    assert!(
        dict.contains("'<f8'") && dict.contains("False"),
        "{path}: only little-endian float64 in C order"
    );
    let shape = &dict[dict.find("'shape': (").expect("shape") + 10..];
    let n: usize = shape[..shape.find(')').expect("shape end")]
        .split(',')
        .filter_map(|s| s.trim().parse::<usize>().ok())
        .product();
    data.resize(n, 0.0);
    // SAFETY: a f64 slice viewed as its bytes: same memory, every bit pattern
    // valid for f64, length n * 8 within the allocation.
    let bytes = unsafe { std::slice::from_raw_parts_mut(data.as_mut_ptr().cast::<u8>(), n * 8) };
    f.read_exact(bytes).expect("read data");
    header
}

fn write_npy(path: &Path, header: &[u8], data: &[f64]) {
    let dir = path.parent().expect("output directory");
    let name = path.file_name().expect("output name").to_string_lossy();
    let tmp = dir.join(format!(".{name}.{}.plain-tmp", std::process::id()));
    let mut f = File::create(&tmp).expect("create temporary output");
    f.write_all(header).expect("write header");
    // SAFETY: as in read_npy, the f64 slice seen as bytes.
    let bytes = unsafe { std::slice::from_raw_parts(data.as_ptr().cast::<u8>(), data.len() * 8) };
    f.write_all(bytes).expect("write data");
    drop(f);
    fs::rename(&tmp, path).expect("rename");
}

/// numpy's median: the middle value, or the mean of the two middle ones.
fn median(data: &[f64], scratch: &mut Vec<f64>) -> f64 {
    scratch.clear();
    scratch.extend_from_slice(data);
    let n = scratch.len();
    let mid = n / 2;
    let (left, m, _) = scratch.select_nth_unstable_by(mid, |a, b| a.total_cmp(b));
    let upper = *m;
    if n % 2 == 1 {
        return upper;
    }
    let lower = left.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (lower + upper) / 2.0
}

/// The mean, summed in 8 lanes (close to numpy's pairwise sum).
fn mean(data: &[f64]) -> f64 {
    let mut lanes = [0.0f64; 8];
    let chunks = data.chunks_exact(8);
    let tail: f64 = chunks.remainder().iter().sum();
    for c in chunks {
        for (l, v) in lanes.iter_mut().zip(c) {
            *l += v;
        }
    }
    (lanes.iter().sum::<f64>() + tail) / data.len() as f64
}

type Row = (usize, String, f64, f64);

/// CPU time (user + system, all threads) of this process, in ms, from
/// /proc/self/stat (clock ticks of 10 ms, as on every Linux build).
fn cpu_ms() -> f64 {
    let stat = fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    // After the name: state is field 3, utime 14 and stime 15 (1-based).
    f.get(11)
        .zip(f.get(12))
        .map_or(f64::NAN, |(u, s)| (u + s) * 10.0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let job = read_job(&args[1]);
    let outdir = PathBuf::from(&args[2]);
    let t0 = Instant::now();
    let next = AtomicUsize::new(0);
    let rows: Mutex<Vec<Row>> = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(job.in_names.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                let (mut data, mut scratch) = (Vec::new(), Vec::new());
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(name) = job.in_names.get(i) else {
                        break;
                    };
                    let header = read_npy(name, &mut data);
                    let first = data[0];
                    if first == job.reject {
                        continue;
                    }
                    let boost = if first == job.boost_target {
                        job.boost_amount
                    } else {
                        0.0
                    };
                    for v in data.iter_mut() {
                        *v *= 10.0;
                    }
                    if boost != 0.0 {
                        for v in data.iter_mut() {
                            *v += boost;
                        }
                    }
                    let (med, av) = (median(&data, &mut scratch), mean(&data));
                    let path = Path::new(name);
                    let stem = path.file_stem().expect("stem").to_string_lossy();
                    let out = format!("{stem}_bmp.npy");
                    write_npy(&outdir.join(&out), &header, &data);
                    let base = path
                        .file_name()
                        .expect("name")
                        .to_string_lossy()
                        .into_owned();
                    rows.lock()
                        .expect("rows")
                        .push((i, format!("[\"{base}\",\"{out}\""), med, av));
                }
            });
        }
    });
    let ms = t0.elapsed().as_secs_f64() * 1e3;
    let mut rows = rows.into_inner().expect("rows");
    rows.sort_by_key(|r| r.0);
    let pout: Vec<String> = rows
        .iter()
        .map(|(_, names, m, a)| format!("{names},{m:?},{a:?}]"))
        .collect();
    println!(
        "BENCH_RESULT {{\"peer\":\"rust-plain\",\"pipelineMs\":{ms},\"cpuMs\":{},\"maxInFlight\":{threads},\"pout\":[{}]}}",
        cpu_ms(),
        pout.join(",")
    );
}
