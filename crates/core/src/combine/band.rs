//! The frames of a combination and their row-band readers. An in-memory
//! array is read from directly; a `.npy` or FITS file is opened once, its
//! header parsed with the format's own (public) parser, and each band's
//! bytes are read at their offset: only one band of a file is ever in
//! memory. FITS values get BSCALE/BZERO/BLANK as astropy applies them
//! (`fits::scale`), then become the stack's value type: float64 as
//! ccdproc's, or float32 when every frame's values are exactly float32
//! (the same numbers; see `mod.rs`). Rows stored as that type are read
//! straight into the stack and byte-swapped there, with no other buffer.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::array::NdArray;
use crate::buffer::AlignedBuf;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::fits::hdu::{bitpix_dtype, hdu_info, numpy_shape, HduKind};
use crate::fits::header::{read_header, BLOCK};
use crate::fits::scale::{apply, Scaling};
use crate::kernels::layout::to_c_order;
use crate::kernels::num::{typed_as, with_array, Num};
use crate::npy::ByteOrder;

use super::lanes::Value;

/// One frame of a combination.
#[derive(Debug, Clone)]
pub enum Frame {
    /// An array in memory.
    Array(Arc<NdArray>),
    /// A `.npy` file.
    Npy(PathBuf),
    /// A FITS file (its first HDU holding an image, as `CCDData.read`).
    Fits(PathBuf),
}

/// Where a file frame's values are.
struct FileBand {
    path: PathBuf,
    file: File,
    /// Offset of the first data byte.
    offset: u64,
    dtype: DType,
    /// True when the stored bytes are big-endian.
    big_endian: bool,
    scaling: Scaling,
}

enum Source {
    Array(Arc<NdArray>),
    File(FileBand),
}

/// Reads row bands of one frame as float64.
pub(super) struct BandReader {
    source: Source,
    name: String,
    shape: Vec<usize>,
}

fn is_native_big() -> bool {
    cfg!(target_endian = "big")
}

impl BandReader {
    /// Opens a frame, reading only its header.
    pub fn open(frame: Frame) -> Result<BandReader> {
        match frame {
            Frame::Array(a) => {
                let a = match to_c_order(&a)? {
                    Some(c) => Arc::new(c),
                    None => a,
                };
                Ok(BandReader {
                    name: "an array".into(),
                    shape: a.shape().to_vec(),
                    source: Source::Array(a),
                })
            }
            Frame::Npy(path) => open_npy(path),
            Frame::Fits(path) => open_fits(path),
        }
    }

    /// The frame's shape (numpy order).
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    /// The file name, or "an array".
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Bytes per stored element.
    pub fn itemsize(&self) -> usize {
        match &self.source {
            Source::Array(a) => a.dtype().itemsize(),
            Source::File(f) => f.dtype.itemsize(),
        }
    }

    /// The dtype of the frame's values (after FITS scaling).
    pub fn value_dtype(&self) -> DType {
        match &self.source {
            Source::Array(a) => a.dtype(),
            Source::File(f) => f.scaling.output_dtype(f.dtype),
        }
    }

    /// True when rows are read into a stack of `dtype` with no other buffer.
    pub fn is_direct(&self, dtype: DType) -> bool {
        match &self.source {
            Source::Array(_) => true,
            Source::File(f) => f.dtype == dtype && f.scaling.is_identity(),
        }
    }

    /// Rows `r0..r1` (along the first axis) as `T` into `dst`.
    pub fn read_rows<T: Value>(&mut self, r0: usize, r1: usize, dst: &mut [T]) -> Result<()> {
        let row_len: usize = self.shape.iter().skip(1).product();
        let (start, end) = (r0 * row_len, r1 * row_len);
        let direct = self.is_direct(T::DTYPE);
        match &mut self.source {
            Source::Array(a) => {
                match typed_as::<T>(a) {
                    Some(s) => dst.copy_from_slice(&s[start..end]),
                    None => with_array!(a.as_ref(), |s| to_value(&s[start..end], dst)),
                }
                Ok(())
            }
            Source::File(f) if direct => {
                let item = f.dtype.itemsize();
                f.file
                    .seek(SeekFrom::Start(f.offset + (start * item) as u64))
                    .and_then(|_| f.file.read_exact(bytemuck::cast_slice_mut(dst)))
                    .map_err(|e| Error::io(&f.path, e))?;
                if f.big_endian != is_native_big() {
                    swap_bytes(dst);
                }
                Ok(())
            }
            Source::File(f) => {
                let item = f.dtype.itemsize();
                let mut buf = AlignedBuf::for_overwrite((end - start) * item);
                let bytes = buf.as_bytes_mut();
                f.file
                    .seek(SeekFrom::Start(f.offset + (start * item) as u64))
                    .and_then(|_| f.file.read_exact(bytes))
                    .map_err(|e| Error::io(&f.path, e))?;
                if item > 1 && f.big_endian != is_native_big() {
                    bytes.chunks_exact_mut(item).for_each(|c| c.reverse());
                }
                let raw = NdArray::from_buffer(f.dtype, &[end - start], false, buf)?;
                let vals = if f.scaling.is_identity() {
                    raw
                } else {
                    apply(raw, &f.scaling)?
                };
                with_array!(&vals, |s| to_value(s, dst));
                Ok(())
            }
        }
    }
}

