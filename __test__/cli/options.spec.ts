/**
 * The option helpers for users' own commander programs: what
 * addPipelineOptions adds, defaults and help of the program's own, and what
 * pipelineOptionsFrom gives a real NpyMultiPipe.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addPipelineOptions, parseDuration, parseSize, pipelineOptionsFrom, PIPELINE_OPTION_NAMES } from '../../src/cli/index.js';
import { NpyMultiPipe } from '../../src/index.js';

/** A program as a user writes one; errors are thrown instead of exiting. */
function program(config?: Parameters<typeof addPipelineOptions>[1]): Command {
  const c = new Command('reduce').exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  addPipelineOptions(c, config);
  return c.argument('[files...]');
}
const parse = (argv: string[], config?: Parameters<typeof addPipelineOptions>[1]): Record<string, unknown> =>
  program(config).parse(argv, { from: 'user' }).opts();

describe('addPipelineOptions', () => {
  it('adds every option; nothing is set unless given, so the pipeline’s own settings stay in force', () => {
    const flags = program().options.map((o) => o.long);
    for (const f of [
      '--outdir',
      '--create-outdir',
      '--no-create-outdir',
      '--read-pout',
      '--write-pout',
      '--poutname',
      '--outname-append',
      '--num-processes',
      '--mem-available',
      '--mem-frac',
      '--process-size',
      '--journal',
      '--file-timeout',
      '--report',
      '--on-error',
      '--fail-fast',
      '--workers',
    ]) {
      expect(flags).toContain(f);
    }
    expect(PIPELINE_OPTION_NAMES).toHaveLength(16);
    expect(pipelineOptionsFrom(parse([]))).toEqual({ settings: {}, runOptions: {}, cache: {} });
  });

  it('parses sizes, durations, fractions and the --no- forms', () => {
    const o = parse([
      '--process-size',
      '200M',
      '--mem-available',
      '1.5G',
      '--mem-frac',
      '0.5',
      '--num-processes',
      '0.5',
      '--file-timeout',
      '30s',
      '--create-outdir',
      '--no-create-outdir',
      '--fail-fast',
      '--on-error',
      'collect',
      '--outdir',
      'out',
      '--outname-append',
      '_r',
      '--journal',
      'j',
      '--report',
      'r.html',
    ]);
    expect(pipelineOptionsFrom(o)).toEqual({
      settings: {
        outdir: 'out',
        createOutdir: false,
        outnameAppend: '_r',
        numProcesses: 0.5,
        memAvailable: 1.5 * 2 ** 30,
        memFrac: 0.5,
        processSize: 200 * 2 ** 20,
      },
      runOptions: { journal: 'j', fileTimeout: 30_000, report: 'r.html', onError: 'collect', failFast: true },
      cache: { createOutdir: false },
    });
  });

  it('takes the program’s defaults (sizes as text too) and help texts, and leaves out what it is told to', () => {
    const c = program({
      defaults: { outnameAppend: '_cor', processSize: '400M', createOutdir: true },
      help: { outdir: 'where reduced frames go' },
      omit: ['workers', 'journal'],
    });
    const help = c.helpInformation();
    expect(help).toContain('where reduced frames go');
    expect(help).toContain('(default: "_cor")');
    expect(help).toContain('(default: 400 MiB)');
    expect(help).not.toContain('--workers');
    expect(help).not.toContain('--journal');
    const { settings } = pipelineOptionsFrom(c.parse([], { from: 'user' }).opts());
    expect(settings).toEqual({ outnameAppend: '_cor', processSize: 400 * 2 ** 20, createOutdir: true });
    expect(() => program({ defaults: { numProcess: 2 } as never })).toThrow(/defaults\.numProcess is not a pipeline option/);
  });

  it('a bad value is refused by commander with the option named and the accepted forms', () => {
    expect(() => parse(['--process-size', 'lots'])).toThrow(/--process-size: 'lots' is not a size; write bytes, or a number with a unit: 200M, 1\.5G/);
    expect(() => parse(['--workers', '1.5'])).toThrow(/--workers: must be a whole number of worker threads ≥ 1/);
  });

  it('the settings configure a real pipeline; --workers without the module is an error saying what to pass', () => {
    const { settings } = pipelineOptionsFrom(parse(['--process-size', '64M', '--num-processes', '3', '--outname-append', '_x']));
    const pipe = new NpyMultiPipe(settings);
    expect([pipe.processSize, pipe.numProcesses, pipe.outnameAppend]).toEqual([64 * 2 ** 20, 3, '_x']);
    expect(() => pipelineOptionsFrom(parse(['--workers', '2']))).toThrow(
      /--workers needs the module defining the pipeline: call pipelineOptionsFrom\(opts, \{ module: import\.meta\.url/,
    );
  });
});

describe('sizes and durations', () => {
  it('reads units as documented', () => {
    expect([parseSize('1024'), parseSize('2k'), parseSize('200M'), parseSize('1.5GiB'), parseSize('500MB'), parseSize('1 T')]).toEqual([
      1024,
      2048,
      200 * 2 ** 20,
      1.5 * 2 ** 30,
      500e6,
      2 ** 40,
    ]);
    expect([parseDuration('500ms'), parseDuration('30s'), parseDuration('1.5m'), parseDuration('2h')]).toEqual([500, 30_000, 90_000, 7_200_000]);
    expect(() => parseSize('-1M')).toThrow(/not a size/);
    expect(() => parseDuration('0s')).toThrow(/must be a positive duration/);
    expect(() => parseDuration('10d')).toThrow(/not a duration; write a number with a unit: 500ms, 30s, 5m, 2h/);
  });
});
