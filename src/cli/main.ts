/**
 * The `bigmultipipe` command: `run`, `info` and `worker` (a queue worker).
 * @packageDocumentation
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { PreviewInterval, PreviewStretch } from '../report/preview.js';
import { PREVIEW_DEFAULTS, PREVIEW_INTERVALS, PREVIEW_STRETCHES } from '../report/preview.js';
import pkg from '../../package.json' with { type: 'json' };
import { EXIT, UsageError } from './errors.js';
import { infoCommand } from './info.js';
import { addPipelineOptions } from './options.js';
import type { CommandIo, RunCommandOptions } from './run-command.js';
import { runCommand } from './run-command.js';
import type { WorkerCommandOptions } from './worker-command.js';
import { workerCommand } from './worker-command.js';

const RUN_EXAMPLE = `
Example: double every array in raw/ into out/, each file needing at most 200 MiB of memory
  $ cat double.mjs
  import { NpyMultiPipe } from 'bigmultipipe';
  export default class Double extends NpyMultiPipe {
    dataProcess(data) { return data.mul(2); }
  }
  $ bigmultipipe run double.mjs 'raw/*.npy' --outdir out --create-outdir \\
      --process-size 200M --journal double.journal --json pout.json

MODULE is an ES module importing bigmultipipe (.mjs, or .js in a "type": "module"
package; TypeScript with NODE_OPTIONS="--import tsx"). #EXPORT names the export
(default: default): a BigMultiPipe instance, a subclass, or a function returning one.
Quote glob patterns ('raw/*.npy'): bigmultipipe expands them the same way on every
shell. Progress goes to stderr (a live bar on a terminal, a line per file otherwise).
Ctrl-C once: finish the files in flight, record them in the journal and print
the command that resumes; twice: quit at once.

Exit codes: 0 every file done; 1 some files failed (listed at the end); 2 usage error;
130 interrupted.`;

const TOP_EXAMPLE = `
Example:
  $ bigmultipipe run double.mjs 'raw/*.npy' --outdir out --create-outdir --json pout.json
  $ bigmultipipe info out/*.npy

Run "bigmultipipe run --help" for the pipeline's options and a complete example.`;

/** The options of `info`, as commander parses them. */
interface InfoCommandOptions {
  json?: boolean;
  png?: string;
  interval: PreviewInterval;
  stretch: PreviewStretch;
  plane?: number;
}

/** Builds the program; each action stores its exit code through `setCode`. */
export function buildProgram(io: CommandIo, setCode: (code: number) => void): Command {
  const program = new Command('bigmultipipe')
    .description('Run one pipeline over thousands of large files on all cores within a memory budget.')
    .version(pkg.version)
    .exitOverride()
    .showHelpAfterError('(add --help for the options and an example)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .addHelpText('after', TOP_EXAMPLE);

  const run = program
    .command('run')
    .description("run a pipeline module over input files and report each file's output and metadata")
    .argument('<module>', 'MODULE[#EXPORT]: the module defining the pipeline, and the export naming it')
    .argument('[inputs...]', "input files or quoted glob patterns ('raw/*.npy')")
    .option('--from <file>', 'read input names from FILE, one per line (- for stdin)')
    .option('--json <file>', 'write the pout (one [outname, meta] per input, in input order) as JSON to FILE (- for stdout)')
    .option('-q, --quiet', 'no progress and no summary; failures are still listed');
  addPipelineOptions(run);
  run.addHelpText('after', RUN_EXAMPLE).action(async (moduleArg: string, inputs: string[], opts: RunCommandOptions) => {
    setCode(await runCommand(moduleArg, inputs, opts, io));
  });

  program
    .command('info')
    .description('shape, dtype, order, size and min/max/mean/median/std of .npy and FITS files (and the FITS header)')
    .argument('<files...>', 'the files to describe')
    .option('--json', 'print the descriptions as JSON')
    .option('--png <file>', 'also write a PNG preview of the (one) file, scaled as astropy.visualization scales images')
    .addOption(new Option('--interval <name>', 'with --png: the values shown black and white').choices(PREVIEW_INTERVALS).default(PREVIEW_DEFAULTS.interval))
    .addOption(new Option('--stretch <name>', 'with --png: how the values between are shaded').choices(PREVIEW_STRETCHES).default(PREVIEW_DEFAULTS.stretch))
    .option('--plane <n>', 'with --png: the plane of a 3-D cube to show', (text) => {
      const n = Number(text);
      if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`--plane: must be a whole number >= 0; got '${text}'.`);
      return n;
    })
    .addHelpText(
      'after',
      '\nExample:\n  $ bigmultipipe info raw/frame001.npy out/*.npy\n  $ bigmultipipe info --json night/ccd001.fits\n  $ bigmultipipe info night/ccd001.fits --png ccd001.png --stretch asinh',
    )
    .action(async (files: string[], opts: InfoCommandOptions) => {
      const { png, interval, stretch, plane, json } = opts;
      setCode(await infoCommand(files, { json, png: png === undefined ? undefined : { png, interval, stretch, plane } }, io));
    });

  program
    .command('worker')
    .description('serve a queue of files (the workers of a QueueExecutor run, on BullMQ/Redis) on this host')
    .argument('<module>', 'MODULE[#EXPORT]: the module defining the pipeline (the same one the run names)')
    .requiredOption('--redis <url>', 'the Redis server: redis://[user:password@]host:port[/db] (rediss:// for TLS)')
    .requiredOption('--queue <name>', "the queue's name (the one given to QueueExecutor)")
    .option('--allow <dir...>', 'directories jobs may read inputs from and write outputs to (default: the current directory)')
    .option('--concurrency <n>', "files in flight on this host (default: numCanProcess with the pipeline's processSize and this host's memory)")
    .option('--prefix <prefix>', "BullMQ's key prefix, as given to QueueExecutor (default: bull)")
    .option('-q, --quiet', 'no line per file')
    .addHelpText(
      'after',
      '\nExample (on every host sharing the filesystem):\n' +
        "  $ bigmultipipe worker pipeline.mjs#Reduce --redis redis://bmp:secret@queuehost:6379 --queue night --allow /data\n" +
        'The run itself uses new QueueExecutor({ connection, queue: "night" }) as its executor.\n' +
        'Stop with Ctrl-C or SIGTERM: the files in flight finish first (a second signal drops them to another worker).',
    )
    .action(async (moduleArg: string, opts: WorkerCommandOptions) => {
      setCode(await workerCommand(moduleArg, opts, io));
    });
  return program;
}

/**
 * Runs the command line with `argv` (the arguments after the program name)
 * and resolves with the exit code. Usage errors are printed with their fix.
 */
export async function main(argv: readonly string[], io: Partial<CommandIo> = {}): Promise<number> {
  const full: CommandIo = { argv, stdout: io.stdout ?? process.stdout, stderr: io.stderr ?? process.stderr };
  let code: number = EXIT.ok;
  const program = buildProgram(full, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are exits with code 0; commander has printed its message.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof UsageError) {
      full.stderr.write(`bigmultipipe: error: ${err.message}\n`);
      return EXIT.usage;
    }
    full.stderr.write(`bigmultipipe: error: ${(err as Error)?.stack ?? String(err)}\n`);
    return EXIT.failed;
  }
}

/**
 * The `bin` entry: runs {@link main} on `process.argv` and exits with its
 * code (after stdout has drained; a pipeline module holding handles open
 * does not keep the process alive).
 */
export async function runCli(): Promise<void> {
  const code = await main(process.argv.slice(2));
  process.exitCode = code;
  setTimeout(() => process.exit(code), 1000).unref();
}
