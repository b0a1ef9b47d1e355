/**
 * Option helpers for commander: the pipeline's options on any command line
 * (Python's `BMPArgparseMixin`), and their translation into `BigMultiPipe`
 * settings and `pipeline()` run options.
 * @packageDocumentation
 */
import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';
import { WorkerExecutor } from '../executors/worker.js';
import { MEM_FRAC, OUTNAME_APPEND } from '../pipeline/defaults.js';
import type { RunOptions } from '../pipeline/run-options.js';
import type { BigMultiPipeSettings } from '../pipeline/settings.js';
import { DURATION_SYNTAX, formatBytes, parseDuration, parseSize, SIZE_SYNTAX } from './units.js';

/** The names (camelCase, as commander stores them) of the options {@link addPipelineOptions} adds. */
export type PipelineOptionName =
  | 'outdir'
  | 'createOutdir'
  | 'readPout'
  | 'writePout'
  | 'poutname'
  | 'outnameAppend'
  | 'numProcesses'
  | 'memAvailable'
  | 'memFrac'
  | 'processSize'
  | 'journal'
  | 'fileTimeout'
  | 'report'
  | 'onError'
  | 'failFast'
  | 'workers';

/** The values of the pipeline options after parsing (absent when neither given nor defaulted). */
export interface ParsedPipelineOptions {
  /** `--outdir`. */
  outdir?: string;
  /** `--create-outdir` / `--no-create-outdir`. */
  createOutdir?: boolean;
  /** `--read-pout` / `--no-read-pout`. */
  readPout?: boolean;
  /** `--write-pout` / `--no-write-pout`. */
  writePout?: boolean;
  /** `--poutname`. */
  poutname?: string;
  /** `--outname-append`. */
  outnameAppend?: string;
  /** `--num-processes`. */
  numProcesses?: number;
  /** `--mem-available`, in bytes. */
  memAvailable?: number;
  /** `--mem-frac`. */
  memFrac?: number;
  /** `--process-size`, in bytes. */
  processSize?: number;
  /** `--journal`. */
  journal?: string;
  /** `--file-timeout`, in milliseconds. */
  fileTimeout?: number;
  /** `--report`. */
  report?: string;
  /** `--on-error`. */
  onError?: 'raise' | 'collect';
  /** `--fail-fast` / `--no-fail-fast`. */
  failFast?: boolean;
  /** `--workers`. */
  workers?: number;
}

/** Defaults a program may give; sizes and durations may be numbers or text such as `'200M'`, `'30s'`. */
export type PipelineOptionDefaults = {
  [K in PipelineOptionName]?: K extends 'memAvailable' | 'processSize' | 'fileTimeout' ? number | string : ParsedPipelineOptions[K];
};

/** Options of {@link addPipelineOptions}. */
export interface AddPipelineOptionsConfig {
  /** Default values (shown in the help); without one an option is absent unless given, and the pipeline's own setting applies. */
  defaults?: PipelineOptionDefaults;
  /** Help texts replacing the built-in ones. */
  help?: { [K in PipelineOptionName]?: string };
  /** Options not to add (e.g. `['workers']` for a program that chooses its executor itself). */
  omit?: readonly PipelineOptionName[];
}

function parser(option: string, parse: (text: string) => number, check?: (v: number) => string | undefined) {
  return (text: string): number => {
    let v: number;
    try {
      v = parse(text);
    } catch (err) {
      throw new InvalidArgumentError(`${option}: ${(err as Error).message}.`);
    }
    const problem = check?.(v);
    if (problem) throw new InvalidArgumentError(`${option}: ${problem}; got '${text}'.`);
    return v;
  };
}

const number = (text: string): number => {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) throw new RangeError(`'${text}' is not a number`);
  return v;
};

interface Spec {
  flags: string;
  help: string;
  /** Help of the `--no-` form of a boolean. */
  negate?: string;
  parse?: (text: string) => number;
  choices?: readonly string[];
  /** How a default is shown in the help. */
  show?: (v: number) => string;
}

