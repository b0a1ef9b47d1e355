/**
 * The `BigMultiPipe` class: the original's pipeline with every hook
 * overridable, sync or async.
 * @packageDocumentation
 */
import { promises as fs } from 'node:fs';
import type { Executor } from '../executors/executor.js';
import { describeInName } from './errors.js';
import { currentFile } from './file-context.js';
import { bmpCleanup, outnameCreator } from './functions.js';
import { assertNotInput } from './guard.js';
import type { BigMultiPipeOptions, PipelineOptions } from './options.js';
import { splitOptions } from './options.js';
import { releaseReplaced } from './release.js';
import { createOutdirFor } from './outdir.js';
import { numCanProcess } from './resources.js';
import { executeRun } from './run.js';
import { resolveRunOptions } from './run-options.js';
import { resolveSettings, validateSettings } from './settings.js';
import type { Awaitable, InName, Kwargs, Meta, Pout, PoutEntry, PostProcessFunction, PreProcessFunction, PreProcessResult } from './types.js';
import { assertNoPromises, functionList, validateInNames } from './validation.js';

function isPreProcessResult(v: unknown): v is PreProcessResult {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return (proto === Object.prototype || proto === null) && Object.hasOwn(v, 'bmpData');
}

/**
 * Base class for memory- and core-bounded pipelines over many large files
 * (Python's `BigMultiPipe`). Subclass it and override `fileRead` and
 * `fileWrite` (or use `NpyMultiPipe`), then `dataProcess` and/or the
 * pre-/post-process lists. Every hook may return a value or a Promise.
 *
 * Three streams: the **data** starts and ends on disk (read and written in
 * the hooks, never copied between workers); the **control** stream is
 * `kwargs` (construction, then `pipeline()`, then a pre-process function's
 * `bmpKwargs` for one file); the **metadata** is a small object per file,
 * returned with its output name.
 *
 * @typeParam Data - what `fileRead` returns and the hooks pass along.
 */
export class BigMultiPipe<Data = unknown> {
  /** Max files in flight (null/0: all physical cores; 0 < x < 1: a fraction of them). */
  numProcesses: number | null;
  /** Bytes the whole run may use (default: `memFrac` × available memory). */
  memAvailable: number | null;
  /** Fraction of available memory the run may use (default 0.8). */
  memFrac: number;
  /** Max bytes one file's processing needs; null: no memory bound. */
  processSize: number | null;
  /** Output directory; null: the current directory. */
  outdir: string | null;
  /** Create the output directory when writing. */
  createOutdir: boolean;
  /** Appended to each input's stem to name its output (default `'_bmp'`). */
  outnameAppend: string;
  /** A fixed output name for every file (rarely useful here; set it per file instead). */
  outname: string | null;
  /** How files run in parallel (Python's `PoolClass`). */
  executor: Executor;
  /** The control-stream keywords given at construction. */
  kwargs: Kwargs;
  private preList: PreProcessFunction<Data>[] = [];
  private postList: PostProcessFunction<Data>[] = [];

  /**
   * @param options - the named settings (see {@link BigMultiPipeSettings});
   * every other key is a control-stream keyword kept in `this.kwargs`. Run
   * options (`onError`, `failFast`, `signal`, `onProgress`, `journal`)
   * belong to `pipeline()` and are refused here.
   */
  constructor(options: BigMultiPipeOptions<Data> = {}) {
    if (options === null || typeof options !== 'object') throw new TypeError('BigMultiPipe options must be an object');
    const { settings, run, kwargs } = splitOptions(options);
    const misplaced = Object.keys(run);
    if (misplaced.length > 0) {
      throw new TypeError(`${misplaced.join(', ')}: run option(s) of pipeline(); pass them to pipeline(inNames, { ${misplaced[0]}: ... })`);
    }
    validateSettings(settings);
    const s = resolveSettings(settings);
    this.numProcesses = s.numProcesses;
    this.memAvailable = s.memAvailable;
    this.memFrac = s.memFrac;
    this.processSize = s.processSize;
    this.outdir = s.outdir;
    this.createOutdir = s.createOutdir;
    this.outnameAppend = s.outnameAppend;
    this.outname = s.outname;
    this.executor = s.executor;
    this.preList = functionList('preProcessList', settings.preProcessList);
    this.postList = functionList('postProcessList', settings.postProcessList);
    this.kwargs = kwargs;
  }

  /** Functions run by `preProcess`, in order. Setting null empties it; a single function is a list of one. */
  get preProcessList(): PreProcessFunction<Data>[] {
    return this.preList;
  }
  set preProcessList(value: PreProcessFunction<Data> | readonly PreProcessFunction<Data>[] | null | undefined) {
    this.preList = functionList('preProcessList', value);
  }

