/**
 * Issue 8, case 4: `createOutdir` where the directory cannot be made says
 * what is really wrong — a read-only filesystem (EROFS, not the ENOENT Node's
 * recursive mkdir reports), a permission (EACCES), a virtual filesystem —
 * and never hangs (Node's recursive mkdir loops forever under /proc).
 * The read-only filesystem and the unprivileged user are real: a tmpfs
 * mounted read-only in a user namespace, a child process without the
 * permission.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Pout } from '../../src/index.js';
import { NdArray, NpyMultiPipe, writeNpy } from '../../src/index.js';
import { scratch } from './helpers.js';

const CHILD = fileURLToPath(new URL('./outdir-child.ts', import.meta.url));

let dir: string;
let cleanup: () => Promise<void>;
let input: string;
beforeEach(async () => {
  ({ dir, cleanup } = await scratch());
  await chmod(dir, 0o755); // an unprivileged child must reach the input
  input = await writeNpy(path.join(dir, 'x.npy'), NdArray.full([2], 1));
});
afterEach(() => cleanup());

/** Runs outdir-child.ts as `command args…` and returns the pout it printed. */
function runChild(command: string, args: string[], options: { uid?: number; gid?: number } = {}): Promise<Pout> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.stderr.on('data', (c: Buffer) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${err}`));
      else resolve(JSON.parse(out) as Pout);
    });
  });
}

const messageOf = (pout: Pout): string => (pout[0]![1].error as { message: string }).message;

describe('createOutdir where the directory cannot be created', () => {
  it('on a read-only filesystem: names EROFS and the read-only directory, not ENOENT', async () => {
    const mountPoint = path.join(dir, 'ro');
    await mkdir(mountPoint);
    try {
      execFileSync('unshare', ['-Urm', 'true'], { stdio: 'ignore' });
    } catch (err) {
      throw new Error(`this test makes a real read-only filesystem with unshare -Urm (user and mount namespaces), which failed here: ${(err as Error).message}`);
    }
    const script = 'mount -t tmpfs -o ro,size=64k tmpfs "$0" && exec "$1" --import tsx "$2" "$3" "$0/out/sub"';
    const pout = await runChild('unshare', ['-Urm', 'sh', '-c', script, mountPoint, process.execPath, CHILD, input]);
    expect(pout[0]?.[0]).toBeNull();
    const message = messageOf(pout);
    expect(message).toContain(input);
    expect(message).toContain(`cannot create the output directory ${path.join(mountPoint, 'out', 'sub')}`);
    expect(message).toContain(`${mountPoint} is on a read-only filesystem (EROFS)`);
    expect(message).not.toMatch(/ENOENT/);
  });

  it('without permission to write the parent: names EACCES and the directory', async () => {
    const locked = path.join(dir, 'locked');
    await mkdir(locked, { mode: 0o755 });
    const asRoot = process.getuid?.() === 0;
    if (!asRoot) await chmod(locked, 0o555);
    // As root, permissions do not apply: run the child as nobody instead.
    const pout = await runChild(process.execPath, ['--import', 'tsx', CHILD, input, path.join(locked, 'out', 'sub')], asRoot ? { uid: 65534, gid: 65534 } : {});
    const message = messageOf(pout);
    expect(message).toContain(`cannot create the output directory ${path.join(locked, 'out', 'sub')}`);
    expect(message).toContain(`permission denied (EACCES): this user may not create entries in ${locked}`);
  });

  it('under a virtual filesystem (/proc): says so instead of hanging', async () => {
    const outdir = path.join('/proc', `bmp-test-${process.pid}`, 'sub');
    const pout = await new NpyMultiPipe({ outdir, createOutdir: true }).pipeline([input], { onError: 'collect' });
    expect(messageOf(pout)).toContain('/proc exists but refuses new directories (ENOENT; a virtual filesystem such as /proc?)');
  });
});
