//! Every numpy toolkit case (`scripts/fixtures/numpy_toolkit.py`, output in
//! `target/fixtures/numpy_toolkit`) through the core: dtype, shape and
//! elements must be numpy's — bit for bit (NaN equal to NaN), or within N
//! ulps for cases marked `ulpN` (numpy's SIMD exp/log/pow are not
//! correctly rounded; libm's nearly are).

use std::collections::BTreeMap;

use bmp_core::kernels::axis::{reduce, Reduction};
use bmp_core::kernels::elementwise::{
    binary_op, clip_op, unary_op, where_op, Arg, BinOp, Out, OutBuf, UnOp,
};
use bmp_core::kernels::{astype, select, shape, slice, Scalar};
use bmp_core::npy::read_npy_bytes;
use bmp_core::{ArrayView, DType, NdArray};

const DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../target/fixtures/numpy_toolkit"
);

enum Input {
    Array(NdArray),
    Scalar(Scalar),
}

fn array_at(bundle: &[u8], r: &str) -> NdArray {
    let (off, len) = r[1..].split_once('+').expect("array reference");
    let (off, len): (usize, usize) = (off.parse().unwrap(), len.parse().unwrap());
    read_npy_bytes(&bundle[off..off + len]).expect("fixture array")
}

fn input(bundle: &[u8], t: &str) -> Input {
    if let Some(v) = t.strip_prefix("i:") {
        Input::Scalar(Scalar {
            value: v.parse().unwrap(),
            is_int: true,
        })
    } else if let Some(v) = t.strip_prefix("f:") {
        Input::Scalar(Scalar {
            value: v
                .replace("inf", "Infinity")
                .parse::<f64>()
                .unwrap_or_else(|_| v.parse().unwrap()),
            is_int: false,
        })
    } else {
        Input::Array(array_at(bundle, t))
    }
}

fn arg(i: &Input) -> Arg<'_> {
    match i {
        Input::Array(a) => Arg::Array(a),
        Input::Scalar(s) => Arg::Scalar(*s),
    }
}

fn arr(i: &Input) -> &NdArray {
    match i {
        Input::Array(a) => a,
        Input::Scalar(_) => panic!("expected an array input"),
    }
}

fn list(p: &BTreeMap<&str, &str>, k: &str) -> Option<Vec<i64>> {
    p.get(k)
        .filter(|v| **v != "none")
        .map(|v| v.split(',').map(|x| x.parse().unwrap()).collect())
}

fn scalar(v: Option<&&str>) -> Option<Scalar> {
    let v = v.filter(|v| **v != "none")?;
    let is_int = !v.contains(['.', 'e', 'E']) && !v.contains("inf") && !v.contains("nan");
    Some(Scalar {
        value: v.parse().unwrap(),
        is_int,
    })
}

