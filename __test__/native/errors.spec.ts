import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getSystemErrorName } from 'node:util';

import { describe, expect, it } from 'vitest';

import { DTYPES, isNativeError, NATIVE_ERROR_CODES, NdArray, readNpy, writeNpy } from '../../src/index.js';
import { loadNative } from '../../src/native/loader.js';

const dir = mkdtempSync(join(tmpdir(), 'bmp-errors-'));

/** The rejection (or throw) of `run`, which must fail. */
async function failure(run: () => unknown): Promise<Record<string, unknown> & Error> {
  try {
    await run();
  } catch (err) {
    return err as Record<string, unknown> & Error;
  }
  throw new Error('expected a failure');
}

describe('the lists the TS side keeps match the addon', () => {
  it('error codes', () => {
    expect(loadNative().errorCodes()).toEqual([...NATIVE_ERROR_CODES]);
  });

  it('dtype names (DType::ALL) match src/array/dtype.ts', () => {
    expect(loadNative().dtypeNames()).toEqual([...DTYPES]);
  });
});

describe('native errors carry a code', () => {
  it('ERR_BMP_IO for a missing file, with errno, syscall and path', async () => {
    const path = join(dir, 'missing.npy');
    const err = await failure(() => readNpy(path));
    expect(isNativeError(err)).toBe(true);
    expect(err.code).toBe('ERR_BMP_IO');
    expect(getSystemErrorName(err.errno as number)).toBe('ENOENT');
    expect(err.syscall).toBe('open');
    expect(err.path).toBe(path);
    expect(err.message).toContain(path);
  });

  it('ERR_BMP_IO for a missing output directory', async () => {
    const err = await failure(() => writeNpy(join(dir, 'nowhere', 'x.npy'), NdArray.zeros([2])));
    expect(err.code).toBe('ERR_BMP_IO');
    expect(err.message).toMatch(/does not exist; create it first/);
  });

  it('ERR_BMP_FORMAT for a file that is not .npy', async () => {
    const path = join(dir, 'zip.npy');
    writeFileSync(path, Buffer.from('PK\x03\x04 not numpy'));
    const err = await failure(() => readNpy(path));
    expect(err.code).toBe('ERR_BMP_FORMAT');
    expect(err.errno).toBeUndefined();
  });

  it('ERR_BMP_INVALID for a bad value or index', async () => {
    expect((await failure(() => NdArray.full([3], 300, 'uint8'))).code).toBe('ERR_BMP_INVALID');
    expect((await failure(() => NdArray.zeros([2]).at(5))).code).toBe('ERR_BMP_INVALID');
    const a = NdArray.zeros([2], 'bool');
    expect((await failure(() => a.sub(a))).code).toBe('ERR_BMP_INVALID');
  });

  it('ERR_BMP_DISPOSED for a disposed array', async () => {
    const a = NdArray.zeros([2]);
    a.dispose();
    expect((await failure(() => a.sum())).code).toBe('ERR_BMP_DISPOSED');
  });

  it('ERR_BMP_INTERNAL for a caught panic, with its location', async () => {
    const err = await failure(() => loadNative()._debugPanic('coded'));
    expect(err.code).toBe('ERR_BMP_INTERNAL');
    expect(err.message).toMatch(/_debugPanic: coded at crates\/node\/src\/pool\.rs:\d+:\d+/);
  });
});
