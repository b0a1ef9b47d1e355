/**
 * The native free list of large buffers, sized from a run's memory budget.
 *
 * A pipeline allocates the same large buffers for every file; reusing a
 * released one saves a page fault and a page zeroing per 4 KiB, which on a
 * 4096x4096 frame costs more than the arithmetic on it. The free list is
 * bounded (256 MiB by default, in crates/core/src/recycle.rs), too little
 * for two files of several 100 MB in flight. A run whose budget is explicit
 * (`memAvailable` and `processSize` both given) lets the list hold what the
 * budget leaves beyond its files in flight: `memAvailable - inFlight x
 * processSize`, so files plus list stay within `memAvailable`.
 * @packageDocumentation
 */
import { loadNative } from '../native/loader.js';

/** The bound each run in progress asked for. */
const held = new Set<{ bytes: number }>();
/** The bound before the first run raised it (restored when the last ends). */
let baseline: number | undefined;

/** What a run's budget leaves beyond its files in flight; undefined: no explicit budget. */
export function spareBudget(memAvailable: number | null | undefined, processSize: number | null | undefined, inFlight: number): number | undefined {
  if (memAvailable === null || memAvailable === undefined || processSize === null || processSize === undefined) return undefined;
  return Math.max(0, memAvailable - inFlight * processSize);
}

function apply(): void {
  if (baseline === undefined) return;
  let bytes = baseline;
  for (const h of held) bytes = Math.max(bytes, h.bytes);
  loadNative().setRecycleMaxBytes(bytes);
  if (held.size === 0) baseline = undefined;
}

/**
 * Raises the free list's bound to `bytes` (never lowers it below the
 * default) while the returned function has not been called; overlapping
 * runs get the largest of their bounds.
 */
export function holdRecycleBudget(bytes: number | undefined): () => void {
  if (bytes === undefined) return () => undefined;
  baseline ??= loadNative().recycleMaxBytes();
  const h = { bytes };
  held.add(h);
  apply();
  return () => {
    if (held.delete(h)) apply();
  };
}
