//! One pass from a data unit's big-endian bytes to the values asked for:
//! byte order, astropy's BSCALE/BZERO/BLANK (the rules of [`super::scale`])
//! and, when asked, numpy's `astype` to a float dtype, applied per element
//! while the bytes are in cache, so no array of stored values is ever made.
//! `readFits(path, { dtype: 'float32' })` of an int16 frame is one pass.

use rayon::prelude::*;

use crate::dtype::DType;
use crate::kernels::num::Num;

use super::scale::Scaling;

/// Stored items decoded per parallel task (a quarter MiB of input at most,
/// so a task's input stays in cache between the read and the conversion).
pub const DECODE_CHUNK_BYTES: usize = 1 << 18;

/// Element types as stored or as scaled: built from big-endian bytes and
/// converted to float as C's cast does (`as`: round to nearest, ties even,
/// which is what numpy's `astype` does for in-range values).
trait Lane: Num {
    /// Bytes per item.
    const N: usize;
    fn from_be(b: &[u8]) -> Self;
    fn as_f32(self) -> f32;
    fn as_f64(self) -> f64;
}

macro_rules! lane {
    ($($t:ty),*) => {$(
        impl Lane for $t {
            const N: usize = std::mem::size_of::<$t>();
            #[inline(always)]
            fn from_be(b: &[u8]) -> Self {
                <$t>::from_be_bytes(b.try_into().unwrap_or_default())
            }
            #[inline(always)]
            fn as_f32(self) -> f32 {
                self as f32
            }
            #[inline(always)]
            fn as_f64(self) -> f64 {
                self as f64
            }
        }
    )*};
}
lane!(u8, i8, i16, u16, i32, u32, i64, u64, f32, f64);

/// The float dtypes scaled values are computed in.
trait Float: Lane {
    const NAN: Self;
    fn of<V: Lane>(v: V) -> Self;
}

impl Float for f32 {
    const NAN: f32 = f32::NAN;
    #[inline(always)]
    fn of<V: Lane>(v: V) -> f32 {
        v.as_f32()
    }
}

impl Float for f64 {
    const NAN: f64 = f64::NAN;
    #[inline(always)]
    fn of<V: Lane>(v: V) -> f64 {
        v.as_f64()
    }
}

/// How the stored items of one image become the values returned.
#[derive(Debug, Clone, Copy)]
pub struct Decoder {
    stored: DType,
    scaling: Scaling,
    mid: DType,
    out: DType,
}

impl Decoder {
    /// Stored items of `stored` (BITPIX's dtype), scaled by `scaling` into
    /// astropy's dtype, then cast to `want` when it is that dtype or a float
    /// dtype. (Any other `want` is left to the caller's `astype`: see
    /// [`Decoder::out`].)
    pub fn new(stored: DType, scaling: Scaling, want: Option<DType>) -> Decoder {
        let mid = scaling.output_dtype(stored);
        let out = match want {
            Some(w) if w == mid || w.is_float() => w,
            _ => mid,
        };
        Decoder {
            stored,
            scaling,
            mid,
            out,
        }
    }

    /// The dtype astropy gives the scaled data (what the header describes).
    pub fn mid(&self) -> DType {
        self.mid
    }

    /// The dtype [`Decoder::decode`] writes.
    pub fn out(&self) -> DType {
        self.out
    }

    /// The dtype of the stored items.
    pub fn stored(&self) -> DType {
        self.stored
    }

    /// True when decoding is only a byte swap in place (the values are the
    /// stored values, in the stored dtype).
    pub fn in_place(&self) -> bool {
        self.scaling.is_identity() && self.out == self.stored
    }

    /// Decodes the whole stored items of `src` into `dst`, which holds as
    /// many items of [`Decoder::out`] and is aligned for them, in parallel
    /// chunks on the current Rayon pool.
    pub fn decode_par(&self, src: &[u8], dst: &mut [u8]) {
        let items = DECODE_CHUNK_BYTES / self.stored.itemsize();
        let out_chunk = items * self.out.itemsize();
        dst.par_chunks_mut(out_chunk)
            .zip(src.par_chunks(items * self.stored.itemsize()))
            .for_each(|(d, s)| self.decode(s, d));
    }

    /// Decodes the stored items of `src` into `dst` (as many items of
    /// [`Decoder::out`], aligned for them), on the calling thread.
    pub fn decode(&self, src: &[u8], dst: &mut [u8]) {
        use DType::*;
        match (self.stored, self.mid) {
            // The sign-bit flips of the unsigned conventions: exact.
            (UInt8, Int8) => self.emit(src, dst, |x: u8| (x ^ 0x80) as i8),
            (Int16, UInt16) => self.emit(src, dst, |x: i16| (x as u16) ^ 0x8000),
            (Int32, UInt32) => self.emit(src, dst, |x: i32| (x as u32) ^ (1 << 31)),
            (Int64, UInt64) => self.emit(src, dst, |x: i64| (x as u64) ^ (1 << 63)),
            (UInt8, _) => self.scaled::<u8>(src, dst),
            (Int16, _) => self.scaled::<i16>(src, dst),
            (Int32, _) => self.scaled::<i32>(src, dst),
            (Int64, _) => self.scaled::<i64>(src, dst),
            (Float32, _) => self.scaled::<f32>(src, dst),
            (Float64, _) => self.scaled::<f64>(src, dst),
            // BITPIX gives no other stored dtype.
            _ => {}
        }
    }

