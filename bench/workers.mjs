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
// file, as before eager start), one worker thread instead of two, and, in a
// second table, a second run in the same process on the same executor
// (threads already up): the run's own time. CPU time is the process's, from
// its start of work (all threads), the figure to compare on a loaded machine.
// `--only floor`: the start-up cost of one thread (process CPU time with two
// threads started and ended, less without, halved): Node's own bootstrap of a
// worker, and a WorkerExecutor's thread until it has loaded example 2's module.
// `--node A,B`: run every measured process under these Node binaries in turn
// (default: this one), a table for each.
//   usage: node bench/workers.mjs [--runs N] [--data-dir DIR] [--only js|seed|floor] [--node PATH,...]

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runMeasured } from './lib/proc.mjs';
import { DEFAULT_DATA_DIR, ensureData } from './lib/workloads.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values: opt } = parseArgs({ options: { runs: { type: 'string', default: '3' }, 'data-dir': { type: 'string', default: DEFAULT_DATA_DIR }, only: { type: 'string' }, node: { type: 'string' } } });
const runs = Number(opt.runs);
const log = (...a) => console.error(...a);
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const noisy = ensureData(opt['data-dir'], 'seed-noisy', log);
const workloads = {
  js: { title: 'JS dataProcess, 8 x 16 MB', inputs: noisy.slice(0, 8), modes: ['in-process', 'workers'] },
  seed: { title: 'seed example 2, 10 x 16 MB', inputs: noisy, modes: ['in-process', 'workers', 'workers-lazy', 'workers-1'] },
  'seed-second': { title: 'seed example 2, second run', inputs: noisy, modes: ['in-process', 'workers'], second: true },
};
const groups = { js: ['js'], seed: ['seed', 'seed-second'], floor: [] };
if (opt.only !== undefined && !(opt.only in groups)) throw new Error(`--only takes js, seed or floor; got ${opt.only}`);
for (const k of Object.keys(workloads)) if (opt.only !== undefined && !groups[opt.only].includes(k)) delete workloads[k];
const wantFloor = opt.only === undefined || opt.only === 'floor';
const nodes = opt.node ? opt.node.split(',') : [process.execPath];
const modeTitle = { 'in-process': 'in-process', workers: 'workers (2)', 'workers-lazy': 'workers (2), lazy start', 'workers-1': 'workers (1)' };
const outdir = join(opt['data-dir'], 'out', 'workers');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const secs = (ms) => (ms / 1000).toFixed(ms < 1000 ? 3 : 2);
const cell = (x, digits = 0) => x.toFixed(digits);

/** Prints a markdown table of `rows` under `head`. */
function printTable(head, rows) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

/** The workloads under the Node binary `node`, alternating modes; returns their rows by `workload/mode`. */
async function measureWorkloads(node) {
  const results = {};
  for (const [name, w] of Object.entries(workloads)) {
    const { modes } = w;
    for (let r = 0; r < runs; r++) {
      for (const mode of r % 2 === 0 ? modes : [...modes].reverse()) {
        rmSync(outdir, { recursive: true, force: true });
        mkdirSync(outdir, { recursive: true });
        const load = loadavg();
        const env = { BMP_BENCH_SECOND_RUN: w.second ? '1' : '' };
        const m = await runMeasured(node, [join(here, 'peers', 'workers-run.mjs'), name === 'js' ? 'js' : 'seed', mode, outdir, ...w.inputs], { env });
        if (m.code !== 0 || !m.result) throw new Error(`${name}/${mode} failed (code ${m.code}): ${m.stderr}`);
        const row = {
          wallMs: w.second ? m.result.secondMs : m.wallMs,
          cpuMs: m.result.cpuMs,
          cpuPct: (100 * m.result.cpuMs) / m.result.ms,
          rssMb: m.peakRssBytes / 2 ** 20,
          budgetMb: m.result.budgetBytes / 2 ** 20,
          readyMs: m.result.readyMs,
          load,
          medians: m.result.medians,
        };
        (results[`${name}/${mode}`] ??= []).push(row);
        log(`  ${name}/${mode} run ${r + 1}: ${(row.wallMs / 1000).toFixed(2)} s, ${row.cpuPct.toFixed(0)}% CPU (${row.cpuMs.toFixed(0)} ms), ${row.rssMb.toFixed(0)} MB peak RSS${row.readyMs === null ? '' : `, threads ready ${row.readyMs.toFixed(0)} ms after construction`} (load ${load})`);
      }
    }
    const a = results[`${name}/in-process`];
    for (const mode of modes) {
      if (JSON.stringify(a[0].medians) !== JSON.stringify(results[`${name}/${mode}`][0].medians)) throw new Error(`${name}: ${mode}'s metadata differs from in-process'`);
    }
  }
  return results;
}

