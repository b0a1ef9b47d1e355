/**
 * `bigmultipipe run` as a subprocess: exit codes, the JSON pout, globbing of
 * quoted patterns, `--from`, the saved pout, and usage errors that name the
 * option and the fix.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTagged, readNpy } from '../../src/index.js';
import type { Pout } from '../../src/index.js';
import { cli, PIPES, workspace } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await workspace(12, [5]));
});
afterAll(() => cleanup());

const pout = (text: string): Pout => parseTagged(text) as Pout;

describe('a run', () => {
  it('exits 0 and writes the pout as JSON to stdout; every output holds the doubled input', async () => {
    const r = await cli(['run', `${PIPES}#sized`, 'raw/x1.npy', 'raw/x2.npy', '--outdir', 'ok', '--create-outdir', '--json', '-'], dir);
    expect(r.stderr).toContain('2 file(s): 2 written, 0 failed');
    expect(r.code).toBe(0);
    const p = pout(r.stdout);
    expect(p).toEqual([
      ['ok/x1_bmp.npy', { size: 64 }],
      ['ok/x2_bmp.npy', { size: 64 }],
    ]);
    const out = await readNpy(path.join(dir, 'ok/x2_bmp.npy'));
    expect([...out.data]).toEqual(new Array(64).fill(4));
  });

  it('exits 1 when a file fails: the failure is listed with its file and reason, the other outputs are kept', async () => {
    const r = await cli(['run', PIPES, 'raw/x4.npy', 'raw/x5.npy', 'raw/x6.npy', '--outdir', 'f1', '--create-outdir', '--json', 'f1.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Failed \(1\):\n {2}raw\/x5\.npy: not an \.npy file/);
    const p = pout(await readFile(path.join(dir, 'f1.json'), 'utf8'));
    expect(p.map(([o]) => o)).toEqual(['f1/x4_bmp.npy', null, 'f1/x6_bmp.npy']);
    expect(p[1]?.[1].error.message).toMatch(/^raw\/x5\.npy: not an \.npy file/);
  });

  it('writes one line per file when stderr is not a terminal, and nothing but failures with --quiet', async () => {
    const loud = await cli(['run', PIPES, 'raw/x3.npy', 'raw/x5.npy', '--outdir', 'l1', '--create-outdir'], dir);
    expect(loud.stderr).toMatch(/^bigmultipipe: 2 file\(s\), up to \d+ in flight/);
    expect(loud.stderr).toMatch(/\[\d\/2\] ok {4}raw\/x3\.npy -> l1\/x3_bmp\.npy\n/);
    expect(loud.stderr).toMatch(/\[\d\/2\] FAIL {2}raw\/x5\.npy: not an \.npy file/);
    const quiet = await cli(['run', PIPES, 'raw/x3.npy', 'raw/x5.npy', '--outdir', 'l2', '--create-outdir', '--quiet'], dir);
    expect(quiet.code).toBe(1);
    expect(quiet.stderr).toMatch(/^Failed \(1\):\n {2}raw\/x5\.npy: not an \.npy file[^\n]*\n$/);
  });

  it('--file-timeout fails a file that never finishes, names it and the limit, and the run goes on', async () => {
    const r = await cli(['run', `${PIPES}#hangOnX3`, 'raw/x{2,3,4}.npy', '--file-timeout', '300ms', '--outdir', 't', '--create-outdir', '--json', '-'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Failed (1):\n  raw/x3.npy: did not finish within fileTimeout 300 ms');
    expect(pout(r.stdout).map(([o]) => o)).toEqual(['t/x2_bmp.npy', null, 't/x4_bmp.npy']);
  });

  it('loads a factory export and applies command-line settings over the pipeline’s own', async () => {
    const r = await cli(['run', `${PIPES}#factory`, 'raw/x0.npy', '--outdir', 'fac', '--create-outdir', '--json', '-'], dir);
    expect(r.code).toBe(0);
    expect(pout(r.stdout)[0]?.[0]).toBe('fac/x0_fac.npy');
    const o = await cli(['run', `${PIPES}#factory`, 'raw/x0.npy', '--outdir', 'fac', '--outname-append', '_cli', '--json', '-'], dir);
    expect(pout(o.stdout)[0]?.[0]).toBe('fac/x0_cli.npy');
  });
});

describe('--workers', () => {
  it('runs the hooks on worker threads that load the same MODULE#EXPORT', async () => {
    const r = await cli(['run', `${PIPES}#sized`, 'raw/x{0,1,2,3}.npy', '--workers', '2', '--outdir', 'w', '--create-outdir', '--json', '-'], dir);
    expect(r.stderr).toContain('4 file(s): 4 written, 0 failed');
    expect(r.code).toBe(0);
    expect(pout(r.stdout)).toEqual([0, 1, 2, 3].map((i) => [`w/x${i}_bmp.npy`, { size: 64 }]));
    expect((await readNpy(path.join(dir, 'w/x3_bmp.npy'))).at(7, 7)).toBe(6);
  });
});

describe('inputs', () => {
  it('expands quoted globs itself, in natural order, without repeats', async () => {
    const r = await cli(['run', PIPES, 'raw/x1*.npy', 'raw/x{1,2}.npy', '--outdir', 'g', '--create-outdir', '--json', '-'], dir);
    expect(r.code).toBe(0);
    expect(pout(r.stdout).map(([o]) => o)).toEqual(['g/x1_bmp.npy', 'g/x10_bmp.npy', 'g/x11_bmp.npy', 'g/x2_bmp.npy']);
  });

  it('expands an absolute pattern to absolute names', async () => {
    const r = await cli(['run', PIPES, path.join(dir, 'raw', 'x?.npy'), '--outdir', 'abs', '--create-outdir', '--json', '-'], dir);
    expect(r.code).toBe(1); // x5 is corrupt
    expect(pout(r.stdout)).toHaveLength(10);
    expect(r.stderr).toContain(`${path.join(dir, 'raw', 'x5.npy')}: not an .npy file`);
  });

  it('reads names from stdin with --from -, and from a file with --from FILE', async () => {
    const r = await cli(['run', PIPES, '--from', '-', '--outdir', 's', '--create-outdir', '--json', '-'], dir, 'raw/x7.npy\n\nraw/x8.npy\n');
    expect(r.code).toBe(0);
    expect(pout(r.stdout).map(([o]) => o)).toEqual(['s/x7_bmp.npy', 's/x8_bmp.npy']);
    await writeFile(path.join(dir, 'list.txt'), 'raw/x9.npy\r\nraw/x0.npy\r\n');
    const f = await cli(['run', PIPES, 'raw/x3.npy', '--from', 'list.txt', '--outdir', 's2', '--create-outdir', '--json', '-'], dir);
    expect(pout(f.stdout).map(([o]) => o)).toEqual(['s2/x3_bmp.npy', 's2/x9_bmp.npy', 's2/x0_bmp.npy']);
  });

  it('a pattern that matches nothing, or no input at all, is a usage error (exit 2)', async () => {
    const none = await cli(['run', PIPES, 'raw/*.npz'], dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("input 'raw/*.npz' matched no file");
    const empty = await cli(['run', PIPES], dir);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('no input files: give INPUTS');
  });
});

describe('the saved pout (--write-pout / --read-pout)', () => {
  it('saves the pout, then reads it instead of running', async () => {
    const w = await cli(['run', PIPES, 'raw/x1.npy', '--outdir', 'c', '--create-outdir', '--write-pout', '--poutname', 'c/pout.json'], dir);
    expect(w.code).toBe(0);
    await rm(path.join(dir, 'c', 'x1_bmp.npy'));
    const r = await cli(['run', PIPES, 'raw/x1.npy', '--outdir', 'c', '--read-pout', '--poutname', 'c/pout.json', '--json', '-'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('read the saved pipeline output from c/pout.json');
    expect(pout(r.stdout)).toEqual([['c/x1_bmp.npy', {}]]);
  });
});

describe('usage errors (exit 2) name the option and the fix', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['a size without a known unit', ['--process-size', '200X'], /--process-size: '200X' is not a size; write bytes, or a number with a unit: 200M/],
    ['a duration without a unit', ['--file-timeout', '30'], /--file-timeout: '30' needs a unit; write a number with a unit: 500ms, 30s/],
    ['a negative --num-processes', ['--num-processes', '-1'], /--num-processes: must be 0 \(all cores\)/],
    ['--mem-frac above 1', ['--mem-frac', '1.5'], /--mem-frac: must be a fraction 0 < x ≤ 1/],
    ['an --on-error mode that does not exist', ['--on-error', 'ignore'], /Allowed choices are raise, collect/],
    ['a misspelt option', ['--outdirr', 'x'], /unknown option '--outdirr'\n\(Did you mean --outdir\?\)/],
    ['--read-pout without --poutname', ['--read-pout'], /--read-pout needs --poutname FILE/],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const r = await cli(['run', PIPES, 'raw/x1.npy', ...args], dir);
      expect(r.stderr).toMatch(message);
      expect(r.code).toBe(2);
    });
  }

  it('a module export that does not exist or is not a pipeline', async () => {
    const missing = await cli(['run', `${PIPES}#nope`, 'raw/x1.npy'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/pipes\.ts has no export named 'nope'; its exports: .*factory.*; name one as MODULE#NAME/);
    const wrong = await cli(['run', `${PIPES}#notAPipeline`, 'raw/x1.npy'], dir);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(
      'pipes.ts#notAPipeline must be a BigMultiPipe instance, a BigMultiPipe subclass, or a function returning either; got number',
    );
  });

  it('a module that cannot be found', async () => {
    const r = await cli(['run', 'no-such-pipe.mjs', 'raw/x1.npy'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/could not load the module file:.*no-such-pipe\.mjs: .*; check the MODULE path/);
  });

  it('a memory budget too small for one file', async () => {
    const r = await cli(['run', PIPES, 'raw/x1.npy', '--process-size', '2G', '--mem-available', '1G'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the run could not start: Not enough memory for one process: processSize 2048\.0 MiB/);
  });
});
