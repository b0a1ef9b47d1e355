//! Settling the addon's Promises from pool threads: one thread-safe function
//! per JS thread, shared by every Promise made on it.
//!
//! napi-rs's `JsDeferred` creates a thread-safe function for every Promise
//! (a libuv async handle, an env clean-up hook, a resource-name string and
//! a few allocations) and closes it after the settle. For a 1 KB file read
//! that bookkeeping cost more main-thread time than the read: about 30 us
//! per Promise, twice per file of a pipeline. Here each JS thread (the main
//! thread, each worker thread) has one [`Channel`]: a pool thread pushes the
//! settle of a finished job on its queue and wakes the JS thread only when
//! the queue was empty, and the JS thread settles everything queued in one
//! turn. The thread-safe function keeps the event loop alive only while
//! Promises are pending (it is referenced then, unreferenced when idle), as
//! one thread-safe function per Promise did.

use std::cell::RefCell;
use std::ffi::c_void;
use std::ptr;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use napi::sys;

/// The settle of one Promise, run on its JS thread with that thread's env.
pub(crate) type Settle = Box<dyn FnOnce(sys::napi_env) + Send>;

/// What pool threads share with one JS thread.
pub(crate) struct Channel {
    /// Settles waiting for the JS thread. Held only to push or to swap:
    /// never across a system call, so the JS thread never waits long for it.
    queue: Mutex<Vec<Settle>>,
    /// The thread-safe function; null once the env is tearing down. Read-
    /// locked to call it (pool threads do not wait for one another),
    /// write-locked once, by the clean-up hook.
    tsfn: RwLock<sys::napi_threadsafe_function>,
}

// SAFETY: the only raw pointer in a `Channel` is the thread-safe function,
// whose purpose is to be called from any thread; it is called only under
// its read lock and cleared (by the env clean-up hook, on the JS thread,
// under the write lock) before Node finalises it, so no thread calls it
// afterwards.
unsafe impl Send for Channel {}
// SAFETY: as for `Send`: every access to the pointer goes through the lock.
unsafe impl Sync for Channel {}

impl Channel {
    fn queue(&self) -> MutexGuard<'_, Vec<Settle>> {
        // Nothing panics under the lock (a push or a swap), so a poisoned
        // lock cannot hold a half-changed queue.
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues `settle` for the JS thread, from any thread, waking it when
    /// the queue was empty (a wake-up that finds the queue already drained
    /// costs one empty turn). After the env is gone, nothing runs it.
    pub(crate) fn push(&self, settle: Settle) {
        let wake = {
            let mut queue = self.queue();
            queue.push(settle);
            queue.len() == 1
        };
        if wake {
            let tsfn = self.tsfn.read().unwrap_or_else(|e| e.into_inner());
            if !tsfn.is_null() {
                // A failure (napi_closing: the env is going away) leaves
                // nothing to settle.
                // SAFETY: `tsfn` is live: it is cleared under the write lock,
                // which waits for this read lock, before Node finalises it.
                unsafe {
                    sys::napi_call_threadsafe_function(
                        *tsfn,
                        ptr::null_mut(),
                        sys::ThreadsafeFunctionCallMode::nonblocking,
                    );
                }
            }
        }
    }
}

/// The JS thread's side: its channel and how many of its Promises are
/// pending (the function is referenced while there are any).
struct Local {
    env: sys::napi_env,
    tsfn: sys::napi_threadsafe_function,
    channel: Arc<Channel>,
    pending: usize,
}

thread_local! {
    static LOCAL: RefCell<Option<Local>> = const { RefCell::new(None) };
}

/// The channel of the calling JS thread (made on first use), counting one
/// more pending Promise. Call only on the JS thread of `env`.
pub(crate) fn acquire(env: sys::napi_env) -> napi::Result<Arc<Channel>> {
    LOCAL.with(|cell| {
        let mut local = cell.borrow_mut();
        if local.as_ref().is_none_or(|l| l.env != env) {
            *local = Some(open(env)?);
        }
        let l = local.as_mut().expect("just set");
        if l.pending == 0 {
            // SAFETY: on the JS thread of `env`, which owns `tsfn`.
            check(unsafe { sys::napi_ref_threadsafe_function(env, l.tsfn) })?;
        }
        l.pending += 1;
        Ok(Arc::clone(&l.channel))
    })
}

