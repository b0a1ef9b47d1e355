//! Every kernel against numpy's answers in `__test__/fixtures/kernels.json`
//! (written by `scripts/make_kernel_fixtures.py`). Reductions must match
//! bit for bit; arrays must have numpy's dtype, shape and values.

use std::collections::BTreeMap;

use bmp_core::kernels::{self, BinaryOp, Operand, Scalar};
use bmp_core::{ArrayView, DType, NdArray};

// ---- a minimal JSON reader (numbers are kept as text, to be read exactly)

#[derive(Debug, Clone)]
enum Json {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<Json>),
    Obj(BTreeMap<String, Json>),
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) {
        self.ws();
        assert_eq!(
            self.s[self.i], c,
            "JSON: expected {:?} at {}",
            c as char, self.i
        );
        self.i += 1;
    }

    fn value(&mut self) -> Json {
        self.ws();
        match self.s[self.i] {
            b'{' => {
                self.i += 1;
                let mut m = BTreeMap::new();
                self.ws();
                if self.s[self.i] == b'}' {
                    self.i += 1;
                    return Json::Obj(m);
                }
                loop {
                    self.ws();
                    let Json::Str(k) = self.value() else {
                        panic!("JSON: key")
                    };
                    self.eat(b':');
                    m.insert(k, self.value());
                    self.ws();
                    self.i += 1;
                    if self.s[self.i - 1] == b'}' {
                        return Json::Obj(m);
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut v = Vec::new();
                self.ws();
                if self.s[self.i] == b']' {
                    self.i += 1;
                    return Json::Arr(v);
                }
                loop {
                    v.push(self.value());
                    self.ws();
                    self.i += 1;
                    if self.s[self.i - 1] == b']' {
                        return Json::Arr(v);
                    }
                }
            }
            b'"' => {
                let start = self.i + 1;
                self.i = start;
                while self.s[self.i] != b'"' {
                    self.i += if self.s[self.i] == b'\\' { 2 } else { 1 };
                }
                self.i += 1;
                let raw = std::str::from_utf8(&self.s[start..self.i - 1]).unwrap();
                Json::Str(raw.replace("\\\"", "\"").replace("\\\\", "\\"))
            }
            b't' => self.word("true", Json::Bool(true)),
            b'f' => self.word("false", Json::Bool(false)),
            b'n' => self.word("null", Json::Null),
            _ => {
                let start = self.i;
                while self.i < self.s.len() && b"+-.eE0123456789".contains(&self.s[self.i]) {
                    self.i += 1;
                }
                Json::Num(std::str::from_utf8(&self.s[start..self.i]).unwrap().into())
            }
        }
    }

    fn word(&mut self, w: &str, v: Json) -> Json {
        assert!(self.s[self.i..].starts_with(w.as_bytes()));
        self.i += w.len();
        v
    }
}

impl Json {
    fn get(&self, k: &str) -> Option<&Json> {
        match self {
            Json::Obj(m) => m.get(k),
            _ => None,
        }
    }
    fn at(&self, k: &str) -> &Json {
        self.get(k).unwrap_or_else(|| panic!("missing key {k}"))
    }
    fn arr(&self) -> &[Json] {
        match self {
            Json::Arr(v) => v,
            other => panic!("not an array: {other:?}"),
        }
    }
    fn str(&self) -> &str {
        match self {
            Json::Str(s) => s,
            other => panic!("not a string: {other:?}"),
        }
    }
    /// A number (or "NaN"/"Infinity"/"-Infinity", or a bool) as a double.
    fn f64(&self) -> f64 {
        match self {
            Json::Num(t) => t.parse().unwrap(),
            Json::Bool(b) => *b as u8 as f64,
            Json::Str(s) if s == "NaN" => f64::NAN,
            Json::Str(s) if s == "Infinity" => f64::INFINITY,
            Json::Str(s) if s == "-Infinity" => f64::NEG_INFINITY,
            other => panic!("not a number: {other:?}"),
        }
    }
    /// An integer, exactly.
    fn i128(&self) -> i128 {
        match self {
            Json::Num(t) => t
                .parse()
                .unwrap_or_else(|_| t.parse::<f64>().unwrap() as i128),
            Json::Bool(b) => *b as i128,
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

fn array(spec: &Json) -> NdArray {
    let dtype = DType::from_name(spec.at("dtype").str()).unwrap();
    let shape: Vec<usize> = spec
        .at("shape")
        .arr()
        .iter()
        .map(|d| d.i128() as usize)
        .collect();
    let fortran = spec.get("order").is_some_and(|o| o.str() == "F");
    let mut bytes = Vec::new();
    if let Some(g) = spec.get("generator") {
        let seed = g.at("seed").i128() as u64;
        let scale = g.get("scale").map_or(1.0, Json::f64);
        let offset = g.get("offset").map_or(0.0, Json::f64);
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

fn run(case: &Json) -> bmp_core::Result<Outcome> {
    let a = array(case.at("input"));
    let number = |r: bmp_core::Result<f64>| r.map(Outcome::Number);
    let op = case.at("op").str();
    let binop = match op {
        "add" => Some(BinaryOp::Add),
        "sub" => Some(BinaryOp::Sub),
        "mul" => Some(BinaryOp::Mul),
        "div" => Some(BinaryOp::Div),
        _ => None,
    };
    if let Some(binop) = binop {
        let spec = case.at("operand");
        let b;
        let operand = if let Some(v) = spec.get("scalar") {
            let is_int = matches!(spec.at("isInt"), Json::Bool(true));
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
        "median" => number(kernels::median(&a)),
        "mean" => number(kernels::mean(&a)),
        "average" => number(kernels::average(&a)),
        "sum" => number(kernels::sum(&a)),
        "min" => number(kernels::min(&a)),
        "max" => number(kernels::max(&a)),
        "std" => number(kernels::std(&a, case.at("ddof").f64())),
        "astype" => {
            let dtype = DType::from_name(case.at("dtype").str()).unwrap();
            kernels::astype(&a, dtype).map(Outcome::Array)
        }
        other => panic!("unknown op {other}"),
    }
}

/// Checks one case; returns a description of the mismatch, if any.
fn check(case: &Json) -> Option<String> {
    let expected = case.at("expected");
    let got = run(case);
    match (expected.get("error"), got) {
        (Some(e), Err(err)) if err.to_string().contains(e.str()) => None,
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

fn fixtures() -> Json {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../__test__/fixtures/kernels.json"
    );
    let text = std::fs::read(path).expect("kernels.json (run scripts/make_kernel_fixtures.py)");
    Parser { s: &text, i: 0 }.value()
}

fn check_all(list: &str) {
    let doc = fixtures();
    let cases = doc.at(list).arr();
    assert!(!cases.is_empty());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| check(c).map(|m| format!("{}: {m}", c.at("name").str())))
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
