/**
 * The guard that keeps an output from being written over an input of the run.
 * @packageDocumentation
 */
import { lstatSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { describeInName } from './errors.js';
import { runContext } from './run-context.js';
import type { InName } from './types.js';

/** Every file name in an input item, depth first. */
export function flattenInName(inName: InName): string[] {
  if (typeof inName === 'string') return [inName];
  return inName.flatMap(flattenInName);
}

async function realpathOrUndefined(p: string): Promise<string | undefined> {
  try {
    return await fs.realpath(p);
  } catch {
    return undefined;
  }
}

/** Names looked at between two turns of the event loop (each costs one `lstat`). */
const PATH_SET_CHUNK = 128;

/**
 * The set of resolved and real paths of `names`. A name's real path is its
 * directory's (looked up once per directory, in `realDirs` when given) joined
 * with its name, or, for a symbolic link, where it points: one `realpath`
 * per directory instead of one thread-pool round trip per file. The work
 * yields to the event loop every {@link PATH_SET_CHUNK} names.
 */
export async function pathSet(
  names: readonly string[],
  base?: ReadonlySet<string>,
  realDirs: Map<string, Promise<string | undefined>> = new Map(),
): Promise<Set<string>> {
  const set = new Set<string>(base ?? []);
  const unique = [...new Set(names.map((n) => path.resolve(n)))];
  for (let i = 0; i < unique.length; i += PATH_SET_CHUNK) {
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const chunk = unique.slice(i, i + PATH_SET_CHUNK);
    const reals = await Promise.all(chunk.map((n) => realOutputPath(n, realDirs)));
    chunk.forEach((n, j) => {
      set.add(n);
      const r = reals[j];
      if (r !== undefined) set.add(r);
    });
  }
  return set;
}

/**
 * Throws when `outname` is (or resolves through links to) an input of the
 * current run — or, outside a run, one of `inName`'s files. The message names
 * both and says how to choose another output name.
 */
export async function assertNotInput(outname: string, inName: InName): Promise<void> {
  const context = runContext.getStore();
  const inputs = context?.inputs ?? (await pathSet(flattenInName(inName)));
  const resolved = path.resolve(outname);
  const real = await realOutputPath(resolved, context?.realDirs);
  if (inputs.has(resolved) || (real !== undefined && inputs.has(real))) {
    throw new Error(
      `${describeInName(inName)}: refusing to write output ${outname}: it is an input of this run, which is never overwritten. ` +
        'Use a non-empty outnameAppend, or another outdir or outname.',
    );
  }
  context?.guardLooks?.set(resolved, real); // for the claim that follows; a refused output has none
}

/**
 * The real path `outname` (absolute) has or would have: its directory's real
 * path (looked up once per directory per run) joined with its name — or, when
 * the output already exists as a symbolic link, where the link points. A
 * missing output costs no failed system call (and no thrown error) per file.
 */
export async function realOutputPath(outname: string, realDirs?: Map<string, Promise<string | undefined>>): Promise<string | undefined> {
  if (isSymbolicLink(outname)) return realpathOrUndefined(outname);
  const dir = path.dirname(outname);
  let realDir = realDirs?.get(dir);
  if (!realDir) {
    realDir = realpathOrUndefined(dir);
    realDirs?.set(dir, realDir);
  }
  const d = await realDir;
  return d === undefined ? undefined : path.join(d, path.basename(outname));
}

/** True when `p` exists and is a symbolic link; any failure to look (missing, a file in the way) is false. */
function isSymbolicLink(p: string): boolean {
  try {
    return lstatSync(p, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
  } catch {
    return false; // e.g. ENOTDIR: the write itself will report the real problem
  }
}
