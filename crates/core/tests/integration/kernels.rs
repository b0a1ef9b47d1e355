//! Every kernel against numpy's answers in `__test__/fixtures/kernels.json`
//! (written by `scripts/make_kernel_fixtures.py`). Reductions must match
//! bit for bit; arrays must have numpy's dtype, shape and values.

use bmp_core::kernels::{self, BinaryOp, Operand, Reduction, Scalar};
use bmp_core::{ArrayView, DType, NdArray};
use serde_json::Value;

// ---- reading the JSON (numbers kept as text by serde_json's
// `arbitrary_precision`, so that they are read exactly)

/// Helpers over a fixture value; each panics with the value when its shape is wrong.
trait Json {
    fn get_key(&self, k: &str) -> Option<&Value>;
    fn at(&self, k: &str) -> &Value;
    fn arr(&self) -> &[Value];
    fn text(&self) -> &str;
    fn f64(&self) -> f64;
    fn i128(&self) -> i128;
}

impl Json for Value {
    fn get_key(&self, k: &str) -> Option<&Value> {
        self.as_object().and_then(|m| m.get(k))
    }
    fn at(&self, k: &str) -> &Value {
        self.get_key(k).unwrap_or_else(|| panic!("missing key {k}"))
    }
    fn arr(&self) -> &[Value] {
        self.as_array()
            .unwrap_or_else(|| panic!("not an array: {self:?}"))
    }
    fn text(&self) -> &str {
        self.as_str()
            .unwrap_or_else(|| panic!("not a string: {self:?}"))
    }
    /// A number (or "NaN"/"Infinity"/"-Infinity", or a bool) as a double.
    fn f64(&self) -> f64 {
        match self {
            Value::Number(n) => n.to_string().parse().unwrap(),
            Value::Bool(b) => *b as u8 as f64,
            Value::String(s) if s == "NaN" => f64::NAN,
            Value::String(s) if s == "Infinity" => f64::INFINITY,
            Value::String(s) if s == "-Infinity" => f64::NEG_INFINITY,
            other => panic!("not a number: {other:?}"),
        }
    }
    /// An integer, exactly.
    fn i128(&self) -> i128 {
        match self {
            Value::Number(n) => {
                let t = n.to_string();
                t.parse()
                    .unwrap_or_else(|_| t.parse::<f64>().unwrap() as i128)
            }
            Value::Bool(b) => *b as i128,
            other => panic!("not an integer: {other:?}"),
        }
    }
}

// ---- fixture arrays

/// The documented fixture generator: doubles in [0, 1) from a 64-bit LCG.
fn lcg(seed: u64, n: usize) -> impl Iterator<Item = f64> {
    let mut state = seed;
    (0..n).map(move |_| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 11) as f64 * (1.0 / 9007199254740992.0)
    })
}

/// Appends one element, given as an exact integer or a double, in native bytes.
fn push(dtype: DType, int: Option<i128>, x: f64, out: &mut Vec<u8>) {
    let i = int.unwrap_or(x as i128);
    match dtype {
        DType::Bool => out.push((x != 0.0) as u8),
        DType::Int8 => out.extend((i as i8).to_ne_bytes()),
        DType::Int16 => out.extend((i as i16).to_ne_bytes()),
        DType::Int32 => out.extend((i as i32).to_ne_bytes()),
        DType::Int64 => out.extend((i as i64).to_ne_bytes()),
        DType::UInt8 => out.extend((i as u8).to_ne_bytes()),
        DType::UInt16 => out.extend((i as u16).to_ne_bytes()),
        DType::UInt32 => out.extend((i as u32).to_ne_bytes()),
        DType::UInt64 => out.extend((i as u64).to_ne_bytes()),
        DType::Float32 => out.extend((x as f32).to_ne_bytes()),
        DType::Float64 => out.extend(x.to_ne_bytes()),
    }
}

fn array(spec: &Value) -> NdArray {
    let dtype = DType::from_name(spec.at("dtype").text()).unwrap();
    let shape: Vec<usize> = spec
        .at("shape")
        .arr()
        .iter()
        .map(|d| d.i128() as usize)
        .collect();
    let fortran = spec.get_key("order").is_some_and(|o| o.text() == "F");
    let mut bytes = Vec::new();
    if let Some(g) = spec.get_key("generator") {
        let seed = g.at("seed").i128() as u64;
        let scale = g.get_key("scale").map_or(1.0, Json::f64);
        let offset = g.get_key("offset").map_or(0.0, Json::f64);
        let n = shape.iter().product();
        lcg(seed, n).for_each(|u| push(dtype, None, offset + scale * u, &mut bytes));
    } else {
        for v in spec.at("data").arr() {
            let int = if dtype.is_integer() {
                Some(v.i128())
            } else {
                None
            };
            push(dtype, int, v.f64(), &mut bytes);
        }
    }
    NdArray::from_bytes(dtype, &shape, fortran, &bytes).unwrap()
}

