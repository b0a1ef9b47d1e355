/**
 * Creating output directories (`createOutdir`), with errors that say what is
 * really wrong: a read-only filesystem, a permission, a file in the way.
 * @packageDocumentation
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Kwargs, Meta } from './types.js';

const REASONS: Record<string, (parent: string) => string> = {
  EROFS: (parent) => `${parent} is on a read-only filesystem (EROFS); choose an outdir on a writable filesystem`,
  EACCES: (parent) => `permission denied (EACCES): this user may not create entries in ${parent}; choose another outdir or change its permissions`,
  EPERM: (parent) => `operation not permitted (EPERM): ${parent} does not allow new directories here; choose another outdir`,
  ENOSPC: (parent) => `no space left on the device holding ${parent} (ENOSPC)`,
  ENOENT: (parent) => `${parent} exists but refuses new directories (ENOENT; a virtual filesystem such as /proc?); choose another outdir`,
};

/** An error for a failed `mkdir(dir)`, naming the directory wanted and why it cannot be made; the OS error is its `cause`. */
function explain(err: NodeJS.ErrnoException, dir: string, wanted: string): Error {
  const reason = err.code ? REASONS[err.code] : undefined;
  const why = reason ? reason(path.dirname(dir)) : err.message;
  const out = new Error(`cannot create the output directory ${wanted}: ${why}`, { cause: err });
  (out as NodeJS.ErrnoException).code = err.code;
  return out;
}

/**
 * Creates `dir` and its missing parents, one level at a time. Node's
 * recursive `mkdir` reports ENOENT on a read-only filesystem (and never
 * returns where `mkdir` answers ENOENT for a directory that exists, as under
 * /proc); walking ourselves names the real cause.
 */
export async function createDirectory(dir: string): Promise<void> {
  const wanted = path.resolve(dir);
  const missing: string[] = [];
  for (let cur = wanted; ; cur = path.dirname(cur)) {
    const st = await fs.stat(cur).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return undefined;
      throw explain(err, cur, wanted);
    });
    if (st?.isDirectory()) break;
    if (st) throw new Error(`cannot create the output directory ${wanted}: ${cur} is a file, not a directory (ENOTDIR)`);
    missing.push(cur);
    if (path.dirname(cur) === cur) break;
  }
  for (const d of missing.reverse()) {
    try {
      await fs.mkdir(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw explain(err as NodeJS.ErrnoException, d, wanted);
    }
  }
}

/** Creates `outname`'s directory when `meta.createOutdir` (if not null/undefined) or else `kwargs.createOutdir` says so. */
export async function createOutdirFor(outname: string, kwargs: Kwargs): Promise<void> {
  const meta = kwargs.meta as Meta | undefined;
  const create = (meta?.createOutdir as boolean | null | undefined) ?? (kwargs.createOutdir as boolean | undefined);
  if (create) await createDirectory(path.dirname(path.resolve(outname)));
}
