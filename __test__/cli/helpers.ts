import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NdArray, writeNpy } from '../../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The test pipelines' module (MODULE of `bigmultipipe run`). */
export const PIPES = path.join(here, 'pipes.ts');
const ENTRY = path.join(here, 'entry.ts');
// tsx's loader by absolute URL: `--import tsx` would resolve it from the child's cwd (a temp dir).
const TSX = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'loader.mjs')).href;

/** What a finished command gave. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `bigmultipipe ARGS` (from the sources, through tsx) in `cwd`. */
export function startCli(args: readonly string[], cwd: string): ChildProcess {
  return spawn(process.execPath, ['--import', TSX, ENTRY, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Waits for a started command to exit and collects its output. */
export function finish(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Runs `bigmultipipe ARGS` in `cwd` with `stdin` as its standard input. */
export function cli(args: readonly string[], cwd: string, stdin = ''): Promise<CliResult> {
  const child = startCli(args, cwd);
  const done = finish(child);
  child.stdin?.end(stdin);
  return done;
}

/** A fresh directory holding raw/x0.npy … raw/x{n-1}.npy, x{i} full of the value i (shape 8 × 8). */
export async function workspace(n: number, corrupt: number[] = []): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bmp-cli-'));
  await mkdir(path.join(dir, 'raw'));
  for (let i = 0; i < n; i++) {
    const file = path.join(dir, 'raw', `x${i}.npy`);
    if (corrupt.includes(i)) await writeFile(file, 'not an npy file');
    else await writeNpy(file, NdArray.full([8, 8], i, 'float64'));
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
