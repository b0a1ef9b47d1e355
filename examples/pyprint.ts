/**
 * Prints values as Python's `print()` would, so the examples' output can be
 * compared with the seed's printed results character for character.
 * Numbers print as Python floats (numpy's median and average are float64).
 */
import path from 'node:path';

/** A pipeline output as `pipeline()` returns it. */
type Pout = ReadonlyArray<readonly [string | null, Record<string, unknown>]>;

/** Python's `repr(float)`: shortest round-trip digits, `.0` for integral values, exponent outside 1e-4 ≤ |x| < 1e16. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant = '', expText = '0'] = x.toExponential().split('e');
  const exp = Number(expText);
  const sign = mant.startsWith('-') ? '-' : '';
  const digits = mant.replace('-', '').replace('.', '');
  if (exp >= -4 && exp < 16) {
    if (exp >= digits.length - 1) return `${sign}${digits}${'0'.repeat(exp - digits.length + 1)}.0`;
    if (exp >= 0) return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
    return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** Python's `repr(str)` for ordinary text. */
export function pyStr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  return quote + s.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`) + quote;
}

/** A Python tuple, for {@link pyRepr}. */
export class PyTuple {
  constructor(readonly items: readonly unknown[]) {}
}

/** Python's `repr()` of lists, tuples ({@link PyTuple}), dicts, strings, floats, None and booleans. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return pyFloat(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string') return pyStr(v);
  if (v instanceof PyTuple) return v.items.length === 1 ? `(${pyRepr(v.items[0])},)` : `(${v.items.map(pyRepr).join(', ')})`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (typeof v === 'object') {
    return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${pyStr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  }
  return String(v);
}

/**
 * The seed's last lines: `print(list(zip(basenames(prunedInNames), basenames(prunedOutnames), prunedMeta)))`.
 */
export function formatPruned(prunedPout: Pout, prunedInNames: readonly unknown[]): string {
  return pyRepr(
    prunedPout.map(([outname, meta], i) =>
      new PyTuple([path.basename(String(prunedInNames[i])), outname === null ? null : path.basename(outname), meta]),
    ),
  );
}

/** The seed's printed result of both parallel examples. */
export const SEED_OUTPUT =
  "[('big_array_0.npy', 'big_array_0_bmp.npy', {'median': 0.0, 'average': 0.0}), ('big_array_1.npy', 'big_array_1_bmp.npy', {'median': 10.0, 'average': 10.0}), ('big_array_3.npy', 'big_array_3_bmp.npy', {'median': 35.0, 'average': 35.0}), ('big_array_4.npy', 'big_array_4_bmp.npy', {'median': 40.0, 'average': 40.0}), ('big_array_5.npy', 'big_array_5_bmp.npy', {'median': 50.0, 'average': 50.0}), ('big_array_6.npy', 'big_array_6_bmp.npy', {'median': 60.0, 'average': 60.0}), ('big_array_7.npy', 'big_array_7_bmp.npy', {'median': 70.0, 'average': 70.0}), ('big_array_8.npy', 'big_array_8_bmp.npy', {'median': 80.0, 'average': 80.0}), ('big_array_9.npy', 'big_array_9_bmp.npy', {'median': 90.0, 'average': 90.0})]";
