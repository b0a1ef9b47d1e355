/**
 * `bigmultipipe run MODULE[#EXPORT] INPUTS...`: load the user's pipeline,
 * run it over the inputs with progress, handle Ctrl-C, write the pout.
 * @packageDocumentation
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadPipeline } from '../executors/module-loading.js';
import { cachedPout } from '../pipeline/cache.js';
import { AbortError, PipelineError } from '../pipeline/errors.js';
import { writeFileAtomic } from '../pipeline/files.js';
import { JournalWriter } from '../pipeline/journal.js';
import { MEM_FRAC } from '../pipeline/defaults.js';
import { availableMemory } from '../pipeline/resources.js';
import { encodeTagged } from '../pipeline/tagged.js';
import type { InName, Pout, PoutEntry } from '../pipeline/types.js';
import type { BigMultiPipe } from '../pipeline/bigmultipipe.js';
import { EXIT, UsageError } from './errors.js';
import { collectInputs } from './inputs.js';
import type { ParsedPipelineOptions } from './options.js';
import { pipelineOptionsFrom } from './options.js';
import type { DisplayStream, MemoryBudget } from './progress.js';
import { failuresOf, printSummary, ProgressDisplay } from './progress.js';
import { resumeCommand } from './shell.js';

/** The options of `run`: the pipeline options plus the command's own. */
export interface RunCommandOptions extends ParsedPipelineOptions {
  /** A file with one input name per line, or `-` for stdin. */
  from?: string;
  /** Where to write the pout as JSON, or `-` for stdout. */
  json?: string;
  /** No progress and no summary; failures are still listed. */
  quiet?: boolean;
}

/** The process streams and arguments a command uses (replaceable for embedding). */
export interface CommandIo {
  /** The arguments after the program name (`process.argv.slice(2)`), for the resume command. */
  argv: readonly string[];
  /** Where results go (the JSON pout with `--json -`, `info`'s descriptions). */
  stdout: NodeJS.WritableStream;
  /** Where progress, the summary and errors go. */
  stderr: DisplayStream;
}

/** `MODULE[#EXPORT]` → module path and export name (split at the last `#`). */
export function parseModuleArg(arg: string): { module: string; exportName: string } {
  const hash = arg.lastIndexOf('#');
  if (hash < 0) return { module: arg, exportName: 'default' };
  const module = arg.slice(0, hash);
  const exportName = arg.slice(hash + 1);
  if (module === '' || exportName === '') {
    throw new UsageError(`MODULE '${arg}': write the module path, optionally followed by #EXPORT (e.g. ./pipe.mjs#reduce)`);
  }
  return { module, exportName };
}

/** What would fix a module that did not load: said after the loader's own message. */
function moduleFix(err: unknown): string {
  const code = ((err as { cause?: { code?: unknown } }).cause?.code ?? '') as string;
  if (code === 'ERR_UNKNOWN_FILE_EXTENSION') {
    return '; Node cannot load this kind of file by itself: for TypeScript, run with a loader (NODE_OPTIONS="--import tsx") or compile it to JavaScript';
  }
  if (code === 'ERR_MODULE_NOT_FOUND')
    return '; check the MODULE path (relative paths start from the current directory) and that the packages it imports are installed';
  const message = (err as Error).message;
  if (/has no export named/.test(message)) return '; name one as MODULE#NAME';
  if (/another copy of bigmultipipe/.test(message)) {
    return '. The bigmultipipe command runs the ES module build: make the pipeline module an ES module that imports bigmultipipe (.mjs, or "type": "module")';
  }
  return '';
}

/** Writes `text` to stdout and resolves once it is handed to the OS. */
function writeOut(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(text, (err) => (err ? reject(err) : resolve())));
}

/** The pout as JSON, one entry per line; values plain JSON cannot hold (NaN, typed arrays…) carry `$bmp` tags. */
export function poutJson(pout: Pout): string {
  const encoded = encodeTagged(pout, 'pout') as unknown[];
  return encoded.length === 0 ? '[]\n' : `[\n${encoded.map((e) => `  ${JSON.stringify(e)}`).join(',\n')}\n]\n`;
}

async function writeJson(target: string, pout: Pout, io: CommandIo): Promise<void> {
  const text = poutJson(pout);
  if (target === '-') return writeOut(io.stdout, text);
  try {
    await writeFileAtomic(target, text);
  } catch (err) {
    throw new Error(`--json ${target}: cannot write (${(err as Error).message}); create its directory or give another file`, { cause: err });
  }
}

function memoryOf(pipe: BigMultiPipe, settings: { processSize?: number | null; memAvailable?: number | null; memFrac?: number | null }): MemoryBudget {
  const processSize = settings.processSize ?? pipe.processSize ?? null;
  const memAvailable = settings.memAvailable ?? pipe.memAvailable;
  const budget = memAvailable ?? (settings.memFrac ?? pipe.memFrac ?? MEM_FRAC) * availableMemory();
  return { processSize, budget };
}

