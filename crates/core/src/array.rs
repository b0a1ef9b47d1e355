//! `NdArray`: an n-dimensional array in owned, aligned, native-endian memory.
//!
//! Data is stored in memory order: C (row-major) or Fortran (column-major),
//! as the array was read or created. Elementwise kernels keep the order;
//! reductions walk memory order (as numpy does for contiguous arrays).

use crate::buffer::AlignedBuf;
use crate::dtype::DType;
use crate::error::{Error, Result};

/// A Rust scalar type that can be an array element.
pub trait Element: bytemuck::Pod + Send + Sync + PartialOrd + 'static {
    /// The dtype this Rust type stores.
    const DTYPE: DType;
}

macro_rules! element {
    ($($t:ty => $d:ident),*) => { $(impl Element for $t { const DTYPE: DType = DType::$d; })* };
}
element!(i8 => Int8, i16 => Int16, i32 => Int32, i64 => Int64,
         u16 => UInt16, u32 => UInt32, u64 => UInt64, f32 => Float32, f64 => Float64);
// u8 serves both uint8 and bool (bool is stored as one byte, 0 or 1).
impl Element for u8 {
    const DTYPE: DType = DType::UInt8;
}

/// A borrowed, typed view of an array's elements, in memory order.
#[derive(Debug, Clone, Copy)]
pub enum ArrayView<'a> {
    /// bool elements (one byte each, nonzero is true).
    Bool(&'a [u8]),
    /// int8 elements.
    Int8(&'a [i8]),
    /// int16 elements.
    Int16(&'a [i16]),
    /// int32 elements.
    Int32(&'a [i32]),
    /// int64 elements.
    Int64(&'a [i64]),
    /// uint8 elements.
    UInt8(&'a [u8]),
    /// uint16 elements.
    UInt16(&'a [u16]),
    /// uint32 elements.
    UInt32(&'a [u32]),
    /// uint64 elements.
    UInt64(&'a [u64]),
    /// float32 elements.
    Float32(&'a [f32]),
    /// float64 elements.
    Float64(&'a [f64]),
}

/// Number of elements a shape holds, or an error naming the shape when the
/// product overflows `usize` (numpy does not check; we do).
pub fn checked_size(shape: &[usize]) -> Result<usize> {
    shape.iter().try_fold(1usize, |acc, &d| {
        acc.checked_mul(d)
            .ok_or_else(|| Error::invalid(format!("shape {shape:?} has more elements than fit in memory (the product of its dimensions overflows)")))
    })
}

/// Number of data bytes a shape of `dtype` needs, with overflow checks.
fn checked_nbytes(shape: &[usize], dtype: DType) -> Result<usize> {
    checked_size(shape)?
        .checked_mul(dtype.itemsize())
        .ok_or_else(|| Error::invalid(format!("shape {shape:?} of {dtype} is too large")))
}

/// An n-dimensional array of one numeric dtype in Rust-owned memory.
#[derive(Clone, Debug)]
pub struct NdArray {
    dtype: DType,
    shape: Vec<usize>,
    fortran_order: bool,
    buf: AlignedBuf,
}

impl NdArray {
    /// A zero-filled array.
    pub fn zeros(shape: &[usize], dtype: DType) -> Result<Self> {
        Self::zeros_ordered(shape, dtype, false)
    }

    /// A zero-filled array in C (`fortran_order = false`) or Fortran order.
    pub fn zeros_ordered(shape: &[usize], dtype: DType, fortran_order: bool) -> Result<Self> {
        let nbytes = checked_nbytes(shape, dtype)?;
        Ok(NdArray {
            dtype,
            shape: shape.to_vec(),
            fortran_order,
            buf: AlignedBuf::zeroed(nbytes),
        })
    }

    /// An array of the same shape and order as `self`, zero-filled, of `dtype`.
    pub fn zeros_like(&self, dtype: DType) -> Self {
        self.like(dtype, AlignedBuf::zeroed(self.size() * dtype.itemsize()))
    }

    /// An array of the same shape and order as `self`, of `dtype`, whose
    /// contents are unspecified (see [`AlignedBuf::for_overwrite`]): for
    /// kernels that write every element. Reuses released memory when it can.
    pub fn for_overwrite_like(&self, dtype: DType) -> Self {
        self.like(
            dtype,
            AlignedBuf::for_overwrite(self.size() * dtype.itemsize()),
        )
    }

    /// An array of `self`'s shape and order over `buf`.
    fn like(&self, dtype: DType, buf: AlignedBuf) -> Self {
        NdArray {
            dtype,
            shape: self.shape.clone(),
            fortran_order: self.fortran_order,
            buf,
        }
    }

    /// A C- or Fortran-order array of `shape` whose contents are unspecified
    /// (see [`AlignedBuf::for_overwrite`]): for callers that write every element.
    pub fn for_overwrite(shape: &[usize], dtype: DType, fortran_order: bool) -> Result<Self> {
        let nbytes = checked_nbytes(shape, dtype)?;
        Ok(NdArray {
            dtype,
            shape: shape.to_vec(),
            fortran_order,
            buf: AlignedBuf::for_overwrite(nbytes),
        })
    }

    /// Wraps native-endian bytes already laid out in memory order.
    pub fn from_buffer(
        dtype: DType,
        shape: &[usize],
        fortran_order: bool,
        buf: AlignedBuf,
    ) -> Result<Self> {
        let expect = checked_nbytes(shape, dtype)?;
        if buf.len() != expect {
            return Err(Error::invalid(format!(
                "{} bytes given for shape {shape:?} of {dtype}, which needs {expect}",
                buf.len()
            )));
        }
        Ok(NdArray {
            dtype,
            shape: shape.to_vec(),
            fortran_order,
            buf,
        })
    }

    /// Copies native-endian bytes (in memory order) into a new array.
    pub fn from_bytes(
        dtype: DType,
        shape: &[usize],
        fortran_order: bool,
        bytes: &[u8],
    ) -> Result<Self> {
        Self::from_buffer(dtype, shape, fortran_order, AlignedBuf::copy_of(bytes))
    }

    /// Copies a slice of elements into a new C-order array of `shape`.
    pub fn from_slice<T: Element>(values: &[T], shape: &[usize]) -> Result<Self> {
        Self::from_bytes(T::DTYPE, shape, false, bytemuck::cast_slice(values))
    }

    /// The element type.
    pub fn dtype(&self) -> DType {
        self.dtype
    }

    /// The dimensions.
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    /// Number of elements.
    pub fn size(&self) -> usize {
        self.shape.iter().product()
    }

    /// Number of data bytes.
    pub fn nbytes(&self) -> usize {
        self.buf.len()
    }

    /// True when the data is laid out in Fortran (column-major) order.
    pub fn is_fortran_order(&self) -> bool {
        self.fortran_order
    }

    /// The raw native-endian bytes, in memory order.
    pub fn as_bytes(&self) -> &[u8] {
        self.buf.as_bytes()
    }

    /// The raw bytes, mutably.
    pub fn as_bytes_mut(&mut self) -> &mut [u8] {
        self.buf.as_bytes_mut()
    }

    /// Pointer to the first data byte (8-byte aligned).
    pub fn as_ptr(&self) -> *const u8 {
        self.buf.as_ptr()
    }

    /// The elements as `&[T]`; errors if `T` does not match the dtype
    /// (`u8` matches both uint8 and bool).
    pub fn typed<T: Element>(&self) -> Result<&[T]> {
        self.check_type::<T>()?;
        Ok(bytemuck::cast_slice(self.buf.as_bytes()))
    }

    /// The elements as `&mut [T]`; errors if `T` does not match the dtype.
    pub fn typed_mut<T: Element>(&mut self) -> Result<&mut [T]> {
        self.check_type::<T>()?;
        Ok(bytemuck::cast_slice_mut(self.buf.as_bytes_mut()))
    }

    fn check_type<T: Element>(&self) -> Result<()> {
        let ok = T::DTYPE == self.dtype || (T::DTYPE == DType::UInt8 && self.dtype == DType::Bool);
        if ok {
            Ok(())
        } else {
            Err(Error::invalid(format!(
                "array of {} viewed as {}",
                self.dtype,
                T::DTYPE
            )))
        }
    }

    /// A typed view of the elements.
    pub fn view(&self) -> ArrayView<'_> {
        let b = self.buf.as_bytes();
        use bytemuck::cast_slice as c;
        match self.dtype {
            DType::Bool => ArrayView::Bool(b),
            DType::Int8 => ArrayView::Int8(c(b)),
            DType::Int16 => ArrayView::Int16(c(b)),
            DType::Int32 => ArrayView::Int32(c(b)),
            DType::Int64 => ArrayView::Int64(c(b)),
            DType::UInt8 => ArrayView::UInt8(b),
            DType::UInt16 => ArrayView::UInt16(c(b)),
            DType::UInt32 => ArrayView::UInt32(c(b)),
            DType::UInt64 => ArrayView::UInt64(c(b)),
            DType::Float32 => ArrayView::Float32(c(b)),
            DType::Float64 => ArrayView::Float64(c(b)),
        }
    }

    /// Memory offset (in elements) of a multi-index, honouring the order.
    /// Negative indices count from the end, as in numpy.
    pub fn offset_of(&self, index: &[i64]) -> Result<usize> {
        if index.len() != self.shape.len() {
            return Err(Error::invalid(format!(
                "index has {} dimension(s) but the array has {} (shape {:?})",
                index.len(),
                self.shape.len(),
                self.shape
            )));
        }
        let mut resolved = Vec::with_capacity(index.len());
        for (axis, (&i, &dim)) in index.iter().zip(&self.shape).enumerate() {
            let j = if i < 0 { i + dim as i64 } else { i };
            if j < 0 || j >= dim as i64 {
                return Err(Error::invalid(format!(
                    "index {i} is out of bounds for axis {axis} with size {dim}"
                )));
            }
            resolved.push(j as usize);
        }
        let mut offset = 0usize;
        let mut stride = 1usize;
        let axes: Box<dyn Iterator<Item = usize>> = if self.fortran_order {
            Box::new(0..self.shape.len())
        } else {
            Box::new((0..self.shape.len()).rev())
        };
        for axis in axes {
            offset += resolved[axis] * stride;
            stride *= self.shape[axis];
        }
        Ok(offset)
    }

    /// One element as `f64` (as a JS number would hold it).
    pub fn get_f64(&self, index: &[i64]) -> Result<f64> {
        let k = self.offset_of(index)?;
        Ok(match self.view() {
            // Any nonzero byte is True, as numpy reads it.
            ArrayView::Bool(s) => f64::from(u8::from(s[k] != 0)),
            ArrayView::Int8(s) => s[k] as f64,
            ArrayView::Int16(s) => s[k] as f64,
            ArrayView::Int32(s) => s[k] as f64,
            ArrayView::Int64(s) => s[k] as f64,
            ArrayView::UInt8(s) => s[k] as f64,
            ArrayView::UInt16(s) => s[k] as f64,
            ArrayView::UInt32(s) => s[k] as f64,
            ArrayView::UInt64(s) => s[k] as f64,
            ArrayView::Float32(s) => s[k] as f64,
            ArrayView::Float64(s) => s[k],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_and_fortran_offsets() {
        let c = NdArray::zeros(&[2, 3], DType::Float64).unwrap();
        assert_eq!(c.offset_of(&[1, 2]).unwrap(), 5);
        assert_eq!(c.offset_of(&[-1, 0]).unwrap(), 3);
        let f = NdArray::zeros_ordered(&[2, 3], DType::Float64, true).unwrap();
        assert_eq!(f.offset_of(&[1, 2]).unwrap(), 5);
        assert_eq!(f.offset_of(&[0, 1]).unwrap(), 2);
        assert!(c.offset_of(&[2, 0]).is_err());
        assert!(c.offset_of(&[0]).is_err());
    }

    #[test]
    fn overflowing_shape_is_an_error() {
        assert!(NdArray::zeros(&[usize::MAX, 2], DType::UInt8).is_err());
        assert!(NdArray::zeros(&[usize::MAX / 4, 1], DType::Float64).is_err());
    }

    #[test]
    fn typed_views_check_dtype() {
        let a = NdArray::from_slice(&[1.0f64, 2.0], &[2]).unwrap();
        assert_eq!(a.typed::<f64>().unwrap(), &[1.0, 2.0]);
        assert!(a.typed::<f32>().is_err());
        assert_eq!(a.get_f64(&[1]).unwrap(), 2.0);
    }
}
