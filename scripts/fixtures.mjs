#!/usr/bin/env node
// Makes the generated test fixtures: every scripts/fixtures/*.py runs in a
// local virtual environment (.fixtures-venv, gitignored) holding the
// reference libraries pinned in scripts/requirements-fixtures.txt, and writes
// under target/fixtures/ (never committed: a script can make them again).
// A generator runs again only when it or the requirements changed.
// Usage: node scripts/fixtures.mjs [--force]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const venv = join(root, '.fixtures-venv');
// A venv keeps its interpreter in Scripts\ on Windows (the release workflow tests there).
const python = process.platform === 'win32' ? join(venv, 'Scripts', 'python.exe') : join(venv, 'bin', 'python');
const requirements = join(root, 'scripts', 'requirements-fixtures.txt');
const generators = join(root, 'scripts', 'fixtures');
const out = join(root, 'target', 'fixtures');
const force = process.argv.includes('--force');

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`fixtures: ${what} failed (${r.error?.message ?? `exit ${r.status}`}).`);
    process.exit(1);
  }
}

const hash = (...texts) => createHash('sha256').update(texts.join('\0')).digest('hex').slice(0, 16);
const reqText = readFileSync(requirements, 'utf8');
const venvStamp = join(venv, '.requirements-hash');
if (!existsSync(python) || !existsSync(venvStamp) || readFileSync(venvStamp, 'utf8') !== hash(reqText)) {
  const host = process.env.PYTHON ?? 'python3';
  console.log(`fixtures: creating ${venv} with ${host} (needs Python 3.10+ with venv and pip, and access to PyPI)`);
  run(host, ['-m', 'venv', '--clear', venv], `${host} -m venv`);
  run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirements], 'pip install -r scripts/requirements-fixtures.txt');
  writeFileSync(venvStamp, hash(reqText));
}

mkdirSync(out, { recursive: true });
const scripts = existsSync(generators) ? readdirSync(generators).filter((f) => f.endsWith('.py')).sort() : [];
for (const name of scripts) {
  const file = join(generators, name);
  const stamp = join(out, `${name}.stamp`);
  const want = hash(readFileSync(file, 'utf8'), reqText);
  if (!force && existsSync(stamp) && readFileSync(stamp, 'utf8') === want) continue;
  const t = performance.now();
  run(python, [file, join(out, name.replace(/\.py$/, ''))], `scripts/fixtures/${name}`);
  writeFileSync(stamp, want);
  console.log(`fixtures: ${name} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
}
