/**
 * One `pipeline()` run, step by step: journal reuse, the run context, the
 * executor loop, then settling (recording each result is in run-record.ts).
 * @packageDocumentation
 */
import type { Executor, ExecutorItem } from '../executors/executor.js';
import { OutputClaims } from './claims.js';
import { AbortError } from './errors.js';
import type { FileStage } from './file-context.js';
import { runFile } from './file-context.js';
import { removeStaleTempFiles } from './files.js';
import { flattenInName, pathSet } from './guard.js';
import { isReusable, journalKey, JournalWriter, readJournal } from './journal.js';
import { holdRecycleBudget, spareBudget } from './recycle-budget.js';
import { withFileArrays } from './release.js';
import type { RunContext } from './run-context.js';
import { runContext } from './run-context.js';
import type { ResolvedRunOptions } from './run-options.js';
import { RunReporter } from '../report/run-report.js';
import { checkEntry, RunRecord } from './run-record.js';
import type { ResolvedSettings } from './settings.js';
import type { InName, Kwargs, Pout, PoutEntry } from './types.js';

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
  /** The run's resolved settings (shown in the run report). */
  settings?: ResolvedSettings;
}

/** Removes temporary files left in the output directory by crashed writers; a failure to look is only a warning. */
async function cleanOutdir(outdir: string | null | undefined): Promise<void> {
  const dir = outdir ?? process.cwd();
  try {
    await removeStaleTempFiles(dir);
  } catch (err) {
    process.emitWarning(`bigmultipipe: could not look for stale temporary files in ${dir}: ${(err as Error).message}`);
  }
}

/**
 * Takes every reusable journal entry into the record, its output claimed for
 * it (so no other item of this run may write there); returns the items still
 * to run.
 */
async function reuseJournal(plan: RunPlan, record: RunRecord, claims: OutputClaims): Promise<ExecutorItem[]> {
  const records = plan.run.journal ? await readJournal(plan.run.journal) : undefined;
  const items: ExecutorItem[] = [];
  for (const [index, inName] of plan.inNames.entries()) {
    const rec = records?.get(journalKey(inName));
    if (rec && (await isReusable(rec))) {
      record.reuse(index, rec.entry);
      if (rec.entry[0] !== null) await claims.claim(index, rec.entry[0]).catch(() => undefined); // an older run's clash: the first keeps it
    } else {
      items.push({ index, inName });
    }
  }
  return items;
}

/** The context every hook of this run sees: its inputs (and those of enclosing runs) for the output guard. */
async function makeRunContext(inNames: readonly InName[], realDirs: RunContext['realDirs'], guardLooks: RunContext['guardLooks']): Promise<RunContext> {
  const parent = runContext.getStore();
  return { inputs: await pathSet(inNames.flatMap(flattenInName), parent?.inputs, realDirs), realDirs, guardLooks };
}

/**
 * Runs one item in this process: inside the run's context and a fresh file
 * context (its `fileSignal`, its output claims, its `fileTimeout`), releasing
 * its arrays when it finishes or times out (unless `keepArrays`).
 */
function fileWorker(target: RunTarget, plan: RunPlan, context: RunContext, claims: OutputClaims, observer?: RunReporter): (item: ExecutorItem) => Promise<PoutEntry> {
  const { fileTimeout, signal: runSignal, keepArrays } = plan.run;
  const processOne = (item: ExecutorItem): Promise<PoutEntry> => {
    observer?.fileStart(item.index);
    const mark = observer && ((stage: FileStage) => observer.fileStage(item.index, stage));
    const running = runFile(
      { inName: item.inName, index: item.index, fileTimeout, runSignal, claim: (outname) => claims.claim(item.index, outname), mark },
      async (fileSignal) => checkEntry(await target.fileProcess(item.inName, { ...plan.fileKwargs, fileSignal }), item.inName),
    );
    return observer ? running.finally(() => observer.fileEnd(item.index)) : running; // its slot frees now, before the result is recorded
  };
  return (item) => runContext.run(context, () => (keepArrays ? processOne(item) : withFileArrays(() => processOne(item))));
}

/**
 * Hands the items to the executor and records each result as it finishes,
 * journaling as it goes. A successful entry's output is claimed for its item
 * (a subclass's `fileProcess` may not have claimed it, or `fileWrite` may have
 * written another name).
 */
async function runItems(
  plan: RunPlan,
  items: readonly ExecutorItem[],
  record: RunRecord,
  claims: OutputClaims,
  context: RunContext,
  worker: (item: ExecutorItem) => Promise<PoutEntry>,
  observer?: RunReporter,
): Promise<void> {
  const { run } = plan;
  record.writer = run.journal ? await JournalWriter.open(run.journal) : undefined;
  try {
    const results = plan.executor.run({
      items,
      kwargs: plan.fileKwargs,
      worker,
      limit: Math.max(1, Math.min(plan.limit, items.length)),
      signal: run.signal,
      failFast: run.failFast,
      claim: (index, outname) => claims.claim(index, outname),
      fileTimeout: run.fileTimeout ?? undefined,
      inputs: context.inputs,
      keepArrays: run.keepArrays,
      observer,
    });
    for await (const r of results) await record.finish(r, async ([outname]) => (outname === null ? undefined : claims.claim(r.index, outname)));
  } finally {
    await record.writer?.close();
  }
}

/** Runs a resolved plan against `target` and settles as the run options say. */
export async function executeRun(target: RunTarget, plan: RunPlan): Promise<Pout> {
  const observer = plan.run.report === undefined ? undefined : new RunReporter(plan);
  const record = new RunRecord(plan.inNames, plan.run, observer);
  if (plan.run.signal?.aborted) throw new AbortError(record.pout, plan.run.signal.reason);
  if (plan.inNames.length === 0) return [];
  try {
    await cleanOutdir(plan.outdir);
    const realDirs = new Map<string, Promise<string | undefined>>();
    const guardLooks = new Map<string, string | undefined>();
    const claims = new OutputClaims(plan.inNames, realDirs, guardLooks);
    const items = await reuseJournal(plan, record, claims);
    if (items.length === 0) return record.settle();
    const context = await makeRunContext(plan.inNames, realDirs, guardLooks);
    const inFlight = Math.max(1, Math.min(plan.limit, items.length));
    const releaseBuffers = holdRecycleBudget(spareBudget(plan.settings?.memAvailable, plan.settings?.processSize, inFlight));
    try {
      await runItems(plan, items, record, claims, context, fileWorker(target, plan, context, claims, observer), observer);
    } finally {
      releaseBuffers();
    }
    return record.settle();
  } finally {
    await observer?.write(record); // however the run ends (a report never fails it: see RunReporter.write)
  }
}
