//! Formatting cards into 80-character images as astropy writes them: fixed
//! format (values right-justified to column 30, strings from column 11),
//! CONTINUE long strings, HIERARCH keywords, long commentary split.

use super::card::{Card, Value, CARD_LEN, COMMENTARY};

/// Characters of a long string one CONTINUE image carries (astropy's 67).
const CONTINUE_CHUNK: usize = 67;

/// Characters of a long string's comment one CONTINUE image carries.
const COMMENT_CHUNK: usize = 64;

/// The images of `card`: its original ones when it was read and not
/// changed, else new ones. Errors say which card cannot be written.
pub fn format_card(card: &Card) -> Result<String, String> {
    if !card.raw.is_empty() {
        return Ok(card.raw.clone());
    }
    check_text(&card.keyword, "keyword")?;
    check_text(&card.comment, "comment")?;
    if COMMENTARY.iter().any(|k| card.is(k)) || matches!(card.value, Value::Text(_)) {
        let text = match &card.value {
            Value::Text(t) | Value::Str(t) => t.clone(),
            other => value_text(other)?,
        };
        return commentary(&card.keyword, &text);
    }
    if let Value::Str(s) = &card.value {
        check_text(s, "string value")?;
        let single = assemble(card, &quote(s));
        if single.len() <= CARD_LEN {
            return Ok(pad(&single));
        }
        if !card.hierarch {
            return Ok(long_string(card, s));
        }
        // HIERARCH cannot continue: the quoted value unpadded, the comment cut.
        let compact = format!("'{}'", s.replace('\'', "''"));
        let bare = Card {
            comment: String::new(),
            ..card.clone()
        };
        if assemble(&bare, &compact).len() > CARD_LEN {
            return Err(format!(
                "the HIERARCH keyword {} with its string value is longer than a card \
                 (80 characters); shorten the keyword or the value",
                card.keyword
            ));
        }
        return Ok(pad(truncate(&assemble(card, &compact))));
    }
    let value = value_text(&card.value)?;
    let line = assemble(card, &format!("{value:>20}"));
    Ok(pad(truncate(&line)))
}

/// `KEYWORD = value / comment` on one line (not yet padded or truncated).
fn assemble(card: &Card, value: &str) -> String {
    let head = if card.hierarch {
        format!("HIERARCH {} = ", card.keyword)
    } else {
        format!("{:8}= ", card.keyword)
    };
    // A HIERARCH value is not padded to column 30.
    let value = if card.hierarch {
        value.trim_start()
    } else {
        value
    };
    let mut line = format!("{head}{value}");
    if !card.comment.is_empty() {
        line.push_str(" / ");
        line.push_str(&card.comment);
    }
    line
}

/// Cuts a too-long line at 80 (only the comment can be cut: values of
/// these kinds fit in 20 columns).
fn truncate(line: &str) -> &str {
    line.get(..CARD_LEN).unwrap_or(line)
}

fn pad(line: &str) -> String {
    format!("{line:<80}")
}

/// `'text'`, quotes doubled, padded inside to at least 8 characters.
fn quote(s: &str) -> String {
    let inner = format!("{:<8}", s.replace('\'', "''"));
    format!("{:<20}", format!("'{inner}'"))
}

/// A long string over CONTINUE cards, as astropy's `_format_long_image`
/// lays it out (67 characters of string, then the comment 64 at a time).
fn long_string(card: &Card, s: &str) -> String {
    let mut chunks: Vec<String> = vec![String::new()];
    for c in s.chars() {
        let piece = if c == '\'' {
            "''".to_string()
        } else {
            c.to_string()
        };
        let current = chunks.last_mut().expect("never empty");
        if current.len() + piece.len() > CONTINUE_CHUNK {
            chunks.push(piece);
        } else {
            current.push_str(&piece);
        }
    }
    let has_comment = !card.comment.is_empty();
    let mut out = String::new();
    for (i, chunk) in chunks.iter().enumerate() {
        let head = if i == 0 {
            format!("{:8}= ", card.keyword)
        } else {
            "CONTINUE  ".to_string()
        };
        let amp = if !has_comment && i == chunks.len() - 1 {
            ""
        } else {
            "&"
        };
        out.push_str(&pad(&format!("{head}'{chunk}{amp}'")));
    }
    let pieces = words_group(&card.comment, COMMENT_CHUNK);
    for (i, piece) in pieces.iter().enumerate() {
        let head = if i == pieces.len() - 1 {
            "CONTINUE  '' / "
        } else {
            "CONTINUE  '&' / "
        };
        out.push_str(&pad(&format!("{head}{piece}")));
    }
    out
}

