#!/usr/bin/env node
// The array toolkit against numpy, in one run: each operation on a
// 4096x4096 float32 and float64 image, ours on 2 pool threads vs numpy 2.4
// (from .fixtures-venv, the pinned reference environment), and vs a plain
// memory copy of the same bytes. Prints a table (best of 3 after a warm-up,
// or of as many as fill 50 ms for the fastest operations).
//
// Usage: npm run bench:array  (needs `npm run build` and `npm run fixtures`
// once, for dist/ and .fixtures-venv). BENCH_ARRAY_N=1024 for a quick run;
// BENCH_ARRAY_FILTER=gt,isnan runs only the operations whose names contain
// one of those words (and the copy, the baseline).
//
// ours/copy compares with a copy moving the same bytes: ours divided by
// (copy time x bytes the operation reads and writes / bytes the copy
// does). A binary operation (two inputs, one output) moves 1.5 copies.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const python = join(root, '.fixtures-venv', 'bin', 'python');
const N = Number(process.env.BENCH_ARRAY_N ?? 4096);
const REPEAT = 3;
// Operations of a few microseconds repeat until this many seconds are spent
// (both sides): the best of 3 of a 40 us call is mostly noise.
const MIN_SPENT = 0.05;
const FILTER = (process.env.BENCH_ARRAY_FILTER ?? '').split(',').filter((w) => w !== '');

if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('bench/array.mjs: run npm run build first (dist/ is missing)');
if (!existsSync(python)) throw new Error('bench/array.mjs: run npm run fixtures first (.fixtures-venv is missing)');

const { NdArray, readNpy, setThreadCount, threadCount } = await import(join(root, 'dist', 'index.js'));
setThreadCount(2);

// The operations, each as [name, ours(a, ctx), numpy expression over a, ctx
// in Python, bytes the operation must read and write at least, given
// A = the bytes of one N x N array of the dtype and M = those of a bool mask].
const OPS = [
  ['copy (memory baseline)', (a) => a.copy(), 'a.copy()', (A, M) => 2 * A],
  ['add scalar', (a) => a.add(1.5), 'a + 1.5', (A, M) => 2 * A],
  ['add scalar {out}', (a, c) => a.add(1.5, { out: c.out }), 'np.add(a, 1.5, out=out)', (A, M) => 2 * A],
  ['add array', (a, c) => a.add(c.b), 'a + b', (A, M) => 3 * A],
  ['sub column vector', (a, c) => a.sub(c.col), 'a - col', (A, M) => 2 * A],
  ['rsub scalar (2 - a)', (a) => a.rsub(2), '2 - a', (A, M) => 2 * A],
  ['mul', (a, c) => a.mul(c.b), 'a * b', (A, M) => 3 * A],
  ['div', (a, c) => a.div(c.b), 'a / b', (A, M) => 3 * A],
  ['pow 2', (a) => a.pow(2), 'np.power(a, 2)', (A, M) => 2 * A],
  ['floorDiv', (a) => a.floorDiv(3), 'a // 3', (A, M) => 2 * A],
  ['maximum', (a, c) => a.maximum(c.b), 'np.maximum(a, b)', (A, M) => 3 * A],
  ['gt', (a) => a.gt(0.5), 'a > 0.5', (A, M) => A + M],
  ['logicalAnd', (a, c) => c.m1.logicalAnd(c.m2), 'np.logical_and(m1, m2)', (A, M) => 3 * M],
  ['neg', (a) => a.neg(), '-a', (A, M) => 2 * A],
  ['abs', (a) => a.abs(), 'np.abs(a)', (A, M) => 2 * A],
  ['sqrt', (a) => a.sqrt(), 'np.sqrt(a)', (A, M) => 2 * A],
  ['exp', (a) => a.exp(), 'np.exp(a)', (A, M) => 2 * A],
  ['log', (a) => a.log(), 'np.log(a)', (A, M) => 2 * A],
  ['square', (a) => a.square(), 'np.square(a)', (A, M) => 2 * A],
  ['floor', (a) => a.floor(), 'np.floor(a)', (A, M) => 2 * A],
  ['round(2)', (a) => a.round(2), 'np.round(a, 2)', (A, M) => 2 * A],
  ['clip', (a) => a.clip(0.2, 0.8), 'np.clip(a, 0.2, 0.8)', (A, M) => 2 * A],
  ['clip column bounds', (a, c) => a.clip(c.col, 0.8), 'np.clip(a, col, 0.8)', (A, M) => 2 * A],
  ['isnan', (a) => a.isnan(), 'np.isnan(a)', (A, M) => A + M],
  ['isfinite', (a) => a.isfinite(), 'np.isfinite(a)', (A, M) => A + M],
  ['where', (a, c) => NdArray.where(c.m1, a, 0), 'np.where(m1, a, 0)', (A, M) => M + 2 * A],
  ['mask', (a, c) => a.mask(c.m1), 'a[m1]', (A, M) => M + 1.5 * A],
  ['countNonzero', (a, c) => c.m1.countNonzero(), 'np.count_nonzero(m1)', (A, M) => M],
  ['sum', (a) => a.sum(), 'np.sum(a)', (A, M) => A],
  ['sum axis 0', (a) => a.sum({ axis: 0 }), 'np.sum(a, axis=0)', (A, M) => A],
  ['mean axis 1', (a) => a.mean({ axis: 1 }), 'np.mean(a, axis=1)', (A, M) => A],
  ['std', (a) => a.std(), 'np.std(a)', (A, M) => A],
  ['min', (a) => a.min(), 'np.min(a)', (A, M) => A],
  ['max axis 0', (a) => a.max({ axis: 0 }), 'np.max(a, axis=0)', (A, M) => A],
  ['argmax', (a) => a.argmax(), 'np.argmax(a)', (A, M) => A],
  ['all', (a, c) => c.m1.all(), 'np.all(m1)', (A, M) => M],
  ['average weights axis 0', (a, c) => a.average({ axis: 0, weights: c.b }), 'np.average(a, axis=0, weights=b)', (A, M) => 2 * A],
  ['median', (a) => a.median(), 'np.median(a)', (A, M) => A],
  ['median axis 0', (a) => a.median({ axis: 0 }), 'np.median(a, axis=0)', (A, M) => A],
  ['median axis 1', (a) => a.median({ axis: 1 }), 'np.median(a, axis=1)', (A, M) => A],
  ['nanmedian axis 0', (a) => a.nanmedian({ axis: 0 }), 'np.nanmedian(a, axis=0)', (A, M) => A],
  ['percentile 90 axis 0', (a) => a.percentile(90, { axis: 0 }), 'np.percentile(a, 90, axis=0)', (A, M) => A],
  ['percentile [10,50,90] axis 1', (a) => a.percentile([10, 50, 90], { axis: 1 }), 'np.percentile(a, [10, 50, 90], axis=1)', (A, M) => A],
  ['nanmean axis 0', (a) => a.nanmean({ axis: 0 }), 'np.nanmean(a, axis=0)', (A, M) => A],
  ['transpose (numpy: view)', (a) => a.transpose(), 'np.ascontiguousarray(a.T)', (A, M) => 2 * A],
  ['flip axis 0', (a) => a.flip(0), 'np.ascontiguousarray(np.flip(a, 0))', (A, M) => 2 * A],
  ['rot90', (a) => a.rot90(), 'np.ascontiguousarray(np.rot90(a))', (A, M) => 2 * A],
  ['reshape', (a) => a.reshape(-1), 'a.reshape(-1).copy()', (A, M) => 2 * A],
  ['concatenate', (a, c) => NdArray.concatenate([a, c.b]), 'np.concatenate([a, b])', (A, M) => 4 * A],
  ["slice '10:-10, ::2'", (a) => a.slice('10:-10, ::2'), 'a[10:-10, ::2].copy()', (A, M) => 1.5 * A],
  ['setSlice row block', (a, c) => c.out.setSlice('100:200, :', 0), 'out.__setitem__((slice(100, 200), slice(None)), 0)', (A, M) => (100 / N) * A],
];

