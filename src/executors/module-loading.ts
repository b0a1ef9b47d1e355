/**
 * Finding a user's pipeline (or function) in a module, by module and export
 * name: how every executor that runs files outside this thread (worker
 * threads, queue workers on other hosts, the command line) gets the user's
 * code. Only the two names cross; the code is loaded where it runs.
 * @packageDocumentation
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BigMultiPipe } from '../pipeline/bigmultipipe.js';

/**
 * `import(url)` kept as is: the CommonJS build would otherwise turn it into
 * `require(url)`, which cannot load ES modules or `file:` URLs.
 */
const importModule = new Function('url', 'return import(url)') as (url: string) => Promise<Record<string, unknown>>;

/** Where a pipeline lives: a module (path or `file:` URL) and the name of one of its exports. */
export interface ModuleRef {
  /** A file path (absolute, or relative to the current directory) or a `file:` URL, e.g. `import.meta.url`. */
  module: string | URL;
  /** The export's name (default `'default'`). */
  export?: string | undefined;
}

/**
 * The `file:` URL of `module` (a path, resolved against the current
 * directory now, or a `file:` URL). Errors name the bad value.
 */
export function moduleUrl(module: string | URL): string {
  if (module instanceof URL) {
    if (module.protocol !== 'file:') throw new TypeError(`module must be a file path or a file: URL; got ${module.href}`);
    return module.href;
  }
  if (typeof module !== 'string' || module === '') {
    throw new TypeError(`module must be a file path or a file: URL (e.g. import.meta.url); got ${module === '' ? 'an empty string' : typeof module}`);
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(module) && !/^[a-z]:[\\/]/i.test(module)) {
    if (!module.startsWith('file:')) throw new TypeError(`module must be a file path or a file: URL; got ${module}`);
    return new URL(module).href;
  }
  return pathToFileURL(path.resolve(module)).href;
}

/**
 * Parses the command-line form `MODULE[#EXPORT]` (e.g. `./pipeline.js#Reduce`)
 * into a {@link ModuleRef}; without `#EXPORT` the export is `'default'`.
 * Used by the command line and queue workers, so both spell it the same way.
 */
export function parseModuleRef(spec: string): ModuleRef {
  if (typeof spec !== 'string' || spec === '') throw new TypeError('expected MODULE[#EXPORT], e.g. ./pipeline.js#Reduce');
  const m = /^(.*)#([A-Za-z_$][\w$]*)$/.exec(spec);
  return m ? { module: m[1] as string, export: m[2] as string } : { module: spec, export: 'default' };
}

/** Imports the module at `url`; an error names it. */
async function importNamed(url: string): Promise<Record<string, unknown>> {
  try {
    return await importModule(url);
  } catch (err) {
    throw new Error(`could not load the module ${url}: ${(err as Error)?.message ?? String(err)}`, { cause: err });
  }
}

/**
 * Imports `module` in this thread ahead of its first use (a worker thread
 * does as soon as it starts), so that {@link loadExport} and
 * {@link loadPipeline} find it loaded. Resolves with the error naming the
 * module when it does not load (then every later use fails with it too).
 */
export async function preloadModule(module: string | URL): Promise<Error | undefined> {
  try {
    await importNamed(moduleUrl(module));
    return undefined;
  } catch (err) {
    return err as Error;
  }
}

/** The value `ref.export` of `ref.module`, imported in this thread. Errors name the module and the export. */
export async function loadExport(ref: ModuleRef): Promise<unknown> {
  const url = moduleUrl(ref.module);
  const name = ref.export ?? 'default';
  const ns = await importNamed(url);
  if (name in ns) return ns[name];
  // A CommonJS module's named properties are reachable through its default export.
  const cjs = ns.default as Record<string, unknown> | undefined;
  if (cjs !== null && typeof cjs === 'object' && name in cjs) return cjs[name];
  const names = Object.keys(ns).filter((k) => k !== 'module.exports');
  throw new Error(`the module ${url} has no export named '${name}'; its exports: ${names.length > 0 ? names.join(', ') : '(none)'}`);
}

/** True when `value` is a class whose instances are pipelines. */
function isPipelineClass(value: unknown): value is new () => unknown {
  return typeof value === 'function' && typeof (value as { prototype?: { fileProcess?: unknown } }).prototype?.fileProcess === 'function';
}

/** The pipeline `value` names: itself, an instance of it (a class), or what it returns (a factory). */
async function instantiate(value: unknown): Promise<unknown> {
  if (isPipelineClass(value)) return new value();
  if (typeof value === 'function') return await (value as () => unknown)();
  return value;
}

/**
 * Loads the pipeline `ref` names: the export may be a `BigMultiPipe`
 * instance, a `BigMultiPipe` subclass (constructed with no arguments), or a
 * function returning either (sync or async). Errors name the module and
 * export and say what was found instead.
 *
 * The pipeline must come from the same copy of bigmultipipe as this loader:
 * the per-file scope (output claims, array release, the file's signal) lives
 * in that copy. A module loaded as CommonJS by an ES-module worker (or the
 * reverse) gets another copy, which is refused with an explanation.
 */
export async function loadPipeline(ref: ModuleRef): Promise<BigMultiPipe> {
  const where = `${moduleUrl(ref.module)}#${ref.export ?? 'default'}`;
  const value = await loadExport(ref);
  let pipe: unknown;
  try {
    pipe = await instantiate(value);
  } catch (err) {
    throw new Error(`${where}: constructing the pipeline failed: ${(err as Error)?.message ?? String(err)}`, { cause: err });
  }
  if (pipe instanceof BigMultiPipe) return pipe;
  if (pipe !== null && typeof pipe === 'object' && typeof (pipe as { fileProcess?: unknown }).fileProcess === 'function') {
    throw new Error(
      `${where} is a pipeline from another copy of bigmultipipe than the one running this worker ` +
        '(an ES module and a CommonJS build of the package, or two installs): ' +
        'import bigmultipipe the same way (both import, or both require) in the pipeline module and in the program that starts the run',
    );
  }
  const got = pipe === null ? 'null' : typeof pipe === 'object' ? `an object without fileProcess` : typeof pipe;
  throw new TypeError(
    `${where} must be a BigMultiPipe instance, a BigMultiPipe subclass, or a function returning either; got ${got}`,
  );
}