/** A new journal name for a run interrupted without `--journal`, in the current directory. */
function resumeJournalName(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  let name = `bigmultipipe-resume-${stamp}.jsonl`;
  for (let n = 2; existsSync(name); n++) name = `bigmultipipe-resume-${stamp}-${n}.jsonl`;
  return name;
}

/** Records the finished entries of an interrupted run in a new journal, so the resumed run skips them. */
async function writeResumeJournal(file: string, inNames: readonly InName[], pout: ReadonlyArray<PoutEntry | undefined>): Promise<void> {
  const writer = await JournalWriter.open(file);
  try {
    for (let i = 0; i < pout.length; i++) {
      const entry = pout[i];
      if (entry === undefined) continue;
      const failed = failuresOf([entry], [inNames[i] as InName]).length > 0;
      await writer.append(inNames[i] as InName, entry, failed);
    }
  } finally {
    await writer.close();
  }
}

/**
 * Runs `bigmultipipe run`. Resolves with the exit code: 0 all done, 1 some
 * files failed, 130 interrupted; usage errors throw {@link UsageError}.
 */
export async function runCommand(moduleArg: string, inputs: readonly string[], opts: RunCommandOptions, io: CommandIo): Promise<number> {
  const { module, exportName } = parseModuleArg(moduleArg);
  let options: ReturnType<typeof pipelineOptionsFrom>;
  try {
    options = pipelineOptionsFrom(opts as Record<string, unknown>, { module: path.resolve(module), export: exportName });
  } catch (err) {
    throw new UsageError((err as Error).message, { cause: err });
  }
  const { settings, runOptions, cache } = options;
  const inNames = await collectInputs(inputs, opts.from);
  let pipe: BigMultiPipe;
  try {
    pipe = await loadPipeline({ module: path.resolve(module), export: exportName });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}${moduleFix(err)}`, { cause: err });
  }

  const mode = opts.quiet ? 'quiet' : io.stderr.isTTY ? 'bar' : 'lines';
  const display = new ProgressDisplay(io.stderr, mode, inNames.length, memoryOf(pipe, settings));
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts += 1;
    if (interrupts === 1) {
      controller.abort(new Error('interrupted (SIGINT)'));
      display.interrupted();
      return;
    }
    io.stderr.write('\nquitting now; files in flight are lost (their temporary files are removed by the next run)\n');
    process.exit(EXIT.interrupted);
  };

  let ran = false;
  const started = Date.now();
  const pipeCode = (): Promise<Pout> => {
    ran = true;
    display.start();
    return pipe.pipeline(inNames, {
      ...settings,
      ...runOptions,
      executor: display.trackExecutor(settings.executor ?? pipe.executor),
      onError: runOptions.onError ?? 'collect',
      signal: controller.signal,
      onProgress: display.onProgress,
    });
  };

  let pout: Pout;
  process.on('SIGINT', onSigint);
  try {
    pout = cache.readPout || cache.writePout ? await cachedPout(pipeCode, cache) : await pipeCode();
  } catch (err) {
    if (err instanceof PipelineError) {
      pout = err.pout;
    } else if (err instanceof AbortError) {
      display.finish();
      return interrupted(err, inNames, runOptions.journal, opts, io);
    } else {
      display.finish();
      if (!display.running) throw new UsageError(`the run could not start: ${(err as Error).message}`, { cause: err });
      throw err;
    }
  } finally {
    process.off('SIGINT', onSigint);
    // The worker threads of --workers end with the run.
    await (settings.executor as { close?: () => Promise<void> } | undefined)?.close?.();
  }
  display.finish();
  if (!ran && !opts.quiet) io.stderr.write(`read the saved pipeline output from ${cache.poutname} (--read-pout); no file was processed\n`);
  if (opts.json !== undefined) await writeJson(opts.json, pout, io);
  printSummary(io.stderr, { pout, inNames, elapsedMs: Date.now() - started, quiet: opts.quiet === true, where: opts.json === '-' ? undefined : opts.json });
  return failuresOf(pout, inNames).length > 0 ? EXIT.failed : EXIT.ok;
}

async function interrupted(err: AbortError, inNames: readonly InName[], journal: string | undefined, opts: RunCommandOptions, io: CommandIo): Promise<number> {
  const finished = err.pout.filter((e) => e !== undefined).length;
  let file = journal;
  if (file === undefined) {
    file = resumeJournalName();
    await writeResumeJournal(file, inNames, err.pout);
  }
  const lines = [
    `interrupted: ${finished} of ${inNames.length} file(s) finished; they are recorded in the journal ${file}`,
    'to resume (files already done are skipped):',
    `  ${resumeCommand(io.argv, journal === undefined ? file : undefined)}`,
  ];
  if (opts.from === '-') lines.push('  (feed it the same input names on stdin)');
  if (opts.json !== undefined) lines.push(`no pout was written to ${opts.json === '-' ? 'stdout' : opts.json}; the resumed run writes it`);
  io.stderr.write(`${lines.join('\n')}\n`);
  return EXIT.interrupted;
}
