//! The `.npy` format versions, and what each implies for the preamble.

use super::header::MAGIC;

/// An `.npy` format version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// 1.0: 2-byte header length, latin-1 header.
    V1_0,
    /// 2.0: 4-byte header length, latin-1 header.
    V2_0,
    /// 3.0: 4-byte header length, UTF-8 header.
    V3_0,
}

impl Version {
    /// Every version, oldest first (the writer takes the first that fits).
    pub const ALL: [Version; 3] = [Version::V1_0, Version::V2_0, Version::V3_0];

    /// The version the two bytes after the magic string name, if supported.
    pub fn from_bytes(bytes: [u8; 2]) -> Option<Version> {
        Version::ALL.into_iter().find(|v| v.bytes() == bytes)
    }

    /// The two bytes written after the magic string (major, minor).
    pub fn bytes(self) -> [u8; 2] {
        match self {
            Version::V1_0 => [1, 0],
            Version::V2_0 => [2, 0],
            Version::V3_0 => [3, 0],
        }
    }

    /// `(major, minor)`.
    pub fn number(self) -> (u8, u8) {
        let [major, minor] = self.bytes();
        (major, minor)
    }

    /// Size of the little-endian header length field.
    pub fn header_len_num_bytes(self) -> usize {
        match self {
            Version::V1_0 => 2,
            Version::V2_0 | Version::V3_0 => 4,
        }
    }

    /// Bytes before the header text: magic, version, header length.
    pub fn prefix_len(self) -> usize {
        MAGIC.len() + 2 + self.header_len_num_bytes()
    }

    /// Largest header (in bytes, padding included) the length field can hold.
    pub fn max_header_len(self) -> u64 {
        match self.header_len_num_bytes() {
            2 => u64::from(u16::MAX),
            _ => u64::from(u32::MAX),
        }
    }

    /// True when the header is UTF-8 (3.0); older versions are latin-1.
    pub fn is_utf8(self) -> bool {
        self == Version::V3_0
    }
}

impl PartialEq<(u8, u8)> for Version {
    fn eq(&self, other: &(u8, u8)) -> bool {
        self.number() == *other
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (major, minor) = self.number();
        write!(f, "{major}.{minor}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths() {
        assert_eq!(Version::V1_0.prefix_len(), 10);
        assert_eq!(Version::V3_0.prefix_len(), 12);
        assert_eq!(Version::from_bytes([2, 0]), Some(Version::V2_0));
        assert_eq!(Version::from_bytes([4, 0]), None);
        assert_eq!(Version::V3_0.to_string(), "3.0");
    }
}