fn run(op: &str, p: &BTreeMap<&str, &str>, ins: &[Input]) -> bmp_core::Result<NdArray> {
    let a = || arr(&ins[0]);
    let aa = || Arg::Array(arr(&ins[0]));
    let (kind, name) = op.split_once(':').unwrap_or((op, ""));
    // A list of q is one reduction per q, each the plural kind (float64 math).
    let many = p.get("q").is_some_and(|q| q.contains(','));
    let plural = format!("{name}s");
    let name = if many { plural.as_str() } else { name };
    let some = |r: bmp_core::Result<Option<NdArray>>| r.map(|o| o.expect("a new array"));
    let num = |k: &str| p.get(k).map_or(0.0, |v| v.parse::<f64>().unwrap());
    let keep = || p.get("keepdims") == Some(&"1");
    match kind {
        "binary" => some(binary_op(aa(), name.parse()?, arg(&ins[1]), Out::New)),
        // numpy's `2 - a`: the scalar is the left operand.
        "rbinary" => some(binary_op(
            arg(&ins[0]),
            name.parse()?,
            arg(&ins[1]),
            Out::New,
        )),
        "clipArray" => some(clip_op(
            aa(),
            Some(arg(&ins[1])),
            ins.get(2).map(arg),
            Out::New,
        )),
        "average" => average(a(), arr(&ins[1]), list(p, "axis"), keep()),
        "unary" => some(unary_op(aa(), name.parse()?, Out::New)),
        "round" => some(unary_op(
            aa(),
            UnOp::Round(num("decimals") as i32),
            Out::New,
        )),
        "clip" => some(unary_op(
            aa(),
            UnOp::Clip(scalar(p.get("min")), scalar(p.get("max"))),
            Out::New,
        )),
        "where" => some(where_op(aa(), arg(&ins[1]), arg(&ins[2]), Out::New)),
        "mask" => select::mask(a(), arr(&ins[1])),
        "reduce" => {
            let axes = list(p, "axis");
            let one =
                |param: f64| reduce(a(), Reduction::parse(name, param)?, axes.as_deref(), keep());
            match p.get("q") {
                // A list of q: one result per q along a new first axis (as the TS API).
                Some(q) if q.contains(',') => {
                    let parts = q
                        .split(',')
                        .map(|x| one(x.parse().unwrap()))
                        .collect::<bmp_core::Result<Vec<_>>>()?;
                    shape::stack(&parts.iter().collect::<Vec<_>>(), 0)
                }
                Some(_) => one(num("q")),
                None => one(num("ddof")),
            }
        }
        "shape" => match name {
            "ravel" => shape::ravel(a()),
            "copy" => shape::copy(a()),
            "transpose" => shape::transpose(a(), list(p, "axes").as_deref()),
            "flip" => shape::flip(a(), list(p, "axis").as_deref()),
            "squeeze" => shape::squeeze(a(), list(p, "axis").as_deref()),
            "expandDims" => shape::expand_dims(a(), &list(p, "axis").unwrap()),
            "reshape" => shape::reshape(a(), &list(p, "shape").unwrap()),
            "rot90" => {
                let ax = list(p, "axes").unwrap();
                shape::rot90(a(), num("k") as i64, (ax[0], ax[1]))
            }
            _ => panic!("unknown shape op {name}"),
        },
        "concatenate" | "stack" => {
            let refs: Vec<&NdArray> = ins.iter().map(arr).collect();
            let ax = num("axis") as i64;
            if kind == "stack" {
                shape::stack(&refs, ax)
            } else {
                shape::concatenate(&refs, ax)
            }
        }
        "slice" => slice::slice(a(), &slice::parse(&p["spec"].replace('|', ","))?),
        "setSlice" => {
            let mut b = shape::copy(a())?;
            slice::set_slice(
                OutBuf::of(&mut b),
                &slice::parse(&p["spec"].replace('|', ","))?,
                arg(&ins[1]),
            )?;
            Ok(b)
        }
        _ => panic!("unknown fixture op {op}"),
    }
}

/// numpy's weighted `average` from the core's kernels, step for step as the
/// TypeScript API composes it (weights of another shape laid along `axis`;
/// `sum(a * w) / sum(w)` in the result dtype; zero weights refused).
fn average(
    a: &NdArray,
    w: &NdArray,
    axes: Option<Vec<i64>>,
    keep: bool,
) -> bmp_core::Result<NdArray> {
    let keeps32 = [
        DType::Bool,
        DType::Int8,
        DType::UInt8,
        DType::Int16,
        DType::UInt16,
        DType::Float32,
    ];
    let rd = if a.dtype() == DType::Float32 && keeps32.contains(&w.dtype()) {
        DType::Float32
    } else {
        DType::Float64
    };
    let nd = a.shape().len() as i64;
    let mut w = w.clone();
    if w.shape() != a.shape() {
        let axes = axes
            .clone()
            .ok_or_else(|| bmp_core::Error::invalid("no axis"))?;
        let norm: Vec<i64> = axes
            .iter()
            .map(|&x| if x < 0 { x + nd } else { x })
            .collect();
        let mut order: Vec<i64> = (0..norm.len() as i64).collect();
        order.sort_by_key(|&i| norm[i as usize]);
        w = shape::transpose(&w, Some(&order))?;
        let dims: Vec<i64> = (0..nd)
            .map(|ax| {
                if norm.contains(&ax) {
                    a.shape()[ax as usize] as i64
                } else {
                    1
                }
            })
            .collect();
        w = shape::reshape(&w, &dims)?;
    }
    let (x, w) = (astype(a, rd)?, astype(&w, rd)?);
    let new = |r: bmp_core::Result<Option<NdArray>>| r.map(|o| o.expect("a new array"));
    let prod = new(binary_op(
        Arg::Array(&x),
        BinOp::Mul,
        Arg::Array(&w),
        Out::New,
    ))?;
    let scl = reduce(&w, Reduction::Sum, axes.as_deref(), keep)?;
    let total = reduce(&prod, Reduction::Sum, axes.as_deref(), keep)?;
    if values(&scl).contains(&0.0) {
        return Err(bmp_core::Error::invalid("Weights sum to zero"));
    }
    new(binary_op(
        Arg::Array(&total),
        BinOp::Div,
        Arg::Array(&scl),
        Out::New,
    ))
}

