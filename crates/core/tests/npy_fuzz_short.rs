//! A short, deterministic fuzz run for `cargo test`: a few thousand inputs
//! made by mutating the committed fixtures and by generating headers from a
//! small grammar, each checked with the very properties the long cargo-fuzz
//! run checks (`fuzz/src/oracles.rs`, `fuzz/src/alloc_bound.rs`): no panic,
//! a bounded file error naming the source, agreement between parser and
//! reader, exact data, a clean round trip, and no allocation beyond a small
//! multiple of the input's size. See fuzz/README.md for the long run.

#[path = "../../../fuzz/src/alloc_bound.rs"]
mod alloc_bound;
#[path = "../../../fuzz/src/oracles.rs"]
mod oracles;
#[path = "../../../fuzz/src/rng.rs"]
mod rng;

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::Mutex;

use alloc_bound::{with_allocation_bound, TrackingAlloc};
use oracles::{check_literal, check_parse_header, check_read_npy_bytes};
use rng::Rng;

#[global_allocator]
static ALLOC: TrackingAlloc = TrackingAlloc;

/// The allocation record is process-wide: one bounded section at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn fixtures() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files = Vec::new();
    for dir in ["npy", "npy/resave", "malformed"] {
        let mut paths: Vec<_> = fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "npy"))
            .collect();
        paths.sort();
        files.extend(paths.iter().map(|p| fs::read(p).unwrap()));
    }
    assert!(files.len() > 50, "only {} fixtures", files.len());
    files
}

const TOKENS: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ",",
    ":",
    "'",
    "\"",
    "\\",
    "\\x4",
    "\\u00e9",
    "True",
    "False",
    "None",
    "'descr'",
    "'shape'",
    "'fortran_order'",
    "'<f8'",
    "'>i2'",
    "'|O'",
    "-1",
    "0",
    "18446744073709551616",
    "4294967296",
    "1_0",
    "7L",
    "\n",
    "\u{e9}",
    "\u{1F600}",
];

/// One random edit of `data`.
fn mutate(rng: &mut Rng, data: &mut Vec<u8>) {
    let len = data.len();
    match rng.below(8) {
        0 if len > 0 => data[rng.below(len)] ^= 1 << rng.below(8),
        1 if len > 0 => data[rng.below(len)] = *rng.pick(&[0, 0xff, b' ', b'\'', b'(', b'-']),
        2 => data.truncate(rng.below(len + 1)),
        3 if len > 0 => {
            let at = rng.below(len);
            let end = (at + 1 + rng.below(16)).min(len);
            data.drain(at..end);
        }
        4 => {
            let at = rng.below(len + 1);
            let token = rng.pick(TOKENS).as_bytes();
            data.splice(at..at, token.iter().copied());
        }
        5 if len >= 12 => {
            // The header length field (2 or 4 bytes at offset 8).
            let v: u32 = *rng.pick(&[0, 1, 0xffff, 0xffff_ffff, 10_001, 40_001]);
            let n = if data[6] == 1 { 2 } else { 4 };
            data[8..8 + n].copy_from_slice(&v.to_le_bytes()[..n]);
        }
        6 if len >= 8 => data[6] = *rng.pick(&[0, 1, 2, 3, 4, 0xff]),
        _ => data.extend((0..rng.below(64)).map(|_| rng.next() as u8)),
    }
}

/// Mostly a plausible choice (`good`), sometimes a hostile one (`bad`).
fn choose<'a>(rng: &mut Rng, good: &[&'a str], bad: &[&'a str]) -> &'a str {
    let items = if rng.below(5) == 0 { bad } else { good };
    items[rng.below(items.len())]
}

/// A header dict from a small grammar, mostly plausible, sometimes hostile,
/// and the number of data bytes it needs when that is easy to tell.
fn dict_text(rng: &mut Rng) -> (String, Option<usize>) {
    let good_descrs = [
        "'<f8'", "'>f4'", "'|u1'", "'|b1'", "'<i8'", "'>u2'", "'=i4'", "'f8'",
    ];
    let bad_descrs = [
        "'<f2'",
        "'|O'",
        "'<c16'",
        "'<U5'",
        "'<M8[ns]'",
        "''",
        "'<f+8'",
        "[('x', '<f8')]",
        "3",
        "None",
        "'\\xe9'",
    ];
    let descr = choose(rng, &good_descrs, &bad_descrs);
    let itemsize = descr
        .trim_end_matches('\'')
        .chars()
        .last()
        .and_then(|c| c.to_digit(10));
    let fortran = choose(rng, &["True", "False"], &["0", "1", "'False'", "None"]);
    let good_dims = ["0", "1", "2", "3", "7", "1_0", "3L"];
    let bad_dims = [
        "-1",
        "4294967296",
        "9223372036854775807",
        "18446744073709551616",
        "'2'",
        "True",
    ];
    let dims: Vec<&str> = (0..rng.below(5))
        .map(|_| choose(rng, &good_dims, &bad_dims))
        .collect();
    let shape = match (rng.below(10), dims.len()) {
        (0, _) => format!("[{}]", dims.join(", ")),
        (_, 1) => format!("({},)", dims[0]),
        _ => format!("({})", dims.join(", ")),
    };
    let need = itemsize.and_then(|size| {
        dims.iter().try_fold(size as usize, |acc, d| {
            let d = d
                .trim_end_matches('L')
                .replace('_', "")
                .parse::<usize>()
                .ok()?;
            acc.checked_mul(d).filter(|&n| n < 1 << 16)
        })
    });
    let mut entries = vec![
        format!("'descr': {descr}"),
        format!("'fortran_order': {fortran}"),
        format!("'shape': {shape}"),
    ];
    match rng.below(12) {
        0 => {
            entries.remove(rng.below(3));
        }
        1 => entries.push("'extra': 1".into()),
        2 => entries.swap(0, 2),
        _ => {}
    }
    let pad = " ".repeat(rng.below(40));
    (format!("{{{}, }}{pad}\n", entries.join(", ")), need)
}

/// A whole file: preamble of a random version around a generated dict, and
/// usually exactly as many data bytes as the shape needs.
fn generated_file(rng: &mut Rng) -> Vec<u8> {
    let (text, need) = dict_text(rng);
    let version = *rng.pick(&[1u8, 1, 1, 2, 3, 4]);
    let mut out = b"\x93NUMPY".to_vec();
    out.extend([version, 0]);
    let len = u32::try_from(text.len()).unwrap();
    if version == 1 {
        out.extend(&u16::try_from(len).unwrap().to_le_bytes());
    } else {
        out.extend(&len.to_le_bytes());
    }
    out.extend(text.as_bytes());
    let data_len = match need {
        Some(n) if rng.below(4) != 0 => n,
        Some(n) => n.saturating_sub(1 + rng.below(8)),
        None => *rng.pick(&[0usize, 1, 8, 64, 200]),
    };
    out.extend((0..data_len).map(|_| rng.next() as u8));
    out
}

/// Runs `check` on `input` under the allocation bound, naming the input on failure.
fn run(what: &str, input: &[u8], check: impl Fn(&[u8])) {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        with_allocation_bound(input.len(), || check(input))
    }));
    if let Err(panic) = outcome {
        let msg = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        panic!("{what}: {msg}\ninput ({} bytes): {input:?}", input.len());
    }
}