  /** Functions run by `postProcess`, in order. Setting null empties it; a single function is a list of one. */
  get postProcessList(): PostProcessFunction<Data>[] {
    return this.postList;
  }
  set postProcessList(value: PostProcessFunction<Data> | readonly PostProcessFunction<Data>[] | null | undefined) {
    this.postList = functionList('postProcessList', value);
  }

  /** A new object: the instance's `kwargs` overridden by `kwargs`. */
  kwargsMerge(kwargs: Kwargs = {}): Kwargs {
    return { ...this.kwargs, ...kwargs };
  }

  /**
   * Runs the pipeline over `inNames`, at most as many files at once as
   * `numCanProcess` allows, and resolves with one `[outname, meta]` per input,
   * in input order.
   *
   * Settings given here override the instance's whenever present and not
   * `undefined` — an explicit `false`, `0`, `''` or `null` overrides too.
   * `preProcessList`/`postProcessList` given here are appended to the
   * instance's. Run options: `onError`, `failFast`, `signal`, `onProgress`,
   * `journal`. Every other key is a control-stream keyword merged over
   * `this.kwargs`.
   *
   * Before any file starts: options are validated, and a memory budget too
   * small for one `processSize` is an error.
   */
  async pipeline(inNames: readonly InName[], options: PipelineOptions<Data> = {}): Promise<Pout> {
    validateInNames(inNames);
    if (options === null || typeof options !== 'object') throw new TypeError('pipeline options must be an object');
    const { settings, run: runOpts, kwargs } = splitOptions(options);
    validateSettings(settings);
    const run = resolveRunOptions(runOpts);
    const s = resolveSettings(settings, this);

    const fileKwargs = this.kwargsMerge(kwargs);
    if (s.outdir !== null) fileKwargs.outdir = s.outdir;
    fileKwargs.createOutdir = s.createOutdir;
    fileKwargs.outnameAppend = s.outnameAppend;
    if (s.outname !== null) fileKwargs.outname = s.outname;
    if (settings.preProcessList !== undefined) fileKwargs.preProcessList = functionList('preProcessList', settings.preProcessList);
    if (settings.postProcessList !== undefined) fileKwargs.postProcessList = functionList('postProcessList', settings.postProcessList);

    const limit = numCanProcess(Math.max(1, inNames.length), s);
    return executeRun(this, { inNames, fileKwargs, limit, executor: s.executor, outdir: s.outdir, run, settings: s });
  }

  /**
   * Processes one input item: `fileRead` → `preProcess` →
   * `dataProcessMetaCreate` → `outnameCreate` → `fileWrite`. Read or
   * pre-process giving null/undefined: `[null, {}]`; processing giving null
   * data: `[null, meta]`. An output name equal to an input of the run is
   * refused (the file fails; the input is untouched).
   */
  async fileProcess(inName: InName, kwargs: Kwargs = {}): Promise<PoutEntry> {
    let kw = this.kwargsMerge(kwargs);
    const file = currentFile();
    file?.mark?.('read');
    const data = await this.fileRead(inName, { ...kw });
    if (data === null || data === undefined) return [null, {}];
    file?.mark?.('process');
    const [pre, addKwargs] = await this.preProcess(data, { ...kw });
    if (pre === null || pre === undefined) return [null, {}];
    kw = { ...kw, ...addKwargs };
    const made = await this.dataProcessMetaCreate(pre, { ...kw, inName });
    if (!Array.isArray(made) || made.length !== 2) {
      throw new TypeError(`${describeInName(inName)}: dataProcessMetaCreate must return [data, meta]`);
    }
    const [processed, meta] = made as [Data | null | undefined, Meta];
    assertNoPromises(meta, inName);
    if (processed === null || processed === undefined) return [null, meta ?? {}];
    const target = await this.outnameCreate(inName, { ...kw, data: processed, meta });
    await assertNotInput(target, inName);
    await file?.claim(target);
    file?.mark?.('write');
    const writeKwargs = { ...kw, meta, inName };
    await createOutdirFor(target, writeKwargs); // before fileWrite, so an override that skips super.fileWrite works too
    const written = await this.fileWrite(processed, target, writeKwargs);
    return [written === undefined ? target : written, meta];
  }

