// Peer (d): the I/O floor. Reads every input file of the job and writes the
// same bytes to the same number of new output files as example 2 produces
// (the rejected file is read but not written; for ccd-reduce, every frame,
// as many bytes as a reduced float32 frame), each written the way the
// library writes: to a temporary name in the output directory, then renamed.
// No compute.
//
// To be a floor it does the least work per file: plain synchronous syscalls
// (open, fstat, one pread, close; open, one write, close, rename) into a
// buffer reused per thread, on as many threads as cores — the main thread
// plus (cores - 1) worker threads taking files from a shared atomic counter.
// (Async fs on the main thread costs one thread-pool round trip per syscall,
// which for 1000 tiny files was 2.5x slower than this; readFile/writeFile
// would also split big files into 512 KiB chunks.)
//
// usage: node bench/peers/floor.mjs <job.json> <outdir>

import { closeSync, fstatSync, fsyncSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, extname, join } from 'node:path';
import { Worker, isMainThread, parentPort, threadId, workerData } from 'node:worker_threads';

/** Copies files taken from the shared counter until none are left; returns how many were written. */
function copyFiles({ inNames, outdir, written, fsync, counter, append, outBytes }) {
  const next = new Int32Array(counter);
  const toWrite = new Set(written);
  let buf = Buffer.alloc(0);
  let n = 0;
  for (let i = Atomics.add(next, 0, 1); i < inNames.length; i = Atomics.add(next, 0, 1)) {
    const inName = inNames[i];
    const fd = openSync(inName, 'r');
    let size;
    try {
      size = fstatSync(fd).size;
      if (buf.length < Math.max(size, outBytes)) buf = Buffer.allocUnsafeSlow(Math.max(size, outBytes));
      for (let off = 0; off < size; ) {
        const got = readSync(fd, buf, off, size - off, off);
        if (got === 0) throw new Error(`${inName}: file shrank while reading`);
        off += got;
      }
    } finally {
      closeSync(fd);
    }
    const base = basename(inName);
    if (!toWrite.has(base)) continue; // rejected by example 2: read only
    const ext = extname(base);
    const outname = join(outdir, basename(base, ext) + append + ext);
    const tmp = join(outdir, `.${basename(outname)}.${process.pid}-${threadId}-${n}.floor-tmp`);
    const out = openSync(tmp, 'w');
    try {
      const bytes = outBytes || size;
      for (let off = 0; off < bytes; ) off += writeSync(out, buf, off, bytes - off, off);
      if (fsync) fsyncSync(out);
    } finally {
      closeSync(out);
    }
    renameSync(tmp, outname);
    n++;
  }
  return n;
}

if (!isMainThread) {
  parentPort.postMessage(copyFiles(workerData));
} else {
  const { readJob, report } = await import('./common.mjs');
  const job = readJob();
  const t0 = performance.now();
  const threads = Math.min(availableParallelism(), job.inNames.length);
  const work = {
    inNames: job.inNames,
    outdir: job.outdir,
    written: job.expected.map((row) => row[0]),
    append: job.floor?.outnameAppend ?? '_bmp',
    outBytes: job.floor?.outBytes ?? 0, // 0: the input's size
    fsync: Boolean(job.floorFsync),
    counter: new SharedArrayBuffer(4),
  };
  const workers = Array.from({ length: threads - 1 }, () => new Promise((resolve, reject) => {
    const w = new Worker(new URL(import.meta.url), { workerData: work });
    w.once('message', resolve);
    w.once('error', reject);
  }));
  const mine = copyFiles(work);
  const outputs = mine + (await Promise.all(workers)).reduce((a, b) => a + b, 0);
  const pipelineMs = performance.now() - t0;
  report({ peer: 'floor', pipelineMs, maxInFlight: threads, outputs });
}
