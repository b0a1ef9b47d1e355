#!/usr/bin/env node
// Image operations against their Python references, in one run, interleaved
// (ours, peer, ours, peer...): medianFilter 3 and 5, uniformFilter 5 and
// shift (0.5, 0.25) order 1 vs scipy.ndimage, blockReduce 4 (sum, mean,
// median) vs astropy, histogram 256 bins vs numpy, on a 4096x4096 float32
// and float64 image. Ours runs on 2 pool threads; scipy's filters are
// single-threaded. Prints medians of 3 runs, the ratio peer/ours, and the
// machine's load before and after.
//
// Usage: npm run bench:filters  (needs `npm run build`; the Python peers
// live in .bench-venv, made on first use by bench/lib/python.mjs).
// BENCH_FILTERS_N=1024 for a quick run.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { ensurePythonVenv } from './lib/python.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.BENCH_FILTERS_N ?? 4096);
const REPEAT = 3;
if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('bench/filters.mjs: run npm run build first (dist/ is missing)');
const venv = ensurePythonVenv(root, (m) => console.error(m));
if (!venv.python) throw new Error(`bench/filters.mjs: no Python peer: ${venv.reason}`);
const { readNpy, setThreadCount } = await import(join(root, 'dist', 'index.js'));
setThreadCount(2);

// [name, ours(a), the peer's Python expression over a, peer name]
const OPS = [
  ['medianFilter(3)', (a) => a.medianFilter(3), 'ndimage.median_filter(a, 3)', 'scipy'],
  ['medianFilter(5)', (a) => a.medianFilter(5), 'ndimage.median_filter(a, 5)', 'scipy'],
  ['uniformFilter(5)', (a) => a.uniformFilter(5), 'ndimage.uniform_filter(a, 5)', 'scipy'],
  ['blockReduce(4, sum)', (a) => a.blockReduce(4, 'sum'), 'block_reduce(a, 4, func=np.sum)', 'astropy'],
  ['blockReduce(4, mean)', (a) => a.blockReduce(4, 'mean'), 'block_reduce(a, 4, func=np.mean)', 'astropy'],
  ['blockReduce(4, median)', (a) => a.blockReduce(4, 'median'), 'block_reduce(a, 4, func=np.median)', 'astropy'],
  ['histogram(256)', (a) => a.histogram(256), 'np.histogram(a, 256)', 'numpy'],
  ['shift([0.5, 0.25], order 1)', (a) => a.shift([0.5, 0.25], { order: 1 }), 'ndimage.shift(a, (0.5, 0.25), order=1)', 'scipy'],
];

// The peer: one Python process that makes the images and times expressions on request.
const PY = `
import sys, time, numpy as np
from scipy import ndimage
from astropy.nddata import block_reduce
n, d = int(sys.argv[1]), sys.argv[2]
rng = np.random.default_rng(1)
img = rng.normal(100, 10, (n, n))
arrays = {'float32': img.astype(np.float32), 'float64': img}
for k, v in arrays.items():
    np.save(f'{d}/{k}.npy', v)
print('ready', flush=True)
for line in sys.stdin:
    dtype, expr = line.rstrip('\\n').split('\\t')
    a = arrays[dtype]
    t = time.perf_counter(); eval(expr); t = time.perf_counter() - t
    print(t, flush=True)
`;

const dir = mkdtempSync(join(tmpdir(), 'bmp-bench-filters-'));
const py = spawn(venv.python, ['-c', PY, String(N), dir], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = createInterface({ input: py.stdout })[Symbol.asyncIterator]();
const next = async () => (await lines.next()).value;
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
try {
  if ((await next()) !== 'ready') throw new Error('the Python peer did not start');
  const load0 = loadavg();
  console.log(`# image operations, ${N}x${N}, ours on 2 threads vs the Python peers (median of ${REPEAT}, interleaved)`);
  console.log(`# load average before: ${load0.map((x) => x.toFixed(2)).join(' ')}`);
  console.log('| operation | dtype | ours (ms) | peer (ms) | peer | peer / ours |');
  console.log('|---|---|---:|---:|---|---:|');
  for (const dtype of ['float32', 'float64']) {
    const a = await readNpy(join(dir, `${dtype}.npy`));
    for (const [name, ours, expr, peer] of OPS) {
      const t = { ours: [], peer: [] };
      await (await ours(a)).dispose?.();
      for (let r = 0; r < REPEAT; r++) {
        const t0 = performance.now();
        const out = await ours(a);
        t.ours.push(performance.now() - t0);
        if (out.dispose) out.dispose();
        else if (out.hist) { out.hist.dispose(); out.binEdges.dispose(); }
        py.stdin.write(`${dtype}\t${expr}\n`);
        t.peer.push(Number(await next()) * 1000);
      }
      const [o, p] = [median(t.ours), median(t.peer)];
      console.log(`| ${name} | ${dtype} | ${o.toFixed(1)} | ${p.toFixed(1)} | ${peer} | ${(p / o).toFixed(1)}x |`);
    }
    a.dispose();
  }
  console.log(`# load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`# peers: ${JSON.stringify(venv.versions)}`);
} finally {
  py.stdin.end();
  rmSync(dir, { recursive: true, force: true });
}
