/**
 * How the native binary is found, and what the error says when it is not:
 * an explicit path (BIGMULTIPIPE_NATIVE_PATH) in this process, and the built
 * package installed into a scratch node_modules beside a prebuilt package of
 * a matching, a different, or no version, in a child process (as users get it).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

import { NdArray } from '../src/index.js';
import { platformName } from '../src/native/platform.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const platform = platformName();
const pkg = `bigmultipipe-${platform}`;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'bmp-loader-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function loadError(): Error {
  try {
    NdArray.zeros([1]);
  } catch (err) {
    return err as Error;
  }
  throw new Error('the native binary loaded, but the test expected it not to');
}

describe('BIGMULTIPIPE_NATIVE_PATH', () => {
  afterEach(() => {
    delete process.env.BIGMULTIPIPE_NATIVE_PATH;
  });

  it('a broken .node file: the error names it and chains the load failure as an AggregateError cause', () => {
    const broken = path.join(scratch, 'broken.node');
    writeFileSync(broken, 'not a shared library');
    process.env.BIGMULTIPIPE_NATIVE_PATH = broken;
    const err = loadError();
    expect(err.message).toContain(`no native binary could be loaded for ${platform}`);
    expect(err.message).toContain(`BIGMULTIPIPE_NATIVE_PATH=${broken}`);
    expect(err.message).toMatch(/Rust toolchain \(cargo/);
    expect(err.cause).toBeInstanceOf(AggregateError);
    const failures = (err.cause as AggregateError).errors as Error[];
    expect(failures).toHaveLength(1);
    expect(failures[0]!.message).toContain(broken);
    expect(failures[0]!.cause).toBeInstanceOf(Error); // the dynamic loader's own error
  });

  it('a path that does not exist is reported as such', () => {
    const missing = path.join(scratch, 'missing.node');
    process.env.BIGMULTIPIPE_NATIVE_PATH = missing;
    const err = loadError();
    expect(err.message).toContain(`${missing}: no such file`);
  });
});

describe('the built package with its prebuilt platform package', () => {
  const localBuild = path.join(root, `bigmultipipe.${platform}.node`);
  const main = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown> & { version: string };

  /** A consumer folder: bigmultipipe (dist copied, optional dependency listed) and, unless null, the platform package at `version`. */
  function consumer(name: string, version: string | null): string {
    if (!existsSync(path.join(root, 'dist', 'index.js'))) throw new Error('dist/ is missing: run npm run build');
    if (!existsSync(localBuild)) throw new Error(`${localBuild} is missing: run npm run build`);
    const dir = path.join(scratch, name);
    const top = path.join(dir, 'node_modules', 'bigmultipipe');
    mkdirSync(top, { recursive: true });
    // A copy, not a link: Node resolves links, and would find the local build beside the real dist/.
    cpSync(path.join(root, 'dist'), path.join(top, 'dist'), { recursive: true });
    const published = { ...main, optionalDependencies: { [pkg]: main.version } };
    writeFileSync(path.join(top, 'package.json'), JSON.stringify(published));
    if (version !== null) {
      const binary = path.join(dir, 'node_modules', pkg);
      mkdirSync(binary);
      const file = `bigmultipipe.${platform}.node`;
      writeFileSync(path.join(binary, 'package.json'), JSON.stringify({ name: pkg, version, main: file }));
      symlinkSync(localBuild, path.join(binary, file));
    }
    return dir;
  }

  function run(dir: string): { status: number | null; out: string } {
    const script = `import('bigmultipipe').then(
      (m) => console.log('loaded, threads:', m.threadCount()),
      (e) => { console.log(e.message); process.exitCode = 1; })`;
    const env = { ...process.env };
    delete env.BIGMULTIPIPE_NATIVE_PATH;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: dir, env, encoding: 'utf8' });
    // threadCount() throws synchronously inside the then callback: catch it there too.
    return { status: r.status, out: r.stdout + r.stderr };
  }

  it('loads the platform package when its version is the main package’s', () => {
    const r = run(consumer('match', main.version));
    expect(r.out).toMatch(/loaded, threads: \d+/);
    expect(r.status).toBe(0);
  });

  it('refuses a platform package of another version, saying how to match them', () => {
    const r = run(consumer('mismatch', '0.0.1-other'));
    expect(r.status).not.toBe(0);
    expect(r.out).toContain(`${pkg} is version 0.0.1-other but bigmultipipe is ${main.version}`);
    expect(r.out).toContain(`npm install bigmultipipe@${main.version} ${pkg}@${main.version}`);
  });

  it('without the platform package: names the platform, the package and both fixes', () => {
    const r = run(consumer('absent', null));
    expect(r.status).not.toBe(0);
    expect(r.out).toContain(`no native binary could be loaded for ${platform}`);
    expect(r.out).toContain(`${pkg}: not installed`);
    expect(r.out).toContain('npm install --include=optional');
    expect(r.out).toMatch(/build it from source with a Rust toolchain \(cargo/);
  });
});
