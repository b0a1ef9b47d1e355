// Summaries, the performance targets of issue 4 (PASS/FAIL), and the printed
// tables. Pure functions over the harness's results object.

import { WORKLOADS, fileBytes } from './workloads.mjs';

export function median(xs) {
  const a = xs.filter((x) => Number.isFinite(x)).sort((x, y) => x - y);
  if (a.length === 0) return NaN;
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
}

const MB = 1024 * 1024;
const fmtS = (ms) => (Number.isFinite(ms) ? (ms / 1000).toFixed(3) : '-');
const fmtMs = (ms) => (Number.isFinite(ms) ? ms.toFixed(1) : '-');
const fmtMB = (b) => (Number.isFinite(b) ? (b / MB).toFixed(0) : '-');
const fmtX = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}x` : '-');

/** Per-peer summary of its runs (successful runs only for the timings). */
export function summarizeRuns(runs) {
  const good = runs.filter((r) => r.ok);
  const wall = good.map((r) => r.wallMs);
  const s = {
    okRuns: good.length,
    failedRuns: runs.length - good.length,
    medianMs: median(wall),
    minMs: Math.min(...wall),
    maxMs: Math.max(...wall),
    medianPipelineMs: median(good.map((r) => r.result?.pipelineMs)),
    medianCpuMs: median(good.map((r) => r.result?.cpuMs)),
    medianPeakRssBytes: median(good.map((r) => r.peakRssBytes)),
    maxPeakRssBytes: Math.max(...good.map((r) => r.peakRssBytes)),
    loadAvg: [Math.min(...runs.map((r) => r.loadBefore)), Math.max(...runs.map((r) => r.loadBefore))],
    outputsExistedBefore: [...new Set(runs.map((r) => (r.outputsBefore > 0 ? 'yes' : 'no')))].join('/'),
  };
  const loops = good.map((r) => r.result?.eventLoop).filter(Boolean);
  if (loops.length) {
    s.eventLoop = {
      medianP99Ms: median(loops.map((l) => l.p99Ms)),
      worstP99Ms: Math.max(...loops.map((l) => l.p99Ms)),
      maxMs: Math.max(...loops.map((l) => l.maxMs)),
    };
  }
  const inFlight = good.map((r) => r.result?.maxInFlight).filter(Number.isFinite);
  if (inFlight.length) s.maxInFlight = Math.max(...inFlight);
  const kernels = good.map((r) => r.result?.kernelMs).filter(Boolean);
  if (kernels.length) {
    s.kernelMs = {};
    for (const k of Object.keys(kernels[0])) s.kernelMs[k] = median(kernels.map((x) => x[k]));
  }
  return s;
}

/** Adds ratios against this library (peer median / bmp median; > 1: slower than bmp) and against the I/O floor. */
export function addRatios(peers, refName) {
  const ref = peers[refName]?.summary?.medianMs;
  const floor = peers.floor?.summary?.medianMs;
  for (const p of Object.values(peers)) {
    p.summary.vsRef = p.summary.medianMs / ref;
    p.summary.vsFloor = p.summary.medianMs / floor;
  }
}

function target(name, value, op, threshold, unit = '', note = '') {
  const ok = Number.isFinite(value) ? (op === '>=' ? value >= threshold : value <= threshold) : null;
  return { name, value, op, threshold, unit, note, pass: ok === null ? 'n/a' : ok ? 'PASS' : 'FAIL' };
}

/** The targets of issue 4, from whatever workloads were run. */
export function computeTargets(results) {
  const W = results.workloads;
  const t = [];
  const sm = (w, p) => W[w]?.peers?.[p]?.summary;
  const base = results.baseline?.summary;
  const noisy = 'seed-noisy';
  if (W[noisy]) {
    const b = sm(noisy, 'bmp');
    t.push(target('seed-noisy: Python original / bmp', sm(noisy, 'python')?.medianMs / b?.medianMs, '>=', 3, 'x'));
    t.push(target('seed-noisy: pure-JS pool / bmp', sm(noisy, 'js-pool')?.medianMs / b?.medianMs, '>=', 4, 'x'));
    t.push(target('seed-noisy: bmp / I/O floor', b?.medianMs / sm(noisy, 'floor')?.medianMs, '<=', 1.6, 'x'));
  }
  for (const w of ['seed-noisy', 'seed-const']) {
    const b = sm(w, 'bmp');
    if (!b) continue;
    t.push(target(`${w}: bmp event-loop delay p99 (median of runs; incl. 1 ms timer)`, b.eventLoop?.medianP99Ms, '<=', 5, ' ms',
      `worst run p99 ${fmtMs(b.eventLoop?.worstP99Ms)} ms, max ${fmtMs(b.eventLoop?.maxMs)} ms`));
    const budget = (b.maxInFlight ?? NaN) * 2.5 * fileBytes(w);
    const above = b.medianPeakRssBytes - (base?.medianPeakRssBytes ?? NaN);
    t.push(target(`${w}: bmp peak RSS above Node baseline (MB)`, above / MB, '<=', budget / MB, ' MB',
      `${b.maxInFlight} files in flight x 2.5 x ${(fileBytes(w) / 1e6).toFixed(1)} MB; baseline ${fmtMB(base?.medianPeakRssBytes)} MB`));
  }
  if (W['tiny-1000']) {
    const b = sm('tiny-1000', 'bmp');
    t.push(target('tiny-1000: Python original / bmp', sm('tiny-1000', 'python')?.medianMs / b?.medianMs, '>=', 4, 'x'));
    const n = WORKLOADS['tiny-1000'].count;
    const perFile = (b?.medianMs - (base?.startupMs ?? NaN)) / n;
    const floor = sm('tiny-1000', 'floor');
    t.push(target('tiny-1000: bmp per-file time (wall - Node startup) / files', perFile, '<=', 0.5, ' ms',
      `beyond the I/O floor: ${fmtMs(((b?.medianMs - floor?.medianMs) / n) * 1000)} us/file`));
  }
  t.push(...issue17Targets(results));
  if (W['files-100'] && W[noisy]) {
    const b100 = sm('files-100', 'bmp');
    const b10 = sm(noisy, 'bmp');
    t.push(target('files-100 / seed-noisy: bmp pipeline time (in process)', b100?.medianPipelineMs / b10?.medianPipelineMs, '<=', 10.5, 'x',
      `whole-process wall ratio ${fmtX(b100?.medianMs / b10?.medianMs)}`));
  }
  if (W['big-1.6g']) {
    const k1 = sm('big-1.6g', 'bmp-t1')?.kernelMs;
    const k2 = sm('big-1.6g', 'bmp-t2')?.kernelMs;
    const c = sm('big-1.6g', 'cpu-calib')?.kernelMs;
    const note = c ? `cpu-calib: pure compute ${fmtX((2 * c.one) / c.two)} on 2 threads` : '';
    for (const k of ['median', 'mean']) {
      t.push(target(`big-1.6g: ${k} speed-up, 2 threads vs 1`, k1?.[k] / k2?.[k], '>=', 1.7, 'x', note));
    }
  }
  return t;
}

/** The targets of issue 17 (whole-process medians of the same run). */
function issue17Targets(results) {
  const W = results.workloads;
  const sm = (w, p) => W[w]?.peers?.[p]?.summary;
  const t = [];
  if (W['seed-noisy']) {
    t.push(target('seed-noisy: bmp / plain std-only Rust (issue 17)', sm('seed-noisy', 'bmp')?.medianMs / sm('seed-noisy', 'rust-plain')?.medianMs, '<=', 1.25, 'x'));
  }
  if (W['tiny-1000']) {
    const b = sm('tiny-1000', 'bmp')?.medianMs;
    t.push(target('tiny-1000: Python original / bmp (issue 17: faster)', sm('tiny-1000', 'python')?.medianMs / b, '>=', 1, 'x'));
    t.push(target('tiny-1000: piscina pool / bmp (issue 17: faster)', sm('tiny-1000', 'js-pool')?.medianMs / b, '>=', 1, 'x'));
    t.push(target('tiny-1000: bmp / I/O floor (issue 17)', b / sm('tiny-1000', 'floor')?.medianMs, '<=', 1.6, 'x'));
  }
  if (W['ccd-reduce']) {
    const py = sm('ccd-reduce', 'python')?.medianMs;
    const budget = results.ccdBudget?.memAvailable;
    for (const p of ['bmp', 'bmp-workers']) {
      const s = sm('ccd-reduce', p);
      if (!s) continue;
      t.push(target(`ccd-reduce: Python (ccdproc) / ${p}`, py / s.medianMs, '>=', 4, 'x'));
      t.push(target(`ccd-reduce: ${p} peak RSS (MB) within the run's memAvailable`, s.maxPeakRssBytes / MB, '<=', budget / MB, ' MB', 'worst run'));
    }
  }
  return t;
}

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows.map((r) => r.map((v, c) => String(v).padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

export function formatReport(results) {
  const out = [];
  const m = results.meta;
  out.push(`bigmultipipe bench — ${m.date} — node ${m.node}, ${m.cpus} CPUs, commit ${m.commit}`);
  out.push(`${m.runs} run(s) per peer, peers alternated run by run; outputs ${m.outputsMode === 'fresh' ? 'removed (and sync) before every run: every run writes new files' : 'left in place: runs after the first replace existing files'}`);
  if (results.python?.reason) out.push(`Python peers skipped: ${results.python.reason}`);
  else if (results.python?.versions) {
    const v = results.python.versions;
    out.push(`Python peer: bigmultipipe ${v.bigmultipipe}, numpy ${v.numpy}, astropy ${v.astropy}, ccdproc ${v.ccdproc} (local venv)`);
  }
  if (results.rust?.reason && results.rust.reason !== 'not needed') out.push(`rust-plain peer skipped: ${results.rust.reason}`);
  const base = results.baseline?.summary;
  const what = results.baseline?.lib ? 'node importing bigmultipipe, one tiny native call' : 'bare node: the library could not be loaded';
  if (base) out.push(`Node baseline (${what}): peak RSS ${fmtMB(base.medianPeakRssBytes)} MB, startup ${fmtMs(base.startupMs)} ms`);
  for (const [name, w] of Object.entries(results.workloads)) {
    out.push('', `== ${name}: ${WORKLOADS[name].title}`);
    if (WORKLOADS[name].kind !== 'array') {
      const rows = [['peer', 'median s', 'min-max s', 'in-process s', 'CPU s', 'peak RSS MB', 'vs bmp', 'vs floor', 'loop p99/max ms', 'outputs existed', 'check']];
      for (const [p, r] of Object.entries(w.peers)) {
        const s = r.summary;
        rows.push([p, fmtS(s.medianMs), `${fmtS(s.minMs)}-${fmtS(s.maxMs)}`, fmtS(s.medianPipelineMs), fmtS(s.medianCpuMs), fmtMB(s.medianPeakRssBytes), fmtX(s.vsRef),
          fmtX(s.vsFloor), s.eventLoop ? `${fmtMs(s.eventLoop.medianP99Ms)}/${fmtMs(s.eventLoop.maxMs)}` : '-', s.outputsExistedBefore, r.check]);
      }
      out.push(table(rows), "('vs bmp' = peer median / bmp median: above 1 means slower than this library; 'vs floor' = peer median / I/O floor median)");
      if (w.peers['bmp-before']) out.push(`(bmp-before: the library before issue 17's changes (${results.before}), in the same run)`);
    } else {
      const rows = [['config', 'read ms', 'median ms', 'mean ms', 'x*10 ms', 'wall s', 'peak RSS MB', 'check']];
      for (const [p, r] of Object.entries(w.peers)) {
        const s = r.summary;
        const k = s.kernelMs ?? {};
        if (p === 'cpu-calib') continue;
        rows.push([p, fmtMs(k.read), fmtMs(k.median), fmtMs(k.mean), fmtMs(k.mul), fmtS(s.medianMs), fmtMB(s.medianPeakRssBytes), r.check]);
      }
      out.push(table(rows));
      const calib = w.peers['cpu-calib']?.summary?.kernelMs;
      if (calib) out.push(`(cpu-calib: a pure-compute loop ran ${fmtX((2 * calib.one) / calib.two)} faster on 2 threads than on 1; 2.00x = two free cores)`);
    }
    const loads = Object.values(w.peers).flatMap((p) => p.summary.loadAvg);
    out.push(`(1-min load average before the runs: ${Math.min(...loads).toFixed(2)}-${Math.max(...loads).toFixed(2)}: other work on the machine)`);
  }
  out.push('', '== targets (issues 4 and 17)');
  const trows = [['target', 'value', 'limit', 'result', 'note']];
  for (const t of results.targets) {
    const v = Number.isFinite(t.value) ? `${t.value.toFixed(2)}${t.unit}` : '-';
    trows.push([t.name, v, `${t.op} ${Number(t.threshold.toFixed(2))}${t.unit}`, t.pass, t.note]);
  }
  out.push(table(trows));
  return out.join('\n');
}
