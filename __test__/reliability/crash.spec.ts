/**
 * Crash safety with a real child process and a real SIGKILL: a run of
 * NpyMultiPipe (crash-child.ts) over 24 files of 16 MB is killed once some
 * outputs exist and a write is in progress. Afterwards every output under its
 * final name is complete and correct, leftovers are recognisable temporary
 * files, and a second run with the same journal cleans them up and processes
 * only the files the journal does not hold.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { NdArray, readNpy, writeNpy } from '../../src/index.js';
import { scratch, TEMP_NAME } from './helpers.js';

const N = 24;
const SHAPE = [1000, 2000]; // 16 MB of float64 per file
const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-child.ts');

let dir: string;
let cleanup: () => Promise<void>;
let inputs: string[];
beforeAll(async () => {
  ({ dir, cleanup } = await scratch());
  inputs = [];
  for (let i = 0; i < N; i++) {
    const p = path.join(dir, `in${i}.npy`);
    await writeNpy(p, NdArray.full(SHAPE, i, 'float64'));
    inputs.push(p);
  }
});
afterAll(() => cleanup());

interface ChildRun {
  pid: number;
  started: string[];
  done: Array<{ done: string; fromJournal: boolean; error?: string }>;
  signal: NodeJS.Signals | null;
  code: number | null;
  tempsSeenAtKill: string[];
}

/**
 * Runs crash-child.ts. With `killAfter`, sends SIGKILL once that many files
 * are done and a temporary file is in the output directory (or after 10 s
 * of waiting for one).
 */
function runChild(outdir: string, journal: string, killAfter?: number): Promise<ChildRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, outdir, journal, ...inputs], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const run: ChildRun = { pid: child.pid ?? -1, started: [], done: [], signal: null, code: null, tempsSeenAtKill: [] };
  let buffered = '';
  let killed = false;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const event = JSON.parse(buffered.slice(0, nl)) as Record<string, unknown>;
      buffered = buffered.slice(nl + 1);
      if (typeof event.start === 'string') run.started.push(event.start);
      if (typeof event.done === 'string') run.done.push(event as ChildRun['done'][number]);
    }
    if (killAfter !== undefined && !killed && run.done.length >= killAfter) {
      killed = true;
      // Wait (synchronously, so no event is missed) until a write is in progress.
      const deadline = Date.now() + 10_000;
      let temps: string[] = [];
      while (temps.length === 0 && Date.now() < deadline) temps = readdirSync(outdir).filter((n) => TEMP_NAME.test(n));
      run.tempsSeenAtKill = temps;
      child.kill('SIGKILL');
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ ...run, code, signal }));
  });
}

/** The value every element of input i's output must have. */
const expected = (name: string): number => Number(/in(\d+)_bmp\.npy$/.exec(name)?.[1]) + 1;

it('SIGKILL mid-run leaves only complete outputs and recognisable temp files; a rerun with the journal completes only what was missing', async () => {
  const outdir = path.join(dir, 'out');
  const journal = path.join(dir, 'run.jsonl');
  await mkdir(outdir);

  const first = await runChild(outdir, journal, 5);
  expect(first.signal).toBe('SIGKILL');
  expect(first.done.length).toBeGreaterThanOrEqual(5);
  expect(first.done.length).toBeLessThan(N);

  // After the kill: final names hold complete, correct arrays; nothing else but temp files.
  const after = await readdir(outdir);
  const finals = after.filter((n) => /^in\d+_bmp\.npy$/.test(n));
  const temps = after.filter((n) => TEMP_NAME.test(n));
  expect(after.filter((n) => !finals.includes(n) && !temps.includes(n))).toEqual([]);
  for (const name of finals) {
    const out = await readNpy(path.join(outdir, name));
    expect(out.shape).toEqual(SHAPE);
    expect(out.dtype).toBe('float64');
    const want = expected(name);
    expect((out.data as Float64Array).every((v) => v === want)).toBe(true);
  }
  // Temp files say whose they are: the final name they were for, and the killed pid.
  const tempSizes: number[] = [];
  for (const t of temps) {
    tempSizes.push((await stat(path.join(outdir, t))).size);
    const [, target, pid] = TEMP_NAME.exec(t) ?? [];
    expect(target).toMatch(/^in\d+_bmp\.npy$/);
    expect(Number(pid)).toBe(first.pid);
  }

  // The journal holds whole lines for files whose output exists (a torn last line is allowed).
  const lines = (await readFile(journal, 'utf8')).split('\n').filter((l) => l.trim() !== '');
  const journaled = new Set<string>();
  for (const line of lines) {
    try {
      const rec = JSON.parse(line) as { inName: string; entry: [string, unknown]; failed: boolean };
      expect(rec.failed).toBe(false);
      expect(finals).toContain(path.basename(rec.entry[0]));
      journaled.add(rec.inName);
    } catch (err) {
      if (!(err instanceof SyntaxError) || line !== lines[lines.length - 1]) throw err;
    }
  }
  expect(journaled.size).toBeGreaterThanOrEqual(first.done.length);

  // The rerun processes exactly the files the journal does not hold, and cleans up.
  const second = await runChild(outdir, journal);
  expect(second.code).toBe(0);
  const missing = inputs.filter((p) => !journaled.has(p));
  expect([...second.started].sort()).toEqual([...missing].sort());
  expect(second.done.filter((e) => e.fromJournal)).toHaveLength(journaled.size);
  expect(second.done.filter((e) => e.error !== undefined)).toEqual([]);
  const final = await readdir(outdir);
  expect(final.filter((n) => n.endsWith('.bmp-tmp'))).toEqual([]);
  expect(final.filter((n) => /^in\d+_bmp\.npy$/.test(n))).toHaveLength(N);
  for (const name of final) {
    const out = await readNpy(path.join(outdir, name));
    expect((out.data as Float64Array).every((v) => v === expected(name))).toBe(true);
  }

  console.log(
    `crash safety: ${N} files; killed after ${first.done.length} reported done, ${first.started.length} started; ` +
      `at the kill: ${finals.length} complete outputs, ${temps.length} temp file(s) (${temps.join(', ')}; ${tempSizes.join(', ')} of 16000128 bytes), ` +
      `${journaled.size} journaled; rerun processed ${second.started.length} (${journaled.size} from the journal), ` +
      `temp files after the rerun: 0`,
  );
}, 180_000);
