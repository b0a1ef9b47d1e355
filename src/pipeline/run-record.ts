/**
 * What the orchestrator does as each file of a run finishes: check its entry,
 * record it in the pout and the journal, report progress; and, at the end,
 * settle the run as its options say.
 * @packageDocumentation
 */
import type { ExecutorResult } from '../executors/executor.js';
import type { PipelineFailure } from './errors.js';
import { AbortError, describeInName, errorRecord, PipelineError } from './errors.js';
import type { FileStage } from './file-context.js';
import type { JournalWriter } from './journal.js';
import type { ResolvedRunOptions } from './run-options.js';
import type { InName, Meta, Pout, PoutEntry, ProgressEvent } from './types.js';
import { assertNoPromises } from './validation.js';

/** Checks what `fileProcess` returned: `[outname: string | null, meta: object]`, with errors naming the file. */
export function checkEntry(value: unknown, inName: InName): PoutEntry {
  if (!Array.isArray(value) || value.length !== 2) {
    throw new TypeError(`${describeInName(inName)}: fileProcess must return [outname, meta]; got ${JSON.stringify(value) ?? String(value)}`);
  }
  const [outname, meta] = value as [unknown, unknown];
  if (outname !== null && typeof outname !== 'string') {
    throw new TypeError(
      `${describeInName(inName)}: the output name must be a string or null; got ${typeof outname} (does fileWrite return the name it wrote?)`,
    );
  }
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) {
    throw new TypeError(`${describeInName(inName)}: metadata must be an object; got ${meta === null ? 'null' : typeof meta}`);
  }
  assertNoPromises(meta, inName); // a subclass's own fileProcess is checked too
  return [outname, meta as Meta];
}

/** Calls `onProgress`; what it throws becomes a process warning, never a failure of the run. */
export function report(onProgress: ResolvedRunOptions['onProgress'], event: ProgressEvent): void {
  if (!onProgress) return;
  try {
    onProgress(event);
  } catch (err) {
    process.emitWarning(`bigmultipipe: onProgress threw for ${describeInName(event.inName)}: ${(err as Error)?.message ?? String(err)}`);
  }
}

/**
 * Watches a run's files start, change stage and finish (the run report).
 * Its methods must not throw.
 */
export interface RunObserver {
  /** Item `index` starts (in this process). */
  fileStart(index: number): void;
  /** Item `index` enters `stage`. */
  fileStage(index: number, stage: FileStage): void;
  /** Item `index` stopped running in this process (finished, failed or timed out): its slot is free. */
  fileEnd(index: number): void;
  /** Item `index` finished with `entry`; `reused`: taken from the journal. */
  fileFinish(index: number, entry: PoutEntry, failed: boolean, reused: boolean): void;
}

/** The pout of a run as it fills in, with its failures, journal and progress count. */
export class RunRecord {
  /** One slot per input; `undefined` until the file finishes. */
  readonly pout: Array<PoutEntry | undefined>;
  /** Failed files, with their positions. */
  readonly failures: Array<PipelineFailure & { index: number }> = [];
  /** Files finished so far (journal reuse included). */
  done = 0;
  /** Where finished entries are journaled, once the run has opened it. */
  writer: JournalWriter | undefined;

  /** @param inNames - the run's inputs; @param run - its resolved options. */
  constructor(
    readonly inNames: readonly InName[],
    readonly run: ResolvedRunOptions,
    readonly observer?: RunObserver,
  ) {
    this.pout = new Array<PoutEntry | undefined>(inNames.length).fill(undefined);
  }

  /** Records an entry taken from the journal instead of processing the file. */
  reuse(index: number, entry: PoutEntry): void {
    this.pout[index] = entry;
    this.done += 1;
    this.observer?.fileFinish(index, entry, false, true);
    report(this.run.onProgress, { done: this.done, total: this.pout.length, inName: this.inNames[index] as InName, outname: entry[0], fromJournal: true });
  }

  /**
   * Records one executor result: checks the entry (a malformed one fails the
   * file), journals it, reports progress. `check` may refuse a successful
   * entry (its error fails the file).
   */
  async finish(r: ExecutorResult, check?: (entry: PoutEntry) => Promise<void>): Promise<void> {
    const inName = this.inNames[r.index];
    if (inName === undefined || this.pout[r.index] !== undefined) {
      throw new Error(`executor reported item ${r.index}, which is not an unfinished item of this run (an Executor bug)`);
    }
    let entry: PoutEntry;
    let failed = false;
    try {
      if (!r.ok) throw r.error;
      entry = checkEntry(r.entry, inName);
      await check?.(entry);
    } catch (error) {
      failed = true;
      this.failures.push({ index: r.index, inName, error });
      entry = [null, { error: errorRecord(inName, error) }];
    }
    this.pout[r.index] = entry;
    this.done += 1;
    this.observer?.fileFinish(r.index, entry, failed, false);
    await this.journal(inName, entry, failed);
    const event: ProgressEvent = { done: this.done, total: this.pout.length, inName, outname: entry[0] };
    if (failed) event.error = entry[1].error as { message: string; name: string };
    report(this.run.onProgress, event);
  }

  private async journal(inName: InName, entry: PoutEntry, failed: boolean): Promise<void> {
    if (!this.writer) return;
    try {
      await this.writer.append(inName, entry, failed);
    } catch (err) {
      process.emitWarning(`bigmultipipe: journal ${this.writer.file}: could not record ${describeInName(inName)}: ${(err as Error).message}`);
    }
  }

  /**
   * The run's outcome: an `AbortError` when the signal stopped it early; else
   * never-started files get a `NotStartedError` entry, and with
   * `onError: 'raise'` any failure rejects with a `PipelineError`.
   */
  settle(): Pout {
    const { pout, run, failures, inNames } = this;
    failures.sort((a, b) => a.index - b.index);
    if (pout.some((e) => e === undefined)) {
      if (run.signal?.aborted) throw new AbortError(pout, run.signal.reason);
      const first = failures[0];
      pout.forEach((e, i) => {
        if (e !== undefined) return;
        const label = describeInName(inNames[i] as InName);
        const why = run.failFast && first ? `failFast is set and ${describeInName(first.inName)} failed` : 'the executor did not run it';
        pout[i] = [null, { error: { name: 'NotStartedError', message: `${label}: not started: ${why}` } }];
      });
    }
    const full = pout as Pout;
    if (failures.length > 0 && run.onError === 'raise') {
      throw new PipelineError(
        full,
        failures.map(({ inName, error }) => ({ inName, error })),
      );
    }
    return full;
  }
}
