/**
 * WorkerExecutor's eager start: threads start and import the module when the
 * executor is constructed, never keep the process alive, end on close() with
 * no run, and a module that fails to load is reported by ready() and on the
 * run, naming the module.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { BroadcastChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { PipelineError, WorkerDiedError, WorkerExecutor } from '../../src/index.js';
import { writeNumbers } from '../pipeline/helpers.js';
import { ANNOUNCE_CHANNEL } from './announcing.js';
import { Behaving } from './pipelines.js';
import { closedAfterAll, tempDirEach } from './setup.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ANNOUNCING = new URL('./announcing.ts', import.meta.url);
const TSX = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'loader.mjs')).href;

const executors = closedAfterAll();
function track(ex: WorkerExecutor): WorkerExecutor {
  executors.push(ex);
  return ex;
}
let dir: string;
tempDirEach((d) => {
  dir = d;
});

/** The threadIds announced on the test channel until `count` have come. */
function announcements(count: number): { ids: Promise<number[]>; close: () => void } {
  const channel = new BroadcastChannel(ANNOUNCE_CHANNEL);
  const ids: number[] = [];
  const all = new Promise<number[]>((resolve) => {
    channel.onmessage = (e) => {
      ids.push((e as { data: number }).data);
      if (ids.length === count) resolve([...ids]);
    };
  });
  return { ids: all, close: () => channel.close() };
}

describe('eager start', () => {
  it('starts the threads and imports the module when constructed, before any run; the run uses those threads', async () => {
    const heard = announcements(2);
    try {
      const ex = track(new WorkerExecutor({ module: ANNOUNCING, workers: 2 }));
      const ids = await heard.ids; // no run yet
      expect(new Set(ids).size).toBe(2);
      await ex.ready();
      const names = await writeNumbers(dir, [1, 2, 3, 4]);
      const pout = await new Behaving().pipeline(names, { executor: ex, outdir: dir, outnameAppend: '_o', numProcesses: 2, sleepMs: 50 });
      expect(pout.map(([, m]) => m.value)).toEqual([2, 4, 6, 8]);
      expect(new Set(pout.map(([, m]) => m.threadId as number))).toEqual(new Set(ids));
    } finally {
      heard.close();
    }
  });

  it('eagerStart: false starts no thread until used; ready() starts them', async () => {
    const heard = announcements(2);
    try {
      const ex = track(new WorkerExecutor({ module: ANNOUNCING, workers: 2, eagerStart: false }));
      let early = false;
      void heard.ids.then(() => (early = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(early).toBe(false);
      await ex.ready();
      expect(new Set(await heard.ids).size).toBe(2);
    } finally {
      heard.close();
    }
  });

  it('close() with no run ends the threads; a later run starts new ones', async () => {
    const first = announcements(2);
    const ex = track(new WorkerExecutor({ module: ANNOUNCING, workers: 2 }));
    const before = await first.ids;
    first.close();
    await ex.close();
    const names = await writeNumbers(dir, [1, 2]);
    const pout = await new Behaving().pipeline(names, { executor: ex, outdir: dir, outnameAppend: '_o' });
    expect(pout.map(([, m]) => m.value)).toEqual([2, 4]);
    for (const [, m] of pout) expect(before).not.toContain(m.threadId);
  });

  it('rejects a bad option value, naming it', () => {
    expect(() => new WorkerExecutor({ module: ANNOUNCING, eagerStart: 'yes' as unknown as boolean })).toThrow(/eagerStart must be true or false; got yes/);
  });
});

describe('a process that constructs a WorkerExecutor and runs nothing', () => {
  it.each([['while its threads start', 'now'], ['once its threads are ready', 'ready']])('exits by itself, %s, without close()', async (_when, arg) => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', TSX, path.join(here, 'construct-only.ts'), arg], { timeout: 60_000 });
    expect(stdout).toBe('constructed 2\n');
  });
});

describe('a module that does not load, met by eager start', () => {
  it('ready() rejects naming the module; the run fails every file with the same error', async () => {
    const ex = track(new WorkerExecutor({ module: path.join(dir, 'nowhere.mjs'), workers: 2 }));
    await expect(ex.ready()).rejects.toThrow(/could not load the module file:.*nowhere\.mjs/);
    const names = await writeNumbers(dir, [1, 2, 3]);
    const err = await new Behaving().pipeline(names, { executor: ex, outdir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PipelineError);
    expect((err as PipelineError).failures).toHaveLength(3);
    expect((err as Error).message).toMatch(/could not load the module file:.*nowhere\.mjs/);
  });

  it('a module calling process.exit() at its top level: ready() rejects naming the module and the exit code; threads started later run the files', async () => {
    process.env.BMP_TEST_EXIT_ON_LOAD = '7'; // read by the threads (they copy the environment when they start)
    let ex: WorkerExecutor;
    try {
      ex = track(new WorkerExecutor({ module: ANNOUNCING, workers: 2 }));
    } finally {
      delete process.env.BMP_TEST_EXIT_ON_LOAD;
    }
    const why = /exited with code 7 while loading file:.*announcing\.ts/;
    const ready = await ex.ready().catch((e: unknown) => e);
    expect(ready).toBeInstanceOf(WorkerDiedError);
    expect((ready as Error).message).toMatch(why);
    // Threads started for the run copy the environment then: it is clean, so the files run.
    const names = await writeNumbers(dir, [1, 2]);
    const pout = await new Behaving().pipeline(names, { executor: ex, outdir: dir, outnameAppend: '_o' });
    expect(pout.map(([, m]) => m.value)).toEqual([2, 4]);
  });
});
