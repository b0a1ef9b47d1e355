//! The binary table a tile-compressed image is stored in: column layout
//! from TFORMn, and each row's variable-length array located in the heap,
//! every offset checked against the bytes present.

use super::super::card::{Card, Value};
use super::super::hdu::find;

/// One column: its byte offset in a row, its type letter, repeat count,
/// and for a descriptor column (P or Q) the element type.
#[derive(Debug, Clone)]
pub struct Column {
    pub offset: usize,
    pub code: u8,
    pub elem: u8,
}

/// The table: row width and count, the columns by name, the heap.
#[derive(Debug)]
pub struct Table<'a> {
    pub row_len: usize,
    pub rows: usize,
    pub columns: Vec<(String, Column)>,
    main: &'a [u8],
    heap: &'a [u8],
}

/// Byte size of one element of a TFORM type letter.
fn elem_size(code: u8) -> Option<usize> {
    Some(match code {
        b'L' | b'B' | b'A' | b'X' => 1,
        b'I' => 2,
        b'J' | b'E' => 4,
        b'K' | b'D' | b'C' | b'P' => 8,
        b'M' | b'Q' => 16,
        _ => return None,
    })
}

/// Parses `rTa(max)`: repeat, type letter, and the element letter of P/Q.
fn parse_tform(tform: &str) -> Option<(usize, u8, u8)> {
    let t = tform.trim();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let repeat = if digits == 0 {
        1
    } else {
        t[..digits].parse().ok()?
    };
    let rest = &t.as_bytes()[digits..];
    let code = *rest.first()?;
    let elem = if matches!(code, b'P' | b'Q') {
        *rest.get(1)?
    } else {
        code
    };
    elem_size(code)?;
    Some((repeat, code, elem))
}

impl<'a> Table<'a> {
    /// Lays out the table from its header over the HDU's data bytes.
    pub fn new(cards: &[Card], data: &'a [u8]) -> Result<Table<'a>, String> {
        let int = |k: &str| -> Result<usize, String> {
            find(cards, k)
                .and_then(Card::int)
                .and_then(|v| usize::try_from(v).ok())
                .ok_or_else(|| format!("the table keyword {k} is missing or not a valid count"))
        };
        let row_len = int("NAXIS1")?;
        let rows = int("NAXIS2")?;
        let fields = int("TFIELDS")?;
        if fields > 999 {
            return Err(format!("TFIELDS {fields} is over the standard's 999"));
        }
        let main_len = row_len
            .checked_mul(rows)
            .ok_or("the table size overflows")?;
        let theap = match find(cards, "THEAP") {
            Some(c) => c
                .int()
                .and_then(|v| usize::try_from(v).ok())
                .ok_or("THEAP is not a valid offset")?,
            None => main_len,
        };
        if main_len > data.len() || theap > data.len() || theap < main_len {
            return Err(format!(
                "the table ({rows} rows of {row_len} bytes, heap at {theap}) does not fit in its {} data bytes",
                data.len()
            ));
        }
        let mut columns = Vec::new();
        let mut offset = 0usize;
        for n in 1..=fields {
            let tform = match find(cards, &format!("TFORM{n}")).map(|c| &c.value) {
                Some(Value::Str(s)) => s.clone(),
                _ => return Err(format!("TFORM{n} is missing")),
            };
            let (repeat, code, elem) = parse_tform(&tform)
                .ok_or_else(|| format!("TFORM{n} {tform:?} is not a valid column format"))?;
            let name = match find(cards, &format!("TTYPE{n}")).map(|c| &c.value) {
                Some(Value::Str(s)) => s.trim().to_ascii_uppercase(),
                _ => String::new(),
            };
            let size = elem_size(code).unwrap_or(1);
            let width = if code == b'X' {
                repeat.div_ceil(8)
            } else {
                repeat.checked_mul(size).ok_or("a column width overflows")?
            };
            columns.push((name, Column { offset, code, elem }));
            offset = offset.checked_add(width).ok_or("the row width overflows")?;
        }
        if offset != row_len {
            return Err(format!(
                "the columns take {offset} bytes per row but NAXIS1 says {row_len}"
            ));
        }
        Ok(Table {
            row_len,
            rows,
            columns,
            main: &data[..main_len],
            heap: &data[theap..],
        })
    }

    /// The column named `name`, if any.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|(n, _)| n == name).map(|(_, c)| c)
    }

    /// The bytes of a field of row `row`.
    fn field(&self, col: &Column, row: usize, len: usize) -> Result<&'a [u8], String> {
        let start = row * self.row_len + col.offset;
        self.main
            .get(start..start + len)
            .ok_or_else(|| format!("row {row} is outside the table"))
    }

    /// The heap bytes of a descriptor column's array in `row` and its
    /// element letter; empty when the row stores none.
    pub fn array(&self, col: &Column, row: usize) -> Result<&'a [u8], String> {
        let (count, offset) = match col.code {
            b'P' => {
                let f = self.field(col, row, 8)?;
                let n = u32::from_be_bytes([f[0], f[1], f[2], f[3]]) as u64;
                let o = u32::from_be_bytes([f[4], f[5], f[6], f[7]]) as u64;
                (n, o)
            }
            b'Q' => {
                let f = self.field(col, row, 16)?;
                let n = u64::from_be_bytes(f[..8].try_into().map_err(|_| "bad descriptor")?);
                let o = u64::from_be_bytes(f[8..16].try_into().map_err(|_| "bad descriptor")?);
                (n, o)
            }
            _ => {
                return Err(
                    "a compressed-data column is not a variable-length array (P or Q)".into(),
                )
            }
        };
        let size = elem_size(col.elem).ok_or("an unknown array element type")? as u64;
        let len = count.checked_mul(size).ok_or("an array length overflows")?;
        let end = offset.checked_add(len).ok_or("an array offset overflows")?;
        if end > self.heap.len() as u64 {
            return Err(format!(
                "tile {row}'s data ({len} bytes at heap offset {offset}) lies beyond the {}-byte heap",
                self.heap.len()
            ));
        }
        Ok(&self.heap[offset as usize..end as usize])
    }

    /// A scalar numeric field of `row` as f64 (ZSCALE, ZZERO, ZBLANK).
    pub fn number(&self, col: &Column, row: usize) -> Result<f64, String> {
        let f = |n| self.field(col, row, n);
        Ok(match col.code {
            b'D' => f64::from_be_bytes(f(8)?.try_into().map_err(|_| "bad field")?),
            b'E' => f32::from_be_bytes(f(4)?.try_into().map_err(|_| "bad field")?) as f64,
            b'J' => i32::from_be_bytes(f(4)?.try_into().map_err(|_| "bad field")?) as f64,
            b'K' => i64::from_be_bytes(f(8)?.try_into().map_err(|_| "bad field")?) as f64,
            b'I' => i16::from_be_bytes(f(2)?.try_into().map_err(|_| "bad field")?) as f64,
            _ => return Err("a ZSCALE/ZZERO/ZBLANK column is not numeric".into()),
        })
    }
}
