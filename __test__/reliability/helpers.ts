import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A fresh temporary directory, removed by the returned cleanup. */
export async function scratch(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bmp-reliability-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** What `writeNpy` names its temporary files: `.{final name}.{pid}-{n}.bmp-tmp`. */
export const TEMP_NAME = /^\.(.+)\.(\d+)-\d+\.bmp-tmp$/;
