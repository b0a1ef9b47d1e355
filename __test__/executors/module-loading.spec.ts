/**
 * Module loading shared by the worker, queue and command-line executors: the
 * MODULE[#EXPORT] form and module URLs. (Loading itself runs in worker
 * threads and is tested through WorkerExecutor in worker.spec.ts.)
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { moduleUrl, parseModuleRef } from '../../src/index.js';

describe('parseModuleRef', () => {
  it.each([
    ['./pipeline.js#Reduce', { module: './pipeline.js', export: 'Reduce' }],
    ['./pipeline.js', { module: './pipeline.js', export: 'default' }],
    ['file:///a/b.mjs#make$1', { module: 'file:///a/b.mjs', export: 'make$1' }],
    ['/dir#1/p.js', { module: '/dir#1/p.js', export: 'default' }],
  ])('%s', (spec, ref) => {
    expect(parseModuleRef(spec)).toEqual(ref);
  });

  it('refuses an empty spec, saying the form', () => {
    expect(() => parseModuleRef('')).toThrow(/expected MODULE\[#EXPORT\]/);
  });
});

describe('moduleUrl', () => {
  it('resolves a relative path against the current directory, and keeps file: URLs', () => {
    expect(moduleUrl('x/p.js')).toBe(pathToFileURL(path.resolve('x/p.js')).href);
    expect(moduleUrl(new URL('file:///a/p.js'))).toBe('file:///a/p.js');
    expect(moduleUrl('file:///a/p.js')).toBe('file:///a/p.js');
  });

  it('refuses other URLs and empty values, naming them', () => {
    expect(() => moduleUrl('https://example.com/p.js')).toThrow(/must be a file path or a file: URL; got https:\/\/example.com\/p.js/);
    expect(() => moduleUrl(new URL('data:text/javascript,1'))).toThrow(/got data:/);
    expect(() => moduleUrl('')).toThrow(/got an empty string/);
  });
});
