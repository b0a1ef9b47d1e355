/**
 * Progress of a run on the terminal: a live bar on a TTY (files done/total,
 * failures, rate, ETA, files in flight and their memory budget), one line
 * per file otherwise (logs, CI), nothing with `--quiet`; and the summary with
 * every failure named at the end.
 * @packageDocumentation
 */
import type { Executor, ExecutorItem, ExecutorRequest } from '../executors/executor.js';
import { describeInName } from '../pipeline/errors.js';
import type { InName, Pout, ProgressEvent } from '../pipeline/types.js';
import { formatBytes, formatClock } from './units.js';

/** How progress is shown: a live bar, a line per file, or not at all. */
export type ProgressMode = 'bar' | 'lines' | 'quiet';

/** The memory picture shown beside the files in flight. */
export interface MemoryBudget {
  /** Bytes one file may need (`processSize`), or null when the pipeline sets no memory bound. */
  processSize: number | null;
  /** Bytes the whole run may use. */
  budget: number;
}

/** Where a display writes: `process.stderr` in practice. */
export interface DisplayStream {
  write(text: string): unknown;
  /** True on a terminal: the live bar is drawn. */
  isTTY?: boolean;
  /** The terminal's width: the bar is cut to it. */
  columns?: number;
}

const REDRAW_MS = 200;
const BAR_WIDTH = 24;
const CLEAR_LINE = '\r\x1b[2K';

/** The live display of one run. Feed it `onProgress` events; `trackExecutor` tells it about files in flight. */
export class ProgressDisplay {
  private done = 0;
  private failed = 0;
  private fromJournal = 0;
  private journalNoted = false;
  private processed = 0;
  private inFlight = 0;
  private exact = false;
  private limit: number | undefined;
  private stopping = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly started = Date.now();

  /**
   * @param stream - where to write (stderr, so stdout stays free for `--json -`)
   * @param mode - bar, lines or quiet
   * @param total - the files of the run
   * @param memory - processSize and budget, for the in-flight column
   */
  constructor(
    private readonly stream: DisplayStream,
    readonly mode: ProgressMode,
    private readonly total: number,
    private readonly memory: MemoryBudget,
  ) {}

  /** Starts the display: the redraw timer in bar mode (lines mode writes its header once the limit is known). */
  start(): void {
    if (this.mode === 'bar') {
      this.timer = setInterval(() => this.render(), REDRAW_MS);
      this.timer.unref();
      this.render();
    }
  }

  /** Wraps `inner` so that the display sees the memory-bounded limit and each file start and finish. */
  trackExecutor(inner: Executor): Executor {
    return {
      run: (request: ExecutorRequest) => {
        this.limit = request.limit;
        if (this.mode === 'lines') this.stream.write(`bigmultipipe: ${this.total} file(s), ${this.memoryText(undefined)}\n`);
        const worker = (item: ExecutorItem): ReturnType<ExecutorRequest['worker']> => {
          this.exact = true;
          this.inFlight += 1;
          return request.worker(item).finally(() => {
            this.inFlight -= 1;
          });
        };
        return inner.run({ ...request, worker });
      },
    };
  }

  /** The `onProgress` run option. */
  readonly onProgress = (event: ProgressEvent): void => {
    this.done = event.done;
    if (event.fromJournal) {
      this.fromJournal += 1;
      return;
    }
    this.noteJournal();
    this.processed += 1;
    if (event.error) this.failed += 1;
    if (this.mode === 'lines') {
      const n = `[${String(event.done).padStart(String(this.total).length)}/${this.total}]`;
      const what = event.error
        ? `FAIL  ${reasonLine(event.inName, event.error.message)}`
        : `ok    ${describeInName(event.inName)}${event.outname === null ? ' (no output)' : ` -> ${event.outname}`}`;
      this.stream.write(`${n} ${what}\n`);
    } else if (this.mode === 'bar' && event.error) {
      this.stream.write(`${CLEAR_LINE}✗ ${reasonLine(event.inName, event.error.message)}\n`);
      this.render();
    }
  };

  /** The first Ctrl-C: no new file starts; say so until the files in flight finish. */
  interrupted(): void {
    this.stopping = true;
    if (this.mode === 'lines') {
      this.stream.write(`interrupted: starting no new file; waiting for ${this.currentInFlight()} in flight (Ctrl-C again to quit now)\n`);
    }
    this.render();
  }

  /** Stops the redraws and leaves the final state of the bar on screen. */
  finish(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.noteJournal();
    if (this.mode === 'bar') {
      this.render();
      this.stream.write('\n');
    }
  }

  /** True once the executor was given the files (the run got past its checks). */
  get running(): boolean {
    return this.limit !== undefined;
  }

  /** Files per second processed by this run (journal hits excluded). */
  rate(): number {
    const s = (Date.now() - this.started) / 1000;
    return s > 0 ? this.processed / s : 0;
  }

