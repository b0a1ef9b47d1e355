//! Element types, named as numpy names them.

/// The numeric element types numpy writes to `.npy` files (float16 and
/// complex types excepted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DType {
    /// numpy's `bool`.
    Bool,
    /// numpy's `int8`.
    Int8,
    /// numpy's `int16`.
    Int16,
    /// numpy's `int32`.
    Int32,
    /// numpy's `int64`.
    Int64,
    /// numpy's `uint8`.
    UInt8,
    /// numpy's `uint16`.
    UInt16,
    /// numpy's `uint32`.
    UInt32,
    /// numpy's `uint64`.
    UInt64,
    /// numpy's `float32`.
    Float32,
    /// numpy's `float64`.
    Float64,
}

impl DType {
    /// Every supported dtype, in numpy's promotion order (bool, signed, unsigned, float).
    pub const ALL: [DType; 11] = [
        DType::Bool,
        DType::Int8,
        DType::Int16,
        DType::Int32,
        DType::Int64,
        DType::UInt8,
        DType::UInt16,
        DType::UInt32,
        DType::UInt64,
        DType::Float32,
        DType::Float64,
    ];

    /// numpy's name for this dtype (`"float64"`, `"int16"`, `"bool"`, ...).
    pub fn name(self) -> &'static str {
        match self {
            DType::Bool => "bool",
            DType::Int8 => "int8",
            DType::Int16 => "int16",
            DType::Int32 => "int32",
            DType::Int64 => "int64",
            DType::UInt8 => "uint8",
            DType::UInt16 => "uint16",
            DType::UInt32 => "uint32",
            DType::UInt64 => "uint64",
            DType::Float32 => "float32",
            DType::Float64 => "float64",
        }
    }

    /// Parses numpy's name for a dtype.
    pub fn from_name(name: &str) -> Option<DType> {
        DType::ALL.into_iter().find(|d| d.name() == name)
    }

    /// Bytes per element.
    pub fn itemsize(self) -> usize {
        match self {
            DType::Bool | DType::Int8 | DType::UInt8 => 1,
            DType::Int16 | DType::UInt16 => 2,
            DType::Int32 | DType::UInt32 | DType::Float32 => 4,
            DType::Int64 | DType::UInt64 | DType::Float64 => 8,
        }
    }

    /// True for float32 and float64.
    pub fn is_float(self) -> bool {
        matches!(self, DType::Float32 | DType::Float64)
    }

    /// True for the signed and unsigned integer types (not bool).
    pub fn is_integer(self) -> bool {
        !self.is_float() && self != DType::Bool
    }

    /// True for the signed integer types.
    pub fn is_signed_integer(self) -> bool {
        matches!(
            self,
            DType::Int8 | DType::Int16 | DType::Int32 | DType::Int64
        )
    }

    /// The `.npy` type character: `b` (bool), `i`, `u` or `f`.
    pub fn kind(self) -> char {
        match self {
            DType::Bool => 'b',
            d if d.is_float() => 'f',
            d if d.is_signed_integer() => 'i',
            _ => 'u',
        }
    }

    /// Builds a dtype from an `.npy` kind character and item size.
    pub fn from_kind(kind: char, itemsize: usize) -> Option<DType> {
        DType::ALL
            .into_iter()
            .find(|d| d.kind() == kind && d.itemsize() == itemsize)
    }
}

impl std::str::FromStr for DType {
    type Err = crate::error::Error;

    /// Parses numpy's name, or says which names exist.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        DType::from_name(name).ok_or_else(|| {
            crate::error::Error::invalid(format!(
                "unknown dtype '{name}': use one of {}",
                DType::names(", ")
            ))
        })
    }
}

impl DType {
    /// Every dtype's name, joined by `sep` (for messages).
    pub fn names(sep: &str) -> String {
        DType::ALL.map(DType::name).join(sep)
    }
}

impl std::fmt::Display for DType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for d in DType::ALL {
            assert_eq!(DType::from_name(d.name()), Some(d));
            assert_eq!(DType::from_kind(d.kind(), d.itemsize()), Some(d));
        }
        assert_eq!(DType::from_name("complex128"), None);
    }
}
