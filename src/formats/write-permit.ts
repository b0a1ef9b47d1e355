/**
 * The one path every library writer takes to disk inside a pipeline file.
 * @packageDocumentation
 */
import { rm } from 'node:fs/promises';
import { currentFile } from '../pipeline/file-context.js';

/**
 * Runs `write` (which writes `path` and resolves with the path written) only
 * while the current pipeline file may still write: a file past its
 * `fileTimeout` (or cancelled) is refused before writing, and an output whose
 * write finished after the limit passed is removed again, so no output
 * appears that the pout does not list. Outside a pipeline file it just writes.
 */
export async function writeUnderPermit(path: string, write: () => Promise<string>): Promise<string> {
  const file = currentFile();
  file?.assertMayWrite(path);
  const written = await write();
  if (file) {
    try {
      file.assertMayWrite(written);
    } catch (err) {
      await rm(written, { force: true }); // the file timed out during the write
      throw err;
    }
  }
  return written;
}
