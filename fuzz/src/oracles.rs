//! What must hold for any input to the `.npy` header parser, the reader and
//! the header's literal parser. Each check panics (a fuzzing "crash") when a
//! property fails; returning normally means the input was handled correctly,
//! whether it was accepted or refused.

use bmp_core::npy::literal::parse_literal;
use bmp_core::npy::{
    parse_header, read_npy_bytes, write_npy_to, ByteOrder, NpyHeader, MEMORY_LABEL,
};
use bmp_core::{Error, NdArray};

/// Longest error message a hostile input may produce: messages quote bounded
/// excerpts of the header, never the whole of it.
pub const MAX_MESSAGE_BYTES: usize = 1024;

/// A refusal must be a file error naming `<memory>`, of bounded length. An
/// `Io` error would mean a length was not checked before reading (a `Cursor`
/// only fails at its end).
fn check_refusal(err: &Error) {
    match err {
        Error::File { path, message } => {
            assert_eq!(path, MEMORY_LABEL, "error names another source: {err}");
            assert!(!message.is_empty(), "empty error message");
            assert!(
                message.len() <= MAX_MESSAGE_BYTES,
                "error message of {} bytes: {}...",
                message.len(),
                message.chars().take(200).collect::<String>()
            );
        }
        other => panic!("expected a file error, got {other:?}"),
    }
}

/// An accepted header is consistent and promises no byte beyond the input.
fn check_accepted_header(data: &[u8], npy: &NpyHeader) {
    assert!(
        matches!(npy.version.number(), (1, 0) | (2, 0) | (3, 0)),
        "accepted version {:?}",
        npy.version
    );
    assert_eq!(Ok(npy.data_len), npy.header.data_len(), "data_len mismatch");
    let offset = usize::try_from(npy.data_offset).expect("offset beyond usize");
    let end = offset.checked_add(npy.data_len).expect("end overflows");
    assert!(
        end <= data.len(),
        "header promises bytes up to {end} of {}",
        data.len()
    );
}

/// `parse_header` either refuses with a bounded file error or accepts a
/// header that fits inside `data`.
pub fn check_parse_header(data: &[u8]) {
    match parse_header(data) {
        Ok(npy) => check_accepted_header(data, &npy),
        Err(e) => check_refusal(&e),
    }
}

/// `read_npy_bytes` agrees with `parse_header`; an accepted array holds
/// exactly the file's data bytes (swapped to native order), and survives
/// writing and reading back unchanged.
pub fn check_read_npy_bytes(data: &[u8]) {
    let header = parse_header(data);
    match (read_npy_bytes(data), header) {
        (Err(e), Err(h)) => {
            check_refusal(&e);
            assert_eq!(e.to_string(), h.to_string(), "reader and parser disagree");
        }
        (Err(e), Ok(_)) => panic!("header accepted but the read failed: {e}"),
        (Ok(a), Err(h)) => panic!("read {:?} although the header is refused: {h}", a.shape()),
        (Ok(array), Ok(npy)) => {
            check_accepted_header(data, &npy);
            check_array(data, &npy, &array);
            check_round_trip(&array);
        }
    }
}

fn check_array(data: &[u8], npy: &NpyHeader, array: &NdArray) {
    let h = &npy.header;
    assert_eq!(array.dtype(), h.dtype);
    assert_eq!(array.shape(), &h.shape[..]);
    assert_eq!(array.is_fortran_order(), h.fortran_order);
    assert_eq!(array.nbytes(), npy.data_len);
    let start = usize::try_from(npy.data_offset).expect("offset beyond usize");
    let file_bytes = &data[start..start + npy.data_len];
    let item = h.dtype.itemsize();
    if h.byte_order == ByteOrder::NATIVE || item == 1 {
        assert!(
            array.as_bytes() == file_bytes,
            "data differs from the file's"
        );
    } else {
        let swapped = array.as_bytes().chunks_exact(item);
        for (got, want) in swapped.zip(file_bytes.chunks_exact(item)) {
            assert!(got.iter().eq(want.iter().rev()), "byte swap is wrong");
        }
    }
}

fn check_round_trip(array: &NdArray) {
    let mut out = Vec::new();
    write_npy_to(&mut out, array).expect("cannot write an array just read");
    let back = read_npy_bytes(&out).expect("cannot read back what was written");
    assert_eq!(back.dtype(), array.dtype());
    assert_eq!(back.shape(), array.shape());
    assert!(
        back.as_bytes() == array.as_bytes(),
        "round trip changed the data"
    );
    // numpy writes an array that is C-contiguous too (at most one dimension
    // above 1, or empty) as C order; the bytes are the same either way.
    let shape = array.shape();
    let c_too = shape.contains(&0) || shape.iter().filter(|&&d| d > 1).count() <= 1;
    if !c_too {
        assert_eq!(back.is_fortran_order(), array.is_fortran_order());
    }
    let npy = parse_header(&out).expect("written header refused");
    assert_eq!(npy.data_offset % 64, 0, "data not 64-byte aligned");
}

/// The literal parser never panics; what it accepts prints (as Python's
/// repr) to text that parses back to the same value. Rust's `\u{..}` escape
/// for non-printable characters is not Python syntax, so values whose repr
/// holds one are not re-parsed.
pub fn check_literal(text: &str) {
    let Ok(value) = parse_literal(text) else {
        return;
    };
    let repr = value.to_string();
    if repr.contains("\\u{") {
        return;
    }
    assert_eq!(
        parse_literal(&repr).as_ref(),
        Ok(&value),
        "{text:?} parsed to {repr}, which does not parse back"
    );
}
