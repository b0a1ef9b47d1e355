/**
 * Durable small-file writes and the clean-up of temporary files left by
 * crashed writers.
 * @packageDocumentation
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Temporary files are named `.<basename>.<pid>-<n>.bmp-tmp`, in the directory
 * of the file being written (the convention `writeNpy` follows too).
 */
export const TEMP_FILE_PATTERN = /^\..+\.(\d+)-\d+\.bmp-tmp$/;

let tempCounter = 0;

/** A fresh temporary name beside `target`, following {@link TEMP_FILE_PATTERN}. */
export function tempNameFor(target: string): string {
  tempCounter += 1;
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${tempCounter}.bmp-tmp`);
}

/** fsyncs a directory so a rename or a new entry in it is durable (ignored where directories can't be opened). */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Some platforms (Windows) cannot fsync a directory; the rename is still atomic.
  } finally {
    await handle?.close();
  }
}

/**
 * Writes `text` (or bytes) to `target` atomically and durably: a temporary file in the
 * same directory, fsynced, renamed over `target`, then the directory fsynced.
 * A reader sees the old file or the new one, never half of one.
 */
export async function writeFileAtomic(target: string, text: string | Uint8Array): Promise<void> {
  const tmp = tempNameFor(target);
  const handle = await fs.open(tmp, 'wx');
  try {
    await (typeof text === 'string' ? handle.writeFile(text, 'utf8') : handle.writeFile(text));
    await handle.sync();
  } catch (err) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await syncDirectory(path.dirname(target));
}

/** True when a process with this id exists (a process we may not signal still counts as alive). */
export function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temporary files (`.<name>.<pid>-<n>.bmp-tmp`) left in `dir` by
 * writers whose process is no longer alive — the remains of a crash during a
 * write. Files of live processes (including this one) are kept. The pid check
 * is local: don't share an output directory between machines while a run on
 * another machine is writing into it. Resolves with the paths removed; a
 * missing directory removes nothing.
 */
export async function removeStaleTempFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw err;
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_FILE_PATTERN.exec(name);
    if (!m?.[1]) continue;
    const pid = Number(m[1]);
    if (!Number.isSafeInteger(pid) || pid <= 0 || isProcessAlive(pid)) continue;
    const full = path.join(dir, name);
    try {
      const st = await fs.lstat(full);
      if (!st.isFile()) continue;
      await fs.rm(full, { force: true });
      removed.push(full);
    } catch {
      // raced with another cleaner: fine
    }
  }
  return removed;
}
