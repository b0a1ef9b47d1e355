/**
 * `FitsHeader`: the ordered cards of a FITS header, with case-insensitive
 * access by keyword. Parsing and formatting of card images happen in the
 * native core (one home for the FITS card rules); cards read from a file
 * and not changed are written back byte for byte.
 * @packageDocumentation
 */
import type { NativeFitsCard } from '../native/binding.js';
import { loadNative } from '../native/loader.js';

/** A complex header value, `(re, im)` in the card. */
export interface FitsComplex {
  re: number;
  im: number;
}

/**
 * A header value: a string, a logical, an integer (`bigint` only when it is
 * beyond ±2^53), a float, a complex, or `null` for a card whose value field
 * is empty (astropy's `Undefined`).
 */
export type FitsValue = string | boolean | number | bigint | FitsComplex | null;

/** One card as `FitsHeader.cards` lists it. */
export interface FitsCardEntry {
  /** The keyword (HIERARCH keywords without the `HIERARCH ` prefix). */
  keyword: string;
  /** The value (commentary cards: their text). */
  value: FitsValue;
  /** The comment after `/` (empty when none). */
  comment: string;
}

/** Keywords whose cards are free text, each added as a new card. */
const COMMENTARY = new Set(['COMMENT', 'HISTORY', '']);

/** An entry of the header: the native card plus nothing else. */
type Card = NativeFitsCard;

function toValue(card: Card): FitsValue {
  switch (card.kind) {
    case 'text':
    case 'string':
    case 'invalid':
      return card.text ?? '';
    case 'logical':
      return card.logical ?? false;
    case 'int': {
      const big = BigInt(card.int ?? '0');
      return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    }
    case 'float':
      return card.num ?? 0;
    case 'complex':
      return { re: card.num ?? 0, im: card.im ?? 0 };
    default:
      return null;
  }
}

function fromValue(name: string, value: FitsValue, comment: string): Card {
  // Keywords are upper case, as astropy makes them.
  const keyword = name.trim().toUpperCase();
  const card: Card = { keyword, kind: 'undefined', comment, raw: '' };
  const where = `FitsHeader.set(${JSON.stringify(keyword)})`;
  if (COMMENTARY.has(keyword.toUpperCase())) {
    if (typeof value !== 'string') throw new TypeError(`${where}: ${keyword || 'blank'} cards hold text; give a string`);
    return { ...card, kind: 'text', text: value };
  }
  if (value === null) return card;
  if (typeof value === 'string') return { ...card, kind: 'string', text: value };
  if (typeof value === 'boolean') return { ...card, kind: 'logical', logical: value };
  if (typeof value === 'bigint') return { ...card, kind: 'int', int: value.toString() };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`${where}: ${value} is not a FITS number (NaN and infinities cannot be written)`);
    return Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER && !Object.is(value, -0)
      ? { ...card, kind: 'int', int: value.toString() }
      : { ...card, kind: 'float', num: value };
  }
  if (typeof value === 'object' && typeof value.re === 'number' && typeof value.im === 'number') {
    return { ...card, kind: 'complex', num: value.re, im: value.im };
  }
  throw new TypeError(`${where}: a value must be a string, boolean, number, bigint, {re, im} or null`);
}

/**
 * The ordered cards of a FITS header. `get`/`set`/`delete`/`has` take a
 * keyword case-insensitively, as astropy does; COMMENT and HISTORY cards are
 * added with `set` (or `addComment`/`addHistory`) and read with
 * `comments`/`history`. Integral numbers are written as integers; values read
 * from a file keep their kind (a float `1.0` stays a float).
 */
export class FitsHeader implements Iterable<FitsCardEntry> {
  #cards: Card[];

  /** A header from card entries or a `{ keyword: value }` object (in order). */
  constructor(cards: Iterable<FitsCardEntry> | Record<string, FitsValue> = []) {
    this.#cards = [];
    const entries: Iterable<FitsCardEntry> =
      Symbol.iterator in Object(cards)
        ? (cards as Iterable<FitsCardEntry>)
        : Object.entries(cards as Record<string, FitsValue>).map(([keyword, value]) => ({ keyword, value, comment: '' }));
    for (const e of entries) this.#cards.push(fromValue(e.keyword, e.value, e.comment ?? ''));
  }

