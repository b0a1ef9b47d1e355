//! `.npy` file steps: the I/O on the I/O pool, the CPU work (byte swapping,
//! when there is much of it) on the compute pool, so a read that blocks never
//! holds a compute thread.

use std::path::PathBuf;
use std::sync::Arc;

use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::array::NativeArray;
use crate::errors::{BmpError, Result};
use crate::panic::catch;
use crate::pool::{io_pool, pool, Pending};

/// Reads an `.npy` file; resolves with a `NativeArray`.
#[napi]
pub fn read_npy(env: &Env, path: String) -> Result<Object<'_>> {
    let (pending, promise) = Pending::new(env, |_, array| Ok(NativeArray::wrap(array)))?;
    io_pool().spawn(move || {
        let raw = catch("readNpy", || {
            bmp_core::npy::read_npy_raw(&PathBuf::from(path)).map_err(BmpError::from)
        });
        // Only a costly byte swap goes on to the compute pool: another
        // thread hand-off per file was most of a small file's read time.
        let finish = move |raw: bmp_core::npy::RawNpy| {
            catch("readNpy", || raw.into_array().map_err(BmpError::from))
        };
        match raw {
            Ok(raw) if raw.swap_is_costly() => pool().spawn(move || pending.settle(finish(raw))),
            Ok(raw) => pending.settle(finish(raw)),
            Err(err) => pending.settle(Err(err)),
        }
    });
    Ok(promise)
}

/// Writes an array as `.npy` (temporary name, then rename), on the I/O pool
/// (the data is written as it is: no CPU work); resolves with the final path.
#[napi]
pub fn write_npy<'env>(env: &'env Env, path: String, array: &NativeArray) -> Result<Object<'env>> {
    let data = Arc::clone(array.array()?);
    let (pending, promise) =
        Pending::new(env, |_, written: PathBuf| Ok(written.display().to_string()))?;
    io_pool().spawn(move || {
        pending.settle(catch("writeNpy", || {
            bmp_core::npy::write_npy(&PathBuf::from(path), &data).map_err(BmpError::from)
        }))
    });
    Ok(promise)
}
