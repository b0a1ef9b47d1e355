#!/usr/bin/env node
// The array toolkit against numpy, in one run: each operation on a
// 4096x4096 float32 and float64 image, ours on 2 pool threads vs numpy 2.4
// (from .fixtures-venv, the pinned reference environment), and vs a plain
// memory copy of the same bytes. Prints a table (best of 3 after a warm-up).
//
// Usage: npm run bench:array  (needs `npm run build` and `npm run fixtures`
// once, for dist/ and .fixtures-venv). BENCH_ARRAY_N=1024 for a quick run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const python = join(root, '.fixtures-venv', 'bin', 'python');
const N = Number(process.env.BENCH_ARRAY_N ?? 4096);
const REPEAT = 3;

if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('bench/array.mjs: run npm run build first (dist/ is missing)');
if (!existsSync(python)) throw new Error('bench/array.mjs: run npm run fixtures first (.fixtures-venv is missing)');

const { NdArray, readNpy, setThreadCount, threadCount } = await import(join(root, 'dist', 'index.js'));
setThreadCount(2);

// The operations, each as [name, ours(a, ctx), numpy expression over a, ctx in Python].
const OPS = [
  ['copy (memory baseline)', (a) => a.copy(), 'a.copy()'],
  ['add scalar', (a) => a.add(1.5), 'a + 1.5'],
  ['add scalar {out}', (a, c) => a.add(1.5, { out: c.out }), 'np.add(a, 1.5, out=out)'],
  ['add array', (a, c) => a.add(c.b), 'a + b'],
  ['sub column vector', (a, c) => a.sub(c.col), 'a - col'],
  ['rsub scalar (2 - a)', (a) => a.rsub(2), '2 - a'],
  ['mul', (a, c) => a.mul(c.b), 'a * b'],
  ['div', (a, c) => a.div(c.b), 'a / b'],
  ['pow 2', (a) => a.pow(2), 'np.power(a, 2)'],
  ['floorDiv', (a) => a.floorDiv(3), 'a // 3'],
  ['maximum', (a, c) => a.maximum(c.b), 'np.maximum(a, b)'],
  ['gt', (a) => a.gt(0.5), 'a > 0.5'],
  ['logicalAnd', (a, c) => c.m1.logicalAnd(c.m2), 'np.logical_and(m1, m2)'],
  ['neg', (a) => a.neg(), '-a'],
  ['abs', (a) => a.abs(), 'np.abs(a)'],
  ['sqrt', (a) => a.sqrt(), 'np.sqrt(a)'],
  ['exp', (a) => a.exp(), 'np.exp(a)'],
  ['log', (a) => a.log(), 'np.log(a)'],
  ['square', (a) => a.square(), 'np.square(a)'],
  ['floor', (a) => a.floor(), 'np.floor(a)'],
  ['round(2)', (a) => a.round(2), 'np.round(a, 2)'],
  ['clip', (a) => a.clip(0.2, 0.8), 'np.clip(a, 0.2, 0.8)'],
  ['clip column bounds', (a, c) => a.clip(c.col, 0.8), 'np.clip(a, col, 0.8)'],
  ['isnan', (a) => a.isnan(), 'np.isnan(a)'],
  ['isfinite', (a) => a.isfinite(), 'np.isfinite(a)'],
  ['where', (a, c) => NdArray.where(c.m1, a, 0), 'np.where(m1, a, 0)'],
  ['mask', (a, c) => a.mask(c.m1), 'a[m1]'],
  ['countNonzero', (a, c) => c.m1.countNonzero(), 'np.count_nonzero(m1)'],
  ['sum', (a) => a.sum(), 'np.sum(a)'],
  ['sum axis 0', (a) => a.sum({ axis: 0 }), 'np.sum(a, axis=0)'],
  ['mean axis 1', (a) => a.mean({ axis: 1 }), 'np.mean(a, axis=1)'],
  ['std', (a) => a.std(), 'np.std(a)'],
  ['min', (a) => a.min(), 'np.min(a)'],
  ['max axis 0', (a) => a.max({ axis: 0 }), 'np.max(a, axis=0)'],
  ['argmax', (a) => a.argmax(), 'np.argmax(a)'],
  ['all', (a, c) => c.m1.all(), 'np.all(m1)'],
  ['average weights axis 0', (a, c) => a.average({ axis: 0, weights: c.b }), 'np.average(a, axis=0, weights=b)'],
  ['median', (a) => a.median(), 'np.median(a)'],
  ['median axis 0', (a) => a.median({ axis: 0 }), 'np.median(a, axis=0)'],
  ['median axis 1', (a) => a.median({ axis: 1 }), 'np.median(a, axis=1)'],
  ['nanmedian axis 0', (a) => a.nanmedian({ axis: 0 }), 'np.nanmedian(a, axis=0)'],
  ['percentile 90 axis 0', (a) => a.percentile(90, { axis: 0 }), 'np.percentile(a, 90, axis=0)'],
  ['percentile [10,50,90] axis 1', (a) => a.percentile([10, 50, 90], { axis: 1 }), 'np.percentile(a, [10, 50, 90], axis=1)'],
  ['nanmean axis 0', (a) => a.nanmean({ axis: 0 }), 'np.nanmean(a, axis=0)'],
  ['transpose (numpy: view)', (a) => a.transpose(), 'np.ascontiguousarray(a.T)'],
  ['flip axis 0', (a) => a.flip(0), 'np.ascontiguousarray(np.flip(a, 0))'],
  ['rot90', (a) => a.rot90(), 'np.ascontiguousarray(np.rot90(a))'],
  ['reshape', (a) => a.reshape(-1), 'a.reshape(-1).copy()'],
  ['concatenate', (a, c) => NdArray.concatenate([a, c.b]), 'np.concatenate([a, b])'],
  ["slice '10:-10, ::2'", (a) => a.slice('10:-10, ::2'), 'a[10:-10, ::2].copy()'],
  ['setSlice row block', (a, c) => c.out.setSlice('100:200, :', 0), 'out.__setitem__((slice(100, 200), slice(None)), 0)'],
];

