/**
 * One `pipeline()` run: admission, the journal, progress, failures and abort.
 * @packageDocumentation
 */
import { AbortError, describeInName, errorRecord, PipelineError } from './errors.js';
import type { PipelineFailure } from './errors.js';
import type { Executor, ExecutorItem, ExecutorResult } from '../executors/executor.js';
import { removeStaleTempFiles } from './files.js';
import { withFileArrays } from './release.js';
import { flattenInName, pathSet, runContext } from './guard.js';
import { isReusable, journalKey, JournalWriter, readJournal } from './journal.js';
import type { ResolvedRunOptions } from './options.js';
import type { InName, Kwargs, Meta, Pout, PoutEntry, ProgressEvent } from './types.js';

/** What a run needs from the pipeline object. */
export interface RunTarget {
  fileProcess(inName: InName, kwargs: Kwargs): PoutEntry | Promise<PoutEntry>;
}

/** A fully resolved run. */
export interface RunPlan {
  inNames: readonly InName[];
  fileKwargs: Kwargs;
  limit: number;
  executor: Executor;
  outdir: string | null | undefined;
  run: ResolvedRunOptions;
}

/** Throws a TypeError naming the position of the first malformed input item. */
export function validateInNames(inNames: unknown): asserts inNames is InName[] {
  if (!Array.isArray(inNames)) {
    throw new TypeError(`inNames must be an array of file names (or of arrays of file names); got ${typeof inNames}`);
  }
  const check = (v: unknown, where: string): void => {
    if (typeof v === 'string') {
      if (v === '') throw new TypeError(`${where} is an empty file name`);
      return;
    }
    if (!Array.isArray(v)) throw new TypeError(`${where} must be a file name or an array of file names; got ${typeof v}`);
    if (v.length === 0) throw new TypeError(`${where} is an empty group: a group needs at least one file name`);
    v.forEach((x, i) => check(x, `${where}[${i}]`));
  };
  inNames.forEach((v, i) => check(v, `inNames[${i}]`));
}

function checkEntry(value: unknown, inName: InName): PoutEntry {
  if (!Array.isArray(value) || value.length !== 2) {
    throw new TypeError(`${describeInName(inName)}: fileProcess must return [outname, meta]; got ${JSON.stringify(value) ?? String(value)}`);
  }
  const [outname, meta] = value as [unknown, unknown];
  if (outname !== null && typeof outname !== 'string') {
    throw new TypeError(`${describeInName(inName)}: the output name must be a string or null; got ${typeof outname} (does fileWrite return the name it wrote?)`);
  }
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) {
    throw new TypeError(`${describeInName(inName)}: metadata must be an object; got ${meta === null ? 'null' : typeof meta}`);
  }
  return [outname, meta as Meta];
}

function report(onProgress: ResolvedRunOptions['onProgress'], event: ProgressEvent): void {
  if (!onProgress) return;
  try {
    onProgress(event);
  } catch (err) {
    process.emitWarning(`bigmultipipe: onProgress threw for ${describeInName(event.inName)}: ${(err as Error)?.message ?? String(err)}`);
  }
}

/** Runs a resolved plan against `target` and settles as the run options say. */
export async function executeRun(target: RunTarget, plan: RunPlan): Promise<Pout> {
  const { inNames, fileKwargs, executor, run } = plan;
  const n = inNames.length;
  const pout: Array<PoutEntry | undefined> = new Array<PoutEntry | undefined>(n).fill(undefined);
  if (run.signal?.aborted) throw new AbortError(pout, run.signal.reason);
  if (n === 0) return [];

  try {
    await removeStaleTempFiles(plan.outdir ?? process.cwd());
  } catch (err) {
    process.emitWarning(`bigmultipipe: could not look for stale temporary files in ${plan.outdir ?? process.cwd()}: ${(err as Error).message}`);
  }

  let done = 0;
  const items: ExecutorItem[] = [];
  const records = run.journal ? await readJournal(run.journal) : undefined;
  for (let index = 0; index < n; index++) {
    const inName = inNames[index] as InName;
    const rec = records?.get(journalKey(inName));
    if (rec && (await isReusable(rec))) {
      pout[index] = rec.entry;
      done += 1;
      report(run.onProgress, { done, total: n, inName, outname: rec.entry[0], fromJournal: true });
    } else {
      items.push({ index, inName });
    }
  }
  if (items.length === 0) return pout as Pout;

  const parent = runContext.getStore();
  const context = { inputs: await pathSet(inNames.flatMap(flattenInName), parent?.inputs), realDirs: new Map() };
  const processOne = async (item: ExecutorItem): Promise<PoutEntry> =>
    checkEntry(await target.fileProcess(item.inName, { ...fileKwargs }), item.inName);
  const worker = (item: ExecutorItem): Promise<PoutEntry> =>
    runContext.run(context, () => (run.keepArrays ? processOne(item) : withFileArrays(() => processOne(item))));

  const writer = run.journal ? await JournalWriter.open(run.journal) : undefined;
  const failures: Array<PipelineFailure & { index: number }> = [];
  try {
    const results: AsyncIterable<ExecutorResult> = executor.run({
      items,
      kwargs: fileKwargs,
      worker,
      limit: Math.max(1, Math.min(plan.limit, items.length)),
      signal: run.signal,
      failFast: run.failFast,
    });
    for await (const r of results) {
      const inName = inNames[r.index];
      if (inName === undefined || pout[r.index] !== undefined) {
        throw new Error(`executor reported item ${r.index}, which is not an unfinished item of this run (an Executor bug)`);
      }
      let entry: PoutEntry;
      let failed = false;
      const fail = (error: unknown): PoutEntry => {
        failed = true;
        failures.push({ index: r.index, inName, error });
        return [null, { error: errorRecord(inName, error) }];
      };
      if (r.ok) {
        try {
          entry = checkEntry(r.entry, inName);
        } catch (error) {
          entry = fail(error);
        }
      } else {
        entry = fail(r.error);
      }
      pout[r.index] = entry;
      done += 1;
      if (writer) {
        try {
          await writer.append(inName, entry, failed);
        } catch (err) {
          process.emitWarning(`bigmultipipe: journal ${writer.file}: could not record ${describeInName(inName)}: ${(err as Error).message}`);
        }
      }
      const event: ProgressEvent = { done, total: n, inName, outname: entry[0] };
      if (failed) event.error = entry[1].error as { message: string; name: string };
      report(run.onProgress, event);
    }
  } finally {
    await writer?.close();
  }

  if (pout.some((e) => e === undefined)) {
    if (run.signal?.aborted) throw new AbortError(pout, run.signal.reason);
    const first = failures.slice().sort((a, b) => a.index - b.index)[0];
    pout.forEach((e, i) => {
      if (e !== undefined) return;
      const label = describeInName(inNames[i] as InName);
      const why = run.failFast && first ? `failFast is set and ${describeInName(first.inName)} failed` : 'the executor did not run it';
      pout[i] = [null, { error: { name: 'NotStartedError', message: `${label}: not started: ${why}` } }];
    });
  }
  const full = pout as Pout;
  if (failures.length > 0 && run.onError === 'raise') {
    failures.sort((a, b) => a.index - b.index);
    throw new PipelineError(full, failures.map(({ inName, error }) => ({ inName, error })));
  }
  return full;
}
