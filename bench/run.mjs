#!/usr/bin/env node
// The benchmark harness (issue 4): `npm run bench -- [options]`.
// Generates the workloads' inputs once, then runs every peer as a whole
// process, alternating peers run by run, and reports median wall time,
// min-max, peak RSS of the process tree, ratios against this library, the
// library's event-loop delay, and PASS/FAIL per target. Writes JSON too.

import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runMeasured } from './lib/proc.mjs';
import { CCD_BUDGET, ccdJob, checkCcdRun } from './lib/ccd-job.mjs';
import { ensurePythonVenv } from './lib/python.mjs';
import { ensureRustPlain } from './lib/rust-plain.mjs';
import { addRatios, computeTargets, formatReport, median, summarizeRuns } from './lib/report.mjs';
import { DEFAULT_DATA_DIR, SEED_KWARGS, WORKLOADS, ensureData, expectedPout, fileBytes, inputNames } from './lib/workloads.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const peerPath = (f) => join(here, 'peers', f);

const HELP = `usage: npm run bench -- [options]
  -w, --workload <names>  comma-separated, or 'all' (default): ${Object.keys(WORKLOADS).join(', ')}
  -r, --runs <n>          timed runs per peer (default 5)
  -p, --peers <names>     subset of: bmp, bmp-before, js-pool, python, rust-plain, floor (pipeline workloads);
                          bmp, bmp-workers, bmp-before, bmp-workers-before, python, floor (ccd-reduce);
                          bmp-t1, bmp-t2, numpy, cpu-calib (big-1.6g). Default: all
      --before <dir>      a package folder of the library as it was (dist/ and its .node at the root,
                          e.g. made by \`npm run bench:before\`): adds the *-before peers, run alongside
      --outputs <mode>    fresh (default): remove outputs and sync before every run;
                          existing: keep them (one untimed warm-up round first), so runs replace files
      --warmup <n>        untimed rounds before the timed ones (default 0)
      --data-dir <dir>    where inputs and outputs live (default ${DEFAULT_DATA_DIR}; env BMP_BENCH_DATA)
      --json <file>       results file (default bench/results/latest.json)
      --no-python         skip the Python peers (no venv set-up)
      --no-rust           skip the rust-plain peer (no cargo build)
      --floor-fsync       make the I/O floor fsync each file (only if the library does)
  -h, --help`;

const { values: opt } = parseArgs({
  options: {
    workload: { type: 'string', short: 'w', multiple: true },
    runs: { type: 'string', short: 'r', default: '5' },
    peers: { type: 'string', short: 'p' },
    outputs: { type: 'string', default: 'fresh' },
    warmup: { type: 'string', default: '0' },
    'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
    json: { type: 'string', default: join(here, 'results', 'latest.json') },
    'no-python': { type: 'boolean', default: false },
    'no-rust': { type: 'boolean', default: false },
    before: { type: 'string' },
    'floor-fsync': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opt.help) {
  console.log(HELP);
  process.exit(0);
}
const wanted = (opt.workload ?? ['all']).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
const workloads = wanted.includes('all') ? Object.keys(WORKLOADS) : wanted;
for (const w of workloads) {
  if (!WORKLOADS[w]) {
    console.error(`unknown workload '${w}'; known: ${Object.keys(WORKLOADS).join(', ')}`);
    process.exit(2);
  }
}
const runs = Number(opt.runs);
const warmup = Math.max(Number(opt.warmup), opt.outputs === 'existing' ? 1 : 0);
if (!Number.isInteger(runs) || runs < 1 || !['fresh', 'existing'].includes(opt.outputs)) {
  console.error(HELP);
  process.exit(2);
}
const peerFilter = opt.peers ? new Set(opt.peers.split(',').map((s) => s.trim())) : null;
const dataDir = resolve(opt['data-dir']);
const log = (...a) => console.error(...a); // progress on stderr; the report on stdout

// --- what can run -------------------------------------------------------------

function libraryExports() {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', "const m = await import('bigmultipipe'); console.log(Object.keys(m).join(','))"], {
    cwd: root, encoding: 'utf8',
  });
  return r.status === 0 ? new Set(r.stdout.trim().split(',')) : new Set();
}
const libExports = libraryExports();
const libPipeline = libExports.has('BigMultiPipe') && libExports.has('prunePout');
const libArrays = libExports.has('readNpy') && libExports.has('NdArray');
if (!libPipeline) log("note: 'bigmultipipe' does not resolve to a build exporting BigMultiPipe/prunePout (run `npm run build`); the bmp peer is skipped");
if (!libArrays) log("note: 'bigmultipipe' does not export readNpy/NdArray (run `npm run build`); bmp-t1/bmp-t2 and the library baseline are skipped");