const RUN = OPS.filter(([name]) => name.startsWith('copy') || FILTER.length === 0 || FILTER.some((w) => name.includes(w)));

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
    best, spent, k = float("inf"), 0.0, 0
    while k < ${REPEAT} or spent < ${MIN_SPENT}:
        t = time.perf_counter(); f(); dt = time.perf_counter() - t
        best, spent, k = min(best, dt), spent + dt, k + 1
    res[name] = best
print(json.dumps({"numpy": np.__version__, "times": res}))
`;
  const rows = [];
  for (const dtype of ['float32', 'float64']) {
    const py = spawnSync(python, ['-c', PY, String(N), dtype, dir], {
      input: JSON.stringify(RUN.map(([n, , e]) => [n, e])),
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
    const bytesOf = { float32: 4, float64: 8 }[dtype] * N * N;
    for (const [name, fn, , moved] of RUN) {
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
        for (let i = 0, spent = 0; i < REPEAT || spent < MIN_SPENT; i++) {
          const dt = await once();
          best = Math.min(best, dt);
          spent += dt;
        }
      } catch (err) {
        // One failing operation must not hide the others' figures.
        console.error(`${name} (${dtype}): ${err.message}`);
        best = Number.NaN;
      }
      if (name.startsWith('copy')) copyTime.value = best;
      // The time a copy takes to move this operation's bytes.
      const copy = (copyTime.value * moved(bytesOf, N * N)) / (2 * bytesOf);
      rows.push({ dtype, name, ours: best, numpy: numpy.times[name], copy, version: numpy.numpy });
    }
  }
  // Times below 0.1 ms keep four decimals (a few microseconds would show as 0.00).
  const ms = (s) => (s * 1e3).toFixed(s < 1e-4 ? 4 : 2).padStart(9);
  console.log(`\nArray toolkit, ${N}x${N}, ours on ${threadCount()} threads vs numpy ${rows[0].version} (best of ${REPEAT}, or of ${MIN_SPENT * 1e3} ms of runs); 1-min load ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after\n`);
  console.log(`| operation | dtype | ours ms | numpy ms | numpy/ours | ours/copy (same bytes) |`);
  console.log(`| --- | --- | ---: | ---: | ---: | ---: |`);
  for (const r of rows) {
    console.log(`| ${r.name} | ${r.dtype} | ${ms(r.ours)} | ${ms(r.numpy)} | ${(r.numpy / r.ours).toFixed(2)}x | ${(r.ours / r.copy).toFixed(2)} |`);
  }
  const slower = rows.filter((r) => !(r.numpy >= r.ours));
  console.log(`\n${rows.length - slower.length} of ${rows.length} faster than numpy; slower: ${slower.map((r) => `${r.name} (${r.dtype})`).join(', ') || 'none'}`);
  const heavy = rows.filter((r) => !r.name.startsWith('copy') && r.ours / r.copy > 1.3);
  console.log(`above 1.3x a copy of the same bytes (the goal for memory-bound elementwise operations): ${heavy.map((r) => `${r.name} (${r.dtype}) ${(r.ours / r.copy).toFixed(2)}`).join(', ') || 'none'}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
