/**
 * STAND-IN (branch queue) for branch pipe's per-file context, with the names
 * INTERFACES.md gives; replaced by pipe's file at merge.
 * @packageDocumentation
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { InName } from './types.js';

/** The file being processed. */
export interface FileContext {
  inName: InName;
  signal: AbortSignal;
  claim(outname: string): Promise<void>;
  assertMayWrite(path: string): void;
}

const store = new AsyncLocalStorage<FileContext>();

/** The context of the file whose hook is executing. */
export function currentFile(): FileContext | undefined {
  return store.getStore();
}

/** Runs `fn` inside `ctx`. */
export function runWithFileContext<T>(ctx: FileContext, fn: () => T): T {
  return store.run(ctx, fn);
}
