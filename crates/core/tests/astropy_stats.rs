//! Every astropy statistics case (`scripts/fixtures/astropy_stats.py`,
//! output in `target/fixtures/astropy_stats`) through the core: dtype, shape
//! and elements must be astropy's — bit for bit (NaN equal to NaN), or within
//! the relative tolerance a case states (see the script for why).

use bmp_core::kernels::shape::ravel;
use bmp_core::npy::read_npy_bytes;
use bmp_core::stats::{
    biweight_location, biweight_scale, mad_std, sigma_clip, sigma_clipped_stats, Center,
    ClipOptions, Spread,
};
use bmp_core::{ArrayView, NdArray};
use serde_json::Value;

const DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../target/fixtures/astropy_stats"
);

fn array_at(bundle: &[u8], r: &str) -> NdArray {
    let (off, len) = r[1..].split_once('+').expect("array reference");
    let (off, len): (usize, usize) = (off.parse().unwrap(), len.parse().unwrap());
    read_npy_bytes(&bundle[off..off + len]).expect("fixture array")
}

/// The elements in C order as doubles.
fn values(a: &NdArray) -> Vec<f64> {
    let r = ravel(a).unwrap();
    match r.view() {
        ArrayView::Bool(s) | ArrayView::UInt8(s) => s.iter().map(|&x| x as f64).collect(),
        ArrayView::Float32(s) => s.iter().map(|&x| x as f64).collect(),
        ArrayView::Float64(s) => s.to_vec(),
        other => panic!("unexpected result dtype {other:?}"),
    }
}

fn num(p: &Value, key: &str) -> Option<f64> {
    p.get(key).and_then(Value::as_f64)
}

fn axes(p: &Value) -> Option<Vec<i64>> {
    match p.get("axis") {
        None | Some(Value::Null) => None,
        Some(Value::Array(v)) => Some(v.iter().map(|x| x.as_i64().unwrap()).collect()),
        Some(v) => Some(vec![v.as_i64().unwrap()]),
    }
}

fn clip_options(p: &Value) -> ClipOptions {
    let maxiters = match p.get("maxiters") {
        None => Some(5),
        Some(Value::Null) => None,
        Some(v) => Some(v.as_u64().unwrap() as u32),
    };
    let name = |k: &str, d: &str| p.get(k).and_then(Value::as_str).unwrap_or(d).to_string();
    ClipOptions::new(
        num(p, "sigma").unwrap_or(3.0),
        num(p, "sigmaLower"),
        num(p, "sigmaUpper"),
        maxiters,
        Center::parse(&name("cenfunc", "median"), "cenfunc").unwrap(),
        Spread::parse(&name("stdfunc", "std"), "stdfunc").unwrap(),
    )
}

fn run(func: &str, x: &NdArray, p: &Value) -> bmp_core::Result<Vec<(&'static str, NdArray)>> {
    let ax = axes(p);
    let ax = ax.as_deref();
    let ign = p.get("ignoreNan").and_then(Value::as_bool).unwrap_or(false);
    Ok(match func {
        "madStd" => vec![("value", mad_std(x, ax, ign)?)],
        "biweightLocation" => vec![(
            "value",
            biweight_location(x, num(p, "c").unwrap_or(6.0), ax, ign)?,
        )],
        "biweightScale" => vec![(
            "value",
            biweight_scale(x, num(p, "c").unwrap_or(9.0), ax, ign)?,
        )],
        "sigmaClip" => vec![("value", sigma_clip(x, &clip_options(p), ax)?)],
        "sigmaClippedStats" => {
            let s = sigma_clipped_stats(x, &clip_options(p), ax, num(p, "stdDdof").unwrap_or(0.0))?;
            vec![("mean", s.mean), ("median", s.median), ("std", s.std)]
        }
        _ => panic!("unknown function {func}"),
    })
}

fn same(got: f64, want: f64, rel: f64) -> bool {
    if want.is_nan() || got.is_nan() {
        return want.is_nan() && got.is_nan();
    }
    if rel == 0.0 {
        got.to_bits() == want.to_bits() || (got == 0.0 && want == 0.0)
    } else {
        (got - want).abs() <= rel * want.abs()
    }
}

#[test]
fn astropy_statistics_match_astropy() {
    let cases = std::fs::read_to_string(format!("{DIR}/cases.json"))
        .expect("target/fixtures/astropy_stats is missing: run npm run fixtures");
    let bundle = std::fs::read(format!("{DIR}/arrays.bin"))
        .expect("target/fixtures/astropy_stats/arrays.bin is missing: run npm run fixtures");
    let cases: Vec<Value> = serde_json::from_str(&cases).unwrap();
    let mut failures = Vec::new();
    let mut compared = 0usize;
    for case in &cases {
        let id = case["id"].as_str().unwrap();
        let func = case["func"].as_str().unwrap();
        let x = array_at(&bundle, case["input"].as_str().unwrap());
        // One tolerance for the case, or one per part (see the script).
        let rel = |part: &str| -> f64 {
            let t = &case["tol"];
            match t.as_str().or_else(|| t[part].as_str()).unwrap() {
                "exact" => 0.0,
                t => t.trim_start_matches("rel").parse().unwrap(),
            }
        };
        let results = match run(func, &x, &case["params"]) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{id} {func} {} {}: {e}", x.dtype(), case["params"]));
                continue;
            }
        };
        for (part, got) in results {
            let want = array_at(&bundle, case["expect"][part].as_str().unwrap());
            compared += want.size();
            let what = format!(
                "{id} {func} {part} {} {:?} {}",
                x.dtype(),
                x.shape(),
                case["params"]
            );
            if got.dtype() != want.dtype() || got.shape() != want.shape() {
                failures.push(format!(
                    "{what}: got {} {:?}, astropy {} {:?}",
                    got.dtype(),
                    got.shape(),
                    want.dtype(),
                    want.shape()
                ));
                continue;
            }
            let (g, w, rel) = (values(&got), values(&want), rel(part));
            let bad = g
                .iter()
                .zip(&w)
                .filter(|(g, w)| !same(**g, **w, rel))
                .count();
            if bad > 0 {
                let i = g
                    .iter()
                    .zip(&w)
                    .position(|(g, w)| !same(*g, *w, rel))
                    .unwrap();
                failures.push(format!(
                    "{what}: {bad} of {} differ, first at {i}: {} vs astropy {}",
                    w.len(),
                    g[i],
                    w[i]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from astropy:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    eprintln!(
        "astropy_stats: {} cases, {compared} elements equal to astropy's",
        cases.len()
    );
}
