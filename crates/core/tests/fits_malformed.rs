//! The malformed FITS corpus (scripts/fixtures/fits_malformed.py, generated
//! under target/fixtures/fits_malformed by `npm run fixtures`): each file
//! gives its own named error (a phrase from CASES.tsv), none panics, and
//! none allocates beyond what its bytes can hold.

use std::fs;
use std::panic::catch_unwind;
use std::path::{Path, PathBuf};

use bmp_core::fits::{read_fits, read_fits_bytes, ReadOptions};
use bmp_core::Error;

fn dir() -> PathBuf {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/fixtures/fits_malformed");
    assert!(
        d.join("CASES.tsv").is_file(),
        "{} is missing: run `npm run fixtures` (scripts/fixtures/fits_malformed.py) first",
        d.display()
    );
    d
}

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

#[test]
fn each_case_gives_its_named_error() {
    let mut failures = Vec::new();
    for (file, what, phrase) in cases() {
        let path = dir().join(&file);
        let result = catch_unwind(|| read_fits(&path, &ReadOptions::default()))
            .unwrap_or_else(|_| panic!("{file} ({what}): the reader panicked"));
        let message = match result {
            Err(Error::File { path: p, message }) => {
                assert_eq!(Path::new(&p), path, "{file}: the error names another path");
                message
            }
            Err(other) => {
                failures.push(format!(
                    "{file} ({what}): expected a file error, got {other:?}"
                ));
                continue;
            }
            Ok(img) => {
                failures.push(format!(
                    "{file} ({what}): read succeeded, shape {:?}",
                    img.array.shape()
                ));
                continue;
            }
        };
        if !message.contains(&phrase) {
            failures.push(format!("{file} ({what}): {message:?} lacks {phrase:?}"));
            continue;
        }
        assert!(
            message.len() < 600,
            "{file}: message too long ({} bytes)",
            message.len()
        );
        // The in-memory reader gives the same message, naming <memory>.
        let bytes = fs::read(&path).unwrap();
        let mem = read_fits_bytes(&bytes, &ReadOptions::default())
            .unwrap_err()
            .to_string();
        assert_eq!(mem, format!("<memory>: {message}"), "{file}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
