//! Who may touch an array's data while operations are pending.
//!
//! Operations that write into an existing array (`{ out }`, `setSlice`)
//! must not run while another pending operation reads or writes that
//! array, and nothing may read an array while a write into it is pending.
//! Each native call registers its operands here on the JS thread before it
//! is queued, and a conflicting call is rejected at once (with a message
//! saying what to await) instead of racing. The registration ends when the
//! pool task finishes, however it finishes (the guard is dropped there).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::errors::{BmpError, Code, Result};
use crate::pool::Place;
use bmp_core::kernels::elementwise::{Arg, OutBuf};
use bmp_core::NdArray;

/// Pending uses per array (keyed by the address of its shared storage):
/// a positive count of readers, or -1 for one writer.
static USES: Mutex<Option<HashMap<usize, isize>>> = Mutex::new(None);

fn table() -> MutexGuard<'static, Option<HashMap<usize, isize>>> {
    // A poisoned lock only means a panic elsewhere while holding it; the
    // table itself is always consistent between statements.
    USES.lock().unwrap_or_else(|e| e.into_inner())
}

fn key(a: &Arc<NdArray>) -> usize {
    Arc::as_ptr(a) as usize
}

/// The registered uses of one call; dropping it ends them.
pub struct Access {
    reads: Vec<usize>,
    write: Option<usize>,
}

impl Access {
    /// Registers `reads` and an optional `write` for the call named `what`,
    /// or refuses when they conflict with pending calls. An array both read
    /// and written by the call counts as written (in-place work).
    pub fn acquire(
        what: &str,
        reads: &[&Arc<NdArray>],
        write: Option<&Arc<NdArray>>,
    ) -> Result<Access> {
        let mut guard = table();
        let uses = guard.get_or_insert_with(HashMap::new);
        let w = write.map(key);
        let mut r: Vec<usize> = reads
            .iter()
            .map(|a| key(a))
            .filter(|k| Some(*k) != w)
            .collect();
        r.sort_unstable();
        r.dedup();
        for k in &r {
            if uses.get(k).copied().unwrap_or(0) < 0 {
                return Err(napi::Error::new(Code::Invalid, format!(
                    "{what}: an operand is being written by a pending operation ({{ out }} or setSlice); \
                     await that operation before using the array"
                )));
            }
        }
        if let Some(k) = w {
            let n = uses.get(&k).copied().unwrap_or(0);
            if n != 0 {
                return Err(napi::Error::new(
                    Code::Invalid,
                    format!(
                    "{what}: the array to write into is in use by pending operation(s); await them \
                     before writing into it (or write into another array)"
                ),
                ));
            }
            uses.insert(k, -1);
        }
        for k in &r {
            *uses.entry(*k).or_insert(0) += 1;
        }
        Ok(Access { reads: r, write: w })
    }

    /// [`Access::acquire`], and where the call runs by its operands' size
    /// ([`place_of`]): the two together for elementwise-sized calls.
    pub fn acquire_placed(
        what: &str,
        reads: &[&Arc<NdArray>],
        write: Option<&Arc<NdArray>>,
    ) -> Result<(Access, Place)> {
        let access = Self::acquire(what, reads, write)?;
        Ok((access, place_of(reads, write)))
    }
}

/// Where an elementwise-sized call on `reads` (and `write`, its output)
/// runs: inline when every operand and the broadcast result (at 8 bytes an
/// element) are tiny ([`Place::by_size`]), else on the pool.
pub fn place_of(reads: &[&Arc<NdArray>], write: Option<&Arc<NdArray>>) -> Place {
    let operands = || reads.iter().copied().chain(write);
    let bytes = operands().map(|a| a.nbytes()).fold(
        broadcast_len(operands).saturating_mul(8),
        usize::saturating_add,
    );
    Place::by_size(bytes)
}

