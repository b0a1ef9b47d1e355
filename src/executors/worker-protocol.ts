/**
 * The messages between the orchestrating thread and a worker thread, and the
 * two helpers both sides need: what cannot cross a thread boundary, and
 * errors carried across it.
 * @packageDocumentation
 */
import { FileTimeoutError, OutputCollisionError } from '../pipeline/errors.js';
import type { FileStage } from '../pipeline/file-context.js';
import type { InName, Kwargs, PoutEntry } from '../pipeline/types.js';

/** What a worker thread is started with (`workerData`). */
export interface WorkerBoot {
  /** Marks the threads of this library (a pipeline run inside one runs its files in that thread). */
  bmpWorker: true;
  /** `file:` URL of the module holding the pipeline and the functions `parallelMap` calls. */
  module: string;
  /** The export naming the pipeline. */
  exportName: string;
}

/** Everything a run's files share, sent once per run to each worker that takes one of its files. */
export interface RunSetup {
  /** The control stream every file starts from. */
  kwargs: Kwargs;
  /** Resolved and real paths of the run's inputs (and enclosing runs'): never written over. */
  inputs: string[];
  /** Keep the arrays a file creates instead of releasing them when it ends. */
  keepArrays: boolean;
  /** Milliseconds one file may take (the worker's own timer: its signal fires and its late writes are refused). */
  fileTimeout?: number | undefined;
  /** The run is watched (a run report): tell each file's stages. */
  observed?: boolean | undefined;
}

/** Orchestrator → worker. */
export type ToWorker =
  | { type: 'run'; runId: number; setup: RunSetup }
  | { type: 'endRun'; runId: number }
  | { type: 'file'; taskId: number; runId: number; index: number; inName: InName }
  | { type: 'call'; taskId: number; exportName: string; index: number; item: unknown }
  | { type: 'cancel'; taskId: number; reason: WireError }
  | { type: 'claimed'; claimId: number; error?: WireError | undefined };

/** Worker → orchestrator. */
export type FromWorker =
  | { type: 'loaded'; error?: WireError | undefined }
  | { type: 'started'; taskId: number }
  | { type: 'stage'; taskId: number; stage: FileStage }
  | { type: 'claim'; claimId: number; taskId: number; outname: string }
  | { type: 'done'; taskId: number; value: PoutEntry | unknown }
  | { type: 'failed'; taskId: number; error: WireError };

/** An error as it crosses a thread: enough to rebuild one with the same class, message, stack, code and fields. */
export interface WireError {
  name: string;
  message: string;
  stack?: string | undefined;
  /** Its own enumerable fields that can cross (e.g. `code`, an `OutputCollisionError`'s `path`). */
  fields?: Record<string, unknown> | undefined;
}

/** Prototypes to rebuild errors with, by name, so `instanceof` holds on the other side. */
const PROTOTYPES = new Map<string, object>([
  ...[Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError].map((c): [string, object] => [c.name, c.prototype]),
  // By their `name` strings: a bundler may rename the classes themselves.
  ['OutputCollisionError', OutputCollisionError.prototype],
  ['FileTimeoutError', FileTimeoutError.prototype],
]);

/** `error` as a {@link WireError}. */
export function toWire(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: 'Error', message: typeof error === 'string' ? error : describe(error) };
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(error)) if (!findUncloneable(v, k)) fields[k] = v;
  return { name: error.name, message: error.message, stack: error.stack, fields };
}

/** An `Error` rebuilt from a {@link WireError}: same class (when registered), name, message, stack and fields. */
export function fromWire(wire: WireError): Error {
  const error = Object.create(PROTOTYPES.get(wire.name) ?? Error.prototype) as Error;
  const define = (key: string, value: unknown): void => {
    Object.defineProperty(error, key, { value, writable: true, configurable: true, enumerable: false });
  };
  define('message', wire.message);
  if (error.name !== wire.name) define('name', wire.name);
  define('stack', wire.stack ?? `${wire.name}: ${wire.message}`);
  Object.assign(error, wire.fields);
  return error;
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Prototypes whose instances structured clone copies faithfully. */
const CLONEABLE = new Set<unknown>([
  Object.prototype, Array.prototype, Date.prototype, RegExp.prototype, Map.prototype, Set.prototype,
  ArrayBuffer.prototype, Error.prototype, null,
]);

/**
 * The first place in `value` that cannot cross a thread boundary faithfully,
 * as `[where, why]` (`where` extends `path`, e.g. `scale.fn` or `list[2]`),
 * or undefined when all of it can. Functions, symbols and class instances
 * (whose class a copy would lose: an `NdArray`, a `Promise`, a socket) cannot;
 * plain objects, arrays, Maps, Sets, Dates, RegExps, typed arrays, errors and
 * primitives can.
 */
export function findUncloneable(value: unknown, path: string, seen = new Set<object>()): [string, string] | undefined {
  if (typeof value === 'function') return [path, `a function${value.name ? ` (${value.name})` : ''}`];
  if (typeof value === 'symbol') return [path, 'a symbol'];
  if (value === null || typeof value !== 'object' || seen.has(value)) return undefined;
  seen.add(value);
  if (ArrayBuffer.isView(value)) return undefined;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!CLONEABLE.has(proto) && !(value instanceof Error)) {
    const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'an unknown class';
    return [path, `an instance of ${name}, which a copy would turn into a plain object`];
  }
  if (value instanceof Map) {
    for (const [k, v] of value) {
      const bad = findUncloneable(k, `${path} (a Map key)`, seen) ?? findUncloneable(v, `${path}.get(${describe(k)})`, seen);
      if (bad) return bad;
    }
    return undefined;
  }
  if (value instanceof Set) {
    for (const v of value) {
      const bad = findUncloneable(v, `${path} (a Set element)`, seen);
      if (bad) return bad;
    }
    return undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = findUncloneable(value[i], `${path}[${i}]`, seen);
      if (bad) return bad;
    }
    return undefined;
  }
  for (const [k, v] of Object.entries(value)) {
    const bad = findUncloneable(v, path === '' ? k : `${path}.${k}`, seen);
    if (bad) return bad;
  }
  return undefined;
}
