/**
 * Output claims across the queue: a worker about to write asks the run's one
 * orchestrator, which holds the run's table of claimed paths, and waits for
 * its answer. Request/reply over Redis lists: the worker pushes onto the
 * run's claim list and blocks on a reply key of its own; the orchestrator
 * pops claims, decides each, and pushes the answer.
 * @packageDocumentation
 */
import type { Redis } from 'ioredis';
import type { ClaimReply, ClaimRequest, QueueKeys } from './queue-protocol.js';
import type { QueueConnection } from './queue-connection.js';
import { closeClient, createClient } from './queue-connection.js';
import { fromWire, toWire } from './worker-protocol.js';

/** How long a claim list or an unread reply lives in Redis (ms). */
const KEY_TTL = 10 * 60_000;
/** How long one blocking pop waits before looking whether to stop (s). */
const POP_SECONDS = 1;

/** The orchestrator's side: pops a run's claims and answers each with `decide`'s verdict. */
export class ClaimServer {
  private stopped = false;
  private readonly loop: Promise<void>;

  /**
   * @param blocking - a connection of its own (it blocks in BLPOP).
   * @param replies - a connection to push answers on.
   * @param decide - grants the claim (resolves) or refuses it (rejects with the reason).
   */
  constructor(
    private readonly blocking: Redis,
    private readonly replies: Redis,
    private readonly keys: QueueKeys,
    private readonly runId: string,
    private readonly decide: (index: number, outname: string) => Promise<void>,
  ) {
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    const list = this.keys.claims(this.runId);
    while (!this.stopped) {
      let popped: [string, string] | null;
      try {
        popped = await this.blocking.blpop(list, POP_SECONDS);
      } catch {
        if (this.stopped) return;
        await new Promise((r) => setTimeout(r, 200)); // the run's watchdog reports a lost connection
        continue;
      }
      if (popped) void this.answer(popped[1]);
    }
  }

  private async answer(text: string): Promise<void> {
    let req: ClaimRequest;
    try {
      req = JSON.parse(text) as ClaimRequest;
    } catch {
      return; // not a claim: nobody to answer
    }
    if (typeof req?.id !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(req.id)) return;
    const reply: ClaimReply = {};
    try {
      if (!Number.isSafeInteger(req.index) || typeof req.outname !== 'string' || req.outname === '') {
        throw new TypeError('a malformed claim (no item position or output name)');
      }
      await this.decide(req.index, req.outname);
    } catch (err) {
      reply.error = toWire(err);
    }
    const key = this.keys.claimReply(this.runId, req.id);
    await this.replies.multi().lpush(key, JSON.stringify(reply)).pexpire(key, KEY_TTL).exec().catch(() => undefined);
  }

  /** Stops popping: closes its blocking connection, which ends a pop in progress at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.blocking.disconnect();
    await this.loop;
  }
}

/** Thrown when a run's orchestrator does not answer a claim in time. */
export class ClaimTimeoutError extends Error {
  /** @param message - names the output, the run and the time waited. */
  constructor(message: string) {
    super(message);
    this.name = 'ClaimTimeoutError';
  }
}

/** The worker's side: relays claims of its files to their runs' orchestrators. */
export class ClaimClient {
  private readonly idle: Redis[] = [];
  private readonly all = new Set<Redis>();

  /**
   * @param commands - a connection for plain commands.
   * @param timeoutMs - how long to wait for the orchestrator's answer.
   */
  constructor(
    private readonly connection: QueueConnection,
    private readonly commands: Redis,
    private readonly keys: QueueKeys,
    private readonly timeoutMs: number,
  ) {}

  /** Asks run `runId`'s orchestrator for `outname` for item `index`; rejects with its refusal, or on timeout. */
  async claim(runId: string, index: number, outname: string): Promise<void> {
    const id = globalThis.crypto.randomUUID();
    const list = this.keys.claims(runId);
    const request: ClaimRequest = { id, index, outname };
    await this.commands.multi().rpush(list, JSON.stringify(request)).pexpire(list, KEY_TTL).exec();
    const conn = this.idle.pop() ?? (await this.open());
    let popped: [string, string] | null;
    try {
      popped = await conn.blpop(this.keys.claimReply(runId, id), Math.max(1, Math.ceil(this.timeoutMs / 1000)));
    } finally {
      this.idle.push(conn);
    }
    if (!popped) {
      throw new ClaimTimeoutError(
        `${outname}: the run's orchestrator did not answer the claim of this output within ${this.timeoutMs} ms; ` +
          'the run has probably ended or its process stopped (nothing was written)',
      );
    }
    const reply = JSON.parse(popped[1]) as ClaimReply;
    if (reply.error) throw fromWire(reply.error);
  }

  private async open(): Promise<Redis> {
    const conn = await createClient(this.connection, 'bigmultipipe-claims');
    this.all.add(conn);
    return conn;
  }

  /** Closes the blocking connections it opened. */
  close(): void {
    for (const c of this.all) closeClient(c);
    this.all.clear();
    this.idle.length = 0;
  }
}
