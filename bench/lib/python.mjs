// The Python peer's environment: a local virtual environment (.bench-venv/ at
// the repository root, gitignored) with bigmultipipe 0.2.0 and numpy from
// PyPI, plus the pinned PEER_PINS below.
// Never relies on packages of the system Python. When python3, venv or
// PyPI is unavailable, says why and the Python peers are skipped.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const BMP_PY_VERSION = '0.2.0';
/**
 * The peers' libraries besides bigmultipipe and numpy, pinned as the
 * fixtures' are (scripts/requirements-fixtures.txt): astropy and ccdproc for
 * bench/combine.mjs and ccd-reduce, scipy and astropy for bench/filters.mjs.
 */
export const PEER_PINS = { astropy: '8.0.2', ccdproc: '2.5.1', scipy: '1.17.1' };
const PINNED = Object.entries(PEER_PINS).map(([name, version]) => `${name}==${version}`);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim(), error: r.error };
}

const CHECK = `import importlib.metadata as m
print(m.version('bigmultipipe'), m.version('numpy'), ${Object.keys(PEER_PINS).map((n) => `m.version('${n}')`).join(', ')})`;

/**
 * Returns `{ python, versions }` (the venv's interpreter and what it runs),
 * or `{ python: null, reason }` with a message explaining the skip.
 */
export function ensurePythonVenv(repoRoot, log = console.log) {
  const venv = join(repoRoot, '.bench-venv');
  const py = join(venv, 'bin', 'python');
  const check = () => {
    const r = run(py, ['-c', CHECK]);
    if (!r.ok) return null;
    const [bmp, numpy, ...peers] = r.out.split(/\s+/);
    const pinned = bmp === BMP_PY_VERSION && Object.values(PEER_PINS).every((v, i) => peers[i] === v);
    return pinned ? { bigmultipipe: bmp, numpy, ...Object.fromEntries(Object.keys(PEER_PINS).map((n, i) => [n, peers[i]])) } : null;
  };
  if (existsSync(py)) {
    const v = check();
    if (v) return { python: py, versions: v };
  }
  const host = process.env.PYTHON ?? 'python3';
  const probe = run(host, ['--version']);
  if (!probe.ok) {
    return { python: null, reason: `no ${host} on PATH (${probe.error?.message ?? probe.out}); skipping the Python peers` };
  }
  if (!existsSync(py)) {
    log(`  creating the Python venv ${venv} (${probe.out}) ...`);
    const mk = run(host, ['-m', 'venv', venv]);
    if (!mk.ok) return { python: null, reason: `could not create a venv with ${host} -m venv: ${mk.out.split('\n').pop()}; skipping the Python peers` };
  }
  log(`  installing bigmultipipe==${BMP_PY_VERSION}, numpy, ${PINNED.join(', ')} into ${venv} from PyPI ...`);
  const pins = [`bigmultipipe==${BMP_PY_VERSION}`, 'numpy', ...PINNED];
  const pip = run(py, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...pins], {
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 10 * 60e3,
  });
  if (!pip.ok) {
    return { python: null, reason: `pip install failed (is PyPI reachable?): ${pip.out.split('\n').slice(-3).join(' | ')}; skipping the Python peers` };
  }
  const v = check();
  if (!v) return { python: null, reason: `the venv ${venv} still cannot import bigmultipipe ${BMP_PY_VERSION}, numpy, ${PINNED.join(', ')}; skipping the Python peers` };
  return { python: py, versions: v };
}