/** Every pipeline option: flags, help and parser (the one home of these names). */
const SPECS: Record<PipelineOptionName, Spec> = {
  outdir: { flags: '--outdir <dir>', help: "directory the outputs are written to (default: the pipeline's setting, else the current directory)" },
  createOutdir: {
    flags: '--create-outdir',
    help: "create the output directory (and parents) when writing (default: the pipeline's setting, else no)",
    negate: 'do not create the output directory',
  },
  readPout: {
    flags: '--read-pout',
    help: 'read the saved pipeline output from --poutname instead of running, when that file can be read',
    negate: 'run even when a saved pipeline output exists',
  },
  writePout: { flags: '--write-pout', help: 'save the pipeline output to --poutname after the run', negate: 'do not save the pipeline output' },
  poutname: { flags: '--poutname <file>', help: 'the file --read-pout reads and --write-pout writes (a JSON pout, as cachedPout)' },
  outnameAppend: {
    flags: '--outname-append <text>',
    help: `appended to each input's stem to name its output (default: the pipeline's setting, else ${OUTNAME_APPEND})`,
  },
  numProcesses: {
    flags: '--num-processes <n>',
    help: 'max files in flight: n, or 0 for all physical cores, or 0 < n < 1 for that fraction of them',
    parse: parser('--num-processes', number, (v) => (v < 0 ? 'must be 0 (all cores), a fraction 0 < n < 1 of the cores, or a count ≥ 1' : undefined)),
  },
  memAvailable: {
    flags: '--mem-available <size>',
    help: `memory the whole run may use, e.g. 8G (default: --mem-frac × available memory)`,
    parse: parser('--mem-available', parseSize),
    show: formatBytes,
  },
  memFrac: {
    flags: '--mem-frac <fraction>',
    help: `fraction of the available memory the run may use when --mem-available is not given (default ${MEM_FRAC})`,
    parse: parser('--mem-frac', number, (v) => (v <= 0 || v > 1 ? 'must be a fraction 0 < x ≤ 1, e.g. 0.8' : undefined)),
  },
  processSize: {
    flags: '--process-size <size>',
    help: "the most memory one file's processing needs, e.g. 200M; with the memory budget it bounds the files in flight",
    parse: parser('--process-size', parseSize, (v) => (v <= 0 ? `must be a positive size: ${SIZE_SYNTAX}` : undefined)),
    show: formatBytes,
  },
  journal: {
    flags: '--journal <file>',
    help: 'record each finished file in this journal; a later run with the same journal skips the files it holds',
  },
  fileTimeout: {
    flags: '--file-timeout <duration>',
    help: `fail a file that takes longer than this (${DURATION_SYNTAX})`,
    parse: parser('--file-timeout', parseDuration),
    show: (ms) => `${ms} ms`,
  },
  report: {
    flags: '--report <file>',
    help: 'write a run report to FILE when the run ends: one self-contained HTML page (timeline, files in flight, memory, failures, options)',
  },
  onError: {
    flags: '--on-error <mode>',
    help: "'raise': the run reports an error when any file failed; 'collect': the failures are entries of the pout",
    choices: ['raise', 'collect'],
  },
  failFast: { flags: '--fail-fast', help: 'start no new file after the first failure', negate: 'attempt every file even after a failure' },
  workers: {
    flags: '--workers <n>',
    help: "run the pipeline's JavaScript hooks on n worker threads (the module is loaded in each)",
    parse: parser('--workers', number, (v) => (!Number.isInteger(v) || v < 1 ? 'must be a whole number of worker threads ≥ 1' : undefined)),
  },
};

/** The option names in the order they are added (and shown in the help). */
export const PIPELINE_OPTION_NAMES = Object.keys(SPECS) as PipelineOptionName[];

function normaliseDefault(name: PipelineOptionName, value: unknown): unknown {
  const spec = SPECS[name];
  if (typeof value === 'string' && spec.parse) return spec.parse(value);
  return value;
}

/**
 * Adds the pipeline options to a commander `Command` (Python's
 * `BMPArgparseMixin`): `--outdir`, `--create-outdir`/`--no-create-outdir`,
 * `--read-pout`/`--write-pout`/`--poutname`, `--outname-append`,
 * `--num-processes`, `--mem-available`, `--mem-frac`, `--process-size`
 * (sizes such as `200M`), `--journal`, `--file-timeout` (`30s`), `--report`,
 * `--on-error`, `--fail-fast` and `--workers`. Each may get a default and a
 * help text of the program's own, or be left out.
 *
 * @example
 * ```ts
 * const program = addPipelineOptions(new Command('reduce'), { defaults: { outnameAppend: '_red', processSize: '400M' } });
 * program.argument('<files...>').parse();
 * const { settings, runOptions } = pipelineOptionsFrom(program.opts());
 * await new MyPipe(settings).pipeline(program.args, runOptions);
 * ```
 * @returns `command`, for chaining.
 */
