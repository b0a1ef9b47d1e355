// The malformed FITS corpus (scripts/fixtures/fits_malformed.py) through
// readFits: each file is refused with its own named error, naming the file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFits } from '../pipeline/api.js';
import { fixtureDir } from './fits-helpers.js';

const dir = fixtureDir('fits_malformed', 'CASES.tsv');
const cases = readFileSync(path.join(dir, 'CASES.tsv'), 'utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => l.split('\t') as [string, string, string]);

describe('readFits on malformed files', () => {
  it('has a corpus', () => expect(cases.length).toBeGreaterThanOrEqual(20));
  it.each(cases)('%s (%s)', async (file, _what, phrase) => {
    const full = path.join(dir, file);
    const err = await readFits(full).then(() => null, (e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect(err!.message).toContain(full);
    expect(err!.message).toContain(phrase);
  });
});
