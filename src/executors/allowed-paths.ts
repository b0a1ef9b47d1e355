/**
 * The directories a queue worker may read and write: a job comes from Redis,
 * so the paths it names are checked — links resolved — before anything is
 * opened.
 * @packageDocumentation
 */
import { promises as fs, realpathSync } from 'node:fs';
import path from 'node:path';

/** A path a job named lies outside the directories the worker was given. */
export class PathNotAllowedError extends Error {
  /** @param message - names the path, the allowed directories and the fix. */
  constructor(message: string) {
    super(message);
    this.name = 'PathNotAllowedError';
  }
}

/** How long a resolved output directory is trusted (ms). */
const DIR_CACHE_MS = 1_000;

const inside = (real: string, root: string): boolean => real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

/** The real path of `p`, or of its nearest existing ancestor joined with the rest (a file not yet written). */
function realOrAncestor(p: string, real: (p: string) => string): string {
  let dir = path.resolve(p);
  const tail: string[] = [];
  for (;;) {
    try {
      return path.join(real(dir), ...tail.reverse());
    } catch (err) {
      const parent = path.dirname(dir);
      if (parent === dir || (err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      tail.push(path.basename(dir));
      dir = parent;
    }
  }
}

/** Directories a worker confines its files to (real paths: a link out of them does not get out). */
export class AllowedPaths {
  private readonly dirs = new Map<string, { real: string; at: number }>();

  private constructor(readonly roots: readonly string[]) {}

  /** Resolves `dirs` (each must exist and be a directory); errors name the bad one. */
  static async create(dirs: readonly string[]): Promise<AllowedPaths> {
    if (dirs.length === 0) throw new TypeError('allow: give at least one directory the worker may read and write');
    const roots: string[] = [];
    for (const d of dirs) {
      let real: string;
      try {
        real = await fs.realpath(d);
      } catch (err) {
        throw new Error(`allow: ${d}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (err as Error).message}`);
      }
      if (!(await fs.stat(real)).isDirectory()) throw new Error(`allow: ${d} is not a directory`);
      roots.push(real);
    }
    return new AllowedPaths(roots);
  }

  private refuse(p: string, what: string): never {
    throw new PathNotAllowedError(
      `${p}: refused to ${what} it: outside the directories this queue worker may use (${this.roots.join(', ')}); ` +
        'start the worker with allow (--allow DIR) naming a directory that holds it',
    );
  }

  private check(p: string, what: string, real: string): void {
    if (!path.isAbsolute(p)) this.refuse(p, what);
    if (!this.roots.some((r) => inside(real, r))) this.refuse(p, what);
  }

  /** Throws a {@link PathNotAllowedError} unless `p` (absolute) is inside an allowed directory. Opens nothing. */
  async checkRead(p: string): Promise<void> {
    if (!path.isAbsolute(p)) this.refuse(p, 'read');
    let real: string;
    try {
      real = await fs.realpath(p);
    } catch {
      real = realOrAncestor(p, realpathSync);
    }
    this.check(p, 'read', real);
  }

  /**
   * Synchronous check of a path about to be written (the writers' guard is
   * synchronous). Only its directory is resolved: writers write a temporary
   * file and rename it over the target, which replaces a link rather than
   * writing through it. Directories resolved in the last second are cached
   * (one look-up per output directory, not per file).
   */
  checkWrite(p: string): void {
    const abs = path.resolve(p);
    const dir = path.dirname(abs);
    const now = Date.now();
    let hit = this.dirs.get(dir);
    if (!hit || now - hit.at > DIR_CACHE_MS) {
      if (this.dirs.size > 1000) this.dirs.clear();
      hit = { real: realOrAncestor(dir, realpathSync), at: now };
      this.dirs.set(dir, hit);
    }
    this.check(abs, 'write', path.join(hit.real, path.basename(abs)));
  }
}
