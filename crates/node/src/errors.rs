//! Errors as JS sees them: every error the addon raises carries a `code`
//! (`ERR_BMP_…`) so that callers can tell an I/O failure from a malformed
//! file without matching message text; I/O errors also carry Node's `errno`,
//! `syscall` and `path` where the OS gave them.

use bmp_core::ErrorKind;
use napi::bindgen_prelude::*;
use napi_derive::napi;

/// The code of an error raised by the addon (`err.code` in JS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// The operating system refused or failed an I/O operation.
    Io,
    /// A file's format, size or contents are wrong.
    Format,
    /// An argument is invalid (shape, dtype, operand, index, ...).
    Invalid,
    /// The array was disposed before this use.
    Disposed,
    /// A bug: a panic or an unexpected failure of the Node-API.
    Internal,
}

impl Code {
    /// Every code, in the order `errorCodes()` lists them.
    pub const ALL: [Code; 5] = [
        Code::Io,
        Code::Format,
        Code::Invalid,
        Code::Disposed,
        Code::Internal,
    ];

    /// The code's string, as JS sees it in `err.code`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Io => "ERR_BMP_IO",
            Code::Format => "ERR_BMP_FORMAT",
            Code::Invalid => "ERR_BMP_INVALID",
            Code::Disposed => "ERR_BMP_DISPOSED",
            Code::Internal => "ERR_BMP_INTERNAL",
        }
    }
}

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// Result of a synchronous binding call: a thrown error gets `code`.
pub type Result<T> = napi::Result<T, Code>;

/// Every error code the addon raises (the TS list is checked against it).
#[napi]
pub fn error_codes() -> Vec<&'static str> {
    Code::ALL.iter().map(|c| c.as_str()).collect()
}

/// An error from native work, built on a pool thread and turned into a JS
/// error (with its extra properties) on the JS thread.
#[derive(Debug)]
pub struct BmpError {
    code: Code,
    message: String,
    /// `(errno, syscall, path)` for I/O errors, where known.
    os: Option<(Option<i32>, Option<&'static str>, String)>,
}

impl BmpError {
    /// An error with a code and a message.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        BmpError {
            code,
            message: message.into(),
            os: None,
        }
    }

    /// The JS error: an `Error` with `code`, plus `errno` (negative, as
    /// Node's own fs errors have it), `syscall` and `path` for I/O errors.
    pub fn into_js(self, env: &Env) -> napi::Error {
        match self.build(env) {
            Ok(error) => error,
            // Building the object failed (the env is going away): a plain error.
            Err(_) => napi::Error::new(Status::GenericFailure, self.message),
        }
    }

    fn build(&self, env: &Env) -> napi::Result<napi::Error> {
        let mut object = env.create_error(napi::Error::new(
            Status::GenericFailure,
            self.message.as_str(),
        ))?;
        object.set_named_property("code", self.code.as_str())?;
        if let Some((errno, syscall, path)) = &self.os {
            if let Some(errno) = errno {
                object.set_named_property("errno", -errno)?;
            }
            if let Some(syscall) = syscall {
                object.set_named_property("syscall", *syscall)?;
            }
            object.set_named_property("path", path.as_str())?;
        }
        Ok(napi::Error::from(object.to_unknown()))
    }
}

impl From<bmp_core::Error> for BmpError {
    fn from(err: bmp_core::Error) -> Self {
        let code = match err.kind() {
            ErrorKind::Io => Code::Io,
            ErrorKind::Format => Code::Format,
            ErrorKind::Invalid => Code::Invalid,
        };
        let os = match &err {
            bmp_core::Error::Io {
                path,
                syscall,
                source,
            } => Some((source.raw_os_error(), *syscall, path.clone())),
            _ => None,
        };
        BmpError {
            code,
            message: err.to_string(),
            os,
        }
    }
}

/// A synchronous throw keeps the code (extra I/O properties need the async
/// path, where the JS error is built by hand).
impl From<BmpError> for napi::Error<Code> {
    fn from(err: BmpError) -> Self {
        napi::Error::new(err.code, err.message)
    }
}

/// A core error as a synchronous JS throw.
pub fn to_napi(err: bmp_core::Error) -> napi::Error<Code> {
    BmpError::from(err).into()
}

/// An unexpected Node-API failure (the env refusing a value, ...): a bug or
/// a process shutting down.
pub fn internal(err: napi::Error) -> napi::Error<Code> {
    napi::Error::new(Code::Internal, err.reason)
}
