// Peer (d): the I/O floor. Reads every input file of the job and writes the
// same bytes to the same number of new output files as example 2 produces
// (the rejected file is read but not written), each written the way the
// library writes: to a temporary name in the output directory, then renamed.
// As many files in flight as cores, like the library's default. No compute.
// Each file is read with one pread into a buffer reused per in-flight slot and
// written with one write (Node's readFile/writeFile would split the I/O into
// 512 KiB chunks, each a thread-pool round trip: not a floor).
//
// usage: node bench/peers/floor.mjs <job.json> <outdir>

import { open, rename } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, extname, join } from 'node:path';
import { readJob, report, startLoopMonitor } from './common.mjs';

const job = readJob();
const stopLoop = startLoopMonitor();
const t0 = performance.now();
const inFlight = availableParallelism();
const fsync = Boolean(job.floorFsync);
const written = new Set(job.expected.map((row) => row[0]));
let tmpCounter = 0;

async function readAll(path, slot) {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    if (slot.buf.length < size) slot.buf = Buffer.allocUnsafeSlow(size);
    let off = 0;
    while (off < size) {
      const { bytesRead } = await fh.read(slot.buf, off, size - off, off);
      if (bytesRead === 0) throw new Error(`${path}: file shrank while reading`);
      off += bytesRead;
    }
    return slot.buf.subarray(0, size);
  } finally {
    await fh.close();
  }
}

async function copyOne(inName, slot) {
  const bytes = await readAll(inName, slot);
  const base = basename(inName);
  if (!written.has(base)) return null; // rejected by example 2: read only
  const ext = extname(base);
  const outname = join(job.outdir, basename(base, ext) + '_bmp' + ext);
  const tmp = join(job.outdir, `.${basename(outname)}.${process.pid}-${tmpCounter++}.floor-tmp`);
  const fh = await open(tmp, 'w');
  try {
    for (let off = 0; off < bytes.length; ) off += (await fh.write(bytes, off, bytes.length - off, off)).bytesWritten;
    if (fsync) await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, outname);
  return outname;
}

const queue = job.inNames.slice();
const outs = [];
await Promise.all(
  Array.from({ length: Math.min(inFlight, queue.length) }, async () => {
    const slot = { buf: Buffer.alloc(0) };
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      const out = await copyOne(name, slot);
      if (out) outs.push(out);
    }
  }),
);
const pipelineMs = performance.now() - t0;

report({ peer: 'floor', pipelineMs, maxInFlight: inFlight, eventLoop: stopLoop(), outputs: outs.length });