const useful = (names) => names.filter((n) => !peerFilter || peerFilter.has(n));
const needPython = !opt['no-python'] && workloads.some((w) => useful(WORKLOADS[w].kind === 'array' ? ['numpy'] : ['python']).length > 0);
let python = { python: null, reason: opt['no-python'] ? 'disabled with --no-python' : 'not needed' };
if (needPython) {
  log('Python peer: checking the local venv ...');
  python = ensurePythonVenv(root, log);
  if (!python.python) log(`note: ${python.reason}`);
}

const before = opt.before ? resolve(opt.before) : null;
if (before && !existsSync(join(before, 'dist', 'index.js'))) {
  console.error(`--before ${before}: no dist/index.js there (make it with npm run bench:before)`);
  process.exit(2);
}
const needRust = !opt['no-rust'] && workloads.some((w) => WORKLOADS[w].kind === 'pipeline') && useful(['rust-plain']).length > 0;
const rust = needRust ? ensureRustPlain(root, log) : { bin: null, reason: 'not needed' };
if (needRust && !rust.bin) log(`note: ${rust.reason}`);

function peersFor(kind) {
  const node = process.execPath;
  const old = before && { BMP_LIB: before };
  const all = kind === 'pipeline'
    ? [
        libPipeline && { name: 'bmp', cmd: node, args: [peerPath('bmp.mjs')] },
        libPipeline && old && { name: 'bmp-before', cmd: node, args: [peerPath('bmp.mjs')], env: old },
        { name: 'js-pool', cmd: node, args: [peerPath('js-pool.mjs')] },
        python.python && { name: 'python', cmd: python.python, args: [peerPath('py_bmp.py')] },
        rust.bin && { name: 'rust-plain', cmd: rust.bin, args: [] },
        { name: 'floor', cmd: node, args: [peerPath('floor.mjs')] },
      ]
    : kind === 'ccd'
    ? [
        libPipeline && { name: 'bmp', cmd: node, args: [peerPath('bmp-ccd.mjs')] },
        libPipeline && { name: 'bmp-workers', cmd: node, args: [peerPath('bmp-ccd.mjs')], env: { BMP_CCD_EXECUTOR: 'workers' } },
        libPipeline && old && { name: 'bmp-before', cmd: node, args: [peerPath('bmp-ccd.mjs')], env: old },
        libPipeline && old && { name: 'bmp-workers-before', cmd: node, args: [peerPath('bmp-ccd.mjs')], env: { ...old, BMP_CCD_EXECUTOR: 'workers' } },
        python.python && { name: 'python', cmd: python.python, args: [peerPath('py_ccd.py')] },
        { name: 'floor', cmd: node, args: [peerPath('floor.mjs')] },
      ]
    : [
        libArrays && { name: 'bmp-t1', cmd: node, args: [peerPath('bmp-big.mjs')], env: { BIGMULTIPIPE_THREADS: '1' } },
        libArrays && { name: 'bmp-t2', cmd: node, args: [peerPath('bmp-big.mjs')], env: { BIGMULTIPIPE_THREADS: '2' } },
        python.python && { name: 'numpy', cmd: python.python, args: [peerPath('py_big.py')] },
        { name: 'cpu-calib', cmd: node, args: [peerPath('calib.mjs')] },
      ];
  return all.filter(Boolean).filter((p) => !peerFilter || peerFilter.has(p.name));
}

// --- helpers ---------------------------------------------------------------------

