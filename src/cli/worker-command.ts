/**
 * `bigmultipipe worker`: serve a BullMQ queue of files on this host (the
 * workers of a `QueueExecutor` run).
 * @packageDocumentation
 */
import { describeConnection } from '../executors/queue-connection.js';
import { runQueueWorker } from '../executors/queue-worker.js';
import type { QueueWorkerEvent } from '../executors/queue-worker.js';
import { parseModuleRef } from '../executors/module-loading.js';
import { EXIT, UsageError } from './errors.js';
import type { CommandIo } from './run-command.js';

/** Options of the `worker` subcommand, as commander parses them. */
export interface WorkerCommandOptions {
  redis: string;
  queue: string;
  allow?: string[];
  concurrency?: string;
  prefix?: string;
  quiet?: boolean;
}

function positiveInteger(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${name} must be a positive integer (files in flight on this host); got ${JSON.stringify(text)}`);
  return n;
}

function describeEvent(e: QueueWorkerEvent): string {
  const what = e.inName ?? e.jobId ?? '';
  if (e.type === 'done') return `done ${what} -> ${e.outname ?? '(no output)'}`;
  if (e.type === 'failed' || e.type === 'refused') return `${e.type} ${what}: ${e.error ?? ''}`;
  if (e.type === 'start') return `start ${what}`;
  return e.type;
}

/**
 * Runs a queue worker until SIGINT/SIGTERM: loads MODULE[#EXPORT], serves the
 * queue, and on the first signal stops taking jobs and finishes those in
 * flight (a second signal drops them: BullMQ gives them to another worker).
 * Resolves with the exit code.
 */
export async function workerCommand(moduleArg: string, opts: WorkerCommandOptions, io: CommandIo): Promise<number> {
  const ref = parseModuleRef(moduleArg);
  const concurrency = positiveInteger('--concurrency', opts.concurrency);
  const allow = opts.allow && opts.allow.length > 0 ? opts.allow : [process.cwd()];
  const log = (line: string): void => {
    if (!opts.quiet) io.stderr.write(`${line}\n`);
  };
  let worker: Awaited<ReturnType<typeof runQueueWorker>>;
  try {
    worker = await runQueueWorker({
      connection: opts.redis,
      queue: opts.queue,
      module: ref.module,
      export: ref.export,
      allow,
      concurrency,
      prefix: opts.prefix,
      onEvent: (e) => log(describeEvent(e)),
    });
  } catch (err) {
    // Redis unreachable, bullmq not installed, a bad option: said once, with its fix.
    io.stderr.write(`bigmultipipe worker: ${(err as Error)?.message ?? String(err)}\n`);
    return EXIT.failed;
  }
  if (worker.loadError) io.stderr.write(`bigmultipipe worker: the pipeline module did not load; every file this worker takes fails with: ${worker.loadError.message}\n`);
  log(
    `serving queue ${JSON.stringify(opts.queue)} on ${describeConnection(opts.redis)}: ${worker.concurrency} file(s) at once; ` +
      `allowed directories: ${allow.join(', ')}. Ctrl-C (or SIGTERM) to stop after the files in flight.`,
  );
  let signals = 0;
  const stopped = new Promise<number>((resolve) => {
    const onSignal = (): void => {
      signals += 1;
      if (signals === 1) {
        log('stopping: finishing the files in flight (signal again to drop them)');
        worker.close().then(
          () => resolve(EXIT.ok),
          () => resolve(EXIT.failed),
        );
      } else {
        worker.close(true).finally(() => resolve(EXIT.interrupted));
      }
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  return stopped;
}
