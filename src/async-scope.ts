/**
 * The library's one asynchronous context.
 *
 * Under Node 20 every `AsyncLocalStorage` is copied onto every Promise and
 * callback created while it is active, so each store costs on every await of
 * every file. The run context, the file context and the array scope are
 * therefore slots of one store ({@link scopeSlot}): one copy per Promise.
 * @packageDocumentation
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** The values of every slot active at one point of the async call tree. */
type Frame = Readonly<Record<symbol, unknown>>;

const storage = new AsyncLocalStorage<Frame>();

/**
 * One named value of the library's async context: the two methods of an
 * `AsyncLocalStorage` that the library uses, over a slot of the shared store.
 * @internal
 */
export interface ScopeSlot<T> {
  /** The value set by the innermost enclosing {@link ScopeSlot.run}, if any. */
  getStore(): T | undefined;
  /** Runs `fn` with `value` in this slot (every other slot keeps its value). */
  run<R>(value: T, fn: () => R): R;
}

/**
 * A new slot of the library's one async context (module-level: one per
 * kind of value).
 * @internal
 */
export function scopeSlot<T>(name: string): ScopeSlot<T> {
  const key = Symbol(name);
  return {
    getStore: () => storage.getStore()?.[key] as T | undefined,
    run: (value, fn) => storage.run({ ...storage.getStore(), [key]: value }, fn),
  };
}
