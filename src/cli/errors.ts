/**
 * The command line's exit codes and the error that means "the command was
 * given wrongly".
 * @packageDocumentation
 */

/** Exit codes of `bigmultipipe`: all done, some files failed, a usage error, interrupted (128 + SIGINT). */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** A mistake in the command (an option, an input, the module): reported with its fix, exit code 2. */
export class UsageError extends Error {
  /** @param message - names the option or input at fault and says what would fix it. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
  }
}
