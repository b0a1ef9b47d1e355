//! The addon's own thread pools, and the bridge from pool work to Promises.
//!
//! Two pools, so that a read blocked in the kernel (a FIFO, a hung network
//! file system) can never stall array work:
//! - the compute pool ([`pool`]): Rayon, one thread per core, for every
//!   kernel and the CPU part of file steps (byte swapping);
//! - the I/O pool ([`io_pool`]): a few threads that only wait on the OS
//!   (plain threads, not Rayon: see [`IoPool`]).
//!
//! The JS thread never waits for either: it queues work and gets a Promise.
//! We never use Rayon's global pool: another addon in the same process may
//! own it, and its size is not ours to choose.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::errors::{internal, BmpError, Code, Result};
pub use crate::io_pool::IoPool;
use crate::panic::catch;

/// Environment variable that sets the compute pool size (read once).
const THREADS_ENV: &str = "BIGMULTIPIPE_THREADS";
/// Environment variable that sets the I/O pool size (read once).
const IO_THREADS_ENV: &str = "BIGMULTIPIPE_IO_THREADS";
/// I/O threads by default: enough to overlap a few slow reads and writes;
/// they sleep in the kernel, so more would only add contention on disks.
const DEFAULT_IO_THREADS: usize = 4;

static POOL: OnceLock<rayon::ThreadPool> = OnceLock::new();
static IO_POOL: OnceLock<IoPool> = OnceLock::new();
/// Size requested by `setThreadCount` before the pool exists (0: not set).
static REQUESTED: AtomicUsize = AtomicUsize::new(0);

/// A positive integer from the environment variable `name`, if set.
fn env_threads(name: &str) -> Option<usize> {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
}

/// Builds a pool; building only fails when the OS refuses threads, and then
/// a single thread is better than aborting the host process.
fn build_pool(threads: usize, prefix: &'static str) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(move |i| format!("{prefix}-{i}"))
        .start_handler(|_| yield_to_event_loop())
        .build()
        .or_else(|_| rayon::ThreadPoolBuilder::new().num_threads(1).build())
        .expect("cannot start even one worker thread")
}

/// Asks the OS to back a fresh large buffer with huge pages (numpy does the
/// same for its large arrays): one page fault per 2 MiB instead of per
/// 4 KiB. Filling a fresh 134 MB buffer took 4x less time with it here.
#[cfg(target_os = "linux")]
fn advise_huge_pages(words: &mut [u64]) {
    const PAGE: usize = 4096;
    let start = words.as_mut_ptr() as usize;
    let end = start + std::mem::size_of_val(words);
    // Whole pages inside the buffer only: the pages at either end may be
    // shared with other allocations.
    let (lo, hi) = (start.next_multiple_of(PAGE), end & !(PAGE - 1));
    if hi > lo {
        // SAFETY: `lo..hi` lies inside `words`, which we borrow mutably, and
        // is page-aligned as madvise requires. MADV_HUGEPAGE only changes how
        // the kernel backs those pages; their contents (zeros) are kept, so
        // nothing Rust can observe changes. Failure (no transparent huge
        // pages) leaves the default backing, so the result is ignored.
        unsafe {
            libc::madvise(lo as *mut libc::c_void, hi - lo, libc::MADV_HUGEPAGE);
        }
    }
}

/// Registers the platform's advice for fresh large buffers with the core.
fn advise_fresh_memory() {
    #[cfg(target_os = "linux")]
    bmp_core::buffer::set_fresh_memory_hook(advise_huge_pages);
}

/// The compute pool, built on first use.
pub fn pool() -> &'static rayon::ThreadPool {
    POOL.get_or_init(|| {
        advise_fresh_memory();
        let threads = match REQUESTED.load(Ordering::SeqCst) {
            0 => env_threads(THREADS_ENV)
                .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
            requested => requested,
        };
        build_pool(threads, "bigmultipipe")
    })
}

/// The I/O pool, built on first use (`BIGMULTIPIPE_IO_THREADS`, default 4):
/// plain threads that sleep when idle (see [`IoPool`]).
pub fn io_pool() -> &'static IoPool {
    IO_POOL.get_or_init(|| {
        advise_fresh_memory();
        IoPool::new(
            env_threads(IO_THREADS_ENV).unwrap_or(DEFAULT_IO_THREADS),
            "bigmultipipe-io",
            yield_to_event_loop,
        )
    })
}

/// Nice value of the pools' threads: slightly below the JS thread's, so that
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

