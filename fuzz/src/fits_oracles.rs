//! The properties the FITS fuzz target checks, shared with the short,
//! deterministic run in `crates/core/tests/fits_fuzz_short.rs`.

use bmp_core::fits::gz::{is_gzip, MAX_RATIO};
use bmp_core::fits::header::parse_header_text;
use bmp_core::fits::{
    format_card, read_fits_bytes, Card, HduSelector, ReadOptions, Value, MEMORY_LABEL,
};
use bmp_core::Error;

/// The largest single allocation an input of `len` bytes may cause: its
/// data (at most the input), or a compressed image's, which no valid stream
/// inflates past [`MAX_RATIO`] times its bytes; a gzip file holds a stream
/// that may itself be compressed tiles. 1 MiB covers fixed costs.
pub fn fits_allocation_limit(data: &[u8]) -> usize {
    let ratio = if is_gzip(data) {
        MAX_RATIO * MAX_RATIO
    } else {
        MAX_RATIO
    } as usize;
    data.len().saturating_mul(ratio).saturating_add(1 << 20)
}

/// Reads `data` as a FITS file with several options: never a panic; a
/// refusal is a bounded file error naming `<memory>`; an accepted image's
/// header cards format and parse back to the same values.
pub fn check_read_fits_bytes(data: &[u8]) {
    for options in [
        ReadOptions::default(),
        ReadOptions {
            hdu: HduSelector::Index(1),
            raw: true,
        },
        ReadOptions {
            hdu: HduSelector::Name("SCI".into()),
            raw: false,
        },
    ] {
        match read_fits_bytes(data, &options) {
            Err(Error::File { path, message }) => {
                assert_eq!(path, MEMORY_LABEL, "error names {path}");
                assert!(
                    message.len() <= 1024,
                    "message of {} bytes: {message:.200}",
                    message.len()
                );
            }
            Err(other) => panic!("not a file error: {other:?}"),
            Ok(img) => {
                if !is_gzip(data) && !img.cards.iter().any(|c| c.is("ZIMAGE")) {
                    assert!(
                        img.array.nbytes() <= data.len().saturating_mul(8),
                        "image larger than its file"
                    );
                }
                for card in &img.cards {
                    check_card_round_trip(card);
                }
            }
        }
    }
}

/// A card made from a parsed value formats to images that parse back to it.
pub fn check_card_round_trip(card: &Card) {
    let comparable = matches!(
        card.value,
        Value::Str(_) | Value::Logical(_) | Value::Int(_) | Value::Float(_) | Value::Complex(..)
    );
    if !comparable || card.is("CONTINUE") || card.keyword.is_empty() || card.keyword.contains('=') {
        return;
    }
    let fresh = Card::new(&card.keyword, card.value.clone(), &card.comment);
    let Ok(text) = format_card(&fresh) else {
        return; // a value FITS cannot write (e.g. non-finite) is refused, not mangled
    };
    assert_eq!(
        text.len() % 80,
        0,
        "{card:?} formats to {} characters",
        text.len()
    );
    let back = parse_header_text(&text)
        .unwrap_or_else(|e| panic!("{card:?} formats to unparsable {text:?}: {e}"));
    let first = back
        .first()
        .unwrap_or_else(|| panic!("{card:?} formats to no card"));
    let same = match (&first.value, &card.value) {
        (Value::Float(a), Value::Float(b)) => close(*a, *b),
        (Value::Complex(a, b), Value::Complex(c, d)) => close(*a, *c) && close(*b, *d),
        (a, b) => a == b,
    };
    assert!(
        same,
        "{:?} formatted as {text:?} reads back as {:?}",
        card.value, first.value
    );
}

/// Equal up to the digits a 20-column float can hold.
fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
}
