//! A parser for the small subset of Python literals an `.npy` header holds.
//!
//! numpy writes the header as `repr()` of a dict and reads it back with
//! `ast.literal_eval`. We accept what `literal_eval` accepts for the values
//! that can occur there: strings (optionally `u`/`b`-prefixed), `True`,
//! `False`, `None`, integers (with `_` separators and, as numpy's
//! `_filter_header` does for Python 2 files, a trailing `L`), tuples, lists
//! and dicts, with any whitespace and trailing commas. Anything else (floats,
//! expressions, names) is a parse error. Nesting is capped so that a hostile
//! header cannot exhaust the stack.

use std::fmt;

/// Deepest nesting accepted; real headers nest at most three levels.
const MAX_DEPTH: usize = 32;

/// A parsed Python literal.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A string (`'<f8'`).
    Str(String),
    /// `True` or `False`.
    Bool(bool),
    /// `None`.
    None,
    /// An integer (values beyond `i128` are a parse error).
    Int(i128),
    /// A tuple: `()`, `(5,)`, `(2, 3)`.
    Tuple(Vec<Literal>),
    /// A list: `[...]`.
    List(Vec<Literal>),
    /// A dict, entries in source order (duplicates kept; the last wins when
    /// looked up, as in Python).
    Dict(Vec<(Literal, Literal)>),
}

impl Literal {
    /// What kind of value this is, in Python's words.
    pub fn kind(&self) -> &'static str {
        match self {
            Literal::Str(_) => "a string",
            Literal::Bool(_) => "a bool",
            Literal::None => "None",
            Literal::Int(_) => "an integer",
            Literal::Tuple(_) => "a tuple",
            Literal::List(_) => "a list",
            Literal::Dict(_) => "a dict",
        }
    }
}

/// Writes the value as Python's `repr` would.
impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn seq(f: &mut fmt::Formatter<'_>, items: &[Literal]) -> fmt::Result {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{item}")?;
            }
            Ok(())
        }
        match self {
            Literal::Str(s) => write!(f, "'{}'", s.escape_default()),
            Literal::Bool(true) => f.write_str("True"),
            Literal::Bool(false) => f.write_str("False"),
            Literal::None => f.write_str("None"),
            Literal::Int(i) => write!(f, "{i}"),
            Literal::Tuple(items) => {
                f.write_str("(")?;
                seq(f, items)?;
                f.write_str(if items.len() == 1 { ",)" } else { ")" })
            }
            Literal::List(items) => {
                f.write_str("[")?;
                seq(f, items)?;
                f.write_str("]")
            }
            Literal::Dict(entries) => {
                f.write_str("{")?;
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k}: {v}")?;
                }
                f.write_str("}")
            }
        }
    }
}

