#!/usr/bin/env node
// `npm run bench:before [-- <dir>]`: copies the current build (dist/, the
// native .node file, package.json) into a package folder (default
// $TMPDIR/bmp-before) that `npm run bench -- --before <dir>` runs as the
// *-before peers beside this build, in the same run: run it on the commit
// to compare against, before changing anything, then rebuild.

import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dest = resolve(process.argv[2] ?? join(tmpdir(), 'bmp-before'));
const natives = readdirSync(root).filter((f) => /^bigmultipipe\..+\.node$/.test(f));
if (!existsSync(join(root, 'dist', 'index.js')) || natives.length === 0) {
  console.error('make-before: build first (npm run build): dist/index.js and bigmultipipe.<platform>.node are needed');
  process.exit(2);
}
rmSync(dest, { recursive: true, force: true });
mkdirSync(dest, { recursive: true });
cpSync(join(root, 'dist'), join(dest, 'dist'), { recursive: true });
cpSync(join(root, 'package.json'), join(dest, 'package.json'));
for (const f of natives) cpSync(join(root, f), join(dest, f));
symlinkSync(join(root, 'node_modules'), join(dest, 'node_modules')); // its dependencies
const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
console.log(`copied the build of ${commit} to ${dest}; compare with: npm run bench -- --before ${dest}`);
