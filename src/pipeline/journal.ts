/**
 * The run journal: one JSON line per finished file, appended and fdatasynced
 * as each file finishes, so a crash loses at most the files in flight.
 *
 * Line format (values in the tagged JSON of `tagged.ts`):
 * `{"v":1,"inName":<name or nested array>,"entry":[outname, meta],"failed":false}`
 * @packageDocumentation
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { decodeTagged, encodeTagged } from './tagged.js';
import { syncDirectory } from './files.js';
import type { InName, PoutEntry } from './types.js';

/** A recorded entry of a journal. */
export interface JournalRecord {
  /** The input item as given to `pipeline()`. */
  inName: InName;
  /** Its pout entry. */
  entry: PoutEntry;
  /** True when the file failed (such files are retried by a later run). */
  failed: boolean;
}

/** The key of an input item in a journal: its JSON text (a string and a group never collide). */
export function journalKey(inName: InName): string {
  return JSON.stringify(inName);
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads a journal (a missing file is an empty journal). Lines that do not
 * parse — the torn last line of a crashed run — are ignored; a later record
 * of the same input wins.
 */
export async function readJournal(file: string): Promise<Map<string, JournalRecord>> {
  const records = new Map<string, JournalRecord>();
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return records;
    const code = (err as NodeJS.ErrnoException).code;
    const fix =
      code === 'ENOTDIR'
        ? 'part of its path is a file, not a directory: pass a journal path inside a directory'
        : code === 'EISDIR'
          ? 'it is a directory: pass a file path'
          : 'fix its permissions or pass another journal path';
    throw new Error(`journal ${file}: cannot be read (${(err as Error).message}); ${fix}`);
  }
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const raw = JSON.parse(line) as { v?: number; inName?: unknown; entry?: unknown; failed?: boolean };
      if (raw.v !== 1 || raw.inName === undefined || !Array.isArray(raw.entry)) continue;
      const entry = decodeTagged(raw.entry) as PoutEntry;
      const inName = raw.inName as InName;
      records.set(journalKey(inName), { inName, entry, failed: raw.failed === true });
    } catch {
      // torn or foreign line: skip it
    }
  }
  return records;
}

/**
 * Whether a recorded entry can stand in for processing its file again: not a
 * failure, and either its output file still exists or it has no output file
 * (a file the pipeline rejected or kept only metadata for: processing it again
 * would give the same answer).
 */
export async function isReusable(record: JournalRecord): Promise<boolean> {
  if (record.failed) return false;
  const outname = record.entry[0];
  return outname === null || (await exists(outname));
}

/** An open journal, appending one durable line per finished file. */
export class JournalWriter {
  private chain: Promise<void> = Promise.resolve();

  private constructor(
    private readonly handle: fs.FileHandle,
    readonly file: string,
  ) {}

  /** Opens (creating) `file` for appending; its directory must exist. */
  static async open(file: string): Promise<JournalWriter> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(file, 'a');
    } catch (err) {
      throw new Error(
        `journal ${file}: cannot be opened for appending (${(err as Error).message}); create its directory or pass another journal path`,
      );
    }
    // A crash can leave a torn last line: start ours on a fresh line.
    const { size } = await handle.stat();
    if (size > 0) {
      const last = Buffer.alloc(1);
      const fd = await fs.open(file, 'r');
      try {
        await fd.read(last, 0, 1, size - 1);
      } finally {
        await fd.close();
      }
      if (last[0] !== 0x0a) await handle.appendFile('\n', 'utf8');
    }
    await syncDirectory(path.dirname(path.resolve(file)));
    return new JournalWriter(handle, file);
  }

  /**
   * Appends one record and fdatasyncs it. Appends are serialised, so lines
   * never interleave. The encoding is checked before anything is written.
   */
  append(inName: InName, entry: PoutEntry, failed: boolean): Promise<void> {
    const line = `${JSON.stringify({ v: 1, inName, entry: encodeTagged(entry, 'pout entry'), failed })}\n`;
    const next = this.chain.then(async () => {
      await this.handle.appendFile(line, 'utf8');
      await this.handle.datasync();
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Waits for pending appends and closes the file. */
  async close(): Promise<void> {
    await this.chain;
    await this.handle.close();
  }
}
