/**
 * Ctrl-C with a real SIGINT: the first stops starting files, lets the files in
 * flight finish, records them in a journal (a new one when none was given) and
 * prints the command that resumes; that command skips them and completes the
 * run. A second SIGINT quits at once. Exit code 130.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { parseTagged, readNpy } from '../../src/index.js';
import type { Pout } from '../../src/index.js';
import { cli, finish, PIPES, startCli, workspace } from './helpers.js';
import type { CliResult } from './helpers.js';

const N = 40;
let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await workspace(N));
});
afterEach(() => cleanup());

/** Starts a slow run and sends SIGINT once `after` files are done (and again once it says it is stopping, when `twice`). */
async function interruptedRun(args: string[], after: number, twice = false): Promise<CliResult> {
  const child = startCli(args, dir);
  const result = finish(child);
  let seen = '';
  let sent = 0;
  child.stderr?.on('data', (s: Buffer | string) => {
    seen += String(s);
    const done = (seen.match(/\] ok /g) ?? []).length;
    if (sent === 0 && done >= after) {
      sent = 1;
      child.kill('SIGINT');
    } else if (twice && sent === 1 && seen.includes('interrupted: starting no new file')) {
      sent = 2;
      child.kill('SIGINT');
    }
  });
  child.stdin?.end();
  return result;
}

const base = (): string[] => [`${PIPES}#slow`, 'raw/*.npy', '--outdir', 'out', '--create-outdir', '--json', 'pout.json'];

it('the first Ctrl-C finishes the files in flight, writes a resume journal and the command; the resumed run completes', async () => {
  const r = await interruptedRun(['run', ...base()], 5);
  expect(r.code).toBe(130);
  const m = /interrupted: (\d+) of 40 file\(s\) finished; they are recorded in the journal (\S+)\n/.exec(r.stderr);
  expect(m, r.stderr).not.toBeNull();
  const finished = Number(m?.[1]);
  const journal = m?.[2] as string;
  expect(finished).toBeGreaterThanOrEqual(5);
  expect(finished).toBeLessThan(N);
  expect(path.dirname(path.resolve(dir, journal))).toBe(dir);
  expect(existsSync(path.resolve(dir, journal))).toBe(true);
  expect(existsSync(path.join(dir, 'pout.json'))).toBe(false);
  const command = `bigmultipipe run --journal ${journal} '${PIPES}#slow' 'raw/*.npy' --outdir out --create-outdir --json pout.json`;
  expect(r.stderr).toContain(`to resume (files already done are skipped):\n  ${command}\n`);

  const resumed = await cli(['run', '--journal', journal, ...base()], dir);
  expect(resumed.code).toBe(0);
  expect(resumed.stderr).toContain(`${finished} file(s) already done, taken from the journal`);
  expect((resumed.stderr.match(/\] ok /g) ?? []).length).toBe(N - finished);
  const pout = parseTagged(await readFile(path.join(dir, 'pout.json'), 'utf8')) as Pout;
  expect(pout.map(([o]) => o)).toEqual(Array.from({ length: N }, (_, i) => `out/x${i}_bmp.npy`));
  const last = await readNpy(path.join(dir, 'out', `x${N - 1}_bmp.npy`));
  expect(last.at(0, 0)).toBe(2 * (N - 1));
});

it('with --journal given, the journal records the finished files and the resume command is the same command', async () => {
  const args = ['run', ...base(), '--journal', 'mine.jsonl'];
  const r = await interruptedRun(args, 3);
  expect(r.code).toBe(130);
  expect(r.stderr).toMatch(/they are recorded in the journal mine\.jsonl\n/);
  expect(r.stderr).toContain(`  bigmultipipe run '${PIPES}#slow' 'raw/*.npy' --outdir out --create-outdir --json pout.json --journal mine.jsonl\n`);
  const resumed = await cli(args, dir);
  expect(resumed.code).toBe(0);
  expect(resumed.stderr).toMatch(/\d+ file\(s\) already done, taken from the journal/);
});

it('a second Ctrl-C quits at once with 130', async () => {
  const r = await interruptedRun(['run', `${PIPES}#verySlow`, 'raw/*.npy', '--outdir', 'out', '--create-outdir'], 0, true);
  expect(r.code).toBe(130);
  expect(r.stderr).toContain('quitting now; files in flight are lost');
  expect(r.stderr).not.toContain('to resume');
});