function listOutputs(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Reads every input once (16 MB at a time) so runs start from a warm page cache. */
function prewarm(files) {
  const buf = Buffer.allocUnsafe(16 << 20);
  for (const f of files) {
    const fd = openSync(f, 'r');
    while (readSync(fd, buf, 0, buf.length, null) > 0);
    closeSync(fd);
  }
}

const syncDisks = () => spawnSync('sync');
/** 1-minute load average: other work on the machine shows up here. */
const loadavg = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);

function checkRun(name, peer, run, reference, outdir) {
  if (run.code !== 0 || !run.result) return `exit ${run.code ?? run.signal}: ${run.stderr.trim().split('\n').slice(-2).join(' | ')}`;
  const res = run.result;
  const files = listOutputs(outdir);
  if (WORKLOADS[name].kind === 'ccd') return checkCcdRun(res, files, outdir, reference);
  if (WORKLOADS[name].kind === 'array') {
    const ref = reference.values;
    if (!ref || peer === 'cpu-calib') return null; // the calibration computes no array values
    for (const [k, v] of Object.entries(ref)) {
      const got = res.values?.[k];
      if (!(Math.abs(got - v) <= 1e-9 * Math.max(1, Math.abs(v)))) return `${k} = ${got}, expected ${v}`;
    }
    return null;
  }
  const expected = expectedPout(name);
  const temps = files.filter((f) => f.startsWith('.'));
  if (temps.length) return `temporary files left behind: ${temps.slice(0, 3).join(', ')}`;
  if (files.length !== expected.length) return `${files.length} outputs on disk, expected ${expected.length}`;
  const size = fileBytes(name);
  const wrong = files.find((f) => statSync(join(outdir, f)).size !== size);
  if (wrong) return `${wrong} has ${statSync(join(outdir, wrong)).size} bytes, expected ${size}`;
  if (peer === 'floor') return res.outputs === expected.length ? null : `${res.outputs} outputs reported`;
  const pout = res.pout ?? [];
  if (pout.length !== expected.length) return `${pout.length} pout entries, expected ${expected.length}`;
  for (let i = 0; i < expected.length; i++) {
    const [inB, outB, med] = expected[i];
    const [gi, go, gm, ga] = pout[i];
    if (gi !== inB || go !== outB) return `entry ${i}: ${gi} -> ${go}, expected ${inB} -> ${outB}`;
    if (med !== null && (gm !== med || ga !== med)) return `${inB}: median/average ${gm}/${ga}, expected ${med}`;
    const ref = reference.pout?.[i];
    if (ref && (gm !== ref[2] || !(Math.abs(ga - ref[3]) <= 1e-9 * Math.max(1, Math.abs(ref[3]))))) {
      return `${inB}: median/average ${gm}/${ga} differ from ${reference.peer}'s ${ref[2]}/${ref[3]}`;
    }
  }
  return null;
}

// --- run -----------------------------------------------------------------------

const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout?.trim() || '?';
const results = {
  meta: {
    date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, commit,
    runs, warmup, outputsMode: opt.outputs, dataDir, sync: opt.outputs === 'fresh', kwargs: SEED_KWARGS,
  },
  python: { versions: python.versions ?? null, reason: python.python ? null : python.reason },
  rust: { reason: rust.bin ? null : rust.reason },
  before,
  ccdBudget: CCD_BUDGET,
  baseline: null,
  workloads: {},
  targets: [],
};

// Node's own baseline RSS and start-up time, measured like the peers.
{
  const args = [peerPath('baseline.mjs'), ...(libArrays ? [] : ['--no-lib'])];
  const bruns = [];
  for (let i = 0; i < Math.max(3, runs); i++) bruns.push(await runMeasured(process.execPath, args, { cwd: root }));
  const ok = bruns.filter((r) => r.code === 0 && r.result);
  results.baseline = {
    lib: ok[0]?.result?.lib ?? false,
    runs: ok.map((r) => ({ wallMs: r.wallMs, peakRssBytes: r.peakRssBytes, idleMs: r.result.idleMs })),
    summary: {
      medianPeakRssBytes: median(ok.map((r) => r.peakRssBytes)),
      startupMs: median(ok.map((r) => r.wallMs - r.result.idleMs)),
    },
  };
  log(`baseline: peak RSS ${(results.baseline.summary.medianPeakRssBytes / 2 ** 20).toFixed(1)} MB, start-up ${results.baseline.summary.startupMs.toFixed(1)} ms`);
}