const loadBefore = loadavg()[0];
const dir = mkdtempSync(join(tmpdir(), 'bmp-bench-array-'));
try {
  const PY = `
import json, sys, time, numpy as np
n, d, outdir = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rng = np.random.default_rng(1)
a = rng.random((n, n)).astype(d); b = rng.random((n, n)).astype(d)
np.save(f"{outdir}/a_{d}.npy", a); np.save(f"{outdir}/b_{d}.npy", b)
col = np.ascontiguousarray(a[:, :1]); out = np.empty_like(a)
m1, m2 = a > 0.5, b > 0.5
exprs = json.loads(sys.stdin.read())
res = {}
for name, expr in exprs:
    f = eval("lambda: " + expr)
    f()
    best = min((lambda t: (f(), time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(${REPEAT}))
    res[name] = best
print(json.dumps({"numpy": np.__version__, "times": res}))
`;
  const rows = [];
  for (const dtype of ['float32', 'float64']) {
    const py = spawnSync(python, ['-c', PY, String(N), dtype, dir], {
      input: JSON.stringify(OPS.map(([n, , e]) => [n, e])),
      encoding: 'utf8',
      env: { ...process.env, OMP_NUM_THREADS: '2', OPENBLAS_NUM_THREADS: '2' },
      maxBuffer: 1 << 24,
    });
    if (py.status !== 0) throw new Error(`numpy side failed: ${py.stderr}`);
    const numpy = JSON.parse(py.stdout);
    const a = await readNpy(join(dir, `a_${dtype}.npy`));
    const b = await readNpy(join(dir, `b_${dtype}.npy`));
    const ctx = { b, col: await a.slice(':, :1'), out: await a.copy(), m1: await a.gt(0.5), m2: await b.gt(0.5) };
    const copyTime = { value: 0 };
    for (const [name, fn] of OPS) {
      const once = async () => {
        const t = performance.now();
        const r = await fn(a, ctx);
        const dt = (performance.now() - t) / 1e3;
        if (r && typeof r === 'object' && r !== ctx.out && typeof r.dispose === 'function') r.dispose();
        return dt;
      };
      let best = Infinity;
      try {
        await once();
        for (let i = 0; i < REPEAT; i++) best = Math.min(best, await once());
      } catch (err) {
        // One failing operation must not hide the others' figures.
        console.error(`${name} (${dtype}): ${err.message}`);
        best = Number.NaN;
      }
      if (name.startsWith('copy')) copyTime.value = best;
      rows.push({ dtype, name, ours: best, numpy: numpy.times[name], copy: copyTime.value, version: numpy.numpy });
    }
  }
  const ms = (s) => (s * 1e3).toFixed(2).padStart(9);
  console.log(`\nArray toolkit, ${N}x${N}, ours on ${threadCount()} threads vs numpy ${rows[0].version} (best of ${REPEAT}); 1-min load ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after\n`);
  console.log(`| operation | dtype | ours ms | numpy ms | numpy/ours | ours/copy |`);
  console.log(`| --- | --- | ---: | ---: | ---: | ---: |`);
  for (const r of rows) {
    console.log(`| ${r.name} | ${r.dtype} | ${ms(r.ours)} | ${ms(r.numpy)} | ${(r.numpy / r.ours).toFixed(2)}x | ${(r.ours / r.copy).toFixed(2)} |`);
  }
  const slower = rows.filter((r) => !(r.numpy >= r.ours));
  console.log(`\n${rows.length - slower.length} of ${rows.length} faster than numpy; slower: ${slower.map((r) => `${r.name} (${r.dtype})`).join(', ') || 'none'}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
