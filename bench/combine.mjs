#!/usr/bin/env node
// combine and the robust statistics against ccdproc and astropy, in one run:
// - combine of 20 frames of 4096x4096 float32 FITS files, average with 5-sigma
//   clipping by median / mad_std, memLimit 512 MB, vs ccdproc.combine(...,
//   mem_limit=512e6) with the same clipping (the string forms 'median' and
//   'mad_std': astropy's fast C path); each run in its own process, so its
//   peak RSS is its own; ours and ccdproc's alternate, and the first round
//   checks that both results are the same, pixel for pixel;
// - sigmaClippedStats and biweightLocation of one 4096x4096 frame vs astropy.
// Prints a table with medians, ratios, peak RSS, CPU seconds and the load.
// Our pool threads run at nice +5 (so the event loop wins the CPU); the
// Python peers run at the same nice value (BENCH_COMBINE_PEER_NICE, 5), so
// that on a shared machine neither side gets a larger share of the cores.
//
// Usage: npm run bench:combine (needs `npm run build`; creates .bench-venv with
// the pinned astropy/ccdproc on first use). Environment: BENCH_COMBINE_N (side,
// 4096), BENCH_COMBINE_FRAMES (20), BENCH_COMBINE_ROUNDS (3), BENCH_COMBINE_MEM
// (bytes, 512e6), BENCH_COMBINE_BEFORE (a folder made by `npm run bench:before`:
// its build's combine runs too, alternating, as the "before" row). The frames
// are written under $TMPDIR and removed at the end.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ensurePythonVenv } from './lib/python.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist', 'index.js');
const N = Number(process.env.BENCH_COMBINE_N ?? 4096);
const FRAMES = Number(process.env.BENCH_COMBINE_FRAMES ?? 20);
const ROUNDS = Number(process.env.BENCH_COMBINE_ROUNDS ?? 3);
const MEM = Number(process.env.BENCH_COMBINE_MEM ?? 512e6);
const STAT_REPEAT = 3;
const PEER_NICE = Number(process.env.BENCH_COMBINE_PEER_NICE ?? 5);
const BEFORE = process.env.BENCH_COMBINE_BEFORE;
const CLIP = { sigmaClip: true, sigmaClipLowThresh: 5, sigmaClipHighThresh: 5, sigmaClipFunc: 'median', sigmaClipDevFunc: 'madStd' };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const mb = (kb) => kb / 1024;

// Child mode: one combine of ours, reporting its time and this process's peak RSS.
if (process.argv[2] === '--ours') {
  const [, , , save, ...files] = process.argv;
  const { combine, writeNpy } = await import(process.env.BENCH_COMBINE_LIB ?? dist);
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  const { data, mask } = await combine(files, { method: 'average', ...CLIP, memLimit: MEM });
  const seconds = (performance.now() - t) / 1000;
  const c = process.cpuUsage(cpu0);
  const cpu = (c.user + c.system) / 1e6;
  const maxRss = process.resourceUsage().maxRSS;
  if (save !== '-') await writeNpy(save, data);
  data.dispose();
  mask.dispose();
  console.log(JSON.stringify({ seconds, cpu, maxRss }));
  process.exit(0);
}

if (!existsSync(dist)) throw new Error('bench/combine.mjs: run npm run build first (dist/ is missing)');
const venv = ensurePythonVenv(root);
if (!venv.python) throw new Error(`bench/combine.mjs: needs the Python peers: ${venv.reason}`);
const python = venv.python;

