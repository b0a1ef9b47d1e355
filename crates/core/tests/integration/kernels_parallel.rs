//! Kernels on arrays large enough to take the parallel paths: median against
//! a sort-based reference on awkward distributions, results independent of
//! the thread count, chunked arithmetic and mixed memory orders.

use bmp_core::kernels::{self, BinaryOp, Operand, Scalar};
use bmp_core::{DType, NdArray};

/// Doubles in [0, 1) from a 64-bit LCG (the fixture generator).
fn uniform(seed: u64, n: usize) -> Vec<f64> {
    let mut state = seed;
    (0..n)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 11) as f64 * (1.0 / 9007199254740992.0)
        })
        .collect()
}

/// numpy's median by sorting: the middle value, or `0 + (lo + hi)` over 2.
fn sorted_median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = s.len();
    if n % 2 == 1 {
        0.0 + s[n / 2]
    } else {
        (0.0 + (s[n / 2 - 1] + s[n / 2])) / 2.0
    }
}

fn f64_array(v: &[f64]) -> NdArray {
    NdArray::from_slice(v, &[v.len()]).unwrap()
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}

#[test]
fn median_equals_sorting_on_awkward_data() {
    let u = uniform(1, 400_001);
    let mut cases: Vec<(&str, Vec<f64>)> = vec![
        ("uniform odd", u.clone()),
        ("uniform even", u[..400_000].to_vec()),
        (
            "normal-ish around 5",
            u.chunks(4).map(|c| c.iter().sum::<f64>() + 3.0).collect(),
        ),
        ("constant", vec![2.5; 300_000]),
        (
            "signed zeros",
            u.iter()
                .map(|&x| if x < 0.5 { -0.0 } else { 0.0 })
                .collect(),
        ),
    ];
    // 99% in a tiny interval, 1% spread over the whole double range: the
    // first histogram leaves a huge bucket that must be refined again.
    let concentrated = u
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            if i % 100 == 0 {
                (x - 0.5) * 1e300
            } else {
                5.0 + x * 1e-9
            }
        })
        .collect();
    cases.push(("concentrated with outliers", concentrated));
    // Even length with the two middle values far apart: the middle ranks
    // fall in different buckets.
    let split = (0..300_000)
        .map(|i| {
            if i % 2 == 0 {
                u[i]
            } else {
                1e200 * (1.0 + u[i])
            }
        })
        .collect();
    cases.push(("two far clusters, even", split));
    let with_inf = u
        .iter()
        .map(|&x| if x < 0.3 { f64::NEG_INFINITY } else { x })
        .collect();
    cases.push(("infinities", with_inf));
    for (name, v) in &cases {
        let got = kernels::median(&f64_array(v)).unwrap();
        let want = sorted_median(v);
        assert_eq!(got.to_bits(), want.to_bits(), "{name}: {got} vs {want}");
    }
}

#[test]
fn median_of_integers_and_float32() {
    let u = uniform(2, 250_000);
    let i16s: Vec<i16> = u.iter().map(|&x| (x * 2000.0 - 1000.0) as i16).collect();
    let i64s: Vec<i64> = u.iter().map(|&x| ((x - 0.5) * 9e18) as i64).collect();
    let u8s: Vec<u8> = u.iter().map(|&x| (x * 256.0) as u8).collect();
    let f32s: Vec<f32> = u.iter().map(|&x| (x * 100.0) as f32).collect();
    let check = |a: NdArray, as_f64: Vec<f64>| {
        let got = kernels::median(&a).unwrap();
        assert_eq!(got, sorted_median(&as_f64), "{}", a.dtype());
    };
    check(
        NdArray::from_slice(&i16s, &[250_000]).unwrap(),
        i16s.iter().map(|&x| x as f64).collect(),
    );
    check(
        NdArray::from_slice(&i64s, &[500, 500]).unwrap(),
        i64s.iter().map(|&x| x as f64).collect(),
    );
    check(
        NdArray::from_slice(&u8s[..249_999], &[249_999]).unwrap(),
        u8s[..249_999].iter().map(|&x| x as f64).collect(),
    );
    // float32: the two middle values are added in float32, as numpy does.
    let a = NdArray::from_slice(&f32s, &[250_000]).unwrap();
    let mut s = f32s.clone();
    s.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let want = ((s[124_999] + s[125_000]) as f64 / 2.0) as f32 as f64;
    assert_eq!(kernels::median(&a).unwrap(), want);
}

