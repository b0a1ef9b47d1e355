//! FITS file steps (read and write on the pool) and the header-card
//! conversions FitsHeader uses (synchronous: a header is a few KB of text).

use std::path::PathBuf;

use bmp_core::fits::{self, Card, HduSelector, ReadOptions, Value, WriteOptions};
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::array::{parse_dtype, NativeArray};
use crate::errors::{BmpError, Code, Result};
use crate::panic::catch;
use crate::pool::{io_pool, Pending};

/// One logical header card as JS sees it. `kind` says which value field is
/// set: `text` (commentary), `string`, `logical`, `int` (decimal text, so
/// 64-bit values stay exact), `float` (`num`), `complex` (`num`, `im`),
/// `undefined`, `invalid` (`text`, kept verbatim).
#[napi(object)]
pub struct FitsCard {
    /// The keyword (HIERARCH keywords without the prefix).
    pub keyword: String,
    /// Which value field is set (see the struct's documentation).
    pub kind: String,
    /// Text of a commentary, string or invalid card.
    pub text: Option<String>,
    /// A logical value.
    pub logical: Option<bool>,
    /// An integer value as decimal text.
    pub int: Option<String>,
    /// A float value, or a complex value's real part.
    pub num: Option<f64>,
    /// A complex value's imaginary part.
    pub im: Option<f64>,
    /// The comment.
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
    let bad =
        |what: &str| napi::Error::new(Code::Invalid, format!("header card {}: {what}", js.keyword));
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
    /// The image.
    pub array: NativeArray,
    /// Its header cards.
    pub cards: Vec<FitsCard>,
    /// The number of the HDU read.
    pub index: u32,
}

/// Reads an image HDU: `hduIndex` or `hduName` (neither: the first image);
/// `raw` skips BSCALE/BZERO/BLANK; `dtype` casts the values as `astype`
/// (to a float dtype in the same pass as the read).
#[napi]
pub fn read_fits(
    env: &Env,
    path: String,
    hdu_index: Option<u32>,
    hdu_name: Option<String>,
    raw: bool,
    dtype: Option<String>,
) -> Result<Object<'_>> {
    let dtype = dtype.as_deref().map(parse_dtype).transpose()?;
    let hdu = match (hdu_index, hdu_name) {
        (Some(i), _) => HduSelector::Index(i as usize),
        (None, Some(n)) => HduSelector::Name(n),
        (None, None) => HduSelector::FirstImage,
    };
    let options = ReadOptions { hdu, raw };
    // Reading and converting a FITS image happen in one pass over the file,
    // so the whole step runs on the I/O pool: a read that blocks (a FIFO, a
    // hung network filesystem) never holds a compute thread.
    let (pending, promise) = Pending::new(env, |_, img: fits::FitsImage| {
        Ok(FitsRead {
            array: NativeArray::wrap(img.array),
            cards: img.cards.into_iter().map(to_js).collect(),
            index: img.index as u32,
        })
    })?;
    io_pool().spawn(move || {
        pending.settle(catch("readFits", || {
            fits::read_fits_as(&PathBuf::from(path), &options, dtype).map_err(BmpError::from)
        }))
    });
    Ok(promise)
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
    spawn_write(env, move || {
        fits::write_fits(&PathBuf::from(path), &data, &cards, &options)
    })
}

/// Runs a write on the I/O pool; the promise resolves with the path written.
fn spawn_write<'env>(
    env: &'env Env,
    write: impl FnOnce() -> bmp_core::error::Result<PathBuf> + Send + 'static,
) -> Result<Object<'env>> {
    let (pending, promise) =
        Pending::new(env, |_, written: PathBuf| Ok(written.display().to_string()))?;
    io_pool().spawn(move || pending.settle(catch("writeFits", || write().map_err(BmpError::from))));
    Ok(promise)
}

/// Writes a multi-extension file: HDU `i` holds `arrays[i]` (null: no
/// data) and `cards[i]`; the first is the primary HDU. Resolves with the
/// final path.
#[napi]
pub fn write_fits_hdus<'env>(
    env: &'env Env,
    path: String,
    arrays: Vec<Option<ClassInstance<'env, NativeArray>>>,
    cards: Vec<Vec<FitsCard>>,
    as_scaled_int: bool,
    checksum: bool,
) -> Result<Object<'env>> {
    if arrays.len() != cards.len() {
        return Err(napi::Error::new(
            Code::Invalid,
            format!(
                "writeFits({path}): {} arrays but {} headers; give one of each per HDU",
                arrays.len(),
                cards.len()
            ),
        ));
    }
    let data = arrays
        .iter()
        .map(|a| a.as_ref().map(|a| a.array().cloned()).transpose())
        .collect::<Result<Vec<_>>>()?;
    let cards = cards
        .into_iter()
        .map(|h| h.into_iter().map(from_js).collect::<Result<Vec<_>>>())
        .collect::<Result<Vec<_>>>()?;
    let options = WriteOptions {
        as_scaled_int,
        checksum,
    };
    spawn_write(env, move || {
        let hdus: Vec<fits::HduOut<'_>> = data
            .iter()
            .zip(&cards)
            .map(|(d, c)| fits::HduOut {
                data: d.as_deref(),
                cards: c,
            })
            .collect();
        fits::write_fits_hdus(&PathBuf::from(path), &hdus, &options)
    })
}

/// Parses header text (80-character card images) into cards.
#[napi]
pub fn parse_fits_header(text: String) -> Result<Vec<FitsCard>> {
    let cards =
        fits::header::parse_header_text(&text).map_err(|m| napi::Error::new(Code::Format, m))?;
    Ok(cards.into_iter().map(to_js).collect())
}

/// Formats cards as header text (their 80-character images, no END).
#[napi]
pub fn format_fits_cards(cards: Vec<FitsCard>) -> Result<String> {
    let mut out = String::new();
    for js in cards {
        let card = from_js(js)?;
        out.push_str(&fits::format_card(&card).map_err(|m| {
            napi::Error::new(Code::Invalid, format!("header card {}: {m}", card.keyword))
        })?);
    }
    Ok(out)
}