  /**
   * Reads an input item. The base version reads a file's bytes (a `Buffer`)
   * and reads a (nested) array of names recursively, through `this.fileRead`,
   * into a (nested) array of data. Return null/undefined to skip the file
   * (`[null, {}]`).
   */
  async fileRead(inName: InName, kwargs: Kwargs = {}): Promise<Data | null | undefined> {
    if (typeof inName === 'string') return (await fs.readFile(inName)) as unknown as Data;
    if (!Array.isArray(inName)) throw new TypeError(`fileRead: expected a file name or an array of names; got ${typeof inName}`);
    const out: unknown[] = [];
    for (const name of inName) out.push(await this.fileRead(name, kwargs));
    return out as unknown as Data;
  }

  /**
   * Writes the processed data to `outname` and returns the name written
   * (null: nothing written; undefined counts as `outname`). The base version
   * only creates the output directory when `meta.createOutdir` or
   * `kwargs.createOutdir` is set and returns `outname`: override it to write,
   * calling `super.fileWrite(...)` first. `kwargs` holds `meta` and `inName`.
   * (`fileProcess` has already refused an `outname` that is an input of the
   * run, before calling it.)
   */
  async fileWrite(data: Data, outname: string, kwargs: Kwargs = {}): Promise<string | null | undefined> {
    void data;
    currentFile()?.assertMayWrite(outname);
    await createOutdirFor(outname, kwargs);
    return outname;
  }

  /** `dataProcess`, then (unless it returned null/undefined: `[null, {}]`) `postProcess`. */
  async dataProcessMetaCreate(data: Data, kwargs: Kwargs = {}): Promise<[Data | null | undefined, Meta]> {
    const kw = this.kwargsMerge(kwargs);
    const processed = await this.dataProcess(data, kw);
    if (processed === null || processed === undefined) return [null, {}];
    releaseReplaced(data, processed, kw);
    return this.postProcess(processed, kw);
  }

  /** The main processing step; the base version returns `data`. Override it. */
  dataProcess(data: Data, kwargs: Kwargs = {}): Awaitable<Data | null | undefined> {
    void kwargs;
    return data;
  }

  /**
   * Runs the instance's `preProcessList` then `kwargs.preProcessList` (the
   * run's additions). Each function gets the data and a copy of the control
   * stream. null/undefined rejects the file (`[null, {}]`); `{ bmpData,
   * bmpKwargs }` replaces the data and merges `bmpKwargs` into this file's
   * control stream; anything else is the new data. Resolves with
   * `[data, kwargs]`.
   */
  async preProcess(data: Data, kwargs: Kwargs = {}): Promise<[Data | null, Kwargs]> {
    // Rest destructuring rather than `delete`: a deleted key would turn the
    // control stream into a slow dictionary object for every copy after it.
    const { preProcessList: extraList, ...kw } = this.kwargsMerge(kwargs);
    const extra = functionList<PreProcessFunction<Data>>('preProcessList', extraList);
    let current: Data = data;
    for (const fn of [...this.preProcessList, ...extra]) {
      const ret = await fn(current, { ...kw });
      if (ret === null || ret === undefined) return [null, {}];
      const previous = current;
      if (isPreProcessResult(ret)) {
        current = ret.bmpData as Data;
        Object.assign(kw, ret.bmpKwargs ?? {});
      } else {
        current = ret as Data;
      }
      releaseReplaced(previous, current, kw);
    }
    return [current, kw];
  }

  /**
   * Runs the instance's `postProcessList` then `kwargs.postProcessList`. Each
   * function gets the data and a copy of the control stream with `bmpMeta`,
   * this file's metadata object. null/undefined stops the chain (no output;
   * metadata kept). Then keys registered with `bmpCleanup` are removed unless
   * `kwargs.noBmpCleanup`. Resolves with `[data, meta]`.
   */
  async postProcess(data: Data, kwargs: Kwargs = {}): Promise<[Data | null | undefined, Meta]> {
    const { postProcessList: extraList, noBmpCleanup: keepRegistered, ...kw } = this.kwargsMerge(kwargs);
    const extra = functionList<PostProcessFunction<Data>>('postProcessList', extraList);
    const noBmpCleanup = Boolean(keepRegistered);
    const meta: Meta = {};
    let current: Data | null | undefined = data;
    for (const fn of [...this.postProcessList, ...extra]) {
      const previous = current;
      current = await fn(current as Data, { ...kw, bmpMeta: meta });
      if (current === null || current === undefined) break;
      releaseReplaced(previous, current, meta, kw);
    }
    if (!noBmpCleanup) bmpCleanup(current, { bmpMeta: meta });
    return [current, meta];
  }

  /** The output name for `inName`: `outnameCreator(inName, merged kwargs)` (kwargs hold `meta` and `data`). */
  outnameCreate(inName: InName, kwargs: Kwargs = {}): Awaitable<string> {
    return outnameCreator(inName, this.kwargsMerge(kwargs));
  }
}