/// `dst[i] = s[i]` as `T` (exact: `T` holds every value of the frame).
fn to_value<S: Num, T: Value>(s: &[S], dst: &mut [T]) {
    for (d, x) in dst.iter_mut().zip(s) {
        *d = T::from_f64(x.to_f64());
    }
}

/// Reverses the bytes of every value (stored in the other byte order).
fn swap_bytes<T: Value>(dst: &mut [T]) {
    match std::mem::size_of::<T>() {
        4 => bytemuck::cast_slice_mut::<T, u32>(dst)
            .iter_mut()
            .for_each(|x| *x = x.swap_bytes()),
        _ => bytemuck::cast_slice_mut::<T, u64>(dst)
            .iter_mut()
            .for_each(|x| *x = x.swap_bytes()),
    }
}

fn open_file(path: &Path) -> Result<(File, u64)> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(Error::file(path, "is a directory, not an image file"));
    }
    Ok((file, meta.len()))
}

fn frame_name(path: &Path) -> String {
    path.display().to_string()
}

fn open_npy(path: PathBuf) -> Result<BandReader> {
    let (mut file, len) = open_file(&path)?;
    let h = crate::npy::read_header(&mut file, len, &path)?;
    let shape = h.header.shape.clone();
    if h.header.fortran_order && shape.iter().filter(|&&d| d > 1).count() > 1 {
        return Err(Error::file(
            &path,
            "is stored in Fortran order, whose rows cannot be read band by band; save it in C \
             order (np.ascontiguousarray) or pass it as an NdArray",
        ));
    }
    if shape.is_empty() {
        return Err(Error::file(
            &path,
            "holds a 0-d array: combine needs frames with at least one axis",
        ));
    }
    Ok(BandReader {
        name: frame_name(&path),
        shape,
        source: Source::File(FileBand {
            offset: h.data_offset,
            dtype: h.header.dtype,
            big_endian: h.header.byte_order == ByteOrder::Big,
            scaling: Scaling::IDENTITY,
            file,
            path,
        }),
    })
}

fn open_fits(path: PathBuf) -> Result<BandReader> {
    let (mut file, len) = open_file(&path)?;
    let mut offset = 0u64;
    let mut index = 0usize;
    while offset < len {
        file.seek(SeekFrom::Start(offset))
            .map_err(|e| Error::io(&path, e))?;
        let header = read_header(&mut file, len - offset, index, &path)?;
        let data_at = offset + header.len;
        let info = hdu_info(&header.cards, index, len - data_at, &path)?;
        let is_image = matches!(info.kind, HduKind::Primary | HduKind::Image);
        if info.kind == HduKind::CompressedImage {
            return Err(Error::file(
                &path,
                format!(
                    "HDU {index} is a tile-compressed image, which cannot be read band by band; \
                     decompress it (funpack) or read it with readFits and pass the array"
                ),
            ));
        }
        if is_image && !info.axes.is_empty() && info.data_len > 0 {
            let dtype = bitpix_dtype(info.bitpix).ok_or_else(|| {
                Error::file(
                    &path,
                    format!("HDU {index}: BITPIX {} is not valid", info.bitpix),
                )
            })?;
            let shape = numpy_shape(&info.axes, &path)?;
            return Ok(BandReader {
                name: frame_name(&path),
                shape,
                source: Source::File(FileBand {
                    offset: data_at,
                    dtype,
                    big_endian: true,
                    scaling: Scaling::from_cards(&header.cards, info.bitpix),
                    file,
                    path,
                }),
            });
        }
        offset = data_at + info.padded_len;
        index += 1;
        debug_assert!(info.padded_len % BLOCK == 0);
    }
    let mut magic = [0u8; 2];
    let gz = file.seek(SeekFrom::Start(0)).is_ok()
        && file.read_exact(&mut magic).is_ok()
        && magic == [0x1f, 0x8b];
    Err(Error::file(
        &path,
        if gz {
            "is gzip-compressed, which cannot be read band by band; gunzip it or read it with \
             readFits and pass the array"
        } else {
            "holds no image HDU with data to combine"
        },
    ))
}
