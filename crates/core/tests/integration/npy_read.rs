//! The reader against numpy-written fixtures (scripts/make_npy_fixtures.py):
//! every dtype, both byte orders, C and Fortran order, 0-d and empty arrays,
//! format versions 1.0, 2.0 and 3.0.

use std::fs::File;
use std::path::{Path, PathBuf};

use bmp_core::npy::{
    parse_header, read_npy, read_npy_bytes, read_npy_from, ByteOrder, Header, NpyHeader,
};
use bmp_core::{DType, NdArray};

/// One line of fixtures/npy/MANIFEST.tsv.
struct Fixture {
    file: String,
    dtype: String,
    version: String,
    fortran: bool,
    shape: Vec<usize>,
    data: Vec<u8>,
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/npy")
}

fn manifest() -> Vec<Fixture> {
    let text = std::fs::read_to_string(dir().join("MANIFEST.tsv")).unwrap();
    let fixtures: Vec<Fixture> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(f.len(), 7, "bad manifest line {line:?}");
            Fixture {
                file: f[0].into(),
                dtype: f[1].into(),
                version: f[2].into(),
                fortran: f[3] == "True",
                shape: f[4]
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(|d| d.parse().unwrap())
                    .collect(),
                data: (0..f[6].len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(&f[6][i..i + 2], 16).unwrap())
                    .collect(),
            }
        })
        .collect();
    assert!(
        fixtures.len() >= 30,
        "manifest lists only {}",
        fixtures.len()
    );
    fixtures
}

#[test]
fn every_fixture_reads_with_numpys_values() {
    for fx in manifest() {
        let path = dir().join(&fx.file);
        let a = read_npy(&path).unwrap_or_else(|e| panic!("{}: {e}", fx.file));
        assert_eq!(a.dtype().name(), fx.dtype, "{}", fx.file);
        assert_eq!(a.shape(), &fx.shape[..], "{}", fx.file);
        assert_eq!(a.is_fortran_order(), fx.fortran, "{}", fx.file);
        if cfg!(target_endian = "little") {
            assert_eq!(a.as_bytes(), &fx.data[..], "{}: data differs", fx.file);
        }
        let bytes = std::fs::read(&path).unwrap();
        let npy = parse_header(&bytes).unwrap();
        let (major, minor) = npy.version.number();
        assert_eq!(format!("{major}.{minor}"), fx.version, "{}", fx.file);
    }
}

#[test]
fn the_three_entry_points_agree() {
    for fx in manifest() {
        let path = dir().join(&fx.file);
        let from_path = read_npy(&path).unwrap();
        let from_bytes = read_npy_bytes(&std::fs::read(&path).unwrap()).unwrap();
        let from_reader = read_npy_from(&mut File::open(&path).unwrap(), &path).unwrap();
        for other in [&from_bytes, &from_reader] {
            assert_eq!(other.as_bytes(), from_path.as_bytes(), "{}", fx.file);
            assert_eq!(other.shape(), from_path.shape());
            assert_eq!(other.dtype(), from_path.dtype());
        }
    }
}

#[test]
fn values_by_index() {
    let f64_be = read_npy(&dir().join("float64_be.npy")).unwrap();
    assert!(f64_be.get_f64(&[0, 0]).unwrap() == 0.0);
    assert!(f64_be.get_f64(&[0, 0]).unwrap().is_sign_negative());
    assert!(f64_be.get_f64(&[0, 1]).unwrap().is_nan());
    assert_eq!(f64_be.get_f64(&[0, 2]).unwrap(), f64::INFINITY);
    assert_eq!(f64_be.get_f64(&[1, 2]).unwrap(), std::f64::consts::PI);

    let i64_be = read_npy(&dir().join("int64_be.npy")).unwrap();
    assert_eq!(i64_be.typed::<i64>().unwrap()[..2], [i64::MIN, i64::MAX]);
    let u16_be = read_npy(&dir().join("uint16_be.npy")).unwrap();
    assert_eq!(u16_be.typed::<u16>().unwrap()[..2], [0, u16::MAX]);

    // Fortran order is kept, not transposed: element (i, j) of the (3, 4)
    // array 1.5 * arange(12) sits at memory offset i + 3 j.
    let f = read_npy(&dir().join("fortran_f8.npy")).unwrap();
    assert!(f.is_fortran_order());
    assert_eq!(f.get_f64(&[1, 2]).unwrap(), 1.5 * 6.0);
    assert_eq!(f.typed::<f64>().unwrap()[1], 1.5 * 4.0);
    let fi = read_npy(&dir().join("fortran_i2_be.npy")).unwrap();
    assert_eq!(fi.get_f64(&[1, 2, 1]).unwrap(), 11.0 - 5.0);

    let b = read_npy(&dir().join("bool.npy")).unwrap();
    assert_eq!(b.dtype(), DType::Bool);
    assert_eq!(b.as_bytes(), &[1, 0, 1, 1, 0, 0]);

    let s = read_npy(&dir().join("scalar_0d.npy")).unwrap();
    assert_eq!((s.shape(), s.size()), (&[][..], 1));
    assert_eq!(s.get_f64(&[]).unwrap(), 2.5);
    let e = read_npy(&dir().join("empty_2d.npy")).unwrap();
    assert_eq!((e.shape(), e.nbytes()), (&[2, 0][..], 0));
}