    /// Values of `S` as stored, or scaled linearly into the float `mid`.
    fn scaled<S: Lane>(&self, src: &[u8], dst: &mut [u8]) {
        if self.scaling.is_identity() {
            return self.emit(src, dst, |x: S| x);
        }
        match self.mid {
            DType::Float32 => self.linear::<S, f32>(src, dst),
            DType::Float64 => self.linear::<S, f64>(src, dst),
            _ => {}
        }
    }

    /// `x * BSCALE + BZERO` in `M` (each step only when it is not the
    /// identity, as astropy), BLANK to NaN: [`super::scale::apply`]'s rules,
    /// one loop per case so that each compiles to vector code.
    fn linear<S: Lane, M: Float>(&self, src: &[u8], dst: &mut [u8]) {
        let s = &self.scaling;
        let (scale, zero) = (M::from_f64(s.bscale), M::from_f64(s.bzero));
        let (mul, add) = (s.bscale != 1.0, s.bzero != 0.0);
        // astropy tests `if self._blank:` (BLANK = 0 marks nothing); a BLANK
        // outside the stored type's range marks nothing either.
        let blank = s.blank.filter(|&b| b != 0).and_then(|b| {
            let v = S::from_i128(b);
            (!S::IS_FLOAT && v.to_i128() == b).then_some(v)
        });
        match (mul, add, blank) {
            (false, false, None) => self.emit(src, dst, |x: S| M::of(x)),
            (true, false, None) => self.emit(src, dst, |x: S| M::of(x).mul(scale)),
            (false, true, None) => self.emit(src, dst, |x: S| M::of(x).add(zero)),
            (true, true, None) => self.emit(src, dst, |x: S| M::of(x).mul(scale).add(zero)),
            (_, _, Some(b)) => self.emit(src, dst, |x: S| {
                let mut v = M::of(x);
                if mul {
                    v = v.mul(scale);
                }
                if add {
                    v = v.add(zero);
                }
                if x == b {
                    M::NAN
                } else {
                    v
                }
            }),
        }
    }

    /// `dst[i] = out(f(stored[i]))`, `out` being the identity or the cast to
    /// the requested float dtype.
    #[inline(always)]
    fn emit<S: Lane, M: Lane>(&self, src: &[u8], dst: &mut [u8], f: impl Fn(S) -> M) {
        if self.out == M::DTYPE {
            run(src, dst, f);
        } else if self.out == DType::Float32 {
            run(src, dst, |x: S| f(x).as_f32());
        } else if self.out == DType::Float64 {
            run(src, dst, |x: S| f(x).as_f64());
        }
    }
}

/// The loop every case compiles to.
#[inline(always)]
fn run<S: Lane, D: Lane>(src: &[u8], dst: &mut [u8], f: impl Fn(S) -> D) {
    // Chunks of an 8-aligned buffer at multiples of 8 bytes stay aligned;
    // any other slice takes the byte-wise loop.
    match bytemuck::try_cast_slice_mut::<u8, D>(dst) {
        Ok(dst) => {
            for (d, b) in dst.iter_mut().zip(src.chunks_exact(S::N)) {
                *d = f(S::from_be(b));
            }
        }
        Err(_) => {
            for (d, b) in dst.chunks_exact_mut(D::N).zip(src.chunks_exact(S::N)) {
                d.copy_from_slice(bytemuck::bytes_of(&f(S::from_be(b))));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::array::NdArray;
    use crate::kernels::astype;
    use crate::npy::swap::swap_in_place;

    /// The fused pass gives what the two-pass path (swap, `scale::apply`,
    /// `astype`) gives, bit for bit, for every stored dtype and scaling
    /// kind; the two-pass path is itself checked against astropy
    /// (__test__/formats/fits-astropy.spec.ts).
    #[test]
    fn fused_equals_two_passes() {
        let bytes: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let scalings = [
            (1.0, 0.0, None),
            (0.5, 0.0, None),
            (1.0, -3.0, None),
            (0.25, 100.0, Some(0x1234)),
            (1.0, 0.0, Some(7)),
            (1.0, 32768.0, None),
            (1.0, 2_147_483_648.0, None),
            (1.0, 9_223_372_036_854_775_808.0, None),
            (1.0, -128.0, None),
        ];
        for stored in [
            DType::UInt8,
            DType::Int16,
            DType::Int32,
            DType::Int64,
            DType::Float32,
            DType::Float64,
        ] {
            let n = bytes.len() / stored.itemsize();
            let mut native = bytes[..n * stored.itemsize()].to_vec();
            swap_in_place(&mut native, stored.itemsize());
            let raw = NdArray::from_bytes(stored, &[n], false, &native).unwrap();
            for (bscale, bzero, blank) in scalings {
                let s = Scaling {
                    bscale,
                    bzero,
                    blank: blank.filter(|_| !stored.is_float()),
                };
                let mid = super::super::scale::apply(raw.clone(), &s).unwrap();
                for want in [None, Some(DType::Float32), Some(DType::Float64)] {
                    let d = Decoder::new(stored, s, want);
                    let expect = astype(&mid, d.out()).unwrap();
                    let mut out = NdArray::for_overwrite(&[n], d.out(), false).unwrap();
                    d.decode_par(&bytes[..n * stored.itemsize()], out.as_bytes_mut());
                    assert_eq!(
                        out.as_bytes(),
                        expect.as_bytes(),
                        "{stored} {s:?} -> {:?}",
                        want
                    );
                }
            }
        }
    }
}
