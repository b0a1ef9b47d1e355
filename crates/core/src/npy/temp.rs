//! Temporary output names: `.{final name}.{pid}-{counter}.bmp-tmp`, in the
//! output's own directory so that the final rename never crosses a file
//! system. Other code (clean-up of a killed run) recognises them by name.

use std::ffi::{OsStr, OsString};
use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Suffix of every temporary file `write_npy` creates.
pub const TEMP_SUFFIX: &str = ".bmp-tmp";

/// Distinguishes temporary files of one process.
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// True when `name` (a file name, not a path) has the form of a temporary
/// output, `.{final name}.{pid}-{counter}.bmp-tmp`.
pub fn is_temp_name(name: &str) -> bool {
    temp_target(name).is_some()
}

/// The final file name a temporary name stands for, or `None` when `name`
/// is not a temporary name.
pub fn temp_target(name: &str) -> Option<&str> {
    let inner = name.strip_prefix('.')?.strip_suffix(TEMP_SUFFIX)?;
    let (target, tag) = inner.rsplit_once('.')?;
    let (pid, count) = tag.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (!target.is_empty() && digits(pid) && digits(count)).then_some(target)
}

/// A temporary file being written; removed on drop unless persisted, so
/// that an error or a panic anywhere in the write leaves nothing behind.
pub(crate) struct TempFile {
    path: PathBuf,
    file: Option<File>,
}

impl TempFile {
    /// Creates a new, empty temporary file in `dir` for `final_name`.
    pub(crate) fn create(dir: &Path, final_name: &OsStr) -> io::Result<TempFile> {
        let pid = std::process::id();
        // Bounded: a name is only taken if another file already holds it.
        for _ in 0..1000 {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let mut name = OsString::from(".");
            name.push(final_name);
            name.push(format!(".{pid}-{n}{TEMP_SUFFIX}"));
            let path = dir.join(name);
            // create_new: never reuse a file another writer (or a dead
            // process with a recycled pid) left behind.
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(file) => {
                    return Ok(TempFile {
                        path,
                        file: Some(file),
                    })
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "no free temporary file name after 1000 attempts",
        ))
    }

    /// The open file.
    pub(crate) fn file(&mut self) -> io::Result<&mut File> {
        self.file
            .as_mut()
            .ok_or_else(|| io::Error::other("temporary file already closed"))
    }

    /// Closes the file and renames it to `target` (atomically replacing any
    /// file there). On failure the temporary file is removed by `drop`.
    pub(crate) fn persist(mut self, target: &Path) -> io::Result<()> {
        // Close first: some platforms cannot rename an open file.
        drop(self.file.take());
        fs::rename(&self.path, target)?;
        self.path = PathBuf::new();
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        drop(self.file.take());
        if !self.path.as_os_str().is_empty() {
            // Best effort: the error being reported matters more than this one.
            let _ = fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(temp_target(".out.npy.123-0.bmp-tmp"), Some("out.npy"));
        assert_eq!(temp_target(".a.b.c.9-77.bmp-tmp"), Some("a.b.c"));
        for bad in [
            "out.npy",
            ".out.npy.bmp-tmp",
            "..1-2.bmp-tmp",
            ".x.1-.bmp-tmp",
            ".x.a-1.bmp-tmp",
            "x.1-2.bmp-tmp",
        ] {
            assert!(!is_temp_name(bad), "{bad}");
        }
    }
}
