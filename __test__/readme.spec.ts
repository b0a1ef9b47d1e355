/**
 * Every ```ts example of README.md runs as pasted, and prints what the README
 * says it prints: the ```text block that follows an example (before the next
 * example) is its expected output. Each example runs in a fresh directory
 * (its cwd) in its own Node process, through tsx, as a user runs it; the one
 * change is that `'bigmultipipe'` (and `'bigmultipipe/cli'`) resolves to this checkout's source, so the
 * test needs no build.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const entry = path.join(root, 'src', 'index.ts');
const cliEntry = path.join(root, 'src', 'cli', 'index.ts');
const tsx = import.meta.resolve('tsx'); // the examples run elsewhere, where a bare 'tsx' would not resolve

interface Example {
  line: number;
  code: string;
  output: string | undefined;
}

/** The README's ```ts blocks, each with the ```text block that follows it, if any. */
function examples(markdown: string): Example[] {
  const lines = markdown.split('\n');
  const found: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    const info = /^```(\S*)\s*$/.exec(lines[i] as string)?.[1];
    if (info === undefined) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] as string); i++) body.push(lines[i] as string);
    if (info === 'ts') found.push({ line: start + 1, code: body.join('\n'), output: undefined });
    const last = found.at(-1);
    if (info === 'text' && last && last.output === undefined) last.output = body.join('\n');
    if (info !== 'ts' && info !== 'text' && last) last.output ??= ''; // another block ends the example's scope
  }
  return found.map((e) => ({ ...e, output: e.output === '' ? undefined : e.output }));
}

const readme = await readFile(path.join(root, 'README.md'), 'utf8');
const blocks = examples(readme);
const run = promisify(execFile);

describe('README examples', () => {
  it('has examples to check', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
  });

  it.each(blocks.map((b) => [b.line, b] as const))('the example at README.md line %i runs as pasted and prints what the README shows', async (_line, block) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bmp-readme-'));
    try {
      const file = path.join(dir, 'example.mts');
      const code = block.code.replaceAll(/from 'bigmultipipe'/g, `from ${JSON.stringify(entry)}`);
      await writeFile(file, code.replaceAll(/from 'bigmultipipe\/cli'/g, `from ${JSON.stringify(cliEntry)}`));
      const { stdout } = await run(process.execPath, ['--import', tsx, file], { cwd: dir, timeout: 120_000 });
      if (block.output !== undefined) expect(stdout.trimEnd()).toBe(block.output.trimEnd());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