#[test]
fn a_nan_anywhere_makes_median_mean_std_min_max_nan() {
    let mut v = uniform(3, 200_000);
    v[199_999] = f64::NAN;
    let a = f64_array(&v);
    assert!(kernels::median(&a).unwrap().is_nan());
    assert!(kernels::mean(&a).unwrap().is_nan());
    assert!(kernels::std(&a, 0.0).unwrap().is_nan());
    assert!(kernels::min(&a).unwrap().is_nan());
    assert!(kernels::max(&a).unwrap().is_nan());
    v[199_999] = -f64::NAN;
    assert!(kernels::median(&f64_array(&v)).unwrap().is_nan());
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let v: Vec<f64> = uniform(4, 3_000_001)
        .iter()
        .map(|&x| x * 1e3 - 300.0)
        .collect();
    let a = f64_array(&v);
    let ints: Vec<i32> = v.iter().map(|&x| (x * 1e5) as i32).collect();
    let b = NdArray::from_slice(&ints, &[ints.len()]).unwrap();
    let run = |threads| {
        pool(threads).install(|| {
            [
                kernels::median(&a).unwrap(),
                kernels::mean(&a).unwrap(),
                kernels::sum(&a).unwrap(),
                kernels::std(&a, 1.0).unwrap(),
                kernels::min(&a).unwrap(),
                kernels::mean(&b).unwrap(),
                kernels::median(&b).unwrap(),
            ]
            .map(f64::to_bits)
        })
    };
    assert_eq!(run(1), run(2));
    assert_eq!(run(2), run(3));
    assert_eq!(
        kernels::median(&a).unwrap(),
        sorted_median(&v),
        "median on the default pool"
    );
}

#[test]
fn chunked_arithmetic_matches_elementwise() {
    let n = 300_003;
    let u = uniform(5, n);
    let i16s: Vec<i16> = u.iter().map(|&x| (x * 60000.0 - 30000.0) as i16).collect();
    let f32s: Vec<f32> = u.iter().map(|&x| x as f32).collect();
    let a = NdArray::from_slice(&i16s, &[n]).unwrap();
    let b = NdArray::from_slice(&f32s, &[n]).unwrap();
    let r = kernels::binary(&a, BinaryOp::Mul, Operand::Array(&b)).unwrap();
    assert_eq!(r.dtype(), DType::Float32);
    let want: Vec<f32> = i16s
        .iter()
        .zip(&f32s)
        .map(|(&x, &y)| x as f32 * y)
        .collect();
    assert_eq!(r.typed::<f32>().unwrap(), &want[..]);
    let s = Scalar {
        value: 7.0,
        is_int: true,
    };
    let r = kernels::binary(&a, BinaryOp::Add, Operand::Scalar(s)).unwrap();
    let want: Vec<i16> = i16s.iter().map(|&x| x.wrapping_add(7)).collect();
    assert_eq!(r.typed::<i16>().unwrap(), &want[..]);
    let c = kernels::astype(&a, DType::UInt8).unwrap();
    let want: Vec<u8> = i16s.iter().map(|&x| x as u8).collect();
    assert_eq!(c.typed::<u8>().unwrap(), &want[..]);
    let f = kernels::full(&[n], -2.0, DType::Int8).unwrap();
    assert!(f.typed::<i8>().unwrap().iter().all(|&x| x == -2));
}

#[test]
fn orders_are_kept_or_reconciled() {
    // Logical [[0, 1, 2], ...] of shape (300, 400); F holds it column-major.
    let (rows, cols) = (300, 400);
    let logical: Vec<f64> = (0..rows * cols).map(|i| i as f64).collect();
    let mut fortran_bytes = Vec::with_capacity(rows * cols);
    for j in 0..cols {
        for i in 0..rows {
            fortran_bytes.push(logical[i * cols + j]);
        }
    }
    let c = NdArray::from_slice(&logical, &[rows, cols]).unwrap();
    let f = NdArray::from_bytes(
        DType::Float64,
        &[rows, cols],
        true,
        bytemuck::cast_slice(&fortran_bytes),
    )
    .unwrap();
    let one = Operand::Scalar(Scalar {
        value: 1.0,
        is_int: true,
    });
    let f1 = kernels::binary(&f, BinaryOp::Add, one).unwrap();
    assert!(f1.is_fortran_order(), "a Fortran array stays Fortran");
    let ff = kernels::binary(&f, BinaryOp::Mul, Operand::Array(&f)).unwrap();
    assert!(ff.is_fortran_order());
    // Mixed orders: numpy returns C order; element (i, j) pairs with (i, j).
    for (x, y) in [(&f, &c), (&c, &f)] {
        let r = kernels::binary(x, BinaryOp::Sub, Operand::Array(y)).unwrap();
        assert!(!r.is_fortran_order());
        assert!(r.typed::<f64>().unwrap().iter().all(|&d| d == 0.0));
    }
    let r = kernels::binary(&c, BinaryOp::Add, Operand::Array(&f)).unwrap();
    assert_eq!(r.get_f64(&[2, 3]).unwrap(), 2.0 * logical[2 * cols + 3]);
    let g = kernels::astype(&f, DType::Float32).unwrap();
    assert!(g.is_fortran_order());
    assert_eq!(g.get_f64(&[7, 9]).unwrap(), logical[7 * cols + 9]);
}
