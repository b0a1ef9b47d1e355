//! One FITS header card: parsing an 80-character card image into keyword,
//! value and comment (FITS 4.0 §4.2, with astropy's readings of the grey
//! areas), and formatting a card back into images as astropy writes them.

/// A card's value, as the standard defines the kinds.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A commentary card (COMMENT, HISTORY, blank keyword, or any card
    /// without a value indicator): its free text.
    Text(String),
    /// A character string (quotes removed, `''` unescaped, trailing blanks
    /// dropped as the standard says they are not significant).
    Str(String),
    /// `T` or `F`.
    Logical(bool),
    /// An integer (wide enough for any 64-bit keyword, signed or not).
    Int(i128),
    /// A floating-point number (`E` or `D` exponent).
    Float(f64),
    /// A complex number `(re, im)`.
    Complex(f64, f64),
    /// A value field that is empty: astropy's `Undefined`.
    Undefined,
    /// A value field that does not parse; kept verbatim so it round-trips.
    Invalid(String),
}

/// A logical card: a keyword, its value and comment, and the card images it
/// was read from (several for a CONTINUE long string), kept so that a card
/// nobody changed is written back byte for byte.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    /// The keyword as written (upper case for standard keywords; a HIERARCH
    /// keyword without its `HIERARCH ` prefix).
    pub keyword: String,
    /// The value.
    pub value: Value,
    /// The comment after `/` (empty when none).
    pub comment: String,
    /// True for an ESO HIERARCH card.
    pub hierarch: bool,
    /// The original images, 80 characters each, concatenated; empty for a
    /// card made in memory.
    pub raw: String,
}

/// Keywords whose cards hold free text rather than a value.
pub const COMMENTARY: [&str; 3] = ["COMMENT", "HISTORY", ""];

/// Length of one card image.
pub const CARD_LEN: usize = 80;

impl Card {
    /// A card made in memory (no original image).
    pub fn new(keyword: &str, value: Value, comment: &str) -> Card {
        // Keywords are upper case, as astropy makes them; one too long or
        // holding other characters is written as a HIERARCH card.
        let keyword = keyword.trim().to_ascii_uppercase();
        let hierarch = keyword.len() > 8 || !keyword.bytes().all(is_standard_key_byte);
        Card {
            keyword,
            value,
            comment: comment.to_string(),
            hierarch,
            raw: String::new(),
        }
    }

    /// True when `keyword` names this card (case-insensitive, as astropy).
    pub fn is(&self, keyword: &str) -> bool {
        self.keyword.eq_ignore_ascii_case(keyword)
    }

    /// The value as a number, when it is an integer or a float.
    pub fn number(&self) -> Option<f64> {
        match self.value {
            // i128 -> f64 rounds to nearest, as Python's float(int).
            Value::Int(i) => Some(i as f64),
            Value::Float(f) => Some(f),
            _ => None,
        }
    }

    /// The value as an integer, when it is one.
    pub fn int(&self) -> Option<i128> {
        match self.value {
            Value::Int(i) => Some(i),
            _ => None,
        }
    }
}

/// The bytes the standard allows in a keyword.
fn is_standard_key_byte(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-' || b == b'_'
}

/// Parses one 80-byte card image (the caller has checked the length and
/// that every byte is printable ASCII). CONTINUE cards come back as a
/// `Str` value under the keyword `CONTINUE`; the header merges them.
pub fn parse_card(image: &str) -> Card {
    let raw = image.to_string();
    let head = image.get(..8).unwrap_or(image);
    if head.eq_ignore_ascii_case("HIERARCH") {
        if let Some(eq) = image.find('=') {
            let keyword = image.get(8..eq).unwrap_or("").trim().to_string();
            let (value, comment) = parse_value_field(image.get(eq + 1..).unwrap_or(""));
            return Card {
                keyword,
                value,
                comment,
                hierarch: true,
                raw,
            };
        }
    }
    let keyword = head.trim_end().to_string();
    let rest = image.get(8..).unwrap_or("");
    let has_value = rest.starts_with("= ") || (rest == "=");
    let (value, comment) = if keyword == "CONTINUE" {
        parse_value_field(rest)
    } else if has_value && !COMMENTARY.contains(&keyword.as_str()) {
        parse_value_field(rest.get(2..).unwrap_or(""))
    } else {
        (Value::Text(rest.trim_end().to_string()), String::new())
    };
    Card {
        keyword,
        value,
        comment,
        hierarch: false,
        raw,
    }
}

/// Parses the value field (after `= `): a value, then an optional `/ comment`.
pub fn parse_value_field(field: &str) -> (Value, String) {
    let trimmed = field.trim_start();
    if let Some(body) = trimmed.strip_prefix('\'') {
        return match parse_string(body) {
            Some((s, after)) => (Value::Str(s), comment_of(after)),
            None => (Value::Invalid(field.trim().to_string()), String::new()),
        };
    }
    let (token, comment) = match trimmed.find('/') {
        Some(i) => (&trimmed[..i], comment_of(&trimmed[i..])),
        None => (trimmed, String::new()),
    };
    let token = token.trim();
    let value = if token.is_empty() {
        Value::Undefined
    } else {
        parse_scalar(token).unwrap_or_else(|| Value::Invalid(token.to_string()))
    };
    (value, comment)
}

/// The string after the opening quote: its value (with `''` unescaped and
/// trailing blanks dropped) and the text after the closing quote.
fn parse_string(body: &str) -> Option<(String, &str)> {
    let bytes = body.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                out.push('\'');
                i += 2;
                continue;
            }
            let text = out.trim_end().to_string();
            return Some((text, body.get(i + 1..).unwrap_or("")));
        }
        out.push(char::from(bytes[i]));
        i += 1;
    }
    None
}

/// The comment in `after` (text after a value): what follows `/`, stripped.
fn comment_of(after: &str) -> String {
    match after.trim_start().strip_prefix('/') {
        Some(c) => c.trim().to_string(),
        None => String::new(),
    }
}

/// A logical, integer, float or complex value token.
fn parse_scalar(token: &str) -> Option<Value> {
    match token {
        "T" => return Some(Value::Logical(true)),
        "F" => return Some(Value::Logical(false)),
        _ => {}
    }
    if let Some(inner) = token.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        let (re, im) = inner.split_once(',')?;
        return Some(Value::Complex(
            parse_real(re.trim())?,
            parse_real(im.trim())?,
        ));
    }
    if is_integer(token) {
        if let Ok(i) = token.trim_start_matches('+').parse::<i128>() {
            return Some(Value::Int(i));
        }
    }
    parse_real(token).map(Value::Float)
}

fn is_integer(t: &str) -> bool {
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// A FITS real: digits with an optional point and an `E` or `D` exponent.
fn parse_real(t: &str) -> Option<f64> {
    let body = t.strip_prefix(['+', '-']).unwrap_or(t);
    let (mantissa, exponent) = match body.find(['E', 'D', 'e', 'd']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits_ok(int) || !digits_ok(frac) {
        return None;
    }
    if let Some(e) = exponent {
        if !is_integer(e) {
            return None;
        }
    }
    t.replace(['D', 'd'], "E").parse::<f64>().ok()
}
