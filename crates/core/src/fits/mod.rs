//! FITS images: reading (plain, tile-compressed RICE_1/GZIP_1/GZIP_2, and
//! gzip-compressed files) and writing single-HDU images, with the header as
//! ordered cards.
//!
//! - [`card`] / [`format`]: one card parsed from / formatted to 80 columns;
//! - [`header`]: a header's blocks up to END, CONTINUE strings merged;
//! - [`hdu`]: what a header says about its data, checked before any read;
//! - [`scale`]: BSCALE/BZERO/BLANK applied as astropy does;
//! - [`decode`]: the same, fused with the byte swap and a cast, in one pass;
//! - [`read`] / [`write`] (+ `encode`, [`checksum`]): whole files, written
//!   through the same temporary names as `.npy` outputs;
//! - [`compress`], [`gz`]: tile decompression and whole-file gzip.

pub mod card;
pub mod checksum;
pub mod compress;
pub mod decode;
mod encode;
pub mod format;
pub mod gz;
pub mod hdu;
mod hdu_out;
pub mod header;
pub mod read;
pub mod scale;
pub mod write;

pub use card::{parse_card, Card, Value};
pub use format::format_card;
pub use read::{
    read_fits, read_fits_as, read_fits_bytes, read_fits_bytes_as, FitsImage, HduSelector,
    ReadOptions, MEMORY_LABEL,
};
pub use write::{is_structural, write_fits, write_fits_hdus, HduOut, WriteOptions};
