//! The malformed-file corpus (scripts/make_malformed_npy.py): each file gives
//! its own named, specific error, none panics, and none allocates what its
//! header merely claims. fixtures/malformed/README.md lists the exact
//! messages; run with BMP_BLESS=1 to rewrite it after an intended change.

use std::fs;
use std::panic::catch_unwind;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bmp_core::npy::{parse_header, read_npy, read_npy_bytes};
use bmp_core::Error;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/malformed")
}

/// (file, case, phrase) from CASES.tsv.
fn cases() -> Vec<(String, String, String)> {
    let text = fs::read_to_string(dir().join("CASES.tsv")).unwrap();
    let cases: Vec<_> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].to_string(), f[1].to_string(), f[2].to_string())
        })
        .collect();
    assert!(cases.len() >= 20, "only {} cases", cases.len());
    cases
}

/// The file-specific message of reading `file`, checking it is a file error.
fn message_for(file: &str) -> String {
    let path = dir().join(file);
    let result =
        catch_unwind(|| read_npy(&path)).unwrap_or_else(|_| panic!("{file}: reader panicked"));
    match result {
        Err(Error::File { path: p, message }) => {
            assert_eq!(Path::new(&p), path, "{file}: error names another path");
            message
        }
        Err(other) => panic!("{file}: expected a file error, got {other:?}"),
        Ok(a) => panic!("{file}: read succeeded with shape {:?}", a.shape()),
    }
}

#[test]
fn each_case_gives_its_specific_error() {
    for (file, _, phrase) in cases() {
        let message = message_for(&file);
        assert!(
            message.contains(&phrase),
            "{file}: {message:?} lacks {phrase:?}"
        );
        // The in-memory parser says the same, naming <memory>.
        let bytes = fs::read(dir().join(&file)).unwrap();
        let mem = parse_header(&bytes).unwrap_err().to_string();
        assert_eq!(mem, format!("<memory>: {message}"), "{file}");
        assert!(read_npy_bytes(&bytes).is_err());
    }
}

fn readme_row(file: &str, case: &str, message: &str) -> String {
    let cell = |s: &str| s.replace('|', "\\|");
    format!("| {} | `{file}` | `{}` |", cell(case), cell(message))
}

#[test]
fn readme_table_holds_the_exact_messages() {
    let rows: Vec<String> = cases()
        .iter()
        .map(|(file, case, _)| readme_row(file, case, &message_for(file)))
        .collect();
    let readme = dir().join("README.md");
    if std::env::var_os("BMP_BLESS").is_some() {
        let text = format!(
            "# Malformed .npy corpus\n\n\
             Made by `scripts/make_malformed_npy.py`; checked by `crates/core/tests/npy_malformed.rs`\n\
             (which regenerates this table with `BMP_BLESS=1`). Each file must be refused with\n\
             exactly this message, prefixed by the file's path and `: `. None may panic, and\n\
             none may allocate more than the file holds (`huge_claim.npy` claims 10^12 bytes).\n\n\
             | case | file | error |\n|---|---|---|\n{}\n",
            rows.join("\n")
        );
        fs::write(&readme, text).unwrap();
    }
    let text = fs::read_to_string(&readme).unwrap();
    for row in rows {
        assert!(
            text.contains(&row),
            "README.md lacks or differs for:\n{row}\n(rerun with BMP_BLESS=1)"
        );
    }
}

#[test]
fn a_huge_claim_fails_fast_without_allocating() {
    // 10^12 elements promised by a 144-byte file: refused by the size check
    // before any buffer exists (an attempt to allocate would abort or swap).
    let start = Instant::now();
    let message = message_for("huge_claim.npy");
    assert!(message.contains("1000000000000"), "{message}");
    assert!(start.elapsed() < Duration::from_secs(1));
}

#[test]
fn every_truncation_and_byte_flip_of_a_good_file_is_an_error_not_a_panic() {
    let good = fs::read(dir().join("../npy/fortran_i2_be.npy")).unwrap();
    for len in 0..good.len() {
        let cut = &good[..len];
        let r = catch_unwind(|| read_npy_bytes(cut)).expect("panic on truncation");
        assert!(r.is_err(), "truncated to {len} bytes yet read");
    }
    let header_len = 128; // the data starts here
    for i in 0..header_len {
        for v in [0u8, b' ', b'\'', b'(', b'-', b'9', 0xff] {
            let mut bad = good.clone();
            bad[i] = v;
            catch_unwind(|| {
                let _ = read_npy_bytes(&bad);
            })
            .unwrap_or_else(|_| panic!("panic with byte {i} set to {v:#x}"));
        }
    }
}
