/**
 * Sizes and durations as people type them on a command line (`200M`, `1.5G`,
 * `30s`), and the short forms the progress display prints.
 * @packageDocumentation
 */

// 1024-based: K, M, G, T (as `sort -S`, `ulimit`, Java's -Xmx) and KiB, MiB…;
// 1000-based: kB, MB, GB, TB (SI). Case-insensitive; a bare number is bytes.
const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 2 ** 10,
  m: 2 ** 20,
  g: 2 ** 30,
  t: 2 ** 40,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
};

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** What {@link parseSize} accepts, for help texts and error messages. */
export const SIZE_SYNTAX = 'bytes, or a number with a unit: 200M, 1.5G (K, M, G, T = 1024-based; kB, MB, GB = 1000-based)';

/** What {@link parseDuration} accepts, for help texts and error messages. */
export const DURATION_SYNTAX = 'a number with a unit: 500ms, 30s, 5m, 2h';

/**
 * Parses a size such as `200M` (1024-based), `1.5GiB`, `500MB` (1000-based)
 * or `1048576` (bytes) into a whole number of bytes. Throws a `RangeError`
 * that says what is accepted.
 */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? SIZE_UNITS[(m[2] ?? '').toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new RangeError(`'${text}' is not a size; write ${SIZE_SYNTAX}`);
  const value = Number(m[1]) * unit;
  if (!Number.isSafeInteger(Math.floor(value))) throw new RangeError(`'${text}' is too large a size`);
  return Math.floor(value);
}

/**
 * Parses a duration such as `30s`, `500ms`, `5m` or `1.5h` into milliseconds.
 * A bare number is refused (seconds or milliseconds? the unit says).
 */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*([a-z]*)\s*$/i.exec(text);
  if (m && (m[2] ?? '') === '') throw new RangeError(`'${text}' needs a unit; write ${DURATION_SYNTAX}`);
  const unit = m ? DURATION_UNITS[(m[2] ?? '').toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new RangeError(`'${text}' is not a duration; write ${DURATION_SYNTAX}`);
  const ms = Number(m[1]) * unit;
  if (!(ms > 0) || !Number.isSafeInteger(Math.round(ms))) throw new RangeError(`'${text}' must be a positive duration; write ${DURATION_SYNTAX}`);
  return Math.round(ms);
}

/** `1536` → `1.5 KiB`; 1024-based, as the size options read them. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ${units[i]}`;
}

/** Milliseconds as `m:ss` (or `h:mm:ss`); `--:--` when unknown. */
export function formatClock(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '--:--';
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
