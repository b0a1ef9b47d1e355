/** Test scaffolding shared by the executor specs. */
import { afterAll, afterEach, beforeEach } from 'vitest';
import type { WorkerExecutor } from '../../src/index.js';
import { tempDir } from '../pipeline/helpers.js';

/** A list whose executors are closed after the spec file's tests (push each one made). */
export function closedAfterAll(): WorkerExecutor[] {
  const executors: WorkerExecutor[] = [];
  afterAll(async () => {
    await Promise.all(executors.map((e) => e.close()));
  });
  return executors;
}

/** Gives each test a fresh temporary directory (through `set`), removed after it. */
export function tempDirEach(set: (dir: string) => void): void {
  let cleanup: (() => Promise<void>) | undefined;
  beforeEach(async () => {
    const t = await tempDir();
    cleanup = t.cleanup;
    set(t.dir);
  });
  afterEach(() => cleanup?.());
}
