#!/usr/bin/env node
// FITS benchmark (issue 12): `npm run bench:fits [-- --runs N --size N]`.
// A 4096×4096 int16 frame read and converted to float32, and a 4096×4096
// float32 frame written, by this library and by astropy (in the fixtures
// venv, .fixtures-venv) on the same files, runs alternating, in one process
// each. Reports median wall time per operation and the ratio (goal ≥ 2×).
// Needs `npm run build` (dist/) and `npm run fixtures` (the venv).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, size: { type: 'string', default: '4096' } } });
const runs = Number(values.runs);
const size = Number(values.size);
const python = join(root, '.fixtures-venv', 'bin', 'python');
for (const [path, fix] of [[join(root, 'dist', 'index.js'), 'npm run build'], [python, 'npm run fixtures']]) {
  if (!existsSync(path)) {
    console.error(`bench:fits: ${path} is missing; run \`${fix}\` first`);
    process.exit(1);
  }
}
const dir = join(root, 'target', 'bench-fits');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const int16File = join(dir, 'frame_int16.fits');

// astropy writes the input frame (so the file is not of our making).
const PY = String.raw`
import sys, time, json, numpy as np
from astropy.io import fits
mode, path, size, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
if mode == 'make':
    rng = np.random.default_rng(1)
    fits.PrimaryHDU(rng.integers(-30000, 30000, size=(size, size), dtype=np.int16)).writeto(path, overwrite=True)
    sys.exit(0)
times = []
frame = np.random.default_rng(2).standard_normal((size, size)).astype(np.float32)
for _ in range(runs):
    t = time.perf_counter()
    if mode == 'read':
        with fits.open(path, memmap=False) as h:
            out = h[0].data.astype(np.float32)
    else:
        fits.writeto(path, frame, overwrite=True)
    times.append(time.perf_counter() - t)
print(json.dumps(times))
`;
function py(...args) {
  const r = spawnSync(python, ['-c', PY, ...args.map(String)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`astropy peer failed: ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : null;
}

const { NdArray, readFits, writeFits } = await import(join(root, 'dist', 'index.js'));
async function ours(mode, path, n) {
  const frame = mode === 'write' ? NdArray.from(Float32Array.from({ length: size * size }, (_, i) => Math.sin(i)), [size, size]) : null;
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    if (mode === 'read') {
      const { data } = await readFits(path);
      const f = await data.astype('float32');
      data.dispose();
      f.dispose();
    } else {
      await writeFits(path, frame);
    }
    times.push((performance.now() - t) / 1000);
  }
  frame?.dispose();
  return times;
}

py('make', int16File, size, 0);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const result = { read: { ours: [], astropy: [] }, write: { ours: [], astropy: [] } };
// Warm the page cache and both code paths once, untimed.
await ours('read', int16File, 1);
py('read', int16File, size, 1);
for (let r = 0; r < runs; r++) {
  result.read.ours.push(...(await ours('read', int16File, 1)));
  result.read.astropy.push(...py('read', int16File, size, 1));
  result.write.ours.push(...(await ours('write', join(dir, 'out_ours.fits'), 1)));
  result.write.astropy.push(...py('write', join(dir, 'out_astropy.fits'), size, 1));
}
console.log(`FITS benchmark: ${size}×${size}, ${runs} runs each, alternating (median wall time per operation)`);
console.log('| operation | bigmultipipe | astropy | speed-up | goal |');
console.log('|---|---|---|---|---|');
let ok = true;
for (const [op, label] of [['read', 'int16 read + astype(float32)'], ['write', 'float32 write']]) {
  const a = median(result[op].ours);
  const b = median(result[op].astropy);
  const ratio = b / a;
  ok &&= ratio >= 2;
  console.log(`| ${label} | ${(a * 1000).toFixed(1)} ms | ${(b * 1000).toFixed(1)} ms | ${ratio.toFixed(2)}× | ${ratio >= 2 ? 'PASS' : 'FAIL'} (≥ 2×) |`);
}
rmSync(dir, { recursive: true, force: true });
process.exitCode = ok ? 0 : 1;