  private noteJournal(): void {
    if (this.journalNoted || this.fromJournal === 0 || this.mode === 'quiet') return;
    this.journalNoted = true;
    this.stream.write(`${this.mode === 'bar' ? CLEAR_LINE : ''}${this.fromJournal} file(s) already done, taken from the journal\n`);
  }

  private currentInFlight(): number {
    if (this.exact) return this.inFlight;
    return Math.max(0, Math.min(this.limit ?? 0, this.total - this.done));
  }

  /** `in flight 3/4 × 200 MiB = 600 MiB of 12 GiB` (bar), or `up to 4 in flight, 200 MiB each of a 12 GiB budget` (header). */
  private memoryText(inFlight: number | undefined): string {
    const { processSize, budget } = this.memory;
    const limit = this.limit === undefined ? '' : `/${this.limit}`;
    if (inFlight === undefined) {
      const head = `up to ${this.limit ?? '?'} in flight`;
      return processSize === null
        ? `${head} (no processSize: bounded by cores)`
        : `${head}, ${formatBytes(processSize)} each of a ${formatBytes(budget)} memory budget`;
    }
    const files = `in flight ${inFlight}${limit}`;
    if (processSize === null) return `${files} (no processSize)`;
    return `${files} × ${formatBytes(processSize)} = ${formatBytes(inFlight * processSize)} of ${formatBytes(budget)}`;
  }

  /** The bar line, cut to the terminal's width. */
  line(): string {
    const frac = this.total > 0 ? this.done / this.total : 1;
    const fill = Math.round(frac * BAR_WIDTH);
    const bar = `[${'█'.repeat(fill)}${'░'.repeat(BAR_WIDTH - fill)}]`;
    const rate = this.rate();
    const eta = rate > 0 ? ((this.total - this.done) / rate) * 1000 : Number.NaN;
    const parts = [
      `${String(this.done).padStart(String(this.total).length)}/${this.total}`,
      bar,
      `${String(Math.floor(frac * 100)).padStart(3)}%`,
      this.failed > 0 ? `✗ ${this.failed} failed` : '✓ 0 failed',
      `${rate.toFixed(1)} files/s`,
      this.stopping ? 'stopping (Ctrl-C again: quit now)' : `ETA ${formatClock(eta)}`,
      this.memoryText(this.currentInFlight()),
    ];
    const text = parts.join('  ');
    const width = Math.max(20, (this.stream.columns ?? 100) - 1);
    return text.length > width ? `${text.slice(0, width - 1)}…` : text;
  }

  private render(): void {
    if (this.mode !== 'bar') return;
    this.stream.write(`${CLEAR_LINE}${this.line()}`);
  }
}

/** `file: reason`, without repeating the file when the reason already starts with it. */
export function reasonLine(inName: InName, message: string): string {
  const label = describeInName(inName);
  return message.startsWith(`${label}: `) ? message : `${label}: ${message}`;
}

/** The failed entries of a pout: those whose metadata holds the run's `error` record. */
export function failuresOf(pout: Pout, inNames: readonly InName[]): Array<{ inName: InName; message: string }> {
  const out: Array<{ inName: InName; message: string }> = [];
  pout.forEach(([outname, meta], i) => {
    const error = meta?.error as { message?: unknown } | undefined;
    if (outname === null && error && typeof error.message === 'string') out.push({ inName: inNames[i] as InName, message: error.message });
  });
  return out;
}

const MAX_LISTED = 50;

/** The end of a run: one summary line (not with `--quiet`), then every failure with its file and reason. */
export function printSummary(stream: DisplayStream, opts: { pout: Pout; inNames: readonly InName[]; elapsedMs: number; quiet: boolean; where?: string }): void {
  const failures = failuresOf(opts.pout, opts.inNames);
  const total = opts.pout.length;
  if (!opts.quiet) {
    const written = opts.pout.filter(([o]) => o !== null).length;
    const none = total - written - failures.length;
    const secs = opts.elapsedMs / 1000;
    stream.write(
      `${total} file(s): ${written} written${none > 0 ? `, ${none} without output` : ''}, ${failures.length} failed ` +
        `in ${secs < 60 ? `${secs.toFixed(secs < 10 ? 2 : 1)} s` : formatClock(opts.elapsedMs)}\n`,
    );
  }
  if (failures.length === 0) return;
  stream.write(`Failed (${failures.length}):\n`);
  for (const f of failures.slice(0, MAX_LISTED)) stream.write(`  ${reasonLine(f.inName, f.message)}\n`);
  if (failures.length > MAX_LISTED) {
    stream.write(`  … and ${failures.length - MAX_LISTED} more${opts.where ? ` (every one is in ${opts.where})` : ' (--json FILE lists every one)'}\n`);
  }
}
