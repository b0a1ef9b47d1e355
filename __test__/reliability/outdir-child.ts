/**
 * Child process for outdir.spec.ts: runs NpyMultiPipe with `createOutdir`
 * over one input into `outdir` (which the parent makes unwritable: a
 * read-only mount, or a directory this user may not write), and prints the
 * pout as one JSON line.
 *
 * Usage: tsx outdir-child.ts <input.npy> <outdir>
 */
import { NpyMultiPipe } from '../../src/index.js';

const [input, outdir] = process.argv.slice(2);
if (!input || !outdir) throw new Error('usage: outdir-child.ts <input.npy> <outdir>');
const pout = await new NpyMultiPipe({ outdir, createOutdir: true }).pipeline([input], { onError: 'collect' });
process.stdout.write(`${JSON.stringify(pout)}\n`);
