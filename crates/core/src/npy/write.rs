//! Writing an [`NdArray`] as numpy's `np.save` would, byte for byte.
//!
//! The header is built in memory (a few hundred bytes) and the data slice is
//! handed to `write_all` as it is: no copy of the array is made.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::array::NdArray;
use crate::error::{Error, Result};

use super::header::Header;
use super::temp::TempFile;

/// The complete preamble (magic, version, header) `np.save` writes for
/// `array`; the data bytes follow it unchanged.
pub fn npy_header_bytes(array: &NdArray) -> Result<Vec<u8>> {
    Header::for_array(array).encode().map_err(Error::invalid)
}

/// Writes `array` as an `.npy` stream to `writer` (header, then the data in
/// memory order and native byte order).
pub fn write_npy_to<W: Write>(writer: &mut W, array: &NdArray) -> Result<()> {
    let header = npy_header_bytes(array)?;
    let io = |e| Error::io(Path::new("<writer>"), e);
    writer.write_all(&header).map_err(io)?;
    writer.write_all(array.as_bytes()).map_err(io)
}

/// Writes `array` to `path` as `np.save` would, via a temporary file in the
/// same directory (`.{name}.{pid}-{n}.bmp-tmp`) renamed into place, so no
/// reader ever sees a half-written file under the final name. Returns the
/// final path. On any error the temporary file is removed.
///
/// There is deliberately no fsync: a killed process (even by SIGKILL) does
/// not lose writes already in the page cache, and the rename is atomic for
/// other processes. Only a power loss or kernel crash could leave a renamed
/// but incomplete file, and syncing every output would cost far more than
/// this library's users would accept on large batch runs.
pub fn write_npy(path: &Path, array: &NdArray) -> Result<PathBuf> {
    let mut header = Header::for_array(array)
        .encode()
        .map_err(|m| Error::file(path, m))?;
    let (dir, name) = output_parts(path)?;
    // The directory is only examined when the file cannot be created: one
    // `stat` less per output, the same message when it is missing.
    let mut temp = TempFile::create(dir, name).map_err(|e| match output_target(path) {
        Ok(_) => Error::io_in("open", path, e),
        Err(why) => why,
    })?;
    let write = |e| Error::io_in("write", path, e);
    let file = temp.file().map_err(write)?;
    let data = array.as_bytes();
    if data.len() <= SMALL_DATA_BYTES {
        // One write call for a small file: its system calls are its cost.
        header.extend_from_slice(data);
        file.write_all(&header).map_err(write)?;
    } else {
        file.write_all(&header).map_err(write)?;
        file.write_all(data).map_err(write)?;
    }
    temp.persist(path)
        .map_err(|e| Error::io_in("rename", path, e))?;
    Ok(path.to_path_buf())
}

/// Data up to this size is copied behind the header and written in one call.
const SMALL_DATA_BYTES: usize = 64 << 10;

/// The directory (`.` when none is named) and file name of an output path;
/// a path without a file name is an error.
fn output_parts(path: &Path) -> Result<(&Path, &std::ffi::OsStr)> {
    let name = path
        .file_name()
        .ok_or_else(|| Error::file(path, "the output path does not end in a file name"))?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Ok((dir, name))
}

/// The directory and file name an output `path` is written into (as a
/// temporary file, then renamed), checked before anything is created: a
/// path without a file name, or whose directory is missing or is a file,
/// is an error saying what would fix it. Every writer of the crate uses it.
pub(crate) fn output_target(path: &Path) -> Result<(&Path, &std::ffi::OsStr)> {
    let (dir, name) = output_parts(path)?;
    if !dir.is_dir() {
        return Err(missing_dir(path, dir));
    }
    Ok((dir, name))
}

/// Why `dir` cannot take the output `path`, and what would fix it (an I/O
/// error: the file system, not the array, is at fault). When a file stands
/// where a directory should be, creating the directory cannot help.
fn missing_dir(path: &Path, dir: &Path) -> Error {
    let blocker = dir
        .ancestors()
        .find(|a| !a.as_os_str().is_empty() && a.exists());
    let (kind, message) = match blocker {
        Some(a) if !a.is_dir() => (
            std::io::ErrorKind::NotADirectory,
            format!(
                "the output directory {} cannot be used: {} is a file, not a directory; \
             choose another output directory",
                dir.display(),
                a.display()
            ),
        ),
        _ => (
            std::io::ErrorKind::NotFound,
            format!(
            "the output directory {} does not exist; create it first (or set createOutdir: true \
             to have it created)",
            dir.display()
        ),
        ),
    };
    Error::io(path, std::io::Error::new(kind, message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtype::DType;

    /// A scratch directory of this test, empty.
    fn scratch(tag: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("bmp-npy-write-unit-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn small_and_large_files_hold_the_stream_bytes_and_no_temporary_is_left() {
        let dir = scratch("sizes");
        // 10x10 float64 goes out in one write; 100x100 (80 KB) in two.
        for n in [10usize, 100] {
            let array = NdArray::zeros(&[n, n], DType::Float64).unwrap();
            let path = dir.join(format!("a{n}.npy"));
            write_npy(&path, &array).unwrap();
            let mut expected = Vec::new();
            write_npy_to(&mut expected, &array).unwrap();
            assert_eq!(std::fs::read(&path).unwrap(), expected, "{n}x{n}");
        }
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_directory_is_named_though_only_looked_at_after_the_failure() {
        let dir = scratch("missing");
        let array = NdArray::zeros(&[2], DType::Float64).unwrap();
        let err = write_npy(&dir.join("nope").join("x.npy"), &array)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("nope does not exist; create it first"),
            "{err}"
        );
        std::fs::write(dir.join("plain"), b"x").unwrap();
        let err = write_npy(&dir.join("plain").join("x.npy"), &array)
            .unwrap_err()
            .to_string();
        assert!(err.contains("plain is a file, not a directory"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