/// Sets the number of worker threads of the native compute pool. Must be
/// called before the first array operation; the environment variable
/// `BIGMULTIPIPE_THREADS` does the same without code.
#[napi]
pub fn set_thread_count(count: u32) -> Result<()> {
    if count == 0 {
        return Err(napi::Error::new(
            Code::Invalid,
            "setThreadCount: count must be a positive integer",
        ));
    }
    if let Some(p) = POOL.get() {
        if p.current_num_threads() == count as usize {
            return Ok(());
        }
        return Err(napi::Error::new(
            Code::Invalid,
            format!(
                "setThreadCount({count}): the native pool already runs {} threads; call it before the first array operation, or set {THREADS_ENV}",
                p.current_num_threads()
            ),
        ));
    }
    REQUESTED.store(count as usize, Ordering::SeqCst);
    Ok(())
}

/// Number of worker threads of the native compute pool (starting it if needed).
#[napi]
pub fn thread_count() -> u32 {
    pool().current_num_threads() as u32
}

/// Number of threads of the native I/O pool (starting it if needed).
#[napi]
pub fn io_thread_count() -> u32 {
    io_pool().current_num_threads() as u32
}

/// What a settled Promise resolves with: `finish` converts the value on the
/// JS thread.
type Finish<T, D> = Box<dyn FnOnce(Env, T) -> napi::Result<D> + Send>;
type Resolver<D> = Box<dyn FnOnce(Env) -> napi::Result<D> + Send>;

/// A Promise handed to JS, to be settled from any thread with the outcome
/// of native work.
pub struct Pending<T, D: ToNapiValue + 'static> {
    deferred: napi::JsDeferred<D, Resolver<D>>,
    finish: Finish<T, D>,
}

impl<T: Send + 'static, D: ToNapiValue + 'static> Pending<T, D> {
    /// A new Promise; `finish` turns the work's value into the JS result.
    pub fn new<'env>(
        env: &'env Env,
        finish: impl FnOnce(Env, T) -> napi::Result<D> + Send + 'static,
    ) -> Result<(Self, Object<'env>)> {
        let (deferred, promise) = env.create_deferred().map_err(internal)?;
        let finish = Box::new(finish);
        Ok((Pending { deferred, finish }, promise))
    }

    /// Settles the Promise: resolved with the value, or rejected with the
    /// error (built as a JS error, with its code, on the JS thread).
    pub fn settle(self, outcome: std::result::Result<T, BmpError>) {
        let finish = self.finish;
        self.deferred.resolve(Box::new(move |env| match outcome {
            Ok(value) => finish(env, value),
            Err(err) => Err(err.into_js(&env)),
        }));
    }
}

/// Runs `work` on the compute pool and returns a Promise settled with its
/// result (see [`Pending`]). A panic in `work` rejects the Promise with a
/// readable message (`ERR_BMP_INTERNAL`).
pub fn spawn_settle<'env, T, D, W, F>(
    env: &'env Env,
    what: &'static str,
    work: W,
    finish: F,
) -> Result<Object<'env>>
where
    T: Send + 'static,
    D: ToNapiValue + 'static,
    W: FnOnce() -> std::result::Result<T, BmpError> + Send + 'static,
    F: FnOnce(Env, T) -> napi::Result<D> + Send + 'static,
{
    let (pending, promise) = Pending::new(env, finish)?;
    pool().spawn(move || pending.settle(catch(what, work)));
    Ok(promise)
}

/// Operand bytes up to which a kernel runs on the JS thread itself (see
/// [`Place::by_size`]). A kernel on a few KiB takes well under a microsecond
/// to a few microseconds; handing it to a pool thread and settling its
/// Promise from there costs 30-45 us (a thread-safe function, two wake-ups
/// and an event-loop turn), which dominated files of a few hundred bytes.
/// Far below the size at which the core's kernels go parallel (`PAR_MIN`,
/// 64 Ki elements), so inline work never reaches for a Rayon pool; and
/// small enough that the slowest kernel on it (a median, a sort) stays in
/// the tens of microseconds, far from the event loop's 5 ms budget.
pub const INLINE_MAX_BYTES: usize = 16 << 10;

/// Where a call's native work runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// At once, on the calling JS thread: for work known to take a few
    /// microseconds, less than the hand-off to a pool thread.
    Inline,
    /// On the compute pool, keeping the event loop free.
    Pool,
}

