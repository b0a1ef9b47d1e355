/**
 * The run report's observer: times each file of a `pipeline()` run (start,
 * stages, finish), samples files in flight and the process's memory, and
 * when the run ends writes one self-contained HTML file (run option
 * `report`).
 * @packageDocumentation
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { readNpy } from '../formats/npy.js';
import { describeInName } from '../pipeline/errors.js';
import type { FileStage } from '../pipeline/file-context.js';
import { writeFileAtomic } from '../pipeline/files.js';
import { availableMemory } from '../pipeline/resources.js';
import type { RunPlan } from '../pipeline/run.js';
import type { RunObserver, RunRecord } from '../pipeline/run-record.js';
import type { PoutEntry } from '../pipeline/types.js';
import type { FileTiming, ReportData, Sample, Thumbnail } from './report-data.js';
import { renderReport } from './report-html.js';
import { preview } from './preview.js';

/** How many outputs get a thumbnail, and their longest side in pixels. */
const THUMBNAILS = { count: 6, size: 160 } as const;

/** Collects a run's timings and writes its report. */
export class RunReporter implements RunObserver {
  private readonly t0 = performance.now();
  private readonly startedAt = new Date();
  private readonly files: FileTiming[];
  private readonly samples: Sample[] = [];
  private inFlight = 0;

  /** @param plan - the run being watched (its `run.report` is the path to write). */
  constructor(private readonly plan: RunPlan) {
    this.files = plan.inNames.map((inName, index) => ({ index, label: describeInName(inName), stages: {}, state: 'not started' }));
    this.sample();
  }

  private now(): number {
    return (performance.now() - this.t0) / 1000;
  }

  private sample(): void {
    this.samples.push({ t: this.now(), inFlight: this.inFlight, rss: process.memoryUsage.rss() });
  }

  /** @inheritDoc */
  fileStart(index: number): void {
    const f = this.files[index];
    if (!f) return;
    f.start = this.now();
    this.inFlight += 1;
    this.sample();
  }

  /** @inheritDoc */
  fileStage(index: number, stage: FileStage): void {
    const f = this.files[index];
    if (f && f.end === undefined) f.stages[stage] = this.now();
  }

  /** @inheritDoc */
  fileEnd(index: number): void {
    const f = this.files[index];
    if (!f || f.start === undefined || f.end !== undefined) return;
    f.end = this.now();
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.sample();
  }

  /** @inheritDoc */
  fileFinish(index: number, entry: PoutEntry, failed: boolean, reused: boolean): void {
    const f = this.files[index];
    if (!f) return;
    if (f.start !== undefined) this.fileEnd(index); // an executor running items elsewhere: it ends when reported
    f.outname = entry[0];
    f.state = reused ? 'from journal' : failed ? 'failed' : 'ok';
    if (failed) {
      const e = entry[1].error as { name?: string; message?: string } | undefined;
      f.error = { name: String(e?.name ?? 'Error'), message: String(e?.message ?? '') };
    }
  }

  /**
   * Writes the report (temporary name, then rename). A report that cannot be
   * written is a process warning naming the path, never a failure of the run.
   */
  async write(record: RunRecord): Promise<void> {
    const path = resolve(this.plan.run.report as string);
    try {
      this.sample();
      for (const [i, entry] of record.pout.entries()) {
        const f = this.files[i];
        if (f && f.state === 'not started' && entry?.[1].error) {
          const e = entry[1].error as { name: string; message: string };
          f.error = { name: e.name, message: e.message };
        }
      }
      await mkdir(dirname(path), { recursive: true });
      await writeFileAtomic(path, renderReport(await this.data()));
    } catch (err) {
      process.emitWarning(`bigmultipipe: run report ${path} could not be written: ${(err as Error)?.message ?? String(err)}`);
    }
  }

  private async data(): Promise<ReportData> {
    const s = this.plan.settings;
    const memBudget = s ? (s.memAvailable ?? s.memFrac * availableMemory()) : undefined;
    return {
      startedAt: this.startedAt,
      duration: this.now(),
      files: this.files,
      samples: this.samples,
      limit: this.plan.limit,
      memBudget,
      processSize: s?.processSize ?? null,
      options: this.options(),
      thumbnails: await this.thumbnails(),
    };
  }

  /** The run's options and settings as text (functions by name; the control stream's keys too). */
  private options(): Array<[string, string]> {
    const { settings, run, fileKwargs, executor } = this.plan;
    const rows: Array<[string, string]> = [];
    for (const [k, v] of Object.entries(settings ?? {})) if (k !== 'executor') rows.push([k, show(v)]);
    rows.push(['executor', executor.constructor?.name ?? 'custom'], ['files in flight (limit)', String(this.plan.limit)]);
    for (const [k, v] of Object.entries(run)) if (v !== undefined) rows.push([k, show(v)]);
    const shown = new Set(rows.map(([k]) => k));
    for (const [k, v] of Object.entries(fileKwargs)) if (!shown.has(k)) rows.push([`kwargs.${k}`, show(v)]);
    return rows;
  }

  /** Previews of the first outputs that are `.npy` images (2-D, or a cube's first plane); others are skipped. */
  private async thumbnails(): Promise<Thumbnail[]> {
    const out: Thumbnail[] = [];
    for (const f of this.files) {
      if (out.length >= THUMBNAILS.count) break;
      if (f.state !== 'ok' || !f.outname?.endsWith('.npy')) continue;
      try {
        const array = await readNpy(f.outname);
        try {
          if (array.shape.length !== 2 && array.shape.length !== 3) continue;
          const png = await preview(array, { size: THUMBNAILS.size });
          out.push({ label: f.label, outname: f.outname, png: Buffer.from(png).toString('base64') });
        } finally {
          array.dispose();
        }
      } catch {
        // not an image we can show (or gone since): no thumbnail
      }
    }
    return out;
  }
}

/** A short text for an option's value. */
function show(v: unknown): string {
  if (typeof v === 'function') return `function ${v.name || '(anonymous)'}`;
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (v instanceof AbortSignal) return `AbortSignal (aborted: ${v.aborted})`;
  if (v === null || typeof v !== 'object') return String(v);
  try {
    const text = JSON.stringify(v);
    return text.length > 200 ? `${text.slice(0, 197)}...` : text;
  } catch {
    return Object.prototype.toString.call(v);
  }
}
