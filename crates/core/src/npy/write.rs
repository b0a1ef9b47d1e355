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
    let header = Header::for_array(array)
        .encode()
        .map_err(|m| Error::file(path, m))?;
    let (dir, name) = output_target(path)?;
    let mut temp = TempFile::create(dir, name).map_err(|e| Error::io_in("open", path, e))?;
    let write = |e| Error::io_in("write", path, e);
    let file = temp.file().map_err(write)?;
    file.write_all(&header).map_err(write)?;
    file.write_all(array.as_bytes()).map_err(write)?;
    temp.persist(path)
        .map_err(|e| Error::io_in("rename", path, e))?;
    Ok(path.to_path_buf())
}

/// The directory and file name an output `path` is written into (as a
/// temporary file, then renamed), checked before anything is created: a
/// path without a file name, or whose directory is missing or is a file,
/// is an error saying what would fix it. Every writer of the crate uses it.
pub(crate) fn output_target(path: &Path) -> Result<(&Path, &std::ffi::OsStr)> {
    let name = path
        .file_name()
        .ok_or_else(|| Error::file(path, "the output path does not end in a file name"))?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
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