/// astropy's `_words_group`: pieces of at most `width` characters, broken
/// after a blank where one is near enough (a reader joins them with one
/// blank after trimming each), else in the middle of a word.
fn words_group(s: &str, width: usize) -> Vec<&str> {
    let bytes = s.as_bytes();
    let mut blanks: Vec<usize> = (0..bytes.len()).filter(|&i| bytes[i] == b' ').collect();
    blanks.push(bytes.len());
    let mut words = Vec::new();
    let mut start = 0;
    loop {
        let loc = blanks
            .iter()
            .position(|&b| b >= width + start)
            .unwrap_or(blanks.len());
        let mut end = if loc > 0 { blanks[loc - 1] + 1 } else { 0 };
        if end <= start {
            end = (start + width).min(bytes.len());
        }
        end = end.min(bytes.len());
        words.push(&s[start..end]);
        if end >= bytes.len() {
            return words;
        }
        start = end;
    }
}

/// Commentary text over as many cards as it needs (72 characters each).
fn commentary(keyword: &str, text: &str) -> Result<String, String> {
    check_text(text, "commentary text")?;
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return Ok(pad(keyword));
    }
    Ok(chars
        .chunks(CARD_LEN - 8)
        .map(|c| pad(&format!("{keyword:8}{}", c.iter().collect::<String>())))
        .collect())
}

/// The value field text of a non-string value (astropy's formatting).
fn value_text(value: &Value) -> Result<String, String> {
    Ok(match value {
        Value::Logical(b) => if *b { "T" } else { "F" }.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => format_float(*f)?,
        Value::Complex(re, im) => format!("({}, {})", format_float(*re)?, format_float(*im)?),
        Value::Undefined => String::new(),
        Value::Invalid(t) | Value::Text(t) | Value::Str(t) => t.clone(),
    })
}

/// A float as Python's `repr` (shortest round trip), upper-case exponent,
/// at most 20 characters: astropy's `_format_float`.
pub fn format_float(f: f64) -> Result<String, String> {
    if !f.is_finite() {
        return Err(format!(
            "the value {f} cannot be written in a FITS header (NaN and infinities are not \
             FITS numbers); store it as a string or drop the card"
        ));
    }
    let s = python_repr(f).replace('e', "E");
    if s.len() <= 20 {
        return Ok(s);
    }
    Ok(match s.find('E') {
        None => s[..20].to_string(),
        Some(idx) => format!("{}{}", &s[..20 - (s.len() - idx)], &s[idx..]),
    })
}

/// Python's `repr(float)`: shortest digits; scientific when the decimal
/// exponent is < -4 or >= 16.
fn python_repr(f: f64) -> String {
    let sci = format!("{f:e}"); // shortest digits, e.g. "-1.2345e-7"
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mant) = match mant.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mant),
    };
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    if (-4..16).contains(&exp) {
        let n = digits.len() as i32;
        let body = if exp < 0 {
            format!("0.{}{digits}", "0".repeat((-exp - 1) as usize))
        } else if exp + 1 >= n {
            format!("{digits}{}.0", "0".repeat((exp + 1 - n) as usize))
        } else {
            format!(
                "{}.{}",
                &digits[..(exp + 1) as usize],
                &digits[(exp + 1) as usize..]
            )
        };
        format!("{sign}{body}")
    } else {
        let m = if digits.len() > 1 {
            format!("{}.{}", &digits[..1], &digits[1..])
        } else {
            digits
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{m}e{esign}{:02}", exp.abs())
    }
}

/// Header text must be printable ASCII.
fn check_text(text: &str, what: &str) -> Result<(), String> {
    match text.bytes().position(|b| !(0x20..=0x7e).contains(&b)) {
        None => Ok(()),
        Some(i) => Err(format!(
            "the {what} {:?} holds a character FITS headers cannot (position {i}: only printable \
             ASCII is allowed)",
            text.chars().take(40).collect::<String>()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_matches_python() {
        for (f, s) in [
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1e16, "1E+16"),
            (1.5e-5, "1.5E-05"),
            (0.0001, "0.0001"),
            (123456.789, "123456.789"),
            (-2.5e100, "-2.5E+100"),
            (32768.0, "32768.0"),
        ] {
            assert_eq!(format_float(f).unwrap(), s);
        }
    }
}
