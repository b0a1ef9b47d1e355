// A minimal FITS image writer for the benchmark's generated inputs (the
// ccd-reduce frames and masters): one primary HDU, 80-character cards in
// 2880-byte blocks, big-endian data padded to a block. Deliberately
// independent of the library under test.

import { closeSync, openSync, renameSync, writeSync } from 'node:fs';

const BLOCK = 2880;

function card(key, value, comment = '') {
  let v;
  if (typeof value === 'boolean') v = (value ? 'T' : 'F').padStart(20);
  else if (typeof value === 'number') v = (Number.isInteger(value) ? String(value) : value.toExponential(10).toUpperCase()).padStart(20);
  else v = `'${String(value).replace(/'/g, "''").padEnd(8)}'`.padEnd(20);
  return `${key.padEnd(8)}= ${v}${comment ? ` / ${comment}` : ''}`.slice(0, 80).padEnd(80);
}

/** The header bytes of a primary image HDU; `cards` are [key, value, comment] after the structural ones. */
export function fitsHeader(bitpix, shape, cards = []) {
  const lines = [card('SIMPLE', true, 'conforms to FITS standard'), card('BITPIX', bitpix), card('NAXIS', shape.length)];
  [...shape].reverse().forEach((n, i) => lines.push(card(`NAXIS${i + 1}`, n)));
  lines.push(card('EXTEND', true));
  for (const [k, v, c] of cards) lines.push(card(k, v, c));
  lines.push('END'.padEnd(80));
  const text = lines.join('');
  return Buffer.from(text.padEnd(Math.ceil(text.length / BLOCK) * BLOCK, ' '), 'latin1');
}

/**
 * Writes `data` (Int16Array or Float32Array, C order, shape [rows, cols]) as
 * a FITS file (temporary name, then rename), swapping to big-endian in chunks.
 */
export function writeFitsImage(path, data, shape, cards = []) {
  const bitpix = data instanceof Int16Array ? 16 : data instanceof Float32Array ? -32 : null;
  if (bitpix === null) throw new TypeError('writeFitsImage: Int16Array or Float32Array');
  const tmp = `${path}.gen-tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, fitsHeader(bitpix, shape, cards));
    const item = data.BYTES_PER_ELEMENT;
    const chunk = Buffer.allocUnsafe(1 << 22);
    const src = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    for (let off = 0; off < src.length; off += chunk.length) {
      const n = Math.min(chunk.length, src.length - off);
      src.copy(chunk, 0, off, off + n);
      const part = chunk.subarray(0, n);
      if (item === 2) part.swap16();
      else part.swap32();
      writeSync(fd, part);
    }
    const pad = (BLOCK - (src.length % BLOCK)) % BLOCK;
    if (pad) writeSync(fd, Buffer.alloc(pad));
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** Bytes of a FITS file holding `shape` items of `itemBytes` with a one-block header. */
export function fitsFileBytes(shape, itemBytes, headerBlocks = 1) {
  const data = shape.reduce((a, b) => a * b, 1) * itemBytes;
  return headerBlocks * BLOCK + Math.ceil(data / BLOCK) * BLOCK;
}
