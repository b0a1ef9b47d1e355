/**
 * A JSON encoding with tags for the values plain JSON loses, used by
 * `cachedPout` files and journals.
 *
 * Plain JSON values are written as they are. Everything else becomes an
 * object with a `"$bmp"` tag:
 *
 * | value | encoded as |
 * |---|---|
 * | `NaN`, `Infinity`, `-Infinity`, `-0` | `{"$bmp":"NaN"}`, `{"$bmp":"Infinity"}`, `{"$bmp":"-Infinity"}`, `{"$bmp":"-0"}` |
 * | `undefined` (in arrays and objects) | `{"$bmp":"undefined"}` |
 * | a bigint | `{"$bmp":"bigint","value":"-12"}` |
 * | a typed array (every kind, incl. `BigInt64Array`, `Uint8ClampedArray`) | `{"$bmp":"Float64Array","base64":"…"}`: its bytes, little-endian |
 * | `Date` | `{"$bmp":"Date","value":"2024-01-01T00:00:00.000Z"}` |
 * | `Map` / `Set` | `{"$bmp":"Map","entries":[[k,v],…]}` / `{"$bmp":"Set","values":[…]}` |
 * | a plain object that itself has a `"$bmp"` key | `{"$bmp":"object","value":{…}}` |
 *
 * Functions, symbols and class instances (e.g. an `NdArray`) cannot be
 * encoded: the error names where in the value they are.
 * @packageDocumentation
 */
import os from 'node:os';

const TAG = '$bmp';
const BIG_ENDIAN = os.endianness() === 'BE';

type TypedArrayCtor =
  | typeof Int8Array | typeof Uint8Array | typeof Uint8ClampedArray | typeof Int16Array | typeof Uint16Array
  | typeof Int32Array | typeof Uint32Array | typeof Float32Array | typeof Float64Array
  | typeof BigInt64Array | typeof BigUint64Array;

const TYPED: Record<string, TypedArrayCtor> = {
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array,
};

function swapped(bytes: Uint8Array, width: number): Uint8Array {
  if (!BIG_ENDIAN || width === 1) return bytes;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += width) for (let j = 0; j < width; j++) out[i + j] = bytes[i + width - 1 - j] as number;
  return out;
}

/** Sets own enumerable `key` even when it is `__proto__`. */
function setKey(out: Record<string, unknown>, key: string, v: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
  else out[key] = v;
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Encodes `value` into plain-JSON-compatible data with `$bmp` tags. `where` names the position in errors. */
export function encodeTagged(value: unknown, where = 'value'): unknown {
  switch (typeof value) {
    case 'number':
      if (Number.isNaN(value)) return { [TAG]: 'NaN' };
      if (value === Infinity) return { [TAG]: 'Infinity' };
      if (value === -Infinity) return { [TAG]: '-Infinity' };
      if (Object.is(value, -0)) return { [TAG]: '-0' };
      return value;
    case 'string':
    case 'boolean':
      return value;
    case 'undefined':
      return { [TAG]: 'undefined' };
    case 'bigint':
      return { [TAG]: 'bigint', value: value.toString() };
    case 'function':
    case 'symbol':
      throw new TypeError(`cannot encode ${where}: a ${typeof value} cannot be saved; keep only data in metadata`);
    default:
      break;
  }
  if (value === null) return null;
  const obj = value as object;
  if (ArrayBuffer.isView(obj) && !(obj instanceof DataView)) {
    const name = obj.constructor.name;
    if (!(name in TYPED)) throw new TypeError(`cannot encode ${where}: unsupported typed array ${name}`);
    const bytes = new Uint8Array(obj.buffer, obj.byteOffset, obj.byteLength);
    const width = (obj as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
    return { [TAG]: name, base64: Buffer.from(swapped(bytes, width)).toString('base64') };
  }
  if (Array.isArray(obj)) return obj.map((v, i) => encodeTagged(v, `${where}[${i}]`));
  if (obj instanceof Date) return { [TAG]: 'Date', value: obj.toISOString() };
  if (obj instanceof Map) {
    return { [TAG]: 'Map', entries: [...obj].map(([k, v], i) => [encodeTagged(k, `${where}<key ${i}>`), encodeTagged(v, `${where}<value ${i}>`)]) };
  }
  if (obj instanceof Set) return { [TAG]: 'Set', values: [...obj].map((v, i) => encodeTagged(v, `${where}<item ${i}>`)) };
  if (!isPlainObject(obj)) {
    throw new TypeError(
      `cannot encode ${where}: an instance of ${obj.constructor?.name ?? 'a class'} is not plain data; ` +
        'store numbers, strings, typed arrays or plain objects in metadata',
    );
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) setKey(out, k, encodeTagged(v, `${where}.${k}`));
  return TAG in obj ? { [TAG]: 'object', value: out } : out;
}

/** Decodes what {@link encodeTagged} produced. */
export function decodeTagged(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeTagged);
  const obj = value as Record<string, unknown>;
  if (!(TAG in obj)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) setKey(out, k, decodeTagged(v));
    return out;
  }
  const tag = obj[TAG];
  switch (tag) {
    case 'NaN': return NaN;
    case 'Infinity': return Infinity;
    case '-Infinity': return -Infinity;
    case '-0': return -0;
    case 'undefined': return undefined;
    case 'bigint': return BigInt(String(obj.value));
    case 'Date': return new Date(String(obj.value));
    case 'Map': return new Map((obj.entries as unknown[][]).map(([k, v]) => [decodeTagged(k), decodeTagged(v)]));
    case 'Set': return new Set((obj.values as unknown[]).map(decodeTagged));
    case 'object': {
      const inner = obj.value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(inner)) setKey(out, k, decodeTagged(v));
      return out;
    }
    default: {
      const Ctor = typeof tag === 'string' ? TYPED[tag] : undefined;
      if (!Ctor) throw new TypeError(`cannot decode: unknown tag ${JSON.stringify(tag)}`);
      const raw = Buffer.from(String(obj.base64), 'base64');
      const bytes = swapped(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength), Ctor.BYTES_PER_ELEMENT);
      const copy = new Uint8Array(bytes.length);
      copy.set(bytes);
      return new Ctor(copy.buffer);
    }
  }
}

/** `JSON.stringify(encodeTagged(value))`. */
export function stringifyTagged(value: unknown, space?: number): string {
  return JSON.stringify(encodeTagged(value), null, space);
}

/** `decodeTagged(JSON.parse(text))`. */
export function parseTagged(text: string): unknown {
  return decodeTagged(JSON.parse(text));
}
