import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { readNpy } from '../../src/index.js';
import { makeFifos, unblockFifos } from './helpers.js';

/** readNpy(path)'s rejection. */
async function readError(path: string): Promise<Error & { code?: string }> {
  return readNpy(path).then(
    () => {
      throw new Error(`readNpy(${path}) succeeded`);
    },
    (err: Error) => err,
  );
}

describe('readNpy names what a non-regular file is', () => {
  it('a character device (/dev/zero)', async () => {
    const err = await readError('/dev/zero');
    expect(err.message).toBe('/dev/zero: is a character device, not a regular file, so it cannot be an .npy file');
    expect(err.code).toBe('ERR_BMP_FORMAT');
  });

  it('a directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bmp-dir-'));
    expect((await readError(dir)).message).toBe(`${dir}: is a directory, not a regular file, so it cannot be an .npy file`);
  });

  it('a FIFO', async () => {
    const [fifo] = makeFifos(1) as [string];
    const close = unblockFifos([fifo]);
    try {
      expect((await readError(fifo)).message).toMatch(/: is a FIFO \(named pipe\), not a regular file/);
    } finally {
      close();
    }
  });

  it('a /proc pseudo-file (size 0, yet content)', async () => {
    const err = await readError('/proc/self/status');
    expect(err.message).toMatch(/reports a size of 0 bytes but has content: it is a pseudo-file/);
    expect(err.message).not.toMatch(/empty/);
  });
});
