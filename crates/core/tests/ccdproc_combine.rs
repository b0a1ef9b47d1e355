//! Every ccdproc combine case (`scripts/fixtures/ccdproc_combine.py`, output
//! in `target/fixtures/ccdproc_combine`) through the core, with the frames
//! given as `.npy` files, FITS files or arrays in turn, and a memory limit
//! small enough to force many row bands: data and mask must be ccdproc's,
//! bit for bit (NaN equal to NaN).

use std::path::PathBuf;
use std::sync::Arc;

use bmp_core::combine::{combine, CombineOptions, Frame, Method};
use bmp_core::npy::read_npy;
use bmp_core::stats::{Center, ClipOptions, Spread};
use serde_json::Value;

const DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../target/fixtures/ccdproc_combine"
);

fn path(name: &str) -> PathBuf {
    PathBuf::from(DIR).join(name)
}

fn numbers(v: &Value) -> Option<Vec<f64>> {
    v.as_array()
        .map(|a| a.iter().map(|x| x.as_f64().unwrap()).collect())
}

fn options(method: &str, p: &Value, mem_limit: u64) -> CombineOptions {
    let f = |k: &str| p.get(k).and_then(Value::as_f64);
    let sigma_clip = p
        .get("sigmaClip")
        .and_then(Value::as_bool)
        .unwrap_or(false)
        .then(|| {
            let name = |k: &str, d: &str| p.get(k).and_then(Value::as_str).unwrap_or(d).to_string();
            ClipOptions::new(
                3.0,
                Some(f("sigmaClipLowThresh").unwrap_or(3.0)),
                Some(f("sigmaClipHighThresh").unwrap_or(3.0)),
                Some(1),
                Center::parse(&name("sigmaClipFunc", "mean"), "sigmaClipFunc").unwrap(),
                Spread::parse(&name("sigmaClipDevFunc", "std"), "sigmaClipDevFunc").unwrap(),
            )
        });
    let minmax = p
        .get("minmaxClip")
        .and_then(Value::as_bool)
        .unwrap_or(false)
        .then(|| (f("minmaxClipMin"), f("minmaxClipMax")));
    CombineOptions {
        method: Method::parse(method).unwrap(),
        sigma_clip,
        minmax,
        weights: p.get("weights").and_then(numbers),
        scale: p.get("scale").and_then(numbers),
        mem_limit,
    }
}

fn same(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()) || (a == 0.0 && b == 0.0)
}

#[test]
fn combine_matches_ccdproc() {
    let text = std::fs::read_to_string(path("cases.json"))
        .expect("target/fixtures/ccdproc_combine is missing: run npm run fixtures");
    let cases: Vec<Value> = serde_json::from_str(&text).unwrap();
    let mut failures = Vec::new();
    let mut pixels = 0usize;
    for (k, c) in cases.iter().enumerate() {
        let (id, stack) = (c["id"].as_str().unwrap(), c["stack"].as_str().unwrap());
        let n = c["frames"].as_u64().unwrap() as usize;
        let frames: Vec<Frame> = (0..n)
            .map(|i| match k % 3 {
                0 => Frame::Npy(path(&format!("{stack}_{i}.npy"))),
                1 => Frame::Fits(path(&format!("{stack}_{i}.fits"))),
                _ => Frame::Array(Arc::new(
                    read_npy(&path(&format!("{stack}_{i}.npy"))).unwrap(),
                )),
            })
            .collect();
        let o = options(c["method"].as_str().unwrap(), &c["params"], 30_000);
        let got = combine(frames, &o).unwrap();
        let want = read_npy(&path(c["data"].as_str().unwrap())).unwrap();
        let want_mask = read_npy(&path(c["mask"].as_str().unwrap())).unwrap();
        let (g, w) = (
            got.data.typed::<f64>().unwrap(),
            want.typed::<f64>().unwrap(),
        );
        let (gm, wm) = (
            got.mask.typed::<u8>().unwrap(),
            want_mask.typed::<u8>().unwrap(),
        );
        assert_eq!(got.data.shape(), want.shape(), "{id}");
        pixels += w.len();
        let bad = (0..w.len())
            .filter(|&i| !same(g[i], w[i]) || gm[i] != wm[i])
            .count();
        if bad > 0 {
            let i = (0..w.len())
                .find(|&i| !same(g[i], w[i]) || gm[i] != wm[i])
                .unwrap();
            failures.push(format!(
                "{id} {stack} {} {}: {bad} of {} pixels differ, first {i}: {} (mask {}) vs ccdproc {} (mask {})",
                c["method"], c["params"], w.len(), g[i], gm[i], w[i], wm[i]
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from ccdproc:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    eprintln!(
        "ccdproc_combine: {} cases, {pixels} pixels equal to ccdproc's",
        cases.len()
    );
}
