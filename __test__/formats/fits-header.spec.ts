// FitsHeader through the public API: case-insensitive access, the card
// kinds, CONTINUE, HIERARCH, commentary, and byte-exact round trips of
// cards nobody changed. Card values are those astropy parses from the same
// file (fits-astropy.spec.ts checks every card of header_cards.fits).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FitsHeader, readFits } from '../pipeline/api.js';
import { fixtureDir } from './fits-helpers.js';

const dir = fixtureDir('fits_astropy', 'manifest.json');
const cardsFile = path.join(dir, 'written/header_cards.fits');

describe('FitsHeader', () => {
  it('gets, sets, deletes and tests keywords case-insensitively', () => {
    const h = new FitsHeader({ EXPTIME: 30, OBJECT: 'M31' });
    expect(h.get('exptime')).toBe(30);
    expect(h.has('Object')).toBe(true);
    h.set('object', 'M33', 'the target');
    expect(h.keys()).toEqual(['EXPTIME', 'OBJECT']);
    expect(h.get('OBJECT')).toBe('M33');
    expect(h.getComment('object')).toBe('the target');
    expect(h.delete('ExpTime')).toBe(true);
    expect(h.delete('EXPTIME')).toBe(false);
    expect(h.get('EXPTIME')).toBeUndefined();
    expect(h.length).toBe(1);
  });

  it('reads every card kind as astropy does', async () => {
    const { header } = await readFits(cardsFile);
    expect(header.get('OBJECT')).toBe("M31 it's");
    expect(header.get('EXPTIME')).toBe(30.5);
    expect(header.get('NCOMBINE')).toBe(12);
    expect(header.get('BIGINT')).toBe(2n ** 62n);
    expect(header.get('FLAG')).toBe(false);
    expect(header.get('CPLX')).toEqual({ re: 1.5, im: 2.25 });
    expect(header.get('LONGSTR')).toBe(`${'x'.repeat(30)} and ${'y'.repeat(100)}`);
    expect(header.get('ESO DET CHIP TEMP')).toBe(-120.25);
    expect(header.get('NOVALUE')).toBeNull();
    expect(header.get('DEXP')).toBe(1500);
    expect(header.get('SMALL')).toBe(-2.5e-7);
    expect(header.comments).toEqual(['first comment', 'second comment']);
    expect(header.history).toEqual(['reduced by a test']);
  });

  it('writes cards nobody changed byte for byte, and only changed ones anew', async () => {
    const { header } = await readFits(cardsFile);
    const before = header.toString();
    expect(before.length % 80).toBe(0);
    expect(before).toContain('DEXP    =              1.5D+03 / D exponent');
    expect(FitsHeader.fromString(before).toString()).toBe(before);
    header.set('EXPTIME', 12.25);
    const after = header.toString();
    expect(after).toContain(`${'EXPTIME = '}${'12.25'.padStart(20)} / seconds`);
    expect(after).toContain('DEXP    =              1.5D+03 / D exponent');
  });

  it('formats long strings over CONTINUE cards and HIERARCH keywords, and parses them back', () => {
    const long = 'a'.repeat(70) + "'quoted'" + 'b'.repeat(80);
    const h = new FitsHeader();
    h.set('LONG', long, 'a long comment '.repeat(8));
    h.set('ESO INS FILT1 NAME', 'R-band');
    h.set('lower', 7);
    h.addHistory('h'.repeat(100));
    const text = h.toString();
    expect(text).toMatch(/^LONG    = 'a{67}&'/);
    expect(text).toContain("CONTINUE  '");
    expect(text).toContain("HIERARCH ESO INS FILT1 NAME = 'R-band  '");
    expect(text).toContain(`LOWER   = ${'7'.padStart(20)}`);
    const back = FitsHeader.fromString(text);
    expect(back.get('LONG')).toBe(long);
    expect(back.getComment('LONG')).toBe('a long comment '.repeat(8).trim());
    expect(back.get('eso ins filt1 name')).toBe('R-band');
    expect(back.get('LOWER')).toBe(7);
    expect(back.history.join('')).toBe('h'.repeat(100));
  });

  it('keeps a card it cannot interpret as it was', () => {
    const odd = 'ODD     = this is not a value / but kept'.padEnd(80);
    const h = FitsHeader.fromString(odd + 'END'.padEnd(80));
    expect(h.get('ODD')).toBe('this is not a value');
    expect(h.toString()).toBe(odd);
  });

  it('refuses values FITS cannot hold, naming the keyword', () => {
    const h = new FitsHeader();
    expect(() => h.set('BAD', Number.POSITIVE_INFINITY)).toThrow(/BAD.*not a FITS number/);
    expect(() => h.set('COMMENT', 3)).toThrow(/COMMENT cards hold text/);
    h.set('UNI', 'café');
    expect(() => h.toString()).toThrow(/UNI.*printable ASCII/);
  });
});
