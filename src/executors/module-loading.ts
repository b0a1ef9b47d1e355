/**
 * Finds a user's pipeline in a module: the seam shared by the command line
 * and the executors that build the pipeline elsewhere.
 *
 * Stand-in on the `cli` branch until the worker executor's version lands (same
 * name, same contract); replace this file with that one at merge time.
 * @packageDocumentation
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BigMultiPipe } from '../pipeline/bigmultipipe.js';

function isPipeline(v: unknown): v is BigMultiPipe {
  const o = v as { pipeline?: unknown; fileProcess?: unknown } | null;
  return typeof o === 'object' && o !== null && typeof o.pipeline === 'function' && typeof o.fileProcess === 'function';
}

function isPipelineClass(v: unknown): v is new () => BigMultiPipe {
  const proto = (v as { prototype?: { pipeline?: unknown } } | null)?.prototype;
  return typeof v === 'function' && typeof proto?.pipeline === 'function';
}

/** A path (relative to the current directory) or `file:` URL, as an import specifier. */
function specifier(module: string | URL): string {
  if (module instanceof URL) return module.href;
  if (/^file:/i.test(module)) return module;
  return pathToFileURL(path.resolve(module)).href;
}

/**
 * Loads `module` (a path or `file:` URL) and returns the pipeline named by
 * `exportName` (default `'default'`): a `BigMultiPipe` instance, a
 * `BigMultiPipe` subclass (constructed with no arguments), or a function
 * returning either (sync or async). Errors name the module and the export
 * and say what would fix them.
 */
export async function loadPipeline(module: string | URL, exportName = 'default'): Promise<BigMultiPipe> {
  const where = String(module);
  let ns: Record<string, unknown>;
  try {
    ns = (await import(specifier(module))) as Record<string, unknown>;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const hint =
      e.code === 'ERR_UNKNOWN_FILE_EXTENSION'
        ? 'Node cannot load this kind of file by itself: for TypeScript, run with a loader (NODE_OPTIONS="--import tsx") or compile it to JavaScript'
        : e.code === 'ERR_MODULE_NOT_FOUND'
          ? 'check the path (relative paths are from the current directory) and that the packages it imports are installed'
          : 'fix the error in the module';
    throw new Error(`${where}: the pipeline module cannot be loaded (${e.message}); ${hint}`, { cause: err });
  }
  if (!(exportName in ns)) {
    const names = Object.keys(ns).filter((k) => k !== '__esModule');
    throw new TypeError(
      `${where}: has no export '${exportName}'; its exports are ${names.length ? names.join(', ') : '(none)'}: name one as ${where}#NAME`,
    );
  }
  let value = ns[exportName];
  if (typeof value === 'function' && !isPipelineClass(value)) value = await (value as () => unknown)();
  if (isPipelineClass(value)) value = new value();
  if (!isPipeline(value)) {
    throw new TypeError(
      `${where}#${exportName}: is not a pipeline; export a BigMultiPipe instance, a BigMultiPipe subclass, or a function returning one`,
    );
  }
  return value;
}
