/**
 * Shell quoting, for the command a user pastes to resume a run.
 * @packageDocumentation
 */

/** Quotes one argument for a POSIX shell (only when it needs it). */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command that resumes a run: the same arguments, with `--journal FILE`
 * added after `run` when the run had none.
 */
export function resumeCommand(argv: readonly string[], addJournal: string | undefined): string {
  const args = [...argv];
  if (addJournal !== undefined) {
    const at = args.indexOf('run');
    args.splice(at < 0 ? 0 : at + 1, 0, '--journal', addJournal);
  }
  return ['bigmultipipe', ...args].map(shellQuote).join(' ');
}
