/**
 * The per-file context: active while one file of a run is processed (in this
 * process, or inside a worker thread), it carries the file's `fileSignal`,
 * claims output paths from the orchestrator, and refuses writes once the file
 * has exceeded `fileTimeout`.
 * @packageDocumentation
 */
import { scopeSlot } from '../async-scope.js';
import { FileTimeoutError } from './errors.js';
import type { InName } from './types.js';

/** What the library knows about the file being processed. */
export interface FileContext {
  /** The input item. */
  readonly inName: InName;
  /** Its position in the run's `inNames`. */
  readonly index: number;
  /** The file's `fileSignal`: fires on its `fileTimeout` or on the run's abort. */
  readonly signal: AbortSignal;
  /**
   * Asks the orchestrator to claim `outname` for this item; rejects with an
   * `OutputCollisionError` when another item of the run holds it (and with
   * a `FileTimeoutError` once this file has timed out).
   */
  claim(outname: string): Promise<void>;
  /**
   * Throws a `FileTimeoutError` once the file has timed out, so no output
   * appears that the pout does not list. Every writer of the library calls it
   * before writing.
   */
  assertMayWrite(path: string): void;
  /** Notes that the file enters a stage (for the run report); absent when nobody watches. */
  readonly mark?: ((stage: FileStage) => void) | undefined;
}

/** The stages of one file a run report times: `fileRead`, the processing hooks, `fileWrite`. */
export type FileStage = 'read' | 'process' | 'write';

const storage = scopeSlot<FileContext>('fileContext');

/** The context of the file whose hook is executing, if any. */
export function currentFile(): FileContext | undefined {
  return storage.getStore();
}

/** Runs `fn` (a file's work) with `context` as its {@link currentFile}. */
export function runWithFileContext<T>(context: FileContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** What {@link runFile} needs to set up one file. */
export interface FileSetup {
  /** The input item. */
  inName: InName;
  /** Its position in the run's `inNames`. */
  index: number;
  /** Milliseconds the file may take; null/undefined: no limit. */
  fileTimeout?: number | null | undefined;
  /** The run's signal: its abort fires the file's signal too (the file may still finish). */
  runSignal?: AbortSignal | undefined;
  /** Claims an output path in the orchestrator's table (directly, or relayed from a worker). */
  claim(outname: string): Promise<void>;
  /** Told when the file enters a stage (the run report's observer). */
  mark?: ((stage: FileStage) => void) | undefined;
}

/**
 * Runs one file's `work` inside a fresh {@link FileContext}. `work` gets the
 * file's signal (passed on as `kwargs.fileSignal`). With a `fileTimeout`,
 * the returned Promise rejects with a `FileTimeoutError` when the limit
 * passes, whatever `work` does: the signal fires, later claims and writes
 * through the library are refused, and a later result is ignored.
 */
export async function runFile<T>(setup: FileSetup, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const { inName, index, fileTimeout, runSignal } = setup;
  const controller = new AbortController();
  let expired: FileTimeoutError | undefined;
  const refuse = (path?: string): FileTimeoutError => new FileTimeoutError(inName, fileTimeout ?? 0, path);
  const context: FileContext = {
    inName,
    index,
    signal: controller.signal,
    claim: async (outname) => {
      if (expired) throw refuse(outname);
      return setup.claim(outname);
    },
    assertMayWrite: (path) => {
      if (expired) throw refuse(path);
    },
    mark: setup.mark,
  };
  const onRunAbort = (): void => controller.abort(runSignal?.reason);
  if (runSignal?.aborted) onRunAbort();
  else runSignal?.addEventListener('abort', onRunAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  try {
    const working = runWithFileContext(context, () => work(controller.signal));
    if (fileTimeout === null || fileTimeout === undefined) return await working;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        expired = refuse();
        controller.abort(expired);
        reject(expired);
      }, fileTimeout);
    });
    return await Promise.race([working, timedOut]);
  } finally {
    clearTimeout(timer);
    runSignal?.removeEventListener('abort', onRunAbort);
  }
}
