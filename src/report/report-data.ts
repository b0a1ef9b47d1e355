/**
 * What a run report shows: the data the observer collects and the HTML
 * renders.
 * @packageDocumentation
 */
import type { FileStage } from '../pipeline/file-context.js';

/** One file of the run, times in seconds since the run started. */
export interface FileTiming {
  index: number;
  label: string;
  start?: number;
  /** When each stage began (absent: not seen, e.g. a custom `fileProcess`). */
  stages: Partial<Record<FileStage, number>>;
  end?: number;
  state: 'ok' | 'failed' | 'from journal' | 'not started';
  outname?: string | null;
  error?: { name: string; message: string };
}

/** Files in flight and the process's resident memory at one moment. */
export interface Sample {
  t: number;
  inFlight: number;
  rss: number;
}

/** A preview of one output. */
export interface Thumbnail {
  label: string;
  outname: string;
  /** PNG, base64. */
  png: string;
}

/** Everything the report shows. */
export interface ReportData {
  startedAt: Date;
  /** Seconds. */
  duration: number;
  files: FileTiming[];
  samples: Sample[];
  /** Files in flight allowed. */
  limit: number;
  /** Bytes the run may use (memAvailable, or memFrac × available memory). */
  memBudget: number | undefined;
  processSize: number | null;
  options: Array<[string, string]>;
  thumbnails: Thumbnail[];
}
