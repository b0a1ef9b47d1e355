#!/usr/bin/env node
// Where one ccd-reduce frame's time goes: each step of bench/peers/ccd-pipeline.mjs
// awaited alone, in this process, over the first frames of the job.
//
//   node bench/lib/ccd-steps.mjs [<data-dir>/job-ccd-reduce.json] [frames=2]
//
// The job file is what `npm run bench:ccd` writes into its data directory.

import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DEFAULT_DATA_DIR } from './workloads.mjs';

const { readFits, writeFits, NdArray } = await import('bigmultipipe');
const job = JSON.parse(readFileSync(process.argv[2] ?? join(DEFAULT_DATA_DIR, 'job-ccd-reduce.json'), 'utf8'));
const frames = job.inNames.slice(0, Number(process.argv[3] ?? 2));
const { ccd } = job;
const outdir = join(tmpdir(), `bmp-ccd-steps-${process.pid}`);
mkdirSync(outdir, { recursive: true });
const t = {};
const cpu = {};
// Wall and CPU time (every thread of the process: the pool's work included)
// of each step: on a shared machine the CPU time is the steadier figure.
const time = async (k, f) => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await f();
  t[k] = (t[k] ?? 0) + performance.now() - t0;
  const c = process.cpuUsage(c0);
  cpu[k] = (cpu[k] ?? 0) + (c.user + c.system) / 1000;
  return r;
};
// Each frame's arrays are disposed when it ends, as the pipeline does, so
// their buffers go back to the native free list for the next frame.
let frameArrays = [];
const keep = (a) => {
  frameArrays.push(a);
  return a;
};
const [b, d, f] = await Promise.all([readFits(job.masters.bias), readFits(job.masters.dark), readFits(job.masters.flat)]);
const flatNorm = await f.data.div(await f.data.mean());
const library = typeof NdArray.prototype.sigmaClippedStats === 'function';
for (const name of frames) {
  const { data: raw, header } = await time('readFits', () => readFits(name));
  keep(raw);
  await time('ge(saturation) + countNonzero', async () => (await keep(await raw.ge(ccd.saturation))).countNonzero());
  const level = await time('overscan slice + median(axis 1)', async () => keep(await keep(await raw.slice(null, ccd.overscanCols)).median({ axis: 1, keepdims: true })));
  const trimmed = keep(await time('trim slice', () => raw.slice(null, ccd.dataCols)));
  const image = keep(await time('sub level (int16 - float64: new float64)', () => trimmed.sub(level)));
  await time('sub bias (out=)', () => image.sub(b.data, { out: image }));
  const dark = keep(await time('dark * exposure ratio', () => d.data.mul(header.get('EXPTIME') / d.header.get('EXPTIME'))));
  await time('sub dark (out=)', () => image.sub(dark, { out: image }));
  await time('div flat (out=)', () => image.div(flatNorm, { out: image }));
  if (library) {
    await time('sigmaClippedStats', () => image.sigmaClippedStats({ sigma: ccd.sigma, maxiters: ccd.maxiters }));
  } else {
    let x = await time('clip (fallback): ravel', () => image.ravel());
    for (let it = 0; it < ccd.maxiters; it++) {
      const [med, std] = await time('clip (fallback): median + std', () => Promise.all([x.median(), x.std()]));
      const keep = await time('clip (fallback): ge, le, and', async () => (await x.ge(med - ccd.sigma * std)).logicalAnd(await x.le(med + ccd.sigma * std)));
      const kept = await time('clip (fallback): mask', () => x.mask(keep));
      const changed = kept.size !== x.size;
      x = kept;
      if (!changed) break;
    }
    await time('clip (fallback): final mean, median, std', () => Promise.all([x.mean(), x.median(), x.std()]));
  }
  const f32 = keep(await time('astype float32', () => image.astype('float32')));
  await time('writeFits', () => writeFits(join(outdir, basename(name)), f32, header));
  for (const a of frameArrays) a.dispose();
  frameArrays = [];
}
rmSync(outdir, { recursive: true, force: true });
const sum = (o) => Object.values(o).reduce((a, v) => a + v, 0);
const [total, totalCpu] = [sum(t), sum(cpu)];
const per = (v) => (v / frames.length).toFixed(1).padStart(8);
console.log(`ccd-reduce, ${frames.length} frame(s), each step awaited alone, per frame (CPU: all threads):`);
console.log(`  ${'step'.padEnd(44)} ${'wall ms'.padStart(8)}  ${'CPU ms'.padStart(8)}  CPU share`);
for (const k of Object.keys(t)) console.log(`  ${k.padEnd(44)} ${per(t[k])}  ${per(cpu[k])}  ${((100 * cpu[k]) / totalCpu).toFixed(1).padStart(5)} %`);
console.log(`  ${'total'.padEnd(44)} ${per(total)}  ${per(totalCpu)}`);
const clipCpu = sum(Object.fromEntries(Object.entries(cpu).filter(([k]) => k.startsWith('sigmaClippedStats') || k.startsWith('clip'))));
console.log(`  (1-min load average ${loadavg()[0].toFixed(2)}; the frame without the clipping: ${per(totalCpu - clipCpu).trim()} CPU ms)`);
