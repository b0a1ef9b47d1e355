import { describe, expect, it } from 'vitest';
import { formatPruned, pyFloat, pyRepr, PyTuple } from '../../examples/pyprint.js';

describe("printing like Python's print", () => {
  it('formats floats, tuples, dicts and the pruned pout as Python prints them', () => {
    expect([0, 35, -0, 0.1, 1e16, 1.5e-5, 123456789.125, 1e-4, NaN, -Infinity].map(pyFloat)).toEqual([
      '0.0', '35.0', '-0.0', '0.1', '1e+16', '1.5e-05', '123456789.125', '0.0001', 'nan', '-inf',
    ]);
    expect(formatPruned([['/d/x_bmp.npy', { median: 35 }]], ['/d/x.npy'])).toBe("[('x.npy', 'x_bmp.npy', {'median': 35.0})]");
    expect(pyRepr([new PyTuple(['a', null, { k: 1, t: true }]), new PyTuple([1])])).toBe("[('a', None, {'k': 1.0, 't': True}), (1.0,)]");
  });
});
