//! The `.npy` header dict: validating a parsed one, and writing one exactly
//! as numpy's `_write_array_header` / `_wrap_header` do.
//!
//! Messages returned here say what is wrong but not which file; the reader
//! adds the path.

use crate::array::NdArray;
use crate::dtype::DType;

use super::literal::{parse_literal, Literal};
use super::version::Version;

/// The magic string every `.npy` file starts with.
pub const MAGIC: &[u8; 6] = b"\x93NUMPY";

/// Longest header (in characters) accepted, as `np.load`'s default
/// `max_header_size`: numpy refuses longer ones as unsafe to parse.
pub const MAX_HEADER_SIZE: usize = 10_000;

/// numpy aligns the data start to this many bytes (`ARRAY_ALIGN`).
const ARRAY_ALIGN: usize = 64;

/// numpy leaves room for the growth axis to reach this many digits
/// (`GROWTH_AXIS_MAX_DIGITS`).
const GROWTH_AXIS_MAX_DIGITS: usize = 21;

/// "supported dtypes are bool, int8, ... and float64 (...)", from [`DType::ALL`].
const SUPPORTED: Supported = Supported;

/// Displays the list of supported dtypes (see [`SUPPORTED`]).
struct Supported;

impl std::fmt::Display for Supported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (last, rest) = DType::ALL.split_last().ok_or(std::fmt::Error)?;
        let rest: Vec<_> = rest.iter().map(|d| d.name()).collect();
        write!(
            f,
            "supported dtypes are {} and {last} (convert with numpy's astype before saving)",
            rest.join(", ")
        )
    }
}

const KEYS: &str = "an .npy header has exactly the keys 'descr', 'fortran_order' and 'shape'";

/// Byte order of the data in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteOrder {
    /// `<`
    Little,
    /// `>`
    Big,
}

impl ByteOrder {
    /// This machine's byte order (what `|` and `=` mean in a descr).
    pub const NATIVE: ByteOrder = if cfg!(target_endian = "big") {
        ByteOrder::Big
    } else {
        ByteOrder::Little
    };
}

/// What an `.npy` header says about the array that follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Element type.
    pub dtype: DType,
    /// Byte order of the data in the file (resolved: `|` and `=` are native).
    pub byte_order: ByteOrder,
    /// True when the data is in Fortran (column-major) order.
    pub fortran_order: bool,
    /// Dimensions; empty for a 0-d array.
    pub shape: Vec<usize>,
}

impl Header {
    /// The header numpy writes for `array` (native byte order). An array
    /// stored in Fortran order that is also C-contiguous (at most one
    /// dimension above 1, or no elements) is written as C order, because
    /// numpy tests C-contiguity first and the bytes are the same either way.
    pub fn for_array(array: &NdArray) -> Header {
        let shape = array.shape().to_vec();
        let c_contiguous_too = shape.contains(&0) || shape.iter().filter(|&&d| d > 1).count() <= 1;
        Header {
            dtype: array.dtype(),
            byte_order: ByteOrder::NATIVE,
            fortran_order: array.is_fortran_order() && !c_contiguous_too,
            shape,
        }
    }

    /// The numpy dtype string, as `dtype.str` gives it (`'<f8'`, `'|b1'`).
    pub fn descr(&self) -> String {
        let order = match (self.dtype.itemsize(), self.byte_order) {
            (1, _) => '|',
            (_, ByteOrder::Little) => '<',
            (_, ByteOrder::Big) => '>',
        };
        format!("{order}{}{}", self.dtype.kind(), self.dtype.itemsize())
    }

    /// Number of elements, or why it cannot be computed. A zero dimension
    /// makes the array empty, but, as numpy requires ("array is too big"),
    /// the product of the other dimensions must still fit, so that no
    /// partial product of the shape can overflow later.
    pub fn element_count(&self) -> Result<usize, String> {
        let nonzero = self
            .shape
            .iter()
            .filter(|&&d| d != 0)
            .try_fold(1usize, |acc, &d| acc.checked_mul(d));
        if self.shape.contains(&0) {
            return nonzero.map(|_| 0).ok_or_else(|| {
                format!(
                    "shape {} has a zero dimension, but the product of its other dimensions \
                     overflows {} bits (numpy refuses such a shape too: array is too big)",
                    shape_repr(&self.shape),
                    usize::BITS
                )
            });
        }
        nonzero.ok_or_else(|| {
            format!(
                "shape {} has too many elements: the product of its dimensions overflows \
                     {} bits (numpy would silently wrap around; we refuse)",
                shape_repr(&self.shape),
                usize::BITS
            )
        })
    }

    /// Number of data bytes the header implies.
    pub fn data_len(&self) -> Result<usize, String> {
        self.element_count()?
            .checked_mul(self.dtype.itemsize())
            .ok_or_else(|| {
                format!(
                    "shape {} of {} needs more bytes than fit in {} bits",
                    shape_repr(&self.shape),
                    self.dtype,
                    usize::BITS
                )
            })
    }

