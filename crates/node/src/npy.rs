//! `.npy` file steps, on the pool.

use std::path::PathBuf;

use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::array::NativeArray;
use crate::errors::to_napi;
use crate::pool::spawn_settle;

/// Reads an `.npy` file; resolves with a `NativeArray`.
#[napi]
pub fn read_npy(env: &Env, path: String) -> Result<Object<'_>> {
    spawn_settle(
        env,
        "readNpy",
        move || bmp_core::npy::read_npy(&PathBuf::from(path)).map_err(to_napi),
        |_, array| Ok(NativeArray::wrap(array)),
    )
}

/// Writes an array as `.npy` (temporary name, then rename); resolves with the
/// final path.
#[napi]
pub fn write_npy<'env>(env: &'env Env, path: String, array: &NativeArray) -> Result<Object<'env>> {
    let data = std::sync::Arc::clone(array.array()?);
    spawn_settle(
        env,
        "writeNpy",
        move || bmp_core::npy::write_npy(&PathBuf::from(path), &data).map_err(to_napi),
        |_, written| Ok(written.display().to_string()),
    )
}
