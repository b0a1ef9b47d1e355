//! The one error type of the core crate. Messages name the file or value at
//! fault and, where possible, say what would fix it.

use std::path::Path;

/// Errors raised by the core crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A problem with a specific file: its format, size or contents.
    #[error("{path}: {message}")]
    File {
        /// The file at fault.
        path: String,
        /// What is wrong with it.
        message: String,
    },
    /// An operating-system I/O error while accessing a file.
    #[error("{path}: {source}")]
    Io {
        /// The file at fault.
        path: String,
        /// The system call that failed (`open`, `read`, `write`, `rename`,
        /// ...), when known: Node's `err.syscall`.
        syscall: Option<&'static str>,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// An invalid argument (shape, dtype, operand, scalar range, ...).
    #[error("{0}")]
    Invalid(String),
}

impl Error {
    /// A format/content error for `path`.
    pub fn file(path: &Path, message: impl Into<String>) -> Self {
        Error::File {
            path: path.display().to_string(),
            message: message.into(),
        }
    }

    /// An I/O error for `path`.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.display().to_string(),
            syscall: None,
            source,
        }
    }

    /// An I/O error for `path` raised by the system call `syscall`.
    pub fn io_in(syscall: &'static str, path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.display().to_string(),
            syscall: Some(syscall),
            source,
        }
    }

    /// An invalid-argument error.
    pub fn invalid(message: impl Into<String>) -> Self {
        Error::Invalid(message.into())
    }
}

/// What kind of failure an [`Error`] is, so that callers (the Node binding's
/// error codes) can tell them apart without matching message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The operating system refused or failed an I/O operation.
    Io,
    /// A file's format, size or contents are wrong.
    Format,
    /// An argument is invalid.
    Invalid,
}

impl Error {
    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Io { .. } => ErrorKind::Io,
            Error::File { .. } => ErrorKind::Format,
            Error::Invalid(_) => ErrorKind::Invalid,
        }
    }
}

/// Result alias for the core crate.
pub type Result<T> = std::result::Result<T, Error>;