    /// The dict text numpy writes, before padding: keys sorted, Python
    /// reprs, then spaces so the growth axis can reach 21 digits in place.
    pub fn dict_text(&self) -> String {
        let fortran = if self.fortran_order { "True" } else { "False" };
        let mut text = format!(
            "{{'descr': '{}', 'fortran_order': {fortran}, 'shape': {}, }}",
            self.descr(),
            shape_repr(&self.shape)
        );
        let growth = if self.fortran_order {
            self.shape.last()
        } else {
            self.shape.first()
        };
        if let Some(d) = growth {
            let pad = GROWTH_AXIS_MAX_DIGITS.saturating_sub(d.to_string().len());
            text.extend(std::iter::repeat_n(' ', pad));
        }
        text
    }

    /// The whole preamble numpy writes: magic, version, header length, dict,
    /// spaces and a final `\n`, so the data starts at a multiple of 64 bytes.
    /// Version 1.0 unless the header is too long for its 16-bit length, then
    /// 2.0 (our headers are ASCII, so never 3.0).
    pub fn encode(&self) -> Result<Vec<u8>, String> {
        let text = self.dict_text();
        let hlen = text.len() + 1; // the final '\n'
        for version in [Version::V1_0, Version::V2_0] {
            let padlen = ARRAY_ALIGN - (version.prefix_len() + hlen) % ARRAY_ALIGN;
            let total = hlen + padlen;
            if !u64::try_from(total).is_ok_and(|t| t <= version.max_header_len()) {
                continue;
            }
            let len_field = u32::try_from(total).unwrap_or(u32::MAX).to_le_bytes();
            let mut out = Vec::with_capacity(version.prefix_len() + total);
            out.extend_from_slice(MAGIC);
            out.extend_from_slice(&version.bytes());
            out.extend_from_slice(&len_field[..version.header_len_num_bytes()]);
            out.extend_from_slice(text.as_bytes());
            out.resize(out.len() + padlen, b' ');
            out.push(b'\n');
            return Ok(out);
        }
        Err(format!(
            "the .npy header for shape {} is {hlen} bytes, too long for any .npy version",
            shape_repr(&self.shape)
        ))
    }
}

/// Parses and validates the header dict text (already decoded).
pub(crate) fn parse_dict(text: &str) -> Result<Header, String> {
    let literal = parse_literal(text)
        .map_err(|e| format!("cannot parse the header as a Python literal: {e}"))?;
    let Literal::Dict(entries) = literal else {
        return Err(format!(
            "the header is not a dict but {}: {}",
            literal.kind(),
            excerpt(&literal)
        ));
    };
    let (mut descr, mut fortran, mut shape) = (None, None, None);
    for (key, value) in entries {
        // Later duplicates win, as in a Python dict.
        match &key {
            Literal::Str(k) if k == "descr" => descr = Some(value),
            Literal::Str(k) if k == "fortran_order" => fortran = Some(value),
            Literal::Str(k) if k == "shape" => shape = Some(value),
            other => {
                return Err(format!(
                    "the header dict has an unexpected key {}; {KEYS}",
                    excerpt(other)
                ))
            }
        }
    }
    let missing = |k: &str| format!("the header dict lacks the key '{k}'; {KEYS}");
    let descr = descr.ok_or_else(|| missing("descr"))?;
    let fortran = fortran.ok_or_else(|| missing("fortran_order"))?;
    let shape = shape.ok_or_else(|| missing("shape"))?;

    let (dtype, byte_order) = parse_descr(&descr)?;
    let Literal::Bool(fortran_order) = fortran else {
        return Err(format!(
            "fortran_order is {}, not True or False",
            excerpt(&fortran)
        ));
    };
    let header = Header {
        dtype,
        byte_order,
        fortran_order,
        shape: parse_shape(&shape)?,
    };
    header.data_len()?;
    Ok(header)
}

/// A numpy dtype string (`'<f8'`, `'|b1'`, `'>u2'`, `'f4'`) to a dtype and
/// byte order; anything else is refused with its name.
pub(crate) fn parse_descr(descr: &Literal) -> Result<(DType, ByteOrder), String> {
    let s = match descr {
        Literal::Str(s) => s,
        Literal::List(_) => {
            return Err(format!(
                "dtype {} is a structured (record) dtype, which is not supported; {SUPPORTED}",
                excerpt(descr)
            ))
        }
        other => {
            return Err(format!(
                "descr {} is not a dtype string such as '<f8'; {SUPPORTED}",
                excerpt(other)
            ))
        }
    };
    let (order, code) = if let Some(rest) = s.strip_prefix('<') {
        (ByteOrder::Little, rest)
    } else if let Some(rest) = s.strip_prefix(['>', '!']) {
        (ByteOrder::Big, rest)
    } else {
        (ByteOrder::NATIVE, s.strip_prefix(['|', '=']).unwrap_or(s))
    };
    let mut chars = code.chars();
    let kind = chars.next().unwrap_or(' ');
    let size_text = chars.as_str();
    let size = size_text
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| size_text.parse::<usize>().ok())
        .flatten();
    if kind == 'O' {
        return Err(format!(
            "dtype {} is an object array: pickled object arrays are not supported (they can \
             run arbitrary code when loaded); {SUPPORTED}",
            excerpt(descr)
        ));
    }
    if matches!(kind, 'b' | 'i' | 'u' | 'f') {
        if let Some(dtype) = size.and_then(|n| DType::from_kind(kind, n)) {
            return Ok((dtype, order));
        }
    }
    let what = match (kind, size) {
        ('f', Some(2)) => "float16",
        ('f', Some(12 | 16)) => "long double",
        ('c', _) => "complex",
        ('U', _) => "unicode string",
        ('S' | 'a', _) => "byte string",
        ('V', _) => "void (raw bytes)",
        ('M', _) => "datetime64",
        ('m', _) => "timedelta64",
        ('b' | 'i' | 'u' | 'f', _) => "unsupported item size",
        _ => "unknown type code",
    };
    Err(format!(
        "dtype {} ({what}) is not supported; {SUPPORTED}",
        excerpt(descr)
    ))
}

