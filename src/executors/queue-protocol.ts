/**
 * What the queue executor and its workers exchange through Redis: key names,
 * a run's setup, a job's data and a job's result. A job comes from Redis, so
 * a worker treats it as untrusted input: everything here is validated before
 * use, and only names, the control stream and `[outname, meta]` cross.
 * @packageDocumentation
 */
import type { InName } from '../pipeline/types.js';
import type { WireError } from './worker-protocol.js';

/** BullMQ's default key prefix, and ours. */
export const DEFAULT_PREFIX = 'bull';
/** The name every file job carries (BullMQ job names are labels; ours says what the job is). */
export const JOB_NAME = 'bigmultipipe-file';
/** Format version of setups, jobs and results; a worker refuses other versions. */
export const PROTOCOL = 1;

/** Redis keys of a queue (beside BullMQ's own, under the same prefix) and of one run on it. */
export function queueKeys(prefix: string, queue: string) {
  const base = `${prefix}:${queue}`;
  return {
    /** BullMQ's event stream of the queue. */
    events: `${base}:events`,
    /** Pub/sub channel telling workers a run was aborted. */
    control: `${base}:bmp:control`,
    /** A run's setup (its control stream and inputs); expires unless its orchestrator keeps refreshing it. */
    setup: (runId: string) => `${base}:bmp:run:${runId}:setup`,
    /** The list workers push claims of output paths onto; the run's orchestrator pops them. */
    claims: (runId: string) => `${base}:bmp:run:${runId}:claims`,
    /** Where the orchestrator answers one claim. */
    claimReply: (runId: string, claimId: string) => `${base}:bmp:run:${runId}:claim:${claimId}`,
  };
}

/** The key names of one queue. */
export type QueueKeys = ReturnType<typeof queueKeys>;

/** What every file of a run shares, stored once per run (tagged JSON for the control stream). */
export interface RunSetupWire {
  v: typeof PROTOCOL;
  /** The control stream, encoded with `encodeTagged`. */
  kwargs: unknown;
  /** Absolute paths of the run's inputs (never written over). */
  inputs: string[];
  /** The run option `keepArrays`: keep the arrays a file creates instead of releasing them as it finishes. */
  keepArrays: boolean;
  /** Milliseconds a file may take (null: no limit). */
  fileTimeout: number | null;
}

/** A job's data: which run, which item. */
export interface JobData {
  v: typeof PROTOCOL;
  runId: string;
  index: number;
  inName: InName;
}

/** A job's return value: the file's entry (tagged JSON), or why it failed. */
export type JobResult = { ok: true; entry: unknown } | { ok: false; error: WireError };

/** A claim a worker relays to the run's orchestrator. */
export interface ClaimRequest {
  id: string;
  index: number;
  outname: string;
}

/** The orchestrator's answer to a claim. */
export interface ClaimReply {
  error?: WireError | undefined;
}

/** A message on the control channel. */
export interface ControlMessage {
  type: 'abort';
  runId: string;
}

const RUN_ID = /^[A-Za-z0-9-]{1,64}$/;
const MAX_GROUP_DEPTH = 8;
const MAX_NAME = 4096;

/** Thrown for data that did not come from a well-behaved orchestrator. */
export class InvalidJobError extends Error {
  /** @param message - what is wrong with the job. */
  constructor(message: string) {
    super(message);
    this.name = 'InvalidJobError';
  }
}

function checkInName(v: unknown, depth: number, where: string): asserts v is InName {
  if (typeof v === 'string') {
    if (v === '' || v.length > MAX_NAME || v.includes('\0')) throw new InvalidJobError(`${where}: not a usable file name`);
    return;
  }
  if (!Array.isArray(v) || v.length === 0 || depth >= MAX_GROUP_DEPTH) {
    throw new InvalidJobError(`${where}: must be a file name or a non-empty group of names (at most ${MAX_GROUP_DEPTH} levels)`);
  }
  v.forEach((x, i) => checkInName(x, depth + 1, `${where}[${i}]`));
}

/** The job's data, validated; throws an {@link InvalidJobError} naming what is wrong. */
export function parseJobData(data: unknown, jobId: string | undefined): JobData {
  const where = `job ${jobId ?? '(no id)'}`;
  if (data === null || typeof data !== 'object') throw new InvalidJobError(`${where}: its data is not an object`);
  const d = data as Partial<JobData>;
  if (d.v !== PROTOCOL) throw new InvalidJobError(`${where}: protocol version ${String(d.v)}, this worker speaks ${PROTOCOL} (is the orchestrator another version of bigmultipipe?)`);
  if (typeof d.runId !== 'string' || !RUN_ID.test(d.runId)) throw new InvalidJobError(`${where}: runId is not a run id`);
  if (!Number.isSafeInteger(d.index) || (d.index as number) < 0) throw new InvalidJobError(`${where}: index is not a position`);
  checkInName(d.inName, 0, `${where}: inName`);
  return { v: PROTOCOL, runId: d.runId, index: d.index as number, inName: d.inName };
}

/** A run's setup read back from Redis, validated. */
export function parseSetup(text: string, runId: string): RunSetupWire {
  let raw: Partial<RunSetupWire>;
  try {
    raw = JSON.parse(text) as Partial<RunSetupWire>;
  } catch {
    throw new InvalidJobError(`run ${runId}: its setup is not JSON`);
  }
  if (raw === null || typeof raw !== 'object' || raw.v !== PROTOCOL) throw new InvalidJobError(`run ${runId}: its setup has protocol version ${String(raw?.v)}, this worker speaks ${PROTOCOL}`);
  if (!Array.isArray(raw.inputs) || !raw.inputs.every((p) => typeof p === 'string')) throw new InvalidJobError(`run ${runId}: its setup's inputs are not a list of paths`);
  if (raw.kwargs === null || typeof raw.kwargs !== 'object' || Array.isArray(raw.kwargs)) throw new InvalidJobError(`run ${runId}: its setup's control stream is not an object`);
  const ft = raw.fileTimeout;
  if (ft !== null && ft !== undefined && !(typeof ft === 'number' && ft > 0)) throw new InvalidJobError(`run ${runId}: its setup's fileTimeout is not a positive number`);
  return { v: PROTOCOL, kwargs: raw.kwargs, inputs: raw.inputs, keepArrays: raw.keepArrays === true, fileTimeout: ft ?? null };
}

/** Throws a TypeError naming `where` unless `queue` is a usable queue name. */
export function checkQueueName(queue: unknown, where: string): asserts queue is string {
  if (typeof queue !== 'string' || !/^[A-Za-z0-9._-]{1,100}$/.test(queue)) {
    throw new TypeError(`${where}: queue must be a name of letters, digits, ".", "_" or "-" (the same name for the run and its workers)`);
  }
}

/** A job's id: the run and the position of its item (so a job is never added twice for one item). */
export function jobId(runId: string, index: number): string {
  return `${runId}-${index}`;
}
