//! The writer: byte-for-byte equal to numpy's `np.save` for the same array,
//! and written through a temporary file renamed into place.
//!
//! Big-endian fixtures are written back in native (little-endian) order, as
//! numpy does for a byteswapped copy (`a.astype('<f8')`); version 2.0/3.0
//! fixtures are written back as 1.0, as `np.save` chooses. MANIFEST.tsv names
//! the numpy file each one must equal.

use std::fs;
use std::path::{Path, PathBuf};

use bmp_core::npy::{is_temp_name, read_npy, write_npy, write_npy_to};
use bmp_core::{DType, NdArray};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/npy")
}

/// A fresh, empty directory for one test under Cargo's test scratch space.
fn scratch(tag: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("npy_write-{tag}"));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// (fixture, the numpy file writing it back must reproduce) from the manifest.
fn pairs() -> Vec<(String, String)> {
    fs::read_to_string(fixtures().join("MANIFEST.tsv"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].to_string(), f[5].to_string())
        })
        .collect()
}

#[test]
fn written_files_equal_numpys_byte_for_byte() {
    let out = scratch("bytes");
    let pairs = pairs();
    assert!(pairs.len() >= 30);
    for (fixture, expected) in pairs {
        let array = read_npy(&fixtures().join(&fixture)).unwrap();
        let target = out.join(&fixture);
        assert_eq!(write_npy(&target, &array).unwrap(), target);
        let want = fs::read(fixtures().join(&expected)).unwrap();
        assert!(
            fs::read(&target).unwrap() == want,
            "{fixture}: differs from numpy's {expected}"
        );
        let mut in_memory = Vec::new();
        write_npy_to(&mut in_memory, &array).unwrap();
        assert!(in_memory == want, "{fixture}: write_npy_to differs");
    }
    assert!(names_in(&out).iter().all(|n| !is_temp_name(n)));
}

#[test]
fn fortran_array_that_is_also_c_contiguous_is_written_as_c_order() {
    // numpy tests C-contiguity first, so a (1, 5) Fortran array is saved as C.
    let out = scratch("fortran-row");
    let a = NdArray::zeros_ordered(&[1, 5], DType::Float64, true).unwrap();
    let bytes = fs::read(write_npy(&out.join("row.npy"), &a).unwrap()).unwrap();
    let text = String::from_utf8_lossy(&bytes[10..128]).into_owned();
    assert!(
        text.contains("'fortran_order': False, 'shape': (1, 5), }"),
        "{text}"
    );
    let b = NdArray::zeros_ordered(&[2, 5], DType::Float64, true).unwrap();
    let bytes = fs::read(write_npy(&out.join("f.npy"), &b).unwrap()).unwrap();
    assert!(String::from_utf8_lossy(&bytes[..128]).contains("'fortran_order': True"));
}

#[test]
fn round_trip_through_the_reader() {
    let out = scratch("round-trip");
    for dtype in DType::ALL {
        for fortran in [false, true] {
            let mut a = NdArray::zeros_ordered(&[3, 4, 2], dtype, fortran).unwrap();
            for (i, b) in a.as_bytes_mut().iter_mut().enumerate() {
                *b = if dtype == DType::Bool {
                    (i % 2) as u8
                } else {
                    (i * 7 % 256) as u8
                };
            }
            let path = out.join(format!("{dtype}-{fortran}.npy"));
            let back = read_npy(&write_npy(&path, &a).unwrap()).unwrap();
            assert_eq!(back.as_bytes(), a.as_bytes());
            assert_eq!((back.dtype(), back.shape()), (dtype, &[3, 4, 2][..]));
            assert_eq!(back.is_fortran_order(), fortran);
        }
    }
}

#[test]
fn overwrite_replaces_the_file_and_leaves_no_temporary() {
    let out = scratch("overwrite");
    let target = out.join("a.npy");
    fs::write(&target, b"old contents").unwrap();
    let a = NdArray::from_slice(&[1i32, 2, 3], &[3]).unwrap();
    write_npy(&target, &a).unwrap();
    assert_eq!(
        read_npy(&target).unwrap().typed::<i32>().unwrap(),
        &[1, 2, 3]
    );
    assert_eq!(names_in(&out), ["a.npy"]);
}

#[test]
fn missing_directory_is_refused_naming_it() {
    let out = scratch("missing-dir");
    let target = out.join("not_there/sub/a.npy");
    let a = NdArray::from_slice(&[1.0f64], &[1]).unwrap();
    let msg = write_npy(&target, &a).unwrap_err().to_string();
    assert!(msg.contains("not_there/sub does not exist"), "{msg}");
    assert!(msg.contains("createOutdir"), "{msg}");
    assert!(names_in(&out).is_empty());

    fs::write(out.join("plain"), b"").unwrap();
    let msg = write_npy(&out.join("plain/a.npy"), &a)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("plain is a file, not a directory"), "{msg}");
    // A file further up the path: creating the directory could not help.
    let msg = write_npy(&out.join("plain/sub/a.npy"), &a)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("plain is a file, not a directory"), "{msg}");
    assert!(!msg.contains("createOutdir"), "{msg}");
}

#[test]
fn failed_rename_leaves_nothing_behind() {
    // The final name is a non-empty directory: the data is written to the
    // temporary file, the rename fails, and the temporary file is removed.
    let out = scratch("failed-rename");
    let target = out.join("taken.npy");
    fs::create_dir(&target).unwrap();
    fs::write(target.join("keep"), b"x").unwrap();
    let a = NdArray::zeros(&[1000], DType::Float64).unwrap();
    let err = write_npy(&target, &a).unwrap_err().to_string();
    assert!(err.contains("taken.npy"), "{err}");
    assert_eq!(names_in(&out), ["taken.npy"]);
    assert_eq!(names_in(&target), ["keep"]);
}

#[test]
fn concurrent_writers_of_one_name_never_expose_a_partial_file() {
    let out = scratch("concurrent");
    let target = out.join("shared.npy");
    let arrays: Vec<NdArray> = (0..8)
        .map(|k| NdArray::from_slice(&vec![k as f64; 100_000], &[100_000]).unwrap())
        .collect();
    std::thread::scope(|s| {
        for a in &arrays {
            let target = &target;
            s.spawn(move || {
                for _ in 0..5 {
                    write_npy(target, a).unwrap();
                    // Whatever is there is always one writer's complete file.
                    let seen = read_npy(target).unwrap();
                    let v = seen.typed::<f64>().unwrap();
                    assert!(v.iter().all(|&x| x == v[0]));
                }
            });
        }
    });
    assert_eq!(names_in(&out), ["shared.npy"]);
}