/// Parses `text` as one Python literal surrounded only by whitespace.
/// The error says what was expected and at which character.
pub fn parse_literal(text: &str) -> Result<Literal, String> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    p.skip_ws();
    let value = p.value(0)?;
    p.skip_ws();
    if p.pos < p.bytes.len() {
        return Err(p.error("unexpected text after the literal"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')) {
            self.pos += 1;
        }
    }

    /// An error message quoting a few characters from the current position.
    fn error(&self, what: &str) -> String {
        let rest = self.text.get(self.pos..).unwrap_or("");
        let excerpt: String = rest.chars().take(20).collect();
        let at = self
            .text
            .get(..self.pos)
            .map_or(self.pos, |s| s.chars().count());
        if excerpt.is_empty() {
            format!("{what} at character {at} (end of header)")
        } else {
            format!("{what} at character {at}: {:?}", excerpt)
        }
    }

    fn value(&mut self, depth: usize) -> Result<Literal, String> {
        if depth > MAX_DEPTH {
            return Err(self.error(&format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        match self.peek() {
            None => Err(self.error("expected a value")),
            Some(b'{') => self.dict(depth),
            Some(b'(') => self.paren(depth),
            Some(b'[') => {
                self.pos += 1;
                self.sequence(b']', depth).map(Literal::List)
            }
            Some(b'\'' | b'"') => self.string(),
            Some(b'u' | b'U' | b'b' | b'B')
                if matches!(self.bytes.get(self.pos + 1), Some(b'\'' | b'"')) =>
            {
                self.pos += 1;
                self.string()
            }
            Some(b'+' | b'-' | b'0'..=b'9') => self.int(),
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => self.name(),
            Some(_) => Err(self.error("expected a value")),
        }
    }

    fn dict(&mut self, depth: usize) -> Result<Literal, String> {
        self.pos += 1; // '{'
        let mut entries = Vec::new();
        loop {
            self.skip_ws();
            if self.peek() == Some(b'}') {
                self.pos += 1;
                return Ok(Literal::Dict(entries));
            }
            let key = self.value(depth + 1)?;
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.error("expected ':' after a dict key"));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value(depth + 1)?;
            entries.push((key, value));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {}
                _ => return Err(self.error("expected ',' or '}' in a dict")),
            }
        }
    }

    /// `()` is the empty tuple, `(x)` is just `x`, `(x,)` and `(x, y)` are tuples.
    fn paren(&mut self, depth: usize) -> Result<Literal, String> {
        self.pos += 1; // '('
        self.skip_ws();
        if self.peek() == Some(b')') {
            self.pos += 1;
            return Ok(Literal::Tuple(Vec::new()));
        }
        let first = self.value(depth + 1)?;
        self.skip_ws();
        match self.peek() {
            Some(b')') => {
                self.pos += 1;
                Ok(first)
            }
            Some(b',') => {
                self.pos += 1;
                let mut items = vec![first];
                items.extend(self.sequence(b')', depth)?);
                Ok(Literal::Tuple(items))
            }
            _ => Err(self.error("expected ',' or ')' in a tuple")),
        }
    }

    /// Comma-separated values up to `close` (opening bracket already consumed);
    /// a trailing comma is allowed.
    fn sequence(&mut self, close: u8, depth: usize) -> Result<Vec<Literal>, String> {
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            if self.peek() == Some(close) {
                self.pos += 1;
                return Ok(items);
            }
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(c) if c == close => {}
                _ => {
                    return Err(self.error(&format!("expected ',' or '{}'", char::from(close))));
                }
            }
        }
    }

    fn string(&mut self) -> Result<Literal, String> {
        let Some(quote) = self.peek() else {
            return Err(self.error("expected a string"));
        };
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            // Copy the run up to the next quote, backslash or line end in one go;
            // those are ASCII, so the slice boundaries are char boundaries.
            let run_start = self.pos;
            while !matches!(self.peek(), None | Some(b'\\' | b'\n' | b'\r'))
                && self.peek() != Some(quote)
            {
                self.pos += 1;
            }
            out.push_str(self.text.get(run_start..self.pos).unwrap_or(""));
            match self.peek() {
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape(&mut out)?;
                }
                Some(c) if c == quote => {
                    self.pos += 1;
                    return Ok(Literal::Str(out));
                }
                _ => {
                    self.pos = start;
                    return Err(self.error("unterminated string"));
                }
            }
        }
    }

    /// One escape sequence after a backslash; unknown escapes keep the
    /// backslash, as Python does.
    fn escape(&mut self, out: &mut String) -> Result<(), String> {
        let Some(c) = self.peek() else {
            return Err(self.error("unterminated string"));
        };
        self.pos += 1;
        let hex_len = match c {
            b'n' => return push(out, '\n'),
            b't' => return push(out, '\t'),
            b'r' => return push(out, '\r'),
            b'0' => return push(out, '\0'),
            b'\\' | b'\'' | b'"' => return push(out, char::from(c)),
            b'\n' => return Ok(()),
            b'x' => 2,
            b'u' => 4,
            b'U' => 8,
            _ => {
                out.push('\\');
                self.pos -= 1;
                return Ok(());
            }
        };
        let digits = self
            .text
            .get(self.pos..self.pos + hex_len)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error("malformed \\x, \\u or \\U escape"))?;
        let ch = u32::from_str_radix(digits, 16)
            .ok()
            .and_then(char::from_u32)
            .ok_or_else(|| self.error("escape is not a valid character"))?;
        self.pos += hex_len;
        push(out, ch)
    }

    fn int(&mut self) -> Result<Literal, String> {
        let start = self.pos;
        // One unary sign, as `literal_eval` allows (`-1`, `+ 2`, not `--1`).
        let negative = self.peek() == Some(b'-');
        if matches!(self.peek(), Some(b'+' | b'-')) {
            self.pos += 1;
            self.skip_ws();
        }
        let digits_start = self.pos;
        let mut value: i128 = 0;
        let mut overflow = false;
        while let Some(c) = self.peek() {
            if c.is_ascii_digit() {
                let d = i128::from(c - b'0');
                match value.checked_mul(10).and_then(|v| v.checked_add(d)) {
                    Some(v) => value = v,
                    None => overflow = true,
                }
            } else if c != b'_' || self.pos == digits_start {
                break;
            }
            self.pos += 1;
        }
        if self.pos == digits_start {
            return Err(self.error("expected digits"));
        }
        if overflow {
            self.pos = start;
            return Err(self.error("integer too large"));
        }
        if matches!(self.peek(), Some(b'L' | b'l')) {
            self.pos += 1; // Python 2's long suffix, as numpy's _filter_header drops it
        }
        if matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == b'.') {
            return Err(self.error("only plain decimal integers are supported"));
        }
        Ok(Literal::Int(if negative { -value } else { value }))
    }

    fn name(&mut self) -> Result<Literal, String> {
        let start = self.pos;
        while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == b'_') {
            self.pos += 1;
        }
        match self.text.get(start..self.pos) {
            Some("True") => Ok(Literal::Bool(true)),
            Some("False") => Ok(Literal::Bool(false)),
            Some("None") => Ok(Literal::None),
            _ => {
                self.pos = start;
                Err(self.error("expected a literal (a name is not a value)"))
            }
        }
    }
}

fn push(out: &mut String, c: char) -> Result<(), String> {
    out.push(c);
    Ok(())
}
