/**
 * Codes of the errors the native addon raises, so callers can tell an I/O
 * failure from a malformed file without matching message text.
 * @packageDocumentation
 */

/**
 * Every `code` a native error carries (`err.code`):
 * - `ERR_BMP_IO`: the operating system failed a read or write (the error
 *   also has Node's `errno`, `syscall` and `path` where the OS gave them);
 * - `ERR_BMP_FORMAT`: a file is not what it should be (not an `.npy` file,
 *   truncated, an unsupported dtype, not a regular file, ...);
 * - `ERR_BMP_INVALID`: an argument is invalid (shape, dtype, index, value);
 * - `ERR_BMP_DISPOSED`: the array was disposed before this use;
 * - `ERR_BMP_INTERNAL`: a bug (a caught panic), with its location.
 */
export const NATIVE_ERROR_CODES = [
  'ERR_BMP_IO',
  'ERR_BMP_FORMAT',
  'ERR_BMP_INVALID',
  'ERR_BMP_DISPOSED',
  'ERR_BMP_INTERNAL',
] as const;

/** One of {@link NATIVE_ERROR_CODES}. */
export type NativeErrorCode = (typeof NATIVE_ERROR_CODES)[number];

/** An error raised by the native addon. */
export interface NativeError extends Error {
  /** What kind of failure it is. */
  code: NativeErrorCode;
  /** For `ERR_BMP_IO`: the negated OS error number, as in Node's fs errors (`util.getSystemErrorName(errno)` names it). */
  errno?: number;
  /** For `ERR_BMP_IO`: the system call that failed (`open`, `read`, `write`, `rename`, ...). */
  syscall?: string;
  /** For `ERR_BMP_IO`: the file at fault. */
  path?: string;
}

/** True when `err` is an error raised by the native addon (it has one of {@link NATIVE_ERROR_CODES}). */
export function isNativeError(err: unknown): err is NativeError {
  return err instanceof Error && (NATIVE_ERROR_CODES as readonly string[]).includes((err as { code?: unknown }).code as string);
}
