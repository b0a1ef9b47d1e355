//! Panics in native work become JS errors, quietly.
//!
//! A panic inside [`catch`] is recorded (message and location) by a panic
//! hook instead of being printed with a backtrace to stderr: the caller gets
//! a rejected Promise that says all of it (`ERR_BMP_INTERNAL`). Panics
//! anywhere else in the process (another addon's threads) still go to the
//! hook that was installed before ours.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::Once;

use crate::errors::{BmpError, Code};

thread_local! {
    /// True while this thread runs work inside [`catch`].
    static CATCHING: Cell<bool> = const { Cell::new(false) };
    /// Where the last caught panic on this thread happened.
    static LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

static HOOK: Once = Once::new();

/// Installs the recording hook once, keeping the previous one for panics
/// outside [`catch`].
fn install_hook() {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info: &PanicHookInfo<'_>| {
            if CATCHING.with(Cell::get) {
                let at = info
                    .location()
                    .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
                LOCATION.with(|slot| *slot.borrow_mut() = at);
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs `work`, turning a panic into an `ERR_BMP_INTERNAL` error that names
/// `what`, the panic message and where it happened.
pub fn catch<T>(what: &str, work: impl FnOnce() -> Result<T, BmpError>) -> Result<T, BmpError> {
    install_hook();
    let was = CATCHING.with(|c| c.replace(true));
    let outcome = panic::catch_unwind(AssertUnwindSafe(work));
    CATCHING.with(|c| c.set(was));
    outcome.unwrap_or_else(|payload| {
        let at = LOCATION.with(|slot| slot.borrow_mut().take());
        Err(from_panic(what, payload.as_ref(), at))
    })
}

/// The error for a caught panic: never an abort.
fn from_panic(what: &str, payload: &(dyn Any + Send), at: Option<String>) -> BmpError {
    let detail = payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "unknown panic payload".to_string());
    let at = at.map(|l| format!(" at {l}")).unwrap_or_default();
    BmpError::new(
        Code::Internal,
        format!(
            "bigmultipipe internal error in {what}: {detail}{at} (this is a bug; please report it with the input that caused it)"
        ),
    )
}
