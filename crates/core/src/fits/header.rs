//! Reading one header: 2880-byte blocks of 80-character cards up to `END`,
//! each byte checked, CONTINUE long strings merged. Only the blocks the
//! file holds are read: a header is never longer than the bytes present.

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

use super::card::{parse_card, Card, Value, CARD_LEN};

/// Bytes in a FITS block: headers and data are padded to a multiple.
pub const BLOCK: u64 = 2880;

/// A header read from a file: its logical cards and its length in bytes
/// (whole blocks).
#[derive(Debug, Clone)]
pub struct RawHeader {
    /// The cards, CONTINUE cards merged into the string they continue.
    pub cards: Vec<Card>,
    /// Bytes the header takes in the file, padding included.
    pub len: u64,
}

/// Reads the header starting at the reader's position, which has `avail`
/// bytes after it. `index` (the HDU's number) is used in messages.
pub fn read_header<R: Read>(
    reader: &mut R,
    avail: u64,
    index: usize,
    path: &Path,
) -> Result<RawHeader> {
    let fail = |m: String| Error::file(path, format!("HDU {index}: {m}"));
    let mut images: Vec<String> = Vec::new();
    let mut read: u64 = 0;
    let mut block = vec![0u8; BLOCK as usize];
    loop {
        let left = avail - read;
        if left == 0 {
            return Err(fail(format!(
                "no END card: the header runs to the end of the file ({} cards read); the file \
                 is truncated or not FITS",
                images.len()
            )));
        }
        let take = left.min(BLOCK) as usize;
        let chunk = &mut block[..take];
        reader.read_exact(chunk).map_err(|e| Error::io(path, e))?;
        let whole = take - take % CARD_LEN;
        for (i, image) in chunk[..whole].chunks_exact(CARD_LEN).enumerate() {
            let n = images.len() + 1;
            if let Some(p) = image.iter().position(|b| !(0x20..=0x7e).contains(b)) {
                if n == 1 && i == 0 && read == 0 {
                    return Err(not_fits(path, image));
                }
                return Err(fail(format!(
                    "card {n} holds byte 0x{:02x} at column {}, which is not printable ASCII; \
                     the header is corrupt",
                    image[p],
                    p + 1
                )));
            }
            // Checked just above: every byte is ASCII.
            let text = String::from_utf8_lossy(image).into_owned();
            if n == 1 && read == 0 && !starts_hdu(&text, index) {
                return Err(not_fits(path, image));
            }
            if text.trim_end() == "END" {
                read += BLOCK.min(avail - read);
                return Ok(RawHeader {
                    cards: merge_continue(images),
                    len: read,
                });
            }
            images.push(text);
        }
        if take < BLOCK as usize {
            if whole != take {
                return Err(fail(format!(
                    "the header ends inside a card: the file stops {} bytes into card {} (cards \
                     are 80 characters); the file is truncated",
                    take - whole,
                    images.len() + 1
                )));
            }
            return Err(fail(format!(
                "no END card: the header runs to the end of the file ({} cards read); the file \
                 is truncated",
                images.len()
            )));
        }
        read += BLOCK;
    }
}

/// True when the first card starts an HDU: `SIMPLE` first in the file,
/// `XTENSION` after it.
fn starts_hdu(first: &str, index: usize) -> bool {
    let key = if index == 0 { "SIMPLE  =" } else { "XTENSION=" };
    first.starts_with(key)
}

fn not_fits(path: &Path, image: &[u8]) -> Error {
    let shown: String = image
        .iter()
        .take(20)
        .map(|&b| {
            if (0x20..0x7f).contains(&b) {
                char::from(b).to_string()
            } else {
                format!("\\x{b:02x}")
            }
        })
        .collect();
    Error::file(
        path,
        format!(
            "not a FITS file: it does not start with a SIMPLE = T card (it starts with \
             {shown:?}); or an extension lacks its XTENSION card"
        ),
    )
}

/// Parses header text (80-character card images, optionally ending with an
/// END card) into logical cards, as a header read from a file.
pub fn parse_header_text(text: &str) -> std::result::Result<Vec<Card>, String> {
    if !text.len().is_multiple_of(CARD_LEN) {
        return Err(format!(
            "header text is {} characters long, not a whole number of 80-character cards",
            text.len()
        ));
    }
    if let Some(p) = text.bytes().position(|b| !(0x20..=0x7e).contains(&b)) {
        return Err(format!(
            "header text holds a character that is not printable ASCII (card {}, column {})",
            p / CARD_LEN + 1,
            p % CARD_LEN + 1
        ));
    }
    let images: Vec<String> = text
        .as_bytes()
        .chunks_exact(CARD_LEN)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .take_while(|c| c.trim_end() != "END")
        .collect();
    Ok(merge_continue(images))
}

/// Parses the images and joins each long string with its CONTINUE cards.
fn merge_continue(images: Vec<String>) -> Vec<Card> {
    let mut cards: Vec<Card> = Vec::with_capacity(images.len());
    for image in images {
        let card = parse_card(&image);
        if card.keyword == "CONTINUE" {
            if let Some(prev) = cards.last_mut() {
                if let (Value::Str(s), Value::Str(more)) = (&mut prev.value, &card.value) {
                    if s.ends_with('&') {
                        s.pop();
                        s.push_str(more);
                        if !card.comment.is_empty() {
                            if !prev.comment.is_empty() {
                                prev.comment.push(' ');
                            }
                            prev.comment.push_str(&card.comment);
                        }
                        prev.raw.push_str(&card.raw);
                        continue;
                    }
                }
            }
        }
        cards.push(card);
    }
    // A long string's final chunk may itself end in '&' only when followed
    // by comment-only CONTINUE cards, which add an empty string.
    for card in &mut cards {
        if card.raw.len() > CARD_LEN {
            if let Value::Str(s) = &mut card.value {
                if s.ends_with('&') {
                    s.pop();
                }
            }
        }
    }
    cards
}
