// The output guard's view of the inputs (issue 17 changed how it is built:
// one realpath per directory plus an lstat per input, instead of a realpath
// per input): inputs named through a linked directory, inputs that are links
// themselves, and runs longer than one batch of names.
import { mkdir, readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kwargs } from './api.js';
import { NumberPipe, tempDir, writeNumbers } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

/** A NumberPipe writing every file to `outname` in `outdir`. */
const writingTo = (outdir: string, outname: string) =>
  new NumberPipe({ outdir, postProcessList: (d: number, { bmpMeta }: Kwargs) => ((bmpMeta.outname = outname), d) });

describe('the output guard and the paths of the inputs', () => {
  it('an input named through a link to its directory is still its real file', async () => {
    const real = path.join(dir, 'real');
    await mkdir(real);
    await writeNumbers(real, [5]);
    await symlink(real, path.join(dir, 'alias'));
    const pout = await writingTo(real, 'n0.txt').pipeline([path.join(dir, 'alias', 'n0.txt')], { onError: 'collect' });
    expect(pout[0]?.[1].error.message).toMatch(/refusing to write output .*real.*n0\.txt: it is an input of this run/);
    expect(await readFile(path.join(real, 'n0.txt'), 'utf8')).toBe('5');
  });

  it('an input that is a link stands for the file it points to', async () => {
    const real = path.join(dir, 'real');
    await mkdir(real);
    const [target] = await writeNumbers(real, [6]);
    const link = path.join(dir, 'link.txt');
    await symlink(target as string, link);
    const pout = await writingTo(real, 'n0.txt').pipeline([link], { onError: 'collect' });
    expect(pout[0]?.[1].error.message).toMatch(/link\.txt: refusing to write output .*n0\.txt: it is an input of this run/);
    expect(await readFile(target as string, 'utf8')).toBe('6');
  });

  it('every input of a long run is guarded, the last batch as the first', async () => {
    const files = await writeNumbers(dir, Array.from({ length: 300 }, (_, i) => i));
    const last = path.basename(files.at(-1) as string);
    const pipe = new NumberPipe({
      outdir: dir,
      postProcessList: (d: number, { bmpMeta }: Kwargs) => (d === 0 && (bmpMeta.outname = last), d),
    });
    const pout = await pipe.pipeline(files, { onError: 'collect' });
    expect(pout[0]?.[1].error.message).toMatch(new RegExp(`n0\\.txt: refusing to write output .*${last.replace('.', '\\.')}: it is an input`));
    expect(pout.slice(1).every(([o]) => typeof o === 'string')).toBe(true);
    expect(await readFile(files.at(-1) as string, 'utf8')).toBe('299');
  });
});
