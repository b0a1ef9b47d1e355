//! Conversion of core errors and panic payloads into JS errors.

use std::any::Any;

/// A JS error carrying the core error's message (which names the file or
/// argument at fault).
pub fn to_napi(err: bmp_core::Error) -> napi::Error {
    napi::Error::from_reason(err.to_string())
}

/// A JS error for a panic caught in native work: never an abort.
pub fn from_panic(what: &str, payload: Box<dyn Any + Send>) -> napi::Error {
    let detail = payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "unknown panic payload".to_string());
    napi::Error::from_reason(format!(
        "bigmultipipe internal error in {what}: {detail} (this is a bug; please report it with the input that caused it)"
    ))
}