/// Counts `n` Promises settled; unreferences the function when none is left.
fn settled(env: sys::napi_env, n: usize) {
    LOCAL.with(|cell| {
        let Ok(mut local) = cell.try_borrow_mut() else {
            return;
        };
        let Some(l) = local.as_mut().filter(|l| l.env == env) else {
            return;
        };
        l.pending = l.pending.saturating_sub(n);
        if l.pending == 0 {
            // SAFETY: on the JS thread of `env`, which owns `tsfn`.
            unsafe { sys::napi_unref_threadsafe_function(env, l.tsfn) };
        }
    });
}

fn check(status: sys::napi_status) -> napi::Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(napi::Error::from_reason(format!(
            "cannot set up the addon's Promise channel (napi status {status})"
        )))
    }
}

/// Creates the JS thread's thread-safe function and channel.
fn open(env: sys::napi_env) -> napi::Result<Local> {
    let channel = Arc::new(Channel {
        queue: Mutex::new(Vec::new()),
        tsfn: RwLock::new(ptr::null_mut()),
    });
    let mut name = ptr::null_mut();
    let label = "bigmultipipe";
    // SAFETY: `label` is valid UTF-8 of the given length; `name` is a valid
    // out-pointer; we are on the JS thread of `env`.
    check(unsafe {
        sys::napi_create_string_utf8(env, label.as_ptr().cast(), label.len() as isize, &mut name)
    })?;
    // The function owns one strong count of the channel (its context),
    // given back by `finalize`.
    let context = Arc::into_raw(Arc::clone(&channel))
        .cast_mut()
        .cast::<c_void>();
    let mut tsfn = ptr::null_mut();
    // SAFETY: every pointer is valid for the call; `context` stays valid
    // until `finalize` runs (it holds its own strong count); `drain` and
    // `finalize` have the signatures Node-API expects.
    let status = unsafe {
        sys::napi_create_threadsafe_function(
            env,
            ptr::null_mut(),
            ptr::null_mut(),
            name,
            0,
            1,
            context,
            Some(finalize),
            context,
            Some(drain),
            &mut tsfn,
        )
    };
    if let Err(err) = check(status) {
        // SAFETY: the function was not created, so nothing else owns this count.
        drop(unsafe { Arc::from_raw(context.cast::<Channel>()) });
        return Err(err);
    }
    *channel.tsfn.write().unwrap_or_else(|e| e.into_inner()) = tsfn;
    // SAFETY: on the JS thread of `env`. Registered after the function, so
    // (hooks run last-in first-out) it runs before Node closes the function
    // on teardown; `context` outlives it (`finalize` comes later still).
    unsafe {
        sys::napi_unref_threadsafe_function(env, tsfn);
        sys::napi_add_env_cleanup_hook(env, Some(close), context);
    }
    Ok(Local {
        env,
        tsfn,
        channel,
        pending: 0,
    })
}

/// Env teardown: no more calls into the function; queued settles are dropped.
unsafe extern "C" fn close(context: *mut c_void) {
    // SAFETY: `context` is the channel's pointer, alive until `finalize`,
    // which Node runs after this hook.
    let channel = unsafe { &*context.cast::<Channel>() };
    *channel.tsfn.write().unwrap_or_else(|e| e.into_inner()) = ptr::null_mut();
    let queue = std::mem::take(&mut *channel.queue());
    drop(queue);
}

/// Node's finaliser of the function: gives back its count of the channel.
unsafe extern "C" fn finalize(_env: sys::napi_env, data: *mut c_void, _hint: *mut c_void) {
    // SAFETY: `data` is the pointer made by `Arc::into_raw` in `open`,
    // given back exactly once, here.
    drop(unsafe { Arc::from_raw(data.cast::<Channel>()) });
}

/// Runs on the JS thread when woken: settles everything queued.
unsafe extern "C" fn drain(
    env: sys::napi_env,
    _js: sys::napi_value,
    context: *mut c_void,
    _data: *mut c_void,
) {
    if env.is_null() || context.is_null() {
        return; // teardown: `close` dropped the queue
    }
    // SAFETY: `context` is the channel's pointer, alive until `finalize`.
    let channel = unsafe { &*context.cast::<Channel>() };
    let queue = std::mem::take(&mut *channel.queue());
    let n = queue.len();
    for settle in queue {
        let mut scope = ptr::null_mut();
        // SAFETY: on the JS thread with its live env; each settle's handles
        // live in their own scope, closed right after.
        let opened =
            unsafe { sys::napi_open_handle_scope(env, &mut scope) } == sys::Status::napi_ok;
        // A panic must not unwind into Node (an abort); the settle builds
        // values and cannot fail otherwise.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| settle(env)));
        if opened {
            // SAFETY: the scope opened just above, on this env.
            unsafe { sys::napi_close_handle_scope(env, scope) };
        }
    }
    settled(env, n);
}