/** The rows of the workloads `names` in `results`, each mode against in-process. */
function workloadRows(results, names, cells) {
  const rows = [];
  for (const name of names) {
    const base = median(results[`${name}/in-process`].map((r) => r.wallMs));
    for (const mode of workloads[name].modes) {
      const rs = results[`${name}/${mode}`];
      const wall = median(rs.map((r) => r.wallMs));
      rows.push([
        workloads[name].title, modeTitle[mode],
        `${secs(wall)} s`,
        `${secs(Math.min(...rs.map((r) => r.wallMs)))}-${secs(Math.max(...rs.map((r) => r.wallMs)))}`,
        `${(base / wall).toFixed(2)}x`,
        ...cells(rs),
      ]);
    }
  }
  return rows;
}

/** Start-up cost per thread under `node` (see the header): process CPU with 2 threads less with none, halved. */
async function measureFloor(node) {
  const got = { none: [], bare: [], ours: [] };
  for (let r = 0; r < Math.max(runs, 5); r++) {
    for (const kind of r % 2 === 0 ? ['none', 'bare', 'ours'] : ['ours', 'bare', 'none']) {
      const m = await runMeasured(node, [join(here, 'peers', 'workers-run.mjs'), 'floor', kind, '2']);
      if (m.code !== 0 || !m.result) throw new Error(`floor/${kind} failed (code ${m.code}): ${m.stderr}`);
      got[kind].push(m.result);
    }
  }
  const cpu = (kind) => median(got[kind].map((x) => x.cpuMs));
  const perThread = (kind) => (cpu(kind) - cpu('none')) / 2;
  return { bare: perThread('bare'), ours: perThread('ours'), readyMs: median(got.ours.map((x) => x.readyMs)), bareReadyMs: median(got.bare.map((x) => x.readyMs)) };
}

log(`load average before: ${loadavg()}`);
const floors = [];
for (const node of nodes) {
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  log(`node ${version} (${node})`);
  const results = await measureWorkloads(node);
  const floor = wantFloor ? await measureFloor(node) : undefined;
  const names = ['js', 'seed'].filter((n) => n in workloads);
  if (names.length > 0) {
    console.log(`\nNode ${version}: ${runs} run(s) each, alternating; whole process (spawn to exit); load average after: ${loadavg()}`);
    printTable(['workload', 'executor', 'wall (median)', 'min-max', 'speed-up', 'CPU', 'CPU time', 'peak RSS', 'budget', 'threads ready'], workloadRows(results, names, (rs) => {
      const ready = rs.map((r) => r.readyMs).filter((x) => x !== null);
      return [
        `${cell(median(rs.map((r) => r.cpuPct)))}%`,
        `${cell(median(rs.map((r) => r.cpuMs)))} ms`,
        `${cell(Math.max(...rs.map((r) => r.rssMb)))} MB`,
        `${cell(rs[0].budgetMb)} MB`,
        ready.length > 0 ? `${cell(median(ready))} ms` : '-',
      ];
    }));
  }
  if ('seed-second' in workloads) {
    console.log('\nA second run in the same process, on the same executor (its threads already up): the run alone');
    printTable(['workload', 'executor', 'run (median)', 'min-max', 'speed-up'], workloadRows(results, ['seed-second'], () => []));
  }
  const seedBase = results['seed/in-process'] && median(results['seed/in-process'].map((r) => r.wallMs));
  if (floor) floors.push([`Node ${version}`, `${cell(floor.bare, 1)} ms`, `${cell(floor.bareReadyMs)} ms`, `${cell(floor.ours, 1)} ms`, `${cell(floor.readyMs)} ms`, seedBase ? `${cell(seedBase / 10)} ms` : '-']);
}
if (floors.length > 0) {
  console.log(`\nStart-up of one worker thread (process CPU time with 2 threads started and ended, less without, halved; medians of ${Math.max(runs, 5)} runs; load average after: ${loadavg()})`);
  printTable(['node', "Node's bare worker: CPU", 'bare: 2 ready', 'WorkerExecutor thread to module loaded: CPU', 'executor: 2 ready', '10% of example 2 in-process'], floors);
}