impl Place {
    /// Inline for work on at most [`INLINE_MAX_BYTES`] of operands (`bytes`:
    /// every array it reads or writes), else the pool.
    pub fn by_size(bytes: usize) -> Place {
        if bytes <= INLINE_MAX_BYTES {
            Place::Inline
        } else {
            Place::Pool
        }
    }
}

/// Runs `work` where `place` says and returns a Promise settled with its
/// result: [`spawn_settle`] on the pool, or at once on the calling JS thread
/// (the Promise returned is then already settled).
pub fn settle_at<'env, T: Send + 'static, D: ToNapiValue + 'static>(
    env: &'env Env,
    what: &'static str,
    place: Place,
    work: impl FnOnce() -> std::result::Result<T, BmpError> + Send + 'static,
    finish: impl FnOnce(Env, T) -> napi::Result<D> + Send + 'static,
) -> Result<Object<'env>> {
    if place == Place::Pool {
        return spawn_settle(env, what, work, finish);
    }
    let raw = env.raw();
    let mut deferred = std::ptr::null_mut();
    let mut promise = std::ptr::null_mut();
    // SAFETY: called on the JS thread with its live `env` (every binding
    // method gets one); both out-pointers are valid locals.
    let status = unsafe { napi::sys::napi_create_promise(raw, &mut deferred, &mut promise) };
    if status != napi::sys::Status::napi_ok {
        return Err(napi::Error::new(Code::Internal, "cannot create a Promise"));
    }
    let value = match catch(what, work) {
        Ok(value) => finish(*env, value).and_then(|d| {
            // SAFETY: `raw` is the live env of this (the JS) thread.
            unsafe { D::to_napi_value(raw, d) }
        }),
        Err(err) => Err(err.into_js(env)),
    };
    // SAFETY: `deferred` was made above by `napi_create_promise` on this
    // env and is settled exactly once, here; the values passed are live
    // handles of the current scope.
    let status = unsafe {
        match value {
            Ok(v) => napi::sys::napi_resolve_deferred(raw, deferred, v),
            Err(e) => {
                napi::sys::napi_reject_deferred(raw, deferred, JsError::from(e).into_value(raw))
            }
        }
    };
    if status != napi::sys::Status::napi_ok {
        return Err(napi::Error::new(Code::Internal, "cannot settle a Promise"));
    }
    Ok(Object::from_raw(raw, promise))
}

/// The value of work done at once on the JS thread, or a Promise of it.
pub type ValueOrPromise<'env, D> = Either<D, Object<'env>>;

/// Like [`settle_at`], but inline work gives its value itself rather than a
/// settled Promise (an error is thrown): for the cheapest calls, whose
/// TypeScript wrapper makes the one Promise its caller gets, so the value
/// costs no Promise created, resolved and awaited natively on top.
pub fn value_or_settle<'env, T: Send + 'static, D: ToNapiValue + 'static>(
    env: &'env Env,
    what: &'static str,
    place: Place,
    work: impl FnOnce() -> std::result::Result<T, BmpError> + Send + 'static,
    finish: impl FnOnce(Env, T) -> napi::Result<D> + Send + 'static,
) -> Result<ValueOrPromise<'env, D>> {
    if place == Place::Pool {
        return spawn_settle(env, what, work, finish).map(Either::B);
    }
    match catch(what, work) {
        Ok(value) => finish(*env, value).map(Either::A).map_err(internal),
        // Thrown with its code; the JS wrapper turns the throw into a rejection.
        Err(err) => Err(err.into()),
    }
}

/// Sets the most memory the native free list of large buffers may hold
/// (`bmp_core::recycle`); a pipeline run raises it to what its memory budget
/// leaves beyond its files in flight. Non-finite or negative: 0 (off).
#[napi]
pub fn set_recycle_max_bytes(bytes: f64) {
    let bytes = if bytes.is_finite() && bytes > 0.0 {
        bytes.min(usize::MAX as f64) as usize
    } else {
        0
    };
    bmp_core::recycle::set_max_bytes(bytes);
}

/// The most memory the native free list of large buffers may hold now.
#[napi]
pub fn recycle_max_bytes() -> f64 {
    bmp_core::recycle::max_bytes() as f64
}

/// Test hook: panics on the pool, proving a panic becomes a rejected Promise
/// and never aborts the process.
#[napi(js_name = "_debugPanic")]
pub fn debug_panic(env: &Env, message: String) -> Result<Object<'_>> {
    spawn_settle(
        env,
        "_debugPanic",
        move || -> std::result::Result<(), BmpError> { panic!("{message}") },
        |_, ()| Ok(()),
    )
}
