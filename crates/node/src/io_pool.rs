//! The I/O pool: a few plain threads that wait on the OS for file steps.
//!
//! Not Rayon: a Rayon worker that runs out of work spins (about 30
//! `sched_yield` calls) before it sleeps, in case more work comes. That pays
//! for compute, where work comes in bursts of parallel chunks; for I/O, where
//! each job is one blocking file step, `strace` of 1000 tiny files showed
//! 27,000 `sched_yield` calls (27 per file) taking CPU from every other
//! thread. These threads sleep on a condition variable as soon as the queue
//! is empty.

use std::collections::VecDeque;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Condvar, Mutex, MutexGuard, Once};

type Job = Box<dyn FnOnce() + Send + 'static>;

/// A fixed number of threads taking jobs in order from one queue.
pub struct IoPool {
    queue: Mutex<VecDeque<Job>>,
    ready: Condvar,
    threads: usize,
    prefix: &'static str,
    started: Once,
    /// Threads actually running (thread creation may fail).
    running: Mutex<usize>,
    on_start: fn(),
}

impl IoPool {
    /// A pool of `threads` threads named `{prefix}-{i}`, each calling
    /// `on_start` first; no thread starts before the first job.
    pub const fn new(threads: usize, prefix: &'static str, on_start: fn()) -> Self {
        IoPool {
            queue: Mutex::new(VecDeque::new()),
            ready: Condvar::new(),
            threads: if threads == 0 { 1 } else { threads },
            prefix,
            started: Once::new(),
            running: Mutex::new(0),
            on_start,
        }
    }

    /// Number of threads of the pool.
    pub fn current_num_threads(&self) -> usize {
        self.threads
    }

    fn lock(&self) -> MutexGuard<'_, VecDeque<Job>> {
        // Jobs never run under the lock, so a poisoned lock cannot leave
        // the queue half-changed.
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues `job` for the next free thread.
    pub fn spawn(&'static self, job: impl FnOnce() + Send + 'static) {
        self.started.call_once(|| self.start());
        if *self.running.lock().unwrap_or_else(|e| e.into_inner()) == 0 {
            // The OS refused every thread: run here rather than never.
            job();
            return;
        }
        self.lock().push_back(Box::new(job));
        self.ready.notify_one();
    }

    fn start(&'static self) {
        let mut running = 0;
        for i in 0..self.threads {
            let started = std::thread::Builder::new()
                .name(format!("{}-{i}", self.prefix))
                .spawn(move || self.work());
            if started.is_ok() {
                running += 1;
            }
        }
        *self.running.lock().unwrap_or_else(|e| e.into_inner()) = running;
    }

    fn work(&'static self) {
        (self.on_start)();
        loop {
            let job = {
                let mut queue = self.lock();
                loop {
                    match queue.pop_front() {
                        Some(job) => break job,
                        None => queue = self.ready.wait(queue).unwrap_or_else(|e| e.into_inner()),
                    }
                }
            };
            // Callers catch their own panics (they settle a Promise with
            // them); this only keeps the thread alive if one slips through.
            let _ = panic::catch_unwind(AssertUnwindSafe(job));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    static POOL: IoPool = IoPool::new(2, "io-pool-test", || {});

    #[test]
    fn runs_every_job_and_survives_a_panicking_one() {
        let (tx, rx) = mpsc::channel();
        POOL.spawn(|| panic!("a job that panics"));
        for i in 0..100 {
            let tx = tx.clone();
            POOL.spawn(move || tx.send(i).unwrap());
        }
        let mut got: Vec<i32> = (0..100).map(|_| rx.recv().unwrap()).collect();
        got.sort_unstable();
        assert_eq!(got, (0..100).collect::<Vec<_>>());
        assert_eq!(POOL.current_num_threads(), 2);
    }
}
