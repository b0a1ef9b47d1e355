//! FITS file steps (read and write on the pool) and the header-card
//! conversions FitsHeader uses (synchronous: a header is a few KB of text).

use std::path::PathBuf;

use bmp_core::fits::{self, Card, HduSelector, ReadOptions, Value, WriteOptions};
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::array::NativeArray;
use crate::errors::to_napi;
use crate::pool::spawn_settle;

/// One logical header card as JS sees it. `kind` says which value field is
/// set: `text` (commentary), `string`, `logical`, `int` (decimal text, so
/// 64-bit values stay exact), `float` (`num`), `complex` (`num`, `im`),
/// `undefined`, `invalid` (`text`, kept verbatim).
#[napi(object)]
pub struct FitsCard {
    pub keyword: String,
    pub kind: String,
    pub text: Option<String>,
    pub logical: Option<bool>,
    pub int: Option<String>,
    pub num: Option<f64>,
    pub im: Option<f64>,
    pub comment: String,
    /// The original images (80 characters each); empty for a new card.
    pub raw: String,
}

fn to_js(card: Card) -> FitsCard {
    let mut js = FitsCard {
        keyword: card.keyword,
        kind: String::new(),
        text: None,
        logical: None,
        int: None,
        num: None,
        im: None,
        comment: card.comment,
        raw: card.raw,
    };
    js.kind = match card.value {
        Value::Text(t) => {
            js.text = Some(t);
            "text"
        }
        Value::Str(s) => {
            js.text = Some(s);
            "string"
        }
        Value::Logical(b) => {
            js.logical = Some(b);
            "logical"
        }
        Value::Int(i) => {
            js.int = Some(i.to_string());
            "int"
        }
        Value::Float(f) => {
            js.num = Some(f);
            "float"
        }
        Value::Complex(re, im) => {
            js.num = Some(re);
            js.im = Some(im);
            "complex"
        }
        Value::Undefined => "undefined",
        Value::Invalid(t) => {
            js.text = Some(t);
            "invalid"
        }
    }
    .to_string();
    js
}

fn from_js(js: FitsCard) -> Result<Card> {
    let bad = |what: &str| Error::from_reason(format!("header card {}: {what}", js.keyword));
    let value = match js.kind.as_str() {
        "text" => Value::Text(js.text.clone().unwrap_or_default()),
        "string" => Value::Str(js.text.clone().unwrap_or_default()),
        "logical" => Value::Logical(js.logical.ok_or_else(|| bad("logical value missing"))?),
        "int" => Value::Int(
            js.int
                .as_deref()
                .and_then(|s| s.parse::<i128>().ok())
                .ok_or_else(|| bad("integer value missing or not an integer"))?,
        ),
        "float" => Value::Float(js.num.ok_or_else(|| bad("float value missing"))?),
        "complex" => Value::Complex(
            js.num.ok_or_else(|| bad("complex value missing"))?,
            js.im.ok_or_else(|| bad("complex value missing"))?,
        ),
        "undefined" => Value::Undefined,
        "invalid" => Value::Invalid(js.text.clone().unwrap_or_default()),
        other => return Err(bad(&format!("unknown value kind {other:?}"))),
    };
    let mut card = Card::new(&js.keyword, value, &js.comment);
    card.raw = js.raw;
    Ok(card)
}

/// What `readFits` resolves with.
#[napi(object, object_from_js = false)]
pub struct FitsRead {
    pub array: NativeArray,
    pub cards: Vec<FitsCard>,
    pub index: u32,
}

/// Reads an image HDU: `hduIndex` or `hduName` (neither: the first image);
/// `raw` skips BSCALE/BZERO/BLANK.
#[napi]
pub fn read_fits(
    env: &Env,
    path: String,
    hdu_index: Option<u32>,
    hdu_name: Option<String>,
    raw: bool,
) -> Result<Object<'_>> {
    let hdu = match (hdu_index, hdu_name) {
        (Some(i), _) => HduSelector::Index(i as usize),
        (None, Some(n)) => HduSelector::Name(n),
        (None, None) => HduSelector::FirstImage,
    };
    let options = ReadOptions { hdu, raw };
    spawn_settle(
        env,
        "readFits",
        move || fits::read_fits(&PathBuf::from(path), &options).map_err(to_napi),
        |_, img| {
            Ok(FitsRead {
                array: NativeArray::wrap(img.array),
                cards: img.cards.into_iter().map(to_js).collect(),
                index: img.index as u32,
            })
        },
    )
}

/// Writes an array with header cards (temporary name, then rename);
/// resolves with the final path.
#[napi]
pub fn write_fits<'env>(
    env: &'env Env,
    path: String,
    array: &NativeArray,
    cards: Vec<FitsCard>,
    as_scaled_int: bool,
    checksum: bool,
) -> Result<Object<'env>> {
    let data = std::sync::Arc::clone(array.array()?);
    let cards = cards.into_iter().map(from_js).collect::<Result<Vec<_>>>()?;
    let options = WriteOptions {
        as_scaled_int,
        checksum,
    };
    spawn_settle(
        env,
        "writeFits",
        move || fits::write_fits(&PathBuf::from(path), &data, &cards, &options).map_err(to_napi),
        |_, written| Ok(written.display().to_string()),
    )
}

/// Parses header text (80-character card images) into cards.
#[napi]
pub fn parse_fits_header(text: String) -> Result<Vec<FitsCard>> {
    let cards = fits::header::parse_header_text(&text).map_err(Error::from_reason)?;
    Ok(cards.into_iter().map(to_js).collect())
}

/// Formats cards as header text (their 80-character images, no END).
#[napi]
pub fn format_fits_cards(cards: Vec<FitsCard>) -> Result<String> {
    let mut out = String::new();
    for js in cards {
        let card = from_js(js)?;
        out.push_str(
            &fits::format_card(&card)
                .map_err(|m| Error::from_reason(format!("header card {}: {m}", card.keyword)))?,
        );
    }
    Ok(out)
}
