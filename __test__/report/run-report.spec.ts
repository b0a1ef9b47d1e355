// The run report (run option `report`): one self-contained HTML file written
// however the run ends.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NdArray, NpyMultiPipe, PipelineError, writeNpy } from '../pipeline/api.js';
import { NumberPipe, tempDir, writeNumbers } from '../pipeline/helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

/** Doubles each frame; a frame whose first pixel is negative fails with a message naming it. */
class Double extends NpyMultiPipe {
  override async dataProcess(data: NdArray) {
    if ((data.at(0, 0) as number) < 0) throw new Error(`negative sky in ${data.shape.join('x')} frame`);
    return data.mul(2);
  }
}

async function frames(n: number, bad: readonly number[]): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    const values = Float64Array.from({ length: 16 * 16 }, (_, k) => (bad.includes(i) ? -1 : Math.sin(k + i) * 100 + 1000));
    names.push(await writeNpy(path.join(dir, `f${String(i).padStart(3, '0')}.npy`), NdArray.from(values, [16, 16])));
  }
  return names;
}

const text = (file: string) => readFile(file, 'utf8');

describe('run option report', () => {
  it('writes one self-contained HTML page with the timeline, every failure, the options and thumbnails', async () => {
    const inputs = await frames(12, [3, 7]);
    const report = path.join(dir, 'reports', 'run.html');
    const pout = await new Double({ outdir: path.join(dir, 'out'), createOutdir: true }).pipeline(inputs, {
      numProcesses: 3,
      processSize: 2 ** 20,
      memAvailable: 64 * 2 ** 20,
      onError: 'collect',
      report,
    });
    expect(pout.filter(([o]) => o === null)).toHaveLength(2);
    const html = await text(report);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|https?:\/\/|<link|@import/i); // nothing to run, nothing to fetch
    expect(html).toContain('Failures (2)');
    expect(html.match(/negative sky in 16x16 frame/g)).toHaveLength(2);
    expect(html).toContain(path.basename(inputs[3] as string));
    // one timeline bar per file (a <g> with its title), stage segments coloured
    expect(html.match(/<g><title>/g)).toHaveLength(12);
    expect(html).toMatch(/limit 3/);
    expect(html).toMatch(/memory budget 64 MiB/);
    expect(html).toMatch(/<td>processSize<\/td><td class="msg">1048576<\/td>/);
    expect(html).toMatch(/<td>onError<\/td><td class="msg">collect<\/td>/);
    expect(html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(6);
    expect((await readdir(path.join(dir, 'reports'))).sort()).toEqual(['run.html']); // temp name renamed away
  });

  it('is written when the run rejects (onError raise)', async () => {
    const inputs = await writeNumbers(dir, [1, 'x', 3]);
    const report = path.join(dir, 'r.html');
    const err = await new NumberPipe({ outdir: dir }).pipeline(inputs, { report }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PipelineError);
    const html = await text(report);
    expect(html).toContain('Failures (1)');
    expect(html).toContain('not a number: &#34;x&#34;');
  });

  it('a report that cannot be written is a warning, not a failed run', async () => {
    const inputs = await writeNumbers(dir, [1, 2]);
    const blocker = path.join(dir, 'file');
    await writeFile(blocker, '');
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const pout = await new NumberPipe({ outdir: dir }).pipeline(inputs, { report: path.join(blocker, 'run.html') });
      expect(pout.map(([o]) => o !== null)).toEqual([true, true]);
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.join('\n')).toMatch(/run report .*file\/run\.html could not be written/);
  });

  it('refuses a report that is not a path', async () => {
    await expect(new NumberPipe().pipeline([], { report: 5 as unknown as string })).rejects.toThrow(/report must be the path of an HTML file/);
  });
});
