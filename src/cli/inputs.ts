/**
 * The input list of `bigmultipipe run`: names and glob patterns from the
 * command line (expanded here, so quoted globs behave the same on every
 * shell), and names from a file or stdin (`--from FILE|-`).
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { UsageError } from './errors.js';

// Natural order (x2 before x10), the same on every machine.
const collator = new Intl.Collator('en', { numeric: true });

/**
 * Expands one command-line input: a glob pattern becomes the files it
 * matches, in natural order; a plain name is kept as given (a missing file
 * then fails in the run, as the library reports it). A pattern matching
 * nothing is a usage error, unless a file of that very name exists.
 */
export async function expandInput(input: string, cwd = process.cwd()): Promise<string[]> {
  if (!isDynamicPattern(input)) return [input];
  const absolute = path.isAbsolute(input);
  const found = await glob(input, { cwd, absolute, onlyFiles: true, expandDirectories: false });
  if (found.length === 0) {
    if (existsSync(path.resolve(cwd, input))) return [input];
    throw new UsageError(`input '${input}' matched no file; check the pattern (it is matched from ${cwd})`);
  }
  return found.sort(collator.compare);
}

/** Reads one name per line from `source` (`-`: stdin); blank lines are skipped. */
export async function readNameList(source: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<string[]> {
  let text: string;
  if (source === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
    text = Buffer.concat(chunks).toString('utf8');
  } else {
    try {
      text = await readFile(source, 'utf8');
    } catch (err) {
      throw new UsageError(`--from ${source}: cannot be read (${(err as Error).message}); give a file with one input name per line, or - for stdin`);
    }
  }
  return text.split(/\r?\n/).filter((line) => line.trim() !== '');
}

/**
 * The run's inputs: the expanded command-line inputs, then the names of
 * `--from`, without repeats (the first occurrence keeps its place).
 */
export async function collectInputs(inputs: readonly string[], from: string | undefined): Promise<string[]> {
  const names: string[] = [];
  for (const input of inputs) names.push(...(await expandInput(input)));
  if (from !== undefined) names.push(...(await readNameList(from)));
  const unique = [...new Set(names)];
  if (unique.length === 0) {
    throw new UsageError(
      from === undefined
        ? "no input files: give INPUTS (names, or quoted globs such as 'raw/*.npy') or --from FILE (one name per line; - for stdin)"
        : `--from ${from}: holds no input names; give one name per line`,
    );
  }
  return unique;
}
