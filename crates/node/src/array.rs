//! `NativeArray`: the JS handle of a core `NdArray` (shared, immutable data).

use std::sync::Arc;

use bmp_core::kernels;
use bmp_core::{DType, NdArray};
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::errors::{internal, to_napi, BmpError, Code, Result};
use crate::pool::{pool, spawn_settle, INLINE_MAX_BYTES};

/// A handle on Rust-owned array memory. Data is never copied into the JS
/// heap: `buffer()` exposes it as an external ArrayBuffer.
#[napi(custom_finalize)]
pub struct NativeArray {
    /// `None` once disposed.
    inner: Option<Arc<NdArray>>,
    /// Whether V8 has been told about this array's memory (see `track_memory`).
    tracked: bool,
}

impl NativeArray {
    /// Wraps a new array. Its memory is not reported to V8 until
    /// `track_memory` is called (see there).
    pub(crate) fn wrap(array: NdArray) -> Self {
        NativeArray {
            inner: Some(Arc::new(array)),
            tracked: false,
        }
    }

    /// The array, or an error saying it was disposed.
    pub(crate) fn array(&self) -> Result<&Arc<NdArray>> {
        self.inner.as_ref().ok_or_else(|| {
            napi::Error::new(
                Code::Disposed,
                "this NdArray was disposed (by dispose(), or by the pipeline when its file finished); \
                 keep arrays you need after a file in its metadata, or set keepArrays: true",
            )
        })
    }

    /// Lets go of this handle's reference. Freeing a large buffer can take a
    /// millisecond (munmap), so it happens on the pool, never on the JS
    /// thread; a small one is freed here (a `free` of a few KiB costs far
    /// less than waking a pool thread for it).
    fn release(&mut self, env: &Env) -> Result<()> {
        if let Some(array) = self.inner.take() {
            if std::mem::take(&mut self.tracked) {
                env.adjust_external_memory(-(array.nbytes() as i64))
                    .map_err(internal)?;
            }
            if array.nbytes() <= INLINE_MAX_BYTES {
                drop(array);
            } else {
                pool().spawn(move || drop(array));
            }
        }
        Ok(())
    }
}

impl ObjectFinalize for NativeArray {
    fn finalize(mut self, env: Env) -> napi::Result<()> {
        self.release(&env)
            .map_err(|e| napi::Error::from_reason(e.reason))
    }
}

/// A dtype from numpy's name (the core lists the names in its message).
pub(crate) fn parse_dtype(name: &str) -> Result<DType> {
    name.parse().map_err(to_napi)
}

fn parse_shape(shape: &[i64]) -> Result<Vec<usize>> {
    shape
        .iter()
        .map(|&d| {
            usize::try_from(d).map_err(|_| {
                napi::Error::new(
                    Code::Invalid,
                    format!("shape {shape:?}: dimensions must be non-negative integers"),
                )
            })
        })
        .collect()
}

/// Resolves a Promise with a new `NativeArray` computed on the pool.
fn settle_array<'env>(
    env: &'env Env,
    what: &'static str,
    work: impl FnOnce() -> bmp_core::Result<NdArray> + Send + 'static,
) -> Result<Object<'env>> {
    spawn_settle(
        env,
        what,
        move || work().map_err(BmpError::from),
        |_, array| Ok(NativeArray::wrap(array)),
    )
}

#[napi]
impl NativeArray {
    /// A zero-filled array.
    #[napi(factory)]
    pub fn zeros(shape: Vec<i64>, dtype: String) -> Result<Self> {
        let array = NdArray::zeros(&parse_shape(&shape)?, parse_dtype(&dtype)?).map_err(to_napi)?;
        Ok(Self::wrap(array))
    }

    /// An array filled with `value` (converted to `dtype`), on the calling
    /// thread: a synchronous constructor must never wait for the pool.
    #[napi(factory)]
    pub fn full(shape: Vec<i64>, value: f64, dtype: String) -> Result<Self> {
        let array =
            kernels::full(&parse_shape(&shape)?, value, parse_dtype(&dtype)?).map_err(to_napi)?;
        Ok(Self::wrap(array))
    }