/// Elements of the shape the operands broadcast to (their largest extent
/// on each axis, aligned on the right): small operands can make a large
/// result (a column plus a row), which must not be computed inline.
fn broadcast_len<'a, I>(operands: impl Fn() -> I) -> usize
where
    I: Iterator<Item = &'a Arc<NdArray>>,
{
    let nd = operands().map(|a| a.shape().len()).max().unwrap_or(0);
    (0..nd)
        .map(|axis| {
            operands()
                .filter_map(|a| {
                    let shape = a.shape();
                    (axis + shape.len()).checked_sub(nd).map(|i| shape[i])
                })
                .max()
                .unwrap_or(1)
        })
        .fold(1usize, usize::saturating_mul)
}

impl Drop for Access {
    fn drop(&mut self) {
        let mut guard = table();
        let Some(uses) = guard.as_mut() else { return };
        for k in self.reads.iter().chain(self.write.iter()) {
            let remove = match uses.get_mut(k) {
                Some(n) if *n > 1 => {
                    *n -= 1;
                    false
                }
                _ => true,
            };
            if remove {
                uses.remove(k);
            }
        }
    }
}

/// Runs `work` holding `access` until it ends, and settles a Promise with
/// the new array (or `null` when the result went into `out`), where `place`
/// says ([`place_of`] for elementwise-sized work).
pub fn settle_guarded<'env>(
    env: &'env napi::Env,
    what: &'static str,
    access: Access,
    place: Place,
    work: impl FnOnce() -> bmp_core::Result<Option<NdArray>> + Send + 'static,
) -> Result<napi::bindgen_prelude::Object<'env>> {
    crate::pool::settle_at(
        env,
        what,
        place,
        move || {
            let _held = access;
            work().map_err(BmpError::from)
        },
        |_, r: Option<NdArray>| Ok(r.map(crate::array::NativeArray::wrap)),
    )
}

/// Runs `work` reading `this` on the pool (registered as read meanwhile) and
/// settles a Promise with the array it makes: the shape of most one-input
/// operations. Always on the pool, even for tiny arrays: some of these
/// (filters, robust statistics) cost far more per byte than a kernel, and
/// use Rayon whatever the size.
pub fn settle_reading<'env>(
    env: &'env napi::Env,
    this: &crate::array::NativeArray,
    what: &'static str,
    work: impl FnOnce(&NdArray) -> bmp_core::Result<NdArray> + Send + 'static,
) -> Result<napi::bindgen_prelude::Object<'env>> {
    let a = Arc::clone(this.array()?);
    let access = Access::acquire(what, &[&a], None)?;
    settle_guarded(env, what, access, Place::Pool, move || work(&a).map(Some))
}

/// `a`'s memory as the output of an operation (numpy's `out=`).
///
/// Call only inside the pool task of a call whose [`Access`] registered `a`
/// as written: no other operation reads or writes `a` meanwhile.
pub fn out_buf(a: &Arc<NdArray>) -> OutBuf<'_> {
    let len = a.nbytes();
    let ptr = a.as_ptr().cast_mut();
    // SAFETY: `ptr` is the start of the `len` initialised bytes `a` owns;
    // they stay allocated (and never move) while the `Arc` is borrowed. The
    // caller holds the write registration for `a` (see `Access`), so no other
    // Rust code reads or writes these bytes while this slice lives: the
    // core's only other accesses are the operation's own reads of the same
    // positions, through this slice ([`Arg::Out`]). The pointer comes from
    // `Vec::as_ptr`, which creates no reference to the bytes. JS may hold a
    // view of the same memory (`data`); the API documents that it must not
    // write through it while an operation on the array is pending.
    let bytes = unsafe { std::slice::from_raw_parts_mut(ptr, len) };
    OutBuf {
        dtype: a.dtype(),
        shape: a.shape().to_vec(),
        fortran: a.is_fortran_order(),
        bytes,
    }
}

/// `x` as an operand: [`Arg::Out`] when it is the output array itself.
pub fn as_arg<'a>(x: &'a Arc<NdArray>, out: &Option<Arc<NdArray>>) -> Arg<'a> {
    match out {
        Some(o) if Arc::ptr_eq(o, x) => Arg::Out,
        _ => Arg::Array(x),
    }
}
