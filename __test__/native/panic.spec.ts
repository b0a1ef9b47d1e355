import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

const loader = join(import.meta.dirname, '..', '..', 'src', 'native', 'loader.ts');

describe('a caught panic is quiet', () => {
  it('prints nothing to stderr, even with RUST_BACKTRACE set, and rejects with message and location', () => {
    const script = `
      const { loadNative } = await import(${JSON.stringify(loader)});
      await loadNative()._debugPanic('quiet please').catch((e) => console.log(e.code, e.message));
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, RUST_BACKTRACE: '1' },
    });
    expect(child.status).toBe(0);
    expect(child.stderr).toBe('');
    expect(child.stdout).toMatch(
      /^ERR_BMP_INTERNAL bigmultipipe internal error in _debugPanic: quiet please at crates\/node\/src\/pool\.rs:\d+:\d+ \(this is a bug/,
    );
  });
});
