#!/usr/bin/env node
// Where the library's time goes, for one workload (not part of `npm run bench`).
//
//   node bench/profile.mjs steps    [-w seed-noisy]  each native step of example 2 timed
//                                                    alone, file by file, one file in flight
//   node bench/profile.mjs cpu-prof [-w seed-noisy]  the bmp peer under --cpu-prof: the main
//                                                    thread's self time by function
//   node bench/profile.mjs strace   [-w seed-noisy]  the bmp peer under strace -f -c: syscalls
//
// Uses the inputs `npm run bench` generated (same --data-dir).

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_DATA_DIR, SEED_KWARGS, WORKLOADS, ensureData, expectedPout } from './lib/workloads.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const { values: opt, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    workload: { type: 'string', short: 'w', default: 'seed-noisy' },
    'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
    top: { type: 'string', default: '25' },
  },
});
const mode = positionals[0] ?? 'steps';
const name = opt.workload;
if (!WORKLOADS[name] || WORKLOADS[name].kind !== 'pipeline') {
  console.error(`profile: pick a pipeline workload: ${Object.keys(WORKLOADS).filter((w) => WORKLOADS[w].kind === 'pipeline').join(', ')}`);
  process.exit(2);
}
const dataDir = resolve(opt['data-dir']);
const inNames = ensureData(dataDir, name);
const outdir = join(dataDir, 'out', 'profile', name);
const fresh = () => {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  spawnSync('sync');
};
const jobPath = join(dataDir, `job-${name}.json`);
writeFileSync(jobPath, JSON.stringify({ workload: name, inNames, kwargs: SEED_KWARGS, expected: expectedPout(name) }));

async function steps() {
  const { readNpy, writeNpy } = await import('bigmultipipe');
  fresh();
  const t = {};
  const time = async (k, f) => {
    const t0 = performance.now();
    const r = await f();
    t[k] = (t[k] ?? 0) + performance.now() - t0;
    return r;
  };
  const tAll = performance.now();
  for (const f of inNames) {
    const a = await time('readNpy', () => readNpy(f));
    const first = await time('at(0,0)', () => a.at(0, 0));
    if (first === SEED_KWARGS.rejectValue) continue;
    let d = await time('mul(10)', () => a.mul(10));
    if (first === SEED_KWARGS.boostTarget) d = await time('add(5)', () => d.add(SEED_KWARGS.boostAmount));
    await time('median', () => d.median());
    await time('average', () => d.average());
    const base = f.slice(f.lastIndexOf('/') + 1, -4);
    await time('writeNpy', () => writeNpy(join(outdir, `${base}_bmp.npy`), d));
  }
  const total = performance.now() - tAll;
  const sum = Object.values(t).reduce((a, b) => a + b, 0);
  console.log(`${name}: ${inNames.length} files, one at a time, each step awaited alone`);
  for (const [k, v] of Object.entries(t)) console.log(`  ${k.padEnd(10)} ${v.toFixed(1).padStart(9)} ms  ${((100 * v) / total).toFixed(1).padStart(5)} %`);
  console.log(`  ${'(other)'.padEnd(10)} ${(total - sum).toFixed(1).padStart(9)} ms`);
  console.log(`  ${'total'.padEnd(10)} ${total.toFixed(1).padStart(9)} ms`);
}

/** Self time per function from a .cpuprofile (main thread only; native pool threads are not in it). */
function summarizeCpuProfile(file, top) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  prof.samples.forEach((id, i) => {
    const n = byId.get(id);
    const cf = n.callFrame;
    const where = cf.url ? `${cf.url.replace(/^file:\/\//, '').replace(root + '/', '')}:${cf.lineNumber + 1}` : '';
    const key = `${cf.functionName || '(anonymous)'} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + (prof.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`main-thread profile: ${(total / 1000).toFixed(1)} ms sampled`);
  for (const [k, us] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`);
  }
}

function cpuProf() {
  const dir = join(dataDir, 'cpuprof');
  rmSync(dir, { recursive: true, force: true });
  fresh();
  const r = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=200', join(here, 'peers', 'bmp.mjs'), jobPath, outdir], {
    cwd: root, encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr);
  const line = r.stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  const res = JSON.parse(line.slice(13));
  console.log(`bmp peer on ${name}: pipeline ${res.pipelineMs.toFixed(1)} ms, import ${res.importMs.toFixed(1)} ms, event loop p99 ${res.eventLoop.p99Ms} ms max ${res.eventLoop.maxMs} ms`);
  for (const f of readdirSync(dir)) summarizeCpuProfile(join(dir, f), Number(opt.top));
}

function straceRun() {
  fresh();
  const out = join(dataDir, 'strace.txt');
  const r = spawnSync('strace', ['-f', '-c', '-o', out, process.execPath, join(here, 'peers', 'bmp.mjs'), jobPath, outdir], { cwd: root, encoding: 'utf8' });
  if (r.error) throw new Error(`strace: ${r.error.message}`);
  console.log(readFileSync(out, 'utf8').split('\n').slice(0, Number(opt.top) + 2).join('\n'));
}

if (mode === 'steps') await steps();
else if (mode === 'cpu-prof') cpuProf();
else if (mode === 'strace') straceRun();
else {
  console.error('profile: mode is steps, cpu-prof or strace');
  process.exit(2);
}
rmSync(outdir, { recursive: true, force: true });
