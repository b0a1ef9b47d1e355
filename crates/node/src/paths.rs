//! Path look-ups the pipeline's output guard needs, on the I/O pool: a
//! look-up of a name not yet in a directory waits for that directory's lock,
//! which another thread creating a file there may hold for a millisecond
//! (ext4 searching for a free inode). On the JS thread that stalled the
//! event loop once per output file.

use std::path::PathBuf;

use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::errors::Result;
use crate::pool::{io_pool, Pending};

/// Where `path` leads when it is a symbolic link: resolves with its real
/// path, `''` when the link cannot be resolved (dangling, a loop), and null
/// when `path` is not a link (missing, or anything else: the write itself
/// reports what is wrong).
#[napi]
pub fn output_link(env: &Env, path: String) -> Result<Object<'_>> {
    let (pending, promise) = Pending::new(env, |_, link: Option<String>| Ok(link))?;
    io_pool().spawn(move || {
        let path = PathBuf::from(path);
        let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        let link = is_link.then(|| {
            std::fs::canonicalize(&path).map_or_else(|_| String::new(), |p| p.display().to_string())
        });
        pending.settle(Ok(link));
    });
    Ok(promise)
}