  /** Parses header text: 80-character card images (an END card ends it). */
  static fromString(text: string): FitsHeader {
    if (typeof text !== 'string') throw new TypeError('FitsHeader.fromString: text must be a string');
    return FitsHeader.fromNative(loadNative().parseFitsHeader(text));
  }

  /** @internal A header over cards the addon produced. */
  static fromNative(cards: NativeFitsCard[]): FitsHeader {
    const h = new FitsHeader();
    h.#cards = cards.map((c) => ({ ...c }));
    return h;
  }

  /** @internal The cards as the addon takes them. */
  static toNative(header: FitsHeader): NativeFitsCard[] {
    return header.#cards;
  }

  #index(keyword: string): number {
    const k = keyword.toUpperCase();
    return this.#cards.findIndex((c) => c.keyword.toUpperCase() === k);
  }

  /** The value of the first card with `keyword`, or `undefined` when there is none. */
  get(keyword: string): FitsValue | undefined {
    const i = this.#index(keyword);
    return i < 0 ? undefined : toValue(this.#cards[i]!);
  }

  /** The comment of the first card with `keyword`. */
  getComment(keyword: string): string | undefined {
    const i = this.#index(keyword);
    return i < 0 ? undefined : this.#cards[i]!.comment;
  }

  /**
   * Sets the value (and the comment, when given) of the first card with
   * `keyword`, or appends a new card. COMMENT/HISTORY always append.
   */
  set(keyword: string, value: FitsValue, comment?: string): this {
    if (typeof keyword !== 'string') throw new TypeError('FitsHeader.set: keyword must be a string');
    const i = COMMENTARY.has(keyword.toUpperCase()) ? -1 : this.#index(keyword);
    if (i < 0) {
      this.#cards.push(fromValue(keyword, value, comment ?? ''));
    } else {
      const old = this.#cards[i]!;
      this.#cards[i] = fromValue(old.keyword, value, comment ?? old.comment);
    }
    return this;
  }

  /** Removes every card with `keyword`; true when there was one. */
  delete(keyword: string): boolean {
    const k = keyword.toUpperCase();
    const before = this.#cards.length;
    this.#cards = this.#cards.filter((c) => c.keyword.toUpperCase() !== k);
    return this.#cards.length < before;
  }

  /** True when a card has `keyword`. */
  has(keyword: string): boolean {
    return this.#index(keyword) >= 0;
  }

  /** Appends a COMMENT card. */
  addComment(text: string): this {
    return this.set('COMMENT', text);
  }

  /** Appends a HISTORY card. */
  addHistory(text: string): this {
    return this.set('HISTORY', text);
  }

  /** The text of every COMMENT card, in order. */
  get comments(): string[] {
    return this.#commentary('COMMENT');
  }

  /** The text of every HISTORY card, in order. */
  get history(): string[] {
    return this.#commentary('HISTORY');
  }

  #commentary(keyword: string): string[] {
    return this.#cards.filter((c) => c.keyword.toUpperCase() === keyword).map((c) => c.text ?? '');
  }

  /** Every card, in order. */
  get cards(): FitsCardEntry[] {
    return this.#cards.map((c) => ({ keyword: c.keyword, value: toValue(c), comment: c.comment }));
  }

  /** The keywords, in order (repeated ones repeated). */
  keys(): string[] {
    return this.#cards.map((c) => c.keyword);
  }

  /** Number of cards. */
  get length(): number {
    return this.#cards.length;
  }

  /** Iterates over the cards. */
  [Symbol.iterator](): Iterator<FitsCardEntry> {
    return this.cards[Symbol.iterator]();
  }

  /** An independent copy. */
  clone(): FitsHeader {
    return FitsHeader.fromNative(this.#cards);
  }

  /** The header as card images (80 characters each, no END), as it would be written. */
  toString(): string {
    return loadNative().formatFitsCards(this.#cards);
  }
}
