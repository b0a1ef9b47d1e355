//! The addon's own Rayon pool, and the bridge from pool work to Promises.
//!
//! We never use Rayon's global pool: another addon in the same process may
//! own it, and its size is not ours to choose.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::errors::from_panic;

/// Environment variable that sets the pool size (read once, at first use).
const THREADS_ENV: &str = "BIGMULTIPIPE_THREADS";

static POOL: OnceLock<rayon::ThreadPool> = OnceLock::new();
/// Size requested by `setThreadCount` before the pool exists (0: not set).
static REQUESTED: AtomicUsize = AtomicUsize::new(0);

fn default_threads() -> usize {
    std::env::var(THREADS_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// The pool, built on first use.
pub fn pool() -> &'static rayon::ThreadPool {
    POOL.get_or_init(|| {
        let requested = REQUESTED.load(Ordering::SeqCst);
        let threads = if requested > 0 {
            requested
        } else {
            default_threads()
        };
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("bigmultipipe-{i}"))
            .start_handler(|_| yield_to_event_loop())
            .build()
            // Building a pool only fails when the OS refuses threads; fall
            // back to a single thread rather than abort the host process.
            .or_else(|_| rayon::ThreadPoolBuilder::new().num_threads(1).build())
            .expect("cannot start even one worker thread")
    })
}

/// Nice value of the pool's threads: slightly below the JS thread's, so that
/// when every core is busy crunching arrays the scheduler still runs the
/// event loop as soon as it has work, instead of after a time slice.
#[cfg(target_os = "linux")]
const WORKER_NICE: libc::c_int = 5;

/// Lowers the calling (pool) thread's scheduling priority; best effort.
fn yield_to_event_loop() {
    #[cfg(target_os = "linux")]
    // SAFETY: gettid and setpriority take no pointers and only read their
    // integer arguments; on Linux, PRIO_PROCESS with a thread id changes that
    // one thread's nice value. A failure (e.g. a sandbox forbidding it) only
    // leaves the priority as it was, so the result is deliberately ignored.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        let current = libc::getpriority(libc::PRIO_PROCESS, tid);
        libc::setpriority(libc::PRIO_PROCESS, tid, current.saturating_add(WORKER_NICE));
    }
}

/// Sets the number of worker threads of the native pool. Must be called
/// before the first array operation; the environment variable
/// `BIGMULTIPIPE_THREADS` does the same without code.
#[napi]
pub fn set_thread_count(count: u32) -> Result<()> {
    if count == 0 {
        return Err(Error::from_reason(
            "setThreadCount: count must be a positive integer",
        ));
    }
    if let Some(p) = POOL.get() {
        if p.current_num_threads() == count as usize {
            return Ok(());
        }
        return Err(Error::from_reason(format!(
            "setThreadCount({count}): the native pool already runs {} threads; call it before the first array operation, or set {THREADS_ENV}",
            p.current_num_threads()
        )));
    }
    REQUESTED.store(count as usize, Ordering::SeqCst);
    Ok(())
}

/// Number of worker threads of the native pool (starting it if needed).
#[napi]
pub fn thread_count() -> u32 {
    pool().current_num_threads() as u32
}

/// Runs `work` synchronously inside the pool (so kernels' parallel loops use
/// our pool), turning a panic into an error.
pub fn run_sync<T: Send>(what: &str, work: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    pool()
        .install(|| catch_unwind(AssertUnwindSafe(work)))
        .unwrap_or_else(|payload| Err(from_panic(what, payload)))
}

/// Runs `work` on the pool and returns a Promise settled with its result:
/// `finish` converts the value on the JS thread. A panic in `work` rejects
/// the Promise with a readable message.
pub fn spawn_settle<'env, T, D, W, F>(
    env: &'env Env,
    what: &'static str,
    work: W,
    finish: F,
) -> Result<Object<'env>>
where
    T: Send + 'static,
    D: ToNapiValue + 'static,
    W: FnOnce() -> Result<T> + Send + 'static,
    F: FnOnce(Env, T) -> Result<D> + Send + 'static,
{
    let (deferred, promise) =
        env.create_deferred::<D, Box<dyn FnOnce(Env) -> Result<D> + Send>>()?;
    pool().spawn(move || {
        let outcome = catch_unwind(AssertUnwindSafe(work))
            .unwrap_or_else(|payload| Err(from_panic(what, payload)));
        match outcome {
            Ok(value) => deferred.resolve(Box::new(move |env| finish(env, value))),
            Err(err) => deferred.reject(err),
        }
    });
    Ok(promise)
}

/// Test hook: panics on the pool, proving a panic becomes a rejected Promise
/// and never aborts the process.
#[napi(js_name = "_debugPanic")]
pub fn debug_panic(env: &Env, message: String) -> Result<Object<'_>> {
    spawn_settle(
        env,
        "_debugPanic",
        move || -> Result<()> { panic!("{message}") },
        |_, ()| Ok(()),
    )
}