#[test]
fn mutated_fixtures_are_read_or_refused_cleanly() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let seeds = fixtures();
    let mut rng = Rng(0x5eed_0001);
    for i in 0..3000 {
        let mut data = rng.pick(&seeds).clone();
        for _ in 0..1 + rng.below(4) {
            mutate(&mut rng, &mut data);
        }
        run(&format!("mutant {i}"), &data, check_read_npy_bytes);
        run(&format!("mutant {i}"), &data, check_parse_header);
    }
}

#[test]
fn generated_headers_are_read_or_refused_cleanly() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let mut rng = Rng(0x5eed_0002);
    let mut accepted = 0;
    for i in 0..3000 {
        let mut data = generated_file(&mut rng);
        if rng.below(3) == 0 {
            mutate(&mut rng, &mut data);
        }
        run(&format!("generated {i}"), &data, check_read_npy_bytes);
        accepted += usize::from(bmp_core::npy::read_npy_bytes(&data).is_ok());
    }
    // The grammar must reach the success path too, not only refusals.
    assert!(accepted > 100, "only {accepted} generated files were valid");
}

#[test]
fn generated_literals_parse_or_fail_cleanly() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let mut rng = Rng(0x5eed_0003);
    for i in 0..3000 {
        let mut text = dict_text(&mut rng).0.into_bytes();
        for _ in 0..rng.below(3) {
            mutate(&mut rng, &mut text);
        }
        if let Ok(text) = std::str::from_utf8(&text) {
            run(&format!("literal {i}"), text.as_bytes(), |b| {
                check_literal(std::str::from_utf8(b).unwrap())
            });
        }
    }
}

#[test]
fn a_long_descr_gives_a_bounded_message() {
    // Found while validating the fuzz oracles: the descr was quoted whole, so
    // a 10000-character header gave an error message as long.
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let text = format!(
        "{{'descr': '{}', 'fortran_order': False, 'shape': (1,), }}\n",
        "x".repeat(2000)
    );
    let mut data = b"\x93NUMPY\x01\x00".to_vec();
    data.extend(&u16::try_from(text.len()).unwrap().to_le_bytes());
    data.extend(text.as_bytes());
    data.extend([0u8; 8]);
    run("long descr", &data, check_read_npy_bytes);
}

#[test]
fn a_zero_dimension_beside_overflowing_ones_is_refused() {
    // Found by the generated headers above: the header check accepted
    // (2**63-1, 10, 10, 0) as empty, but building the array then failed
    // (and NdArray::size would overflow). numpy refuses such a shape.
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let header = |shape: &str| {
        let text = format!("{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}\n");
        let mut data = b"\x93NUMPY\x01\x00".to_vec();
        data.extend(&u16::try_from(text.len()).unwrap().to_le_bytes());
        data.extend(text.as_bytes());
        data
    };
    let bad = header("(9223372036854775807, 10, 10, 0)");
    run("zero dimension", &bad, check_read_npy_bytes);
    let err = bmp_core::npy::read_npy_bytes(&bad).unwrap_err().to_string();
    assert!(err.contains("has a zero dimension"), "{err}");
    let fine = header("(9223372036854775807, 1, 0)");
    run("zero dimension", &fine, check_read_npy_bytes);
    assert_eq!(bmp_core::npy::read_npy_bytes(&fine).unwrap().size(), 0);
}