for (const name of workloads) {
  const w = WORKLOADS[name];
  const peers = peersFor(w.kind);
  log(`\n== ${name}: ${w.title}`);
  if (peers.length === 0) {
    log('  no peer can run; skipped');
    continue;
  }
  const jobPath = join(dataDir, `job-${name}.json`);
  if (w.kind === 'ccd') {
    const job = ccdJob(dataDir, log);
    prewarm([...job.inNames, ...Object.values(job.masters)]);
    writeFileSync(jobPath, JSON.stringify(job));
  } else {
    const inNames = ensureData(dataDir, name, log);
    prewarm(inNames);
    writeFileSync(jobPath, JSON.stringify({ workload: name, inNames, kwargs: SEED_KWARGS, expected: expectedPout(name), floorFsync: opt['floor-fsync'] }));
  }
  const entry = { peers: Object.fromEntries(peers.map((p) => [p.name, { runs: [], problems: [] }])) };
  results.workloads[name] = entry;
  const reference = {};
  const total = warmup + runs;
  for (let round = 0; round < total; round++) {
    const timed = round >= warmup;
    const order = peers.map((_, i) => peers[(i + round) % peers.length]); // rotate: alternate who goes first
    for (const peer of order) {
      const outdir = join(dataDir, 'out', name, peer.name);
      if (opt.outputs === 'fresh') rmSync(outdir, { recursive: true, force: true });
      mkdirSync(outdir, { recursive: true });
      const outputsBefore = listOutputs(outdir).length;
      if (opt.outputs === 'fresh') syncDisks();
      const loadBefore = loadavg();
      const run = await runMeasured(peer.cmd, [...peer.args, jobPath, outdir], { env: peer.env ?? {}, cwd: root });
      const problem = checkRun(name, peer.name, run, reference, outdir);
      const canRefer = peer.name !== 'rust-plain'; // the yardstick, not the reference answers
      if (!problem && canRefer && run.result && !reference.peer && (run.result.pout || Object.keys(run.result.values ?? {}).length)) {
        Object.assign(reference, { peer: peer.name, pout: run.result.pout, values: run.result.values });
      }
      const rec = {
        round, timed, ok: !problem, problem, wallMs: run.wallMs, peakRssBytes: run.peakRssBytes, peakRssSource: run.peakRssSource,
        maxProcs: run.maxProcs, outputsBefore, loadBefore, result: run.result ? { ...run.result, pout: undefined } : null,
      };
      log(`  ${timed ? `run ${round - warmup + 1}/${runs}` : 'warm-up'} ${peer.name.padEnd(8)} ${(run.wallMs / 1000).toFixed(3)} s  ` +
        `RSS ${(run.peakRssBytes / 2 ** 20).toFixed(0)} MB${problem ? `  PROBLEM: ${problem}` : ''}`);
      if (timed) entry.peers[peer.name].runs.push(rec);
      if (problem) entry.peers[peer.name].problems.push(problem);
    }
  }
  if (opt.outputs === 'fresh') rmSync(join(dataDir, 'out', name), { recursive: true, force: true });
  for (const p of Object.values(entry.peers)) {
    p.summary = summarizeRuns(p.runs);
    p.check = p.problems.length ? `PROBLEM (${p.problems.length}): ${p.problems[0]}` : 'ok';
  }
  addRatios(entry.peers, w.kind === 'array' ? 'bmp-t1' : 'bmp');
}

results.targets = computeTargets(results);
const text = formatReport(results);
console.log(`\n${text}`);
mkdirSync(dirname(resolve(opt.json)), { recursive: true });
writeFileSync(resolve(opt.json), JSON.stringify(results, (k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 1));
log(`\nresults written to ${resolve(opt.json)}`);