    /// Copies native-endian bytes (C order) into a new array.
    #[napi(factory)]
    pub fn from_bytes(bytes: &[u8], shape: Vec<i64>, dtype: String) -> Result<Self> {
        let array = NdArray::from_bytes(parse_dtype(&dtype)?, &parse_shape(&shape)?, false, bytes)
            .map_err(to_napi)?;
        Ok(Self::wrap(array))
    }

    /// numpy's dtype name.
    #[napi(getter)]
    pub fn dtype(&self) -> Result<&'static str> {
        Ok(self.array()?.dtype().name())
    }

    /// The dimensions, as JS numbers (exact below 2^53, far beyond any
    /// array that fits in memory).
    #[napi(getter)]
    pub fn shape(&self) -> Result<Vec<f64>> {
        Ok(self.array()?.shape().iter().map(|&d| d as f64).collect())
    }

    /// Number of elements.
    #[napi(getter)]
    pub fn size(&self) -> Result<f64> {
        Ok(self.array()?.size() as f64)
    }

    /// Number of data bytes.
    #[napi(getter)]
    pub fn nbytes(&self) -> Result<f64> {
        Ok(self.array()?.nbytes() as f64)
    }

    /// True when the memory is in Fortran (column-major) order.
    #[napi(getter)]
    pub fn fortran_order(&self) -> Result<bool> {
        Ok(self.array()?.is_fortran_order())
    }

    /// One element, as a JS number.
    #[napi]
    pub fn at(&self, index: Vec<i64>) -> Result<f64> {
        self.array()?.get_f64(&index).map_err(to_napi)
    }

    /// The data as an external ArrayBuffer over the Rust memory (no copy).
    /// Call once per array (the TS wrapper caches it): Node refuses two
    /// external buffers over the same memory.
    #[napi]
    pub fn buffer<'env>(&self, env: &'env Env) -> Result<ArrayBuffer<'env>> {
        let keep_alive = Arc::clone(self.array()?);
        let len = keep_alive.nbytes();
        let ptr = keep_alive.as_ptr().cast_mut();
        // SAFETY: `ptr` points to `len` initialised bytes owned by the
        // `NdArray` inside `keep_alive`. That Arc moves into the finaliser
        // hint, so the memory stays allocated (and never moves: the NdArray
        // is immutable behind the Arc) until V8 collects the ArrayBuffer.
        // JS may write through the view; Rust reads the same memory only in
        // kernels, and the TS API documents that an array must not be
        // mutated while an operation on it is pending.
        unsafe { ArrayBuffer::from_external(env, ptr, len, keep_alive, |_, arc| drop(arc)) }
            .map_err(internal)
    }

    /// Tells V8 how much native memory this array keeps alive, so that
    /// garbage collection runs as often as the real footprint needs. Arrays
    /// whose release is managed (the pipeline disposes each file's arrays)
    /// skip it: the report would only make V8 start needless full
    /// collections that stall the event loop.
    #[napi]
    pub fn track_memory(&mut self, env: Env) -> Result<()> {
        if let (Some(array), false) = (&self.inner, self.tracked) {
            env.adjust_external_memory(array.nbytes() as i64)
                .map_err(internal)?;
            self.tracked = true;
        }
        Ok(())
    }

    /// True once `dispose()` has run.
    #[napi(getter)]
    pub fn disposed(&self) -> bool {
        self.inner.is_none()
    }

    /// Drops this handle's reference to the data now instead of at garbage
    /// collection. A `buffer()` view taken earlier keeps the memory alive.
    #[napi]
    pub fn dispose(&mut self, env: Env) -> Result<()> {
        self.release(&env)
    }

    /// A converted copy, on the pool.
    #[napi]
    pub fn astype<'env>(&self, env: &'env Env, dtype: String) -> Result<Object<'env>> {
        let dtype = parse_dtype(&dtype)?;
        let a = Arc::clone(self.array()?);
        settle_array(env, "astype", move || kernels::astype(&a, dtype))
    }
}

/// Every dtype name the addon knows, in the core's order (the TS list is
/// checked against it).
#[napi]
pub fn dtype_names() -> Vec<&'static str> {
    DType::ALL.map(DType::name).to_vec()
}