#[test]
fn versions_and_byte_orders_in_the_header() {
    let npy: NpyHeader = parse_header(&std::fs::read(dir().join("v3_u2_be.npy")).unwrap()).unwrap();
    assert_eq!(npy.version, (3, 0));
    assert_eq!(npy.header.byte_order, ByteOrder::Big);
    assert_eq!(npy.header.dtype, DType::UInt16);
    assert_eq!(npy.data_offset % 64, 0);
    assert_eq!(npy.data_len, 12);
    let v2 = parse_header(&std::fs::read(dir().join("v2_f8.npy")).unwrap()).unwrap();
    assert_eq!(v2.version, (2, 0));
}

#[test]
fn large_big_endian_data_is_swapped_in_parallel_chunks() {
    // 4 MiB of big-endian float64 exceeds the parallel threshold.
    let n = 1 << 19;
    let header = Header {
        dtype: DType::Float64,
        byte_order: ByteOrder::Big,
        fortran_order: false,
        shape: vec![n],
    };
    let mut file = header.encode().unwrap();
    for i in 0..n {
        file.extend_from_slice(&(i as f64 * 0.5).to_be_bytes());
    }
    let a: NdArray = read_npy_bytes(&file).unwrap();
    let values = a.typed::<f64>().unwrap();
    assert!(values.iter().enumerate().all(|(i, &v)| v == i as f64 * 0.5));
}

#[test]
fn trailing_bytes_after_the_data_are_ignored_as_numpy_does() {
    let mut bytes = std::fs::read(dir().join("int8.npy")).unwrap();
    bytes.extend_from_slice(b"extra");
    assert_eq!(read_npy_bytes(&bytes).unwrap().shape(), &[2, 3]);
}

#[test]
fn missing_file_and_directory_errors_name_the_path() {
    let missing = dir().join("no_such_file.npy");
    let msg = read_npy(&missing).unwrap_err().to_string();
    assert!(msg.contains("no_such_file.npy"), "{msg}");
    let msg = read_npy(&dir()).unwrap_err().to_string();
    assert!(msg.contains("is a directory"), "{msg}");
}

#[test]
#[cfg(target_os = "linux")]
fn files_that_are_not_regular_are_named_not_called_empty() {
    let msg = |p: &str| read_npy(Path::new(p)).unwrap_err().to_string();
    assert_eq!(
        msg("/dev/zero"),
        "/dev/zero: is a character device, not a regular file, so it cannot be an .npy file"
    );
    let proc_file = msg("/proc/self/status");
    assert!(proc_file.contains("it is a pseudo-file"), "{proc_file}");
    let err = read_npy(Path::new("/dev/zero")).unwrap_err();
    assert_eq!(err.kind(), bmp_core::ErrorKind::Format);
    let err = read_npy(&dir().join("no_such_file.npy")).unwrap_err();
    assert_eq!(err.kind(), bmp_core::ErrorKind::Io);
    assert!(
        matches!(
            err,
            bmp_core::Error::Io {
                syscall: Some("open"),
                ..
            }
        ),
        "{err:?}"
    );
}
