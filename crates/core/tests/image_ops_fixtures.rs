//! The core's image operations against scipy's, astropy's and numpy's own
//! answers (target/fixtures/image_ops, made by scripts/fixtures/image_ops.py;
//! `npm run fixtures`): every case, every element bit for bit (NaN equal to
//! NaN, -0.0 distinct from 0.0); where the reference raised, an error.

use bmp_core::filters::{self, Bins, BlockFunc, Mode};
use bmp_core::npy::read_npy_bytes;
use bmp_core::{ArrayView, NdArray};
use serde_json::Value;

const DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../target/fixtures/image_ops"
);

fn load() -> (Vec<Value>, Vec<u8>) {
    let cases = std::fs::read_to_string(format!("{DIR}/cases.jsonl"))
        .unwrap_or_else(|e| panic!("missing {DIR}/cases.jsonl ({e}): run npm run fixtures"));
    let bundle =
        std::fs::read(format!("{DIR}/arrays.bin")).expect("arrays.bin: run npm run fixtures");
    (
        cases
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
        bundle,
    )
}

fn array(bundle: &[u8], r: &str) -> NdArray {
    let (off, len) = r[1..].split_once('+').unwrap();
    let (off, len): (usize, usize) = (off.parse().unwrap(), len.parse().unwrap());
    read_npy_bytes(&bundle[off..off + len]).unwrap()
}

fn per_axis(v: &Value, nd: usize) -> Vec<usize> {
    match v {
        Value::Array(a) => a.iter().map(|x| x.as_u64().unwrap() as usize).collect(),
        x => vec![x.as_u64().unwrap() as usize; nd],
    }
}

fn floats(v: &Value, nd: usize) -> Vec<f64> {
    match v {
        Value::Array(a) => a.iter().map(|x| x.as_f64().unwrap()).collect(),
        x => vec![x.as_f64().unwrap(); nd],
    }
}

/// Elements as (bits-or-value) pairs where NaN is one value.
fn same(a: &NdArray, b: &NdArray) -> Result<(), String> {
    if a.dtype() != b.dtype() || a.shape() != b.shape() {
        return Err(format!(
            "{} {:?}, want {} {:?}",
            a.dtype(),
            a.shape(),
            b.dtype(),
            b.shape()
        ));
    }
    let eq = match (a.view(), b.view()) {
        (ArrayView::Float32(x), ArrayView::Float32(y)) => x
            .iter()
            .zip(y)
            .position(|(p, q)| !(p.is_nan() && q.is_nan() || p.to_bits() == q.to_bits())),
        (ArrayView::Float64(x), ArrayView::Float64(y)) => x
            .iter()
            .zip(y)
            .position(|(p, q)| !(p.is_nan() && q.is_nan() || p.to_bits() == q.to_bits())),
        // numpy's bool is any nonzero byte: scipy stores `(npy_bool)2.5` as 2
        // (median_filter of bool with cval 2.5), ours stores 1.
        (ArrayView::Bool(x), ArrayView::Bool(y)) => {
            x.iter().zip(y).position(|(p, q)| (*p != 0) != (*q != 0))
        }
        _ => a
            .as_bytes()
            .iter()
            .zip(b.as_bytes())
            .position(|(p, q)| p != q),
    };
    match eq {
        Some(i) => Err(format!("differs at element/byte {i}")),
        None => Ok(()),
    }
}

fn run(c: &Value, a: &NdArray) -> bmp_core::Result<Vec<NdArray>> {
    let p = &c["params"];
    let nd = a.shape().len();
    let mode = || Mode::parse(p["mode"].as_str().unwrap()).unwrap();
    let cval = p["cval"].as_f64().unwrap_or(0.0);
    Ok(match c["op"].as_str().unwrap() {
        "medianFilter" => vec![filters::median_filter(
            a,
            &per_axis(&p["size"], nd),
            mode(),
            cval,
        )?],
        "uniformFilter" => vec![filters::uniform_filter(
            a,
            &per_axis(&p["size"], nd),
            mode(),
            cval,
        )?],
        "blockReduce" => {
            let func = BlockFunc::parse(p["func"].as_str().unwrap())?;
            vec![filters::block_reduce(a, &per_axis(&p["factor"], nd), func)?]
        }
        "shift" => {
            let order = p["order"].as_u64().unwrap() as usize;
            vec![filters::shift(
                a,
                &floats(&p["offsets"], nd),
                order,
                mode(),
                cval,
            )?]
        }
        "histogram" => {
            let bins = match &p["bins"] {
                Value::Array(e) => Bins::Edges(e.iter().map(|x| x.as_f64().unwrap()).collect()),
                n => Bins::Count(n.as_u64().unwrap() as usize),
            };
            let range = p["range"]
                .as_array()
                .map(|r| (r[0].as_f64().unwrap(), r[1].as_f64().unwrap()));
            let h = filters::histogram(a, bins, range)?;
            vec![h.hist, h.bin_edges]
        }
        op => panic!("unknown op {op}"),
    })
}

#[test]
fn every_case_matches_the_reference() {
    let (cases, bundle) = load();
    let mut failures = Vec::new();
    for c in &cases {
        let id = c["id"].as_str().unwrap();
        let a = array(&bundle, c["input"].as_str().unwrap());
        let got = run(c, &a);
        match (c["expect"].as_str().unwrap(), got) {
            ("error", Ok(_)) => failures.push(format!("{id}: succeeded, the reference raised")),
            ("error", Err(_)) => {}
            (_, Err(e)) => failures.push(format!("{id}: {e}")),
            (want, Ok(got)) => {
                let mut wants = vec![array(&bundle, want)];
                if let Some(e) = c.get("edges").and_then(Value::as_str) {
                    wants.push(array(&bundle, e));
                }
                for (g, w) in got.iter().zip(&wants) {
                    if let Err(e) = same(g, w) {
                        failures.push(format!("{id}: {e}"));
                    }
                }
            }
        }
    }
    assert!(cases.len() > 1000, "only {} cases", cases.len());
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures[..failures.len().min(40)].join("\n")
    );
}
