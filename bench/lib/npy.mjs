// A small hand-written .npy reader/writer for the benchmark (generator and the
// pure-JS peer). Little-endian float64, C order, format 1.0 as numpy writes
// it: magic, version, uint16 header length, a Python-dict header padded with
// spaces and a newline so that the data starts at a multiple of 64 bytes.
// Deliberately independent of the library under test.

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY

/** The header bytes numpy's np.save writes for a '<f8' C-order array. */
export function npyHeader(shape, descr = '<f8') {
  const shapeStr = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeStr}, }`;
  const pre = MAGIC.length + 2 + 2; // magic + version + uint16 length
  const total = Math.ceil((pre + dict.length + 1) / 64) * 64;
  dict = dict.padEnd(total - pre - 1, ' ') + '\n';
  const buf = Buffer.alloc(total);
  MAGIC.copy(buf, 0);
  buf[6] = 1;
  buf[7] = 0;
  buf.writeUInt16LE(dict.length, 8);
  buf.write(dict, pre, 'latin1');
  return buf;
}

/**
 * Parses the header of an .npy file held in `buf`; returns
 * `{ descr, fortranOrder, shape, dataOffset }`. Versions 1.0, 2.0, 3.0.
 */
export function parseNpyHeader(buf, name = '<buffer>') {
  if (buf.length < 10 || !buf.subarray(0, 6).equals(MAGIC)) throw new Error(`${name}: not an .npy file`);
  const major = buf[6];
  let hlen;
  let pre;
  if (major === 1) {
    hlen = buf.readUInt16LE(8);
    pre = 10;
  } else if (major === 2 || major === 3) {
    hlen = buf.readUInt32LE(8);
    pre = 12;
  } else {
    throw new Error(`${name}: unsupported .npy version ${major}`);
  }
  if (pre + hlen > buf.length) throw new Error(`${name}: truncated header`);
  const header = buf.toString(major === 3 ? 'utf8' : 'latin1', pre, pre + hlen);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeTxt = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeTxt === undefined) {
    throw new Error(`${name}: malformed header ${JSON.stringify(header)}`);
  }
  const shape = shapeTxt
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  return { descr, fortranOrder: fortran === 'True', shape, dataOffset: pre + hlen };
}

/** Float64Array view (copying only when misaligned) of a '<f8' .npy file in `buf`. */
export function float64View(buf, name = '<buffer>') {
  const h = parseNpyHeader(buf, name);
  if (h.descr !== '<f8') throw new Error(`${name}: only '<f8' is supported here, got ${h.descr}`);
  const n = h.shape.reduce((a, b) => a * b, 1);
  if (buf.length - h.dataOffset < n * 8) throw new Error(`${name}: file shorter than its header says`);
  const off = buf.byteOffset + h.dataOffset;
  if (off % 8 === 0) return { header: h, data: new Float64Array(buf.buffer, off, n) };
  const copy = new Float64Array(n);
  new Uint8Array(copy.buffer).set(buf.subarray(h.dataOffset, h.dataOffset + n * 8));
  return { header: h, data: copy };
}
