/**
 * The run report under WorkerExecutor: each file's start, stages and end are
 * relayed from its thread, so the timeline shows the same stage segments as
 * an in-process run.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkerExecutor } from '../../src/index.js';
import { writeNumbers } from '../pipeline/helpers.js';
import { Behaving } from './pipelines.js';
import { closedAfterAll, tempDirEach } from './setup.js';

const executors = closedAfterAll();
let dir: string;
tempDirEach((d) => {
  dir = d;
});

/** The fill colours of each file's bar in a report's timeline. */
function barFills(html: string): Set<string>[] {
  const bars = html.match(/<g><title>[^<]*<\/title>.*?<\/g>/g) ?? [];
  return bars.map((bar) => new Set([...bar.matchAll(/fill="([^"]+)"/g)].map((m) => m[1] as string)));
}

describe('run report under WorkerExecutor', () => {
  it('times every file with its stages, as in-process', async () => {
    const names = await writeNumbers(dir, [1, 2, 3, 4]);
    const ex = new WorkerExecutor({ module: new URL('./pipelines.ts', import.meta.url), workers: 2 });
    executors.push(ex);
    const run = async (where: string, executor?: WorkerExecutor): Promise<string> => {
      const report = path.join(dir, `${where}.html`);
      await new Behaving().pipeline(names, { outdir: dir, outnameAppend: `_${where}`, numProcesses: 2, sleepMs: 60, report, ...(executor ? { executor } : {}) });
      return readFile(report, 'utf8');
    };
    const inProcess = barFills(await run('here'));
    const workers = await run('workers', ex);
    expect(workers).not.toContain('No file was timed');
    const bars = barFills(workers);
    expect(bars).toHaveLength(4);
    expect(inProcess).toHaveLength(4);
    // the colours every in-process bar shows (its stages; at least the 60 ms process stage) are in every worker bar
    const common = new Set(inProcess[0]);
    for (const bar of inProcess) for (const colour of common) if (!bar.has(colour)) common.delete(colour);
    expect(common.size).toBeGreaterThan(0);
    for (const bar of bars) for (const colour of common) expect(bar).toContain(colour);
  });
});
