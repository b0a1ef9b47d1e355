// Runs one peer as a whole process and measures it from outside: wall time
// (spawn to exit) and the peak RSS of the whole process tree, by polling
// /proc for the process and all its descendants. The peer reports its own
// findings as one line `BENCH_RESULT {json}` on stdout.

import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const PAGE_KB = 4; // only used for the statm fallback

function readStatus(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'latin1');
    const rss = /VmRSS:\s+(\d+) kB/.exec(s);
    const hwm = /VmHWM:\s+(\d+) kB/.exec(s);
    return { rssKb: rss ? Number(rss[1]) : 0, hwmKb: hwm ? Number(hwm[1]) : 0 };
  } catch {
    try {
      const f = readFileSync(`/proc/${pid}/statm`, 'latin1').split(' ');
      return { rssKb: Number(f[1]) * PAGE_KB, hwmKb: 0 };
    } catch {
      return null; // gone
    }
  }
}

/** All descendants of `root` (children of children...), from each /proc/<pid>/stat's ppid. */
function descendants(root) {
  const parent = new Map();
  for (const e of readdirSync('/proc')) {
    if (e.charCodeAt(0) < 48 || e.charCodeAt(0) > 57) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'latin1');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(e), Number(rest[1]));
    } catch {
      // process exited meanwhile
    }
  }
  const tree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parent) {
      if (!tree.has(pid) && tree.has(ppid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return tree;
}

/**
 * Spawns `cmd args` and resolves with
 * `{ code, signal, wallMs, peakRssBytes, peakRssSource, maxProcs, result, stdout, stderr }`.
 * `peakRssBytes` = max over samples of the summed VmRSS of the tree, raised to
 * the largest single-process VmHWM seen (an exact per-process peak that
 * sampling can miss) and to the peer's self-reported max RSS if any.
 */
export function runMeasured(cmd, args, { env, cwd, pollMs = 10, rescanMs = 100, timeoutMs = 30 * 60e3 } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    let tree = new Set([child.pid]);
    let lastScan = 0;
    let peakSumKb = 0;
    let peakHwmKb = 0;
    let maxProcs = 1;
    const sample = () => {
      const now = Date.now();
      if (now - lastScan >= rescanMs) {
        tree = descendants(child.pid);
        lastScan = now;
        maxProcs = Math.max(maxProcs, tree.size);
      }
      let sum = 0;
      for (const pid of tree) {
        const st = readStatus(pid);
        if (st === null) continue;
        sum += st.rssKb;
        if (st.hwmKb > peakHwmKb) peakHwmKb = st.hwmKb;
      }
      if (sum > peakSumKb) peakSumKb = sum;
    };
    sample();
    const timer = setInterval(sample, pollMs);
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearInterval(timer);
      clearTimeout(killer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      clearInterval(timer);
      clearTimeout(killer);
      let result = null;
      for (const line of stdout.split('\n')) {
        if (line.startsWith('BENCH_RESULT ')) result = JSON.parse(line.slice('BENCH_RESULT '.length));
      }
      const selfKb = result?.selfHwmKb ?? 0;
      const peakKb = Math.max(peakSumKb, peakHwmKb, selfKb);
      const peakRssSource = peakKb === peakSumKb ? 'tree-sum' : peakKb === peakHwmKb ? 'VmHWM' : 'self';
      resolve({ code, signal, wallMs, peakRssBytes: peakKb * 1024, peakRssSource, maxProcs, result, stdout, stderr });
    });
  });
}
