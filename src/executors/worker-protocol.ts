/**
 * The messages between the orchestrating thread and a worker thread, and the
 * two helpers both sides need: what cannot cross a thread boundary, and
 * errors carried across it.
 * @packageDocumentation
 */
import type { InName, Kwargs, PoutEntry } from '../pipeline/types.js';

/** What a worker thread is started with (`workerData`). */
export interface WorkerBoot {
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
  | { type: 'claim'; claimId: number; taskId: number; outname: string }
  | { type: 'done'; taskId: number; value: PoutEntry | unknown }
  | { type: 'failed'; taskId: number; error: WireError };

/** An error as it crosses a thread: enough to rebuild one with the same name, message, stack and code. */
export interface WireError {
  name: string;
  message: string;
  stack?: string | undefined;
  code?: string | undefined;
}

/** Error classes rebuilt by name on the other side (so `instanceof` keeps working for them). */
const rebuilders = new Map<string, (message: string) => Error>();

/** Registers an error class to be rebuilt with its own prototype when it crosses a thread. */
export function registerWireError(name: string, make: (message: string) => Error): void {
  rebuilders.set(name, make);
}

/** `error` as a {@link WireError}. */
export function toWire(error: unknown): WireError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, stack: error.stack, code: typeof code === 'string' ? code : undefined };
  }
  return { name: 'Error', message: typeof error === 'string' ? error : describe(error) };
}

/** An `Error` rebuilt from a {@link WireError}: same name, message, stack and code. */
export function fromWire(wire: WireError): Error {
  const make = rebuilders.get(wire.name);
  const error = make ? make(wire.message) : new Error(wire.message);
  if (error.name !== wire.name) error.name = wire.name;
  if (wire.stack !== undefined) error.stack = wire.stack;
  if (wire.code !== undefined) (error as { code?: string }).code = wire.code;
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