function py(code, args, what) {
  const r = spawnSync('nice', ['-n', String(PEER_NICE), python, '-c', code, ...args.map(String)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${what} failed: ${r.stderr}`);
  return r.stdout.trim().split('\n').pop();
}

const MAKE = `
import sys, numpy as np
from astropy.io import fits
n, frames, d = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = np.random.default_rng(20)
for i in range(frames):
    a = rng.normal(1000.0, 20.0, (n, n)).astype(np.float32)
    hits = rng.random((n, n)) < 0.001
    a[hits] += rng.uniform(500, 20000, hits.sum()).astype(np.float32)
    fits.PrimaryHDU(a).writeto(f"{d}/flat_{i:02d}.fits")
print("ok")`;

const CCDPROC = `
import sys, time, json, resource, warnings, numpy as np
warnings.simplefilter("ignore")
from ccdproc import combine
from astropy import log
log.setLevel("WARNING")
mem, save, files = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
t, c = time.perf_counter(), time.process_time()
ccd = combine(files, method="average", sigma_clip=True, sigma_clip_low_thresh=5, sigma_clip_high_thresh=5,
              sigma_clip_func="median", sigma_clip_dev_func="mad_std", mem_limit=mem, unit="adu")
dt, cpu = time.perf_counter() - t, time.process_time() - c
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if save != "-":
    np.save(save, ccd.data)
print(json.dumps({"seconds": dt, "cpu": cpu, "maxRss": rss}))`;

const COMPARE = `
import sys, numpy as np
a, b = np.load(sys.argv[1]), np.load(sys.argv[2])
same = (a == b) | (np.isnan(a) & np.isnan(b))
print(int(a.size - same.sum()), a.size)`;

const ASTROPY_STATS = `
import sys, time, json, warnings, numpy as np
warnings.simplefilter("ignore")
from astropy.io import fits
from astropy.stats import sigma_clipped_stats, biweight_location
# Native byte order, as our readFits gives it (numpy sums big-endian data in
# 8192-element cast buffers, which changes float32 sums in the last bits).
a = fits.getdata(sys.argv[1]).astype(np.float32)
reps = int(sys.argv[2])
out = {"sigmaClippedStats": [], "biweightLocation": []}
for _ in range(reps):
    t = time.perf_counter(); s = sigma_clipped_stats(a); out["sigmaClippedStats"].append(time.perf_counter() - t)
    t = time.perf_counter(); b = biweight_location(a); out["biweightLocation"].append(time.perf_counter() - t)
out["values"] = [float(s[0]), float(s[1]), float(s[2]), float(b)]
print(json.dumps(out))`;

const dir = mkdtempSync(join(tmpdir(), 'bmp-bench-combine-'));
try {
  console.log(`combine bench: ${FRAMES} frames of ${N}x${N} float32 FITS, memLimit ${MEM / 1e6} MB, ${ROUNDS} rounds`);
  console.log(`  peers: astropy ${venv.versions.astropy}, ccdproc ${venv.versions.ccdproc}, numpy ${venv.versions.numpy}; load before: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  let t = performance.now();
  py(MAKE, [N, FRAMES, dir], 'making the frames');
  console.log(`  frames written to ${dir} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const files = Array.from({ length: FRAMES }, (_, i) => join(dir, `flat_${String(i).padStart(2, '0')}.fits`));

  const ours = [];
  const before = [];
  const peer = [];
  const runOurs = (save, lib) => {
    const env = lib ? { ...process.env, BENCH_COMBINE_LIB: join(lib, 'dist', 'index.js') } : process.env;
    const o = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--ours', save, ...files], { encoding: 'utf8', env });
    if (o.status !== 0) throw new Error(`our combine${lib ? ` (${lib})` : ''} failed: ${o.stderr}`);
    return JSON.parse(o.stdout.trim().split('\n').pop());
  };
  const fmt = (x) => `${x.seconds.toFixed(2)} s (${x.cpu.toFixed(1)} CPU s)`;
  for (let r = 0; r < ROUNDS; r++) {
    const save = (name) => (r === 0 ? join(dir, name) : '-');
    ours.push(runOurs(save('ours.npy')));
    if (BEFORE) before.push(runOurs('-', BEFORE));
    peer.push(JSON.parse(py(CCDPROC, [MEM, save('ccdproc.npy'), ...files], 'ccdproc.combine')));
    const was = BEFORE ? `, before ${fmt(before.at(-1))}` : '';
    console.log(`  round ${r + 1}: ours ${fmt(ours.at(-1))}${was}, ccdproc ${fmt(peer.at(-1))} (load ${loadavg()[0].toFixed(2)})`);
  }
  const [diff, total] = py(COMPARE, [join(dir, 'ours.npy'), join(dir, 'ccdproc.npy')], 'comparing').split(' ').map(Number);
  rmSync(join(dir, 'ours.npy'));
  rmSync(join(dir, 'ccdproc.npy'));

  // Robust statistics of one frame, ours and astropy's alternating.
  const { readFits } = await import(dist);
  const frame = (await readFits(files[0])).data;
  const stat = { sigmaClippedStats: [[], []], biweightLocation: [[], []] };
  let values = null;
  for (let r = 0; r < 2; r++) {
    for (let i = 0; i < STAT_REPEAT; i++) {
      t = performance.now();
      const s = await frame.sigmaClippedStats();
      stat.sigmaClippedStats[0].push((performance.now() - t) / 1000);
      t = performance.now();
      const b = await frame.biweightLocation();
      stat.biweightLocation[0].push((performance.now() - t) / 1000);
      values = [s.mean, s.median, s.std, b];
    }
    const p = JSON.parse(py(ASTROPY_STATS, [files[0], STAT_REPEAT], 'astropy statistics'));
    stat.sigmaClippedStats[1].push(...p.sigmaClippedStats);
    stat.biweightLocation[1].push(...p.biweightLocation);
    if (p.values.some((v, i) => v !== values[i])) console.log(`  NOTE: values differ: ours ${values} astropy ${p.values}`);
  }

  const load = loadavg().map((x) => x.toFixed(2)).join(' ');
  const row = (name, a, b, extra = '') => `| ${name.padEnd(44)} | ${a.toFixed(3).padStart(9)} | ${b.toFixed(3).padStart(9)} | ${(b / a).toFixed(1).padStart(5)}x |${extra}`;
  const oursT = median(ours.map((x) => x.seconds));
  const peerT = median(peer.map((x) => x.seconds));
  const oursRss = Math.max(...ours.map((x) => mb(x.maxRss)));
  const peerRss = Math.max(...peer.map((x) => mb(x.maxRss)));
  console.log(`\n| operation (median seconds)                   |      ours |      peer | ratio | peak RSS ours / peer (MB)`);
  console.log(`|----------------------------------------------|-----------|-----------|-------|--------------------------`);
  console.log(row(`combine ${FRAMES}x${N}² avg 5σ median/madStd`, oursT, peerT, ` ${oursRss.toFixed(0)} / ${peerRss.toFixed(0)}`));
  if (BEFORE) {
    const rss = Math.max(...before.map((x) => mb(x.maxRss)));
    console.log(row('combine, the before build', median(before.map((x) => x.seconds)), peerT, ` ${rss.toFixed(0)} / ${peerRss.toFixed(0)}`));
  }
  console.log(row(`sigmaClippedStats ${N}² float32`, median(stat.sigmaClippedStats[0]), median(stat.sigmaClippedStats[1])));
  console.log(row(`biweightLocation ${N}² float32`, median(stat.biweightLocation[0]), median(stat.biweightLocation[1])));
  const vsLimit = (rss) => {
    const d = rss - MEM / 2 ** 20;
    return d > 0 ? `exceeds it by ${d.toFixed(0)} MiB` : `is ${(-d).toFixed(0)} MiB under it`;
  };
  console.log(`\nmemLimit ${(MEM / 2 ** 20).toFixed(0)} MiB: our peak RSS (Node process and addon baseline included) ${vsLimit(oursRss)}; ccdproc's ${vsLimit(peerRss)}.`);
  console.log(`combine results: ${diff} of ${total} pixels differ between ours and ccdproc's (NaN equal to NaN).`);
  console.log(`statistics values equal to astropy's: ${values.join(', ')}`);
  const cpuOf = (xs) => median(xs.map((x) => x.cpu));
  const beforeCpu = BEFORE ? `, the before build ${cpuOf(before).toFixed(1)}` : '';
  console.log(`combine CPU seconds (median): ours ${cpuOf(ours).toFixed(1)} on the pool's threads${beforeCpu}, ccdproc ${cpuOf(peer).toFixed(1)}; Python peers at nice ${PEER_NICE}.`);
  console.log(`load average (1, 5, 15 min) at the end: ${load}; ${availableParallelism()} cores.`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
