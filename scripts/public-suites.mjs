#!/usr/bin/env node
// Lists the vitest suites that exercise only the public API: every file they
// import (transitively, within __test__/) reaches src/ only through
// src/index.js, and none starts a child script of its own (a child would load
// src/ directly). scripts/pack-check.sh runs these against the installed
// package (scripts/vitest.installed.config.ts maps src/index.js to it).
// Usage: node scripts/public-suites.mjs [--why]   (--why: also list the others and why)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tests = join(root, '__test__');
const src = join(root, 'src');
const entry = join(src, 'index');

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)],
  );
}

/** Why `file` (and what it imports from __test__/) is not public-API only, or null. */
function reason(file, seen = new Set()) {
  if (seen.has(file)) return null;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  if (/['"][^'"]+\.ts['"]/.test(text.replace(/from\s+['"][^'"]+['"]/g, ''))) {
    return `${relative(root, file)} starts a .ts child script`;
  }
  for (const [, spec] of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)) {
    const target = resolve(dirname(file), spec).replace(/\.js$/, '');
    if (target.startsWith(src + '/') || target === src) {
      if (target !== entry) return `${relative(root, file)} imports ${spec}`;
    } else if (target.startsWith(tests + '/')) {
      const next = [`${target}.ts`, join(target, 'index.ts')].find(existsSync);
      const why = next ? reason(next, seen) : null;
      if (why) return why;
    }
  }
  return null;
}

const specs = walk(tests).filter((f) => f.endsWith('.spec.ts')).sort();
const why = process.argv.includes('--why');
for (const spec of specs) {
  const r = reason(spec);
  if (r === null) console.log(relative(root, spec));
  else if (why) console.error(`not public-API only: ${relative(root, spec)} (${r})`);
}
