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
// pipeline's time), peak RSS of the process, the time from constructing the
// executor to its threads having loaded the pipeline module, and the load
// average. On example 2 it also runs workers started lazily (on the first
// file, as before eager start) and, in a second table, a second run in the
// same process on the same executor (threads already up): the run's own time.
//   usage: node bench/workers.mjs [--runs N] [--data-dir DIR] [--only js|seed]

import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runMeasured } from './lib/proc.mjs';
import { DEFAULT_DATA_DIR, ensureData } from './lib/workloads.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values: opt } = parseArgs({ options: { runs: { type: 'string', default: '3' }, 'data-dir': { type: 'string', default: DEFAULT_DATA_DIR }, only: { type: 'string' } } });
const runs = Number(opt.runs);
const log = (...a) => console.error(...a);
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const noisy = ensureData(opt['data-dir'], 'seed-noisy', log);
const workloads = {
  js: { title: 'JS dataProcess, 8 x 16 MB', inputs: noisy.slice(0, 8), modes: ['in-process', 'workers'] },
  seed: { title: 'seed example 2, 10 x 16 MB', inputs: noisy, modes: ['in-process', 'workers', 'workers-lazy'] },
  'seed-second': { title: 'seed example 2, second run', inputs: noisy, modes: ['in-process', 'workers'], second: true },
};
if (opt.only === 'js') for (const k of ['seed', 'seed-second']) delete workloads[k];
else if (opt.only === 'seed') delete workloads.js;
else if (opt.only !== undefined) throw new Error(`--only takes js or seed; got ${opt.only}`);
const modeTitle = { 'in-process': 'in-process', workers: 'workers (2)', 'workers-lazy': 'workers (2), lazy start' };
const outdir = join(opt['data-dir'], 'out', 'workers');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const results = {};
log(`load average before: ${loadavg()}`);
for (const [name, w] of Object.entries(workloads)) {
  const { modes } = w;
  for (let r = 0; r < runs; r++) {
    for (const mode of r % 2 === 0 ? modes : [...modes].reverse()) {
      rmSync(outdir, { recursive: true, force: true });
      mkdirSync(outdir, { recursive: true });
      const load = loadavg();
      if (w.second) process.env.BMP_BENCH_SECOND_RUN = '1';
      else delete process.env.BMP_BENCH_SECOND_RUN;
      const m = await runMeasured(process.execPath, [join(here, 'peers', 'workers-run.mjs'), name === 'js' ? 'js' : 'seed', mode, outdir, ...w.inputs]);
      if (m.code !== 0 || !m.result) throw new Error(`${name}/${mode} failed (code ${m.code}): ${m.stderr}`);
      const row = {
        wallMs: w.second ? m.result.secondMs : m.wallMs,
        cpuPct: (100 * m.result.cpuMs) / m.result.ms,
        rssMb: m.peakRssBytes / 2 ** 20,
        budgetMb: m.result.budgetBytes / 2 ** 20,
        readyMs: m.result.readyMs,
        load,
        medians: m.result.medians,
      };
      (results[`${name}/${mode}`] ??= []).push(row);
      log(`  ${name}/${mode} run ${r + 1}: ${(row.wallMs / 1000).toFixed(2)} s, ${row.cpuPct.toFixed(0)}% CPU, ${row.rssMb.toFixed(0)} MB peak RSS${row.readyMs === null ? '' : `, threads ready ${row.readyMs.toFixed(0)} ms after construction`} (load ${load})`);
    }
  }
  const a = results[`${name}/in-process`];
  for (const mode of modes) {
    if (JSON.stringify(a[0].medians) !== JSON.stringify(results[`${name}/${mode}`][0].medians)) throw new Error(`${name}: ${mode}'s metadata differs from in-process'`);
  }
}

const secs = (ms) => (ms / 1000).toFixed(ms < 1000 ? 3 : 2);
function table(names, head, cells) {
  const rows = [];
  for (const name of names) {
    const base = median(results[`${name}/in-process`].map((r) => r.wallMs));
    for (const mode of workloads[name].modes) {
      const rs = results[`${name}/${mode}`];
      const wall = median(rs.map((r) => r.wallMs));
      const ready = rs.map((r) => r.readyMs).filter((x) => x !== null);
      rows.push([
        workloads[name].title, modeTitle[mode],
        `${secs(wall)} s`,
        `${secs(Math.min(...rs.map((r) => r.wallMs)))}-${secs(Math.max(...rs.map((r) => r.wallMs)))}`,
        `${(base / wall).toFixed(2)}x`,
        ...cells(rs, ready),
      ]);
    }
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}
console.log(`${runs} run(s) each, alternating; whole process (spawn to exit); load average after: ${loadavg()}`);
table(['js', 'seed'].filter((n) => n in workloads), ['workload', 'executor', 'wall (median)', 'min-max', 'speed-up', 'CPU', 'peak RSS', 'budget', 'threads ready'], (rs, ready) => [
  `${median(rs.map((r) => r.cpuPct)).toFixed(0)}%`,
  `${Math.max(...rs.map((r) => r.rssMb)).toFixed(0)} MB`,
  `${rs[0].budgetMb.toFixed(0)} MB`,
  ready.length > 0 ? `${median(ready).toFixed(0)} ms` : '-',
]);
if ('seed-second' in workloads) console.log('\nA second run in the same process, on the same executor (its threads already up): the run alone');
if ('seed-second' in workloads) table(['seed-second'], ['workload', 'executor', 'run (median)', 'min-max', 'speed-up'], () => []);