/// Elements as doubles for float dtypes (NaN-aware comparison), else bytes.
fn same_values(a: &NdArray, b: &NdArray) -> bool {
    let eq = |x: f64, y: f64| x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan());
    match (a.view(), b.view()) {
        (ArrayView::Float64(x), ArrayView::Float64(y)) => x.iter().zip(y).all(|(&p, &q)| eq(p, q)),
        (ArrayView::Float32(x), ArrayView::Float32(y)) => {
            x.iter().zip(y).all(|(&p, &q)| eq(p as f64, q as f64))
        }
        _ => a.as_bytes() == b.as_bytes(),
    }
}

// ---- running the cases

enum Outcome {
    Number(f64),
    Array(NdArray),
}

fn run(case: &Value) -> bmp_core::Result<Outcome> {
    let a = array(case.at("input"));
    let number = |r: bmp_core::Result<f64>| r.map(Outcome::Number);
    let op = case.at("op").text();
    if let Ok(binop) = op.parse::<BinaryOp>() {
        let spec = case.at("operand");
        let b;
        let operand = if let Some(v) = spec.get_key("scalar") {
            let is_int = matches!(spec.at("isInt"), Value::Bool(true));
            Operand::Scalar(Scalar {
                value: v.f64(),
                is_int,
            })
        } else {
            b = array(spec);
            Operand::Array(&b)
        };
        return kernels::binary(&a, binop, operand).map(Outcome::Array);
    }
    match op {
        "std" => number(kernels::std(&a, case.at("ddof").f64())),
        "astype" => {
            let dtype = DType::from_name(case.at("dtype").text()).unwrap();
            kernels::astype(&a, dtype).map(Outcome::Array)
        }
        other => {
            let reduction: Reduction = other.parse().unwrap_or_else(|e| panic!("{e}"));
            number(reduction.apply(&a))
        }
    }
}

/// Checks one case; returns a description of the mismatch, if any.
fn check(case: &Value) -> Option<String> {
    let expected = case.at("expected");
    let got = run(case);
    match (expected.get_key("error"), got) {
        (Some(e), Err(err)) if err.to_string().contains(e.text()) => None,
        (Some(e), Err(err)) => Some(format!("error {err:?}, expected one containing {e:?}")),
        (Some(_), Ok(_)) => Some("succeeded, expected an error".into()),
        (None, Err(err)) => Some(format!("failed: {err}")),
        (None, Ok(Outcome::Number(x))) => {
            let want = expected.f64();
            let same = x.to_bits() == want.to_bits() || (x.is_nan() && want.is_nan());
            (!same).then(|| format!("got {x:?}, numpy says {want:?}"))
        }
        (None, Ok(Outcome::Array(r))) => {
            let want = array(expected);
            let ok =
                r.dtype() == want.dtype() && r.shape() == want.shape() && same_values(&r, &want);
            (!ok).then(|| {
                format!(
                    "got {} {:?} {:?}, numpy says {} {:?}",
                    r.dtype(),
                    r.shape(),
                    &r.as_bytes()[..r.nbytes().min(32)],
                    want.dtype(),
                    want.shape()
                )
            })
        }
    }
}

fn fixtures() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../__test__/fixtures/kernels.json"
    );
    let text = std::fs::read(path).expect("kernels.json (run scripts/make_kernel_fixtures.py)");
    serde_json::from_slice(&text).expect("kernels.json is not valid JSON")
}

fn check_all(list: &str) {
    let doc = fixtures();
    let cases = doc.at(list).arr();
    assert!(!cases.is_empty());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| check(c).map(|m| format!("{}: {m}", c.at("name").text())))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from numpy:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn every_kernel_matches_numpy() {
    check_all("cases");
}

#[test]
fn fortran_order_reductions_match_numpy() {
    check_all("layoutCases");
}

#[test]
fn lcg_matches_the_documented_generator() {
    // First values of seed 12345, as Python computes them.
    let v: Vec<f64> = lcg(12345, 2).collect();
    let mut s: u64 = 12345;
    for x in v {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        assert_eq!(x, (s >> 11) as f64 / 2f64.powi(53));
    }
}