export function addPipelineOptions(command: Command, config: AddPipelineOptionsConfig = {}): Command {
  const { defaults = {}, help = {}, omit = [] } = config;
  for (const name of Object.keys(defaults) as PipelineOptionName[]) {
    if (!(name in SPECS))
      throw new TypeError(`addPipelineOptions: defaults.${name} is not a pipeline option; the options are ${PIPELINE_OPTION_NAMES.join(', ')}`);
  }
  for (const name of PIPELINE_OPTION_NAMES) {
    if (omit.includes(name)) continue;
    const spec = SPECS[name];
    const option = new Option(spec.flags, help[name] ?? spec.help);
    if (spec.parse) option.argParser(spec.parse);
    if (spec.choices) option.choices(spec.choices);
    const value = normaliseDefault(name, defaults[name]);
    if (value !== undefined) {
      option.default(value, spec.show && typeof value === 'number' ? spec.show(value) : undefined);
    }
    command.addOption(option);
    if (spec.negate) command.addOption(new Option(`--no-${spec.flags.slice(2)}`, spec.negate));
  }
  return command;
}

/** The `BigMultiPipe` settings the command line sets (none of them typed by the pipeline's data). */
export type CommandLineSettings = Pick<
  BigMultiPipeSettings,
  'outdir' | 'createOutdir' | 'outnameAppend' | 'numProcesses' | 'memAvailable' | 'memFrac' | 'processSize' | 'executor'
>;

/** What {@link pipelineOptionsFrom} returns. */
export interface PipelineOptionsFromResult {
  /** For `new BigMultiPipe(settings)` or as overrides in `pipeline(inNames, { ...settings, ...runOptions })`. */
  settings: CommandLineSettings;
  /** For `pipeline(inNames, runOptions)`. `fileTimeout` is in milliseconds. */
  runOptions: RunOptions;
  /** For `cachedPout(pipeCode, cache)`: `poutname`, `readPout`, `writePout` and `createOutdir`. */
  cache: { poutname?: string; readPout?: boolean; writePout?: boolean; createOutdir?: boolean };
}

/** Where the worker threads find the pipeline (needed only with `--workers`). */
export interface PipelineModule {
  /** A path or `file:` URL of the module defining the pipeline (e.g. `import.meta.url`). */
  module?: string | URL;
  /** The export naming it (default `'default'`). */
  export?: string;
}

/**
 * Turns parsed options (`command.opts()`) into `BigMultiPipe` settings, run
 * options and `cachedPout` options. Only options that were given (or
 * defaulted) appear, so a pipeline's own settings stay in force for the
 * rest. Sizes and durations given as text are parsed here too. `--workers`
 * needs `where.module`: the module the worker threads load the pipeline
 * from.
 */
export function pipelineOptionsFrom(opts: Record<string, unknown>, where: PipelineModule = {}): PipelineOptionsFromResult {
  const o: Record<string, unknown> = {};
  for (const name of PIPELINE_OPTION_NAMES) {
    if (opts[name] !== undefined) o[name] = normaliseDefault(name, opts[name]);
  }
  const p = o as ParsedPipelineOptions;
  const settings: CommandLineSettings = {};
  for (const key of ['outdir', 'createOutdir', 'outnameAppend', 'numProcesses', 'memAvailable', 'memFrac', 'processSize'] as const) {
    if (p[key] !== undefined) (settings as Record<string, unknown>)[key] = p[key];
  }
  if (p.workers !== undefined) {
    if (where.module === undefined) {
      throw new TypeError('--workers needs the module defining the pipeline: call pipelineOptionsFrom(opts, { module: import.meta.url, export: NAME })');
    }
    settings.executor = new WorkerExecutor({ module: where.module, export: where.export ?? 'default', workers: p.workers });
  }
  const runOptions: PipelineOptionsFromResult['runOptions'] = {};
  if (p.journal !== undefined) runOptions.journal = p.journal;
  if (p.fileTimeout !== undefined) runOptions.fileTimeout = p.fileTimeout;
  if (p.report !== undefined) runOptions.report = p.report;
  if (p.onError !== undefined) runOptions.onError = p.onError;
  if (p.failFast !== undefined) runOptions.failFast = p.failFast;
  const cache: PipelineOptionsFromResult['cache'] = {};
  for (const key of ['poutname', 'readPout', 'writePout', 'createOutdir'] as const) {
    if (p[key] !== undefined) (cache as Record<string, unknown>)[key] = p[key];
  }
  if ((cache.readPout || cache.writePout) && cache.poutname === undefined) {
    throw new TypeError(`--${cache.readPout ? 'read' : 'write'}-pout needs --poutname FILE: the file the pipeline output is saved to`);
  }
  return { settings, runOptions, cache };
}