fn parse_shape(shape: &Literal) -> Result<Vec<usize>, String> {
    let not_ints = || format!("shape {} is not a tuple of integers", excerpt(shape));
    let Literal::Tuple(items) = shape else {
        return Err(not_ints());
    };
    items
        .iter()
        .map(|d| match d {
            Literal::Int(n) if *n < 0 => Err(format!(
                "shape {} has a negative dimension ({n})",
                excerpt(shape)
            )),
            Literal::Int(n) => usize::try_from(*n).map_err(|_| {
                format!(
                    "dimension {n} in shape {} is larger than this machine can address",
                    excerpt(shape)
                )
            }),
            _ => Err(not_ints()),
        })
        .collect()
}

/// Python's repr of a shape tuple: `()`, `(5,)`, `(2, 3)`.
pub(crate) fn shape_repr(shape: &[usize]) -> String {
    let dims: Vec<String> = shape.iter().map(|d| d.to_string()).collect();
    match dims.len() {
        1 => format!("({},)", dims.join("")),
        _ => format!("({})", dims.join(", ")),
    }
}

/// A value's repr, shortened so that a hostile header cannot flood a message.
fn excerpt(value: &Literal) -> String {
    const MAX: usize = 80;
    let text = value.to_string();
    if text.chars().count() <= MAX {
        text
    } else {
        let head: String = text.chars().take(MAX).collect();
        format!("{head}...")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(dtype: DType, fortran: bool, shape: &[usize]) -> Header {
        Header {
            dtype,
            byte_order: ByteOrder::Little,
            fortran_order: fortran,
            shape: shape.to_vec(),
        }
    }

    #[test]
    fn dict_text_matches_numpy() {
        let h = header(DType::Float64, false, &[1000, 2000]);
        assert_eq!(
            h.dict_text(),
            format!(
                "{{'descr': '<f8', 'fortran_order': False, 'shape': (1000, 2000), }}{}",
                " ".repeat(17)
            )
        );
        assert!(header(DType::Bool, false, &[])
            .dict_text()
            .ends_with("'shape': (), }"));
        assert!(header(DType::UInt8, true, &[5, 12])
            .dict_text()
            .starts_with(
                "{'descr': '|u1', 'fortran_order': True, 'shape': (5, 12), }                   "
            ));
        assert_eq!(shape_repr(&[5]), "(5,)");
    }

    #[test]
    fn encode_aligns_to_64() {
        for shape in [&[][..], &[3], &[1000, 2000], &[usize::MAX, 1, 2]] {
            let bytes = header(DType::Int16, false, shape).encode().unwrap();
            assert_eq!(bytes.len() % 64, 0);
            assert_eq!(&bytes[..8], b"\x93NUMPY\x01\x00");
            assert_eq!(bytes.last(), Some(&b'\n'));
        }
    }

    #[test]
    fn descr_parsing() {
        let s = |t: &str| parse_descr(&Literal::Str(t.into()));
        assert_eq!(s("<f8"), Ok((DType::Float64, ByteOrder::Little)));
        assert_eq!(s(">i2"), Ok((DType::Int16, ByteOrder::Big)));
        assert_eq!(s("|b1"), Ok((DType::Bool, ByteOrder::NATIVE)));
        assert_eq!(s("u4"), Ok((DType::UInt32, ByteOrder::NATIVE)));
        assert!(s("|O")
            .unwrap_err()
            .contains("pickled object arrays are not supported"));
        assert!(s("<f2").unwrap_err().contains("'<f2' (float16)"));
        assert!(s("<U5").unwrap_err().contains("unicode string"));
        assert!(s("<M8[ns]").unwrap_err().contains("datetime64"));
        assert!(s("").is_err());
        assert!(s("<f+8").is_err());
    }

    #[test]
    fn zero_dimension_means_empty() {
        let h = header(DType::Float64, false, &[usize::MAX, 1, 0]);
        assert_eq!(h.data_len(), Ok(0));
        // numpy refuses a zero-size shape whose other dimensions overflow.
        let h = header(DType::Float64, false, &[usize::MAX, usize::MAX, 0]);
        assert!(h.data_len().unwrap_err().contains("has a zero dimension"));
        assert!(header(DType::Float64, false, &[usize::MAX / 4])
            .data_len()
            .is_err());
    }
}
