/**
 * `bigmultipipe worker`: a real queue worker process on a real redis-server
 * serves a QueueExecutor run, and stops cleanly on SIGTERM; usage errors and
 * an unreachable Redis are named.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NpyMultiPipe, QueueExecutor, readNpy } from '../../src/index.js';
import { npyInputs, PLUS_ONE, type RedisServer, scratch, startRedis } from '../queue/helpers.js';
import { cli, finish, startCli } from './helpers.js';

let redis: RedisServer;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  redis = await startRedis();
  ({ dir, cleanup } = await scratch());
});
afterAll(async () => {
  await redis?.stop();
  await cleanup?.();
});

/** Resolves once `text` appears on the child's stderr. */
function waitForStderr(child: ReturnType<typeof startCli>, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no "${text}" on stderr within 60 s; saw: ${seen}`)), 60_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

describe('bigmultipipe worker', () => {
  it('serves a QueueExecutor run (every file done, in order) and stops on SIGTERM with exit 0', async () => {
    const inputs = await npyInputs(path.join(dir, 'in'), 12);
    const child = startCli(['worker', `${PLUS_ONE}#PlusOne`, '--redis', redis.url, '--queue', 'cli', '--allow', dir, '--concurrency', '2'], dir);
    const ready = waitForStderr(child, 'serving queue "cli"');
    const done = finish(child);
    await ready;
    const outdir = path.join(dir, 'out');
    const pipe = new NpyMultiPipe({ executor: new QueueExecutor({ connection: redis.url, queue: 'cli' }), outdir, createOutdir: true });
    const pout = await pipe.pipeline(inputs);
    expect(pout.map(([o]) => o)).toEqual(inputs.map((_, i) => path.join(outdir, `in${String(i).padStart(4, '0')}_bmp.npy`)));
    for (const [i, [outname]] of pout.entries()) expect((await readNpy(outname as string)).at(0, 0)).toBe(i + 1);
    child.kill('SIGTERM');
    const r = await done;
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('stopping: finishing the files in flight');
    expect(r.stderr.match(/^done /gm)?.length).toBe(inputs.length);
  });

  it('names a missing --redis or --queue (exit 2) and an unreachable Redis (exit 1)', async () => {
    const noQueue = await cli(['worker', PLUS_ONE, '--redis', redis.url], dir);
    expect(noQueue.code).toBe(2);
    expect(noQueue.stderr).toContain("required option '--queue <name>' not specified");
    const unreachable = await cli(['worker', PLUS_ONE, '--redis', 'redis://127.0.0.1:1', '--queue', 'x'], dir);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('bigmultipipe worker:');
    expect(unreachable.stderr).toContain('127.0.0.1:1');
  });
});
