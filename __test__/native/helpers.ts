import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Makes `count` FIFOs (mkfifo) in a new temporary directory. */
export function makeFifos(count: number): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'bmp-fifo-'));
  return Array.from({ length: count }, (_, i) => {
    const path = join(dir, `blocked-${i}.npy`);
    execFileSync('mkfifo', [path]);
    return path;
  });
}

/**
 * Opens each FIFO read-write (never blocks on Linux, and counts as a writer),
 * so that readers blocked in open() go on. Returns a function closing them.
 */
export function unblockFifos(paths: string[]): () => void {
  const fds = paths.map((p) => openSync(p, constants.O_RDWR));
  return () => fds.forEach((fd) => closeSync(fd));
}
