#!/usr/bin/env node
// `npm run bench:workers` (issue 10): in-process vs WorkerExecutor (2 workers),
// each run a whole process, alternating, on
//  - js:   8 files of 16 MB, a dataProcess in plain JavaScript (30 passes of
//          Math.sqrt/Math.sin over data.data) — the goal: >= 1.8x faster and
//          >= 180% CPU with workers;
//  - seed: the seed's example 2 (native array operations) on 10 files of
//          16 MB — the goal: workers no slower than in-process by more than
//          10%, peak RSS within the memory budget.
// Reports median wall time (spawn to exit), CPU% (process CPU time over the
// pipeline's time), peak RSS of the process, and the load average.
//   usage: node bench/workers.mjs [--runs N] [--data-dir DIR]

import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runMeasured } from './lib/proc.mjs';
import { DEFAULT_DATA_DIR, ensureData } from './lib/workloads.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values: opt } = parseArgs({ options: { runs: { type: 'string', default: '3' }, 'data-dir': { type: 'string', default: DEFAULT_DATA_DIR } } });
const runs = Number(opt.runs);
const log = (...a) => console.error(...a);
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const noisy = ensureData(opt['data-dir'], 'seed-noisy', log);
const workloads = {
  js: { title: 'JS dataProcess, 8 x 16 MB', inputs: noisy.slice(0, 8) },
  seed: { title: 'seed example 2, 10 x 16 MB', inputs: noisy },
};
const modes = ['in-process', 'workers'];
const outdir = join(opt['data-dir'], 'out', 'workers');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const results = {};
log(`load average before: ${loadavg()}`);
for (const [name, w] of Object.entries(workloads)) {
  for (let r = 0; r < runs; r++) {
    for (const mode of r % 2 === 0 ? modes : [...modes].reverse()) {
      rmSync(outdir, { recursive: true, force: true });
      mkdirSync(outdir, { recursive: true });
      const load = loadavg();
      const m = await runMeasured(process.execPath, [join(here, 'peers', 'workers-run.mjs'), name, mode, outdir, ...w.inputs]);
      if (m.code !== 0 || !m.result) throw new Error(`${name}/${mode} failed (code ${m.code}): ${m.stderr}`);
      const row = { wallMs: m.wallMs, cpuPct: (100 * m.result.cpuMs) / m.result.ms, rssMb: m.peakRssBytes / 2 ** 20, budgetMb: m.result.budgetBytes / 2 ** 20, load, medians: m.result.medians };
      (results[`${name}/${mode}`] ??= []).push(row);
      log(`  ${name}/${mode} run ${r + 1}: ${(row.wallMs / 1000).toFixed(2)} s, ${row.cpuPct.toFixed(0)}% CPU, ${row.rssMb.toFixed(0)} MB peak RSS (load ${load})`);
    }
  }
  const a = results[`${name}/in-process`];
  const b = results[`${name}/workers`];
  if (JSON.stringify(a[0].medians) !== JSON.stringify(b[0].medians)) throw new Error(`${name}: workers' metadata differs from in-process'`);
}

const rows = [];
for (const name of Object.keys(workloads)) {
  const base = median(results[`${name}/in-process`].map((r) => r.wallMs));
  for (const mode of modes) {
    const rs = results[`${name}/${mode}`];
    const wall = median(rs.map((r) => r.wallMs));
    rows.push([
      workloads[name].title, mode,
      `${(wall / 1000).toFixed(2)} s`,
      `${(Math.min(...rs.map((r) => r.wallMs)) / 1000).toFixed(2)}-${(Math.max(...rs.map((r) => r.wallMs)) / 1000).toFixed(2)}`,
      `${(base / wall).toFixed(2)}x`,
      `${median(rs.map((r) => r.cpuPct)).toFixed(0)}%`,
      `${Math.max(...rs.map((r) => r.rssMb)).toFixed(0)} MB`,
      `${rs[0].budgetMb.toFixed(0)} MB`,
    ]);
  }
}
const head = ['workload', 'executor', 'wall (median)', 'min-max', 'speed-up', 'CPU', 'peak RSS', 'budget'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(`${runs} run(s) each, alternating; whole process (spawn to exit); load average after: ${loadavg()}`);
console.log(line(head));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