/// Float elements as doubles, in C order.
fn values(a: &NdArray) -> Vec<f64> {
    let c = shape::copy(a).unwrap();
    match c.view() {
        ArrayView::Float32(s) => s.iter().map(|&x| x as f64).collect(),
        ArrayView::Float64(s) => s.to_vec(),
        _ => c.as_bytes().iter().map(|&b| b as f64).collect(),
    }
}

fn ulps(x: f64, y: f64, f32_: bool) -> u64 {
    if (x.is_nan() && y.is_nan()) || x.to_bits() == y.to_bits() {
        return 0;
    }
    if !x.is_finite() || !y.is_finite() {
        return u64::MAX;
    }
    let key = |v: f64| -> i128 {
        if f32_ {
            let b = (v as f32).to_bits() as i32;
            (if b < 0 { i32::MIN - b } else { b }) as i128
        } else {
            let b = v.to_bits() as i64;
            (if b < 0 { i64::MIN - b } else { b }) as i128
        }
    };
    (key(x) - key(y)).unsigned_abs() as u64
}

fn compare(got: &NdArray, want: &NdArray, tol: &str) -> Option<String> {
    if got.dtype() != want.dtype() || got.shape() != want.shape() {
        return Some(format!(
            "{} {:?}, numpy {} {:?}",
            got.dtype(),
            got.shape(),
            want.dtype(),
            want.shape()
        ));
    }
    let f32_ = got.dtype() == bmp_core::DType::Float32;
    if got.dtype().is_float() {
        let (g, w) = (values(got), values(want));
        let limit = tol.strip_prefix("ulp").map_or(0, |n| n.parse().unwrap());
        for (i, (x, y)) in g.iter().zip(&w).enumerate() {
            if ulps(*x, *y, f32_) > limit {
                return Some(format!("element {i}: {x:?}, numpy {y:?}"));
            }
        }
        return None;
    }
    let g = shape::copy(got).unwrap();
    (g.as_bytes() != want.as_bytes()).then(|| "elements differ".to_string())
}

/// The same binary or unary operation written into a copy of its first
/// operand (numpy's `out=a`, in place), where numpy's result fits it exactly.
fn in_place(op: &str, ins: &[Input], want: &NdArray, tol: &str) -> Option<String> {
    let (kind, name) = op.split_once(':')?;
    let Input::Array(a) = &ins[0] else {
        return None;
    };
    if a.dtype() != want.dtype() || a.shape() != want.shape() || !matches!(kind, "binary" | "unary")
    {
        return None;
    }
    let mut b = a.clone();
    let r = match kind {
        "binary" => binary_op(
            Arg::Out,
            name.parse().ok()?,
            arg(&ins[1]),
            Out::Into(OutBuf::of(&mut b)),
        ),
        _ => unary_op(Arg::Out, name.parse().ok()?, Out::Into(OutBuf::of(&mut b))),
    };
    match r {
        Ok(None) => compare(&b, want, tol).map(|w| format!("in place: {w}")),
        Ok(Some(_)) => Some("in place: returned a new array".into()),
        Err(e) => Some(format!("in place: error {e}")),
    }
}

#[test]
fn numpy_toolkit_cases() {
    let cases = std::fs::read_to_string(format!("{DIR}/cases.txt"))
        .unwrap_or_else(|_| panic!("missing {DIR}/cases.txt: run npm run fixtures"));
    let bundle =
        std::fs::read(format!("{DIR}/arrays.bin")).expect("arrays.bin: run npm run fixtures");
    let (mut failures, mut count) = (Vec::new(), 0);
    for line in cases.lines().filter(|l| !l.is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        let (id, op, params, inputs, expect, tol) = (f[0], f[1], f[2], f[3], f[4], f[5]);
        let p: BTreeMap<&str, &str> = if params == "-" {
            BTreeMap::new()
        } else {
            params
                .split(';')
                .map(|kv| kv.split_once('=').unwrap())
                .collect()
        };
        let ins: Vec<Input> = inputs.split(',').map(|t| input(&bundle, t)).collect();
        count += 1;
        let why = match (run(op, &p, &ins), expect) {
            (Err(_), "error") => None,
            (Err(e), _) => Some(format!("error {e}")),
            (Ok(_), "error") => Some("numpy raised, we did not".into()),
            (Ok(got), r) => {
                let want = array_at(&bundle, r);
                compare(&got, &want, tol).or_else(|| in_place(op, &ins, &want, tol))
            }
        };
        if let Some(w) = why {
            failures.push(format!("{id} {op} {params} {inputs}: {w}"));
        }
    }
    assert!(count > 10_000, "only {count} cases");
    assert!(
        failures.is_empty(),
        "{} of {count} cases differ from numpy:\n{}",
        failures.len(),
        failures
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
