/**
 * Reaching Redis for the queue executor and its workers: the optional
 * packages (`bullmq`, `ioredis`) loaded on first use, clients made from a URL
 * or ioredis options, and connection descriptions with credentials redacted.
 * @packageDocumentation
 */
import type { Redis, RedisOptions } from 'ioredis';

/**
 * Where Redis is: a URL (`redis://[user:password@]host[:port][/db]`, or
 * `rediss://…` for TLS) or ioredis options (`host`, `port`, `username`,
 * `password`, `db`, `tls`, …).
 */
export type QueueConnection = string | RedisOptions;

type BullMQ = typeof import('bullmq');
type RedisClass = typeof import('ioredis').Redis;

const MISSING = (what: string): string =>
  `the queue executor needs the optional package ${what}: npm install bullmq ioredis`;

let bullmq: Promise<BullMQ> | undefined;
let ioredis: Promise<RedisClass> | undefined;

/** The `bullmq` package, imported on first use (it is an optional peer dependency). */
export function loadBullmq(): Promise<BullMQ> {
  bullmq ??= import('bullmq').catch((err: unknown) => {
    bullmq = undefined;
    throw new Error(`${MISSING('bullmq')} (${(err as Error).message})`, { cause: err });
  });
  return bullmq;
}

function loadIORedis(): Promise<RedisClass> {
  ioredis ??= import('ioredis').then((m) => m.Redis).catch((err: unknown) => {
    ioredis = undefined;
    throw new Error(`${MISSING('ioredis')} (${(err as Error).message})`, { cause: err });
  });
  return ioredis;
}

/** The password of a connection, if it has one (to redact it from every message). */
function secretOf(connection: QueueConnection): string | undefined {
  if (typeof connection !== 'string') return connection.password || undefined;
  try {
    const url = new URL(connection);
    return url.password ? decodeURIComponent(url.password) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A description of `connection` safe to show anywhere: its URL (or
 * `host:port`) with the password replaced by `***`.
 */
export function describeConnection(connection: QueueConnection): string {
  if (typeof connection === 'string') {
    try {
      const url = new URL(connection);
      if (url.password) url.password = '***';
      return url.href.replace(/\/$/, '');
    } catch {
      return 'a Redis URL that does not parse';
    }
  }
  if (typeof connection.path === 'string') return `unix:${connection.path}${connection.db ? `?db=${connection.db}` : ''}`;
  const scheme = connection.tls ? 'rediss' : 'redis';
  const user = connection.username ? `${connection.username}${connection.password ? ':***' : ''}@` : connection.password ? ':***@' : '';
  const db = connection.db ? `/${connection.db}` : '';
  return `${scheme}://${user}${connection.host ?? '127.0.0.1'}:${connection.port ?? 6379}${db}`;
}

/** `text` with every occurrence of the connection's password replaced by `***`. */
export function redact(text: string, connection: QueueConnection): string {
  const secret = secretOf(connection);
  if (!secret) return text;
  return text.split(secret).join('***').split(encodeURIComponent(secret)).join('***');
}

/** An error whose message (and stack) no longer holds the connection's password. */
export function redactError(error: unknown, connection: QueueConnection): Error {
  const e = error instanceof Error ? error : new Error(String(error));
  e.message = redact(e.message, connection);
  if (e.stack) e.stack = redact(e.stack, connection);
  return e;
}

/** Checks a connection option, naming what is wrong and how to fix it. */
export function checkConnection(connection: unknown, where: string): asserts connection is QueueConnection {
  if (typeof connection === 'string') {
    let url: URL;
    try {
      url = new URL(connection);
    } catch {
      throw new TypeError(`${where}: connection must be a Redis URL such as redis://127.0.0.1:6379 (or rediss:// for TLS); got a string that is not a URL`);
    }
    if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
      throw new TypeError(`${where}: connection must be a redis:// or rediss:// URL; got ${url.protocol}//…`);
    }
    return;
  }
  if (connection === null || typeof connection !== 'object') {
    throw new TypeError(`${where}: connection must be a Redis URL (redis://host:port) or ioredis options ({ host, port, ... }); got ${connection === null ? 'null' : typeof connection}`);
  }
}

/**
 * A new ioredis client for `connection`. BullMQ requires
 * `maxRetriesPerRequest: null`; commands wait for a lost connection to come
 * back, so callers that must not wait for ever watch the client's state.
 */
export async function createClient(connection: QueueConnection, name: string): Promise<Redis> {
  const IORedis = await loadIORedis();
  const extra: RedisOptions = { maxRetriesPerRequest: null, connectionName: name, lazyConnect: false };
  const client =
    typeof connection === 'string'
      ? new IORedis(connection, connection.startsWith('rediss:') ? { ...extra, tls: {} } : extra)
      : new IORedis({ ...connection, ...extra });
  // A client's own errors are reported by whoever watches its state; without a listener Node would crash.
  client.on('error', () => undefined);
  return client;
}

/**
 * Resolves once `client` is connected, or rejects after `timeoutMs` with an
 * error naming the connection (its credentials redacted).
 */
export function waitReady(client: Redis, connection: QueueConnection, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    let last: Error | undefined;
    const onError = (err: Error): void => {
      last = err;
    };
    const done = (err?: Error): void => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('error', onError);
      if (err) reject(err);
      else resolve();
    };
    const onReady = (): void => done();
    const timer = setTimeout(() => {
      const why = last ? redact(last.message, connection) : `status ${client.status}`;
      done(new QueueConnectionError(`could not connect to Redis at ${describeConnection(connection)} within ${timeoutMs} ms (${why}); is redis-server running there, and are the URL and credentials right?`));
    }, timeoutMs);
    client.on('ready', onReady);
    client.on('error', onError);
  });
}

/** Redis could not be reached, or went away during a run. */
export class QueueConnectionError extends Error {
  /** @param message - names the connection (credentials redacted) and what to do. */
  constructor(message: string) {
    super(message);
    this.name = 'QueueConnectionError';
  }
}

/** Ends a client without waiting on a server that may be gone. */
export function closeClient(client: Redis | undefined): void {
  if (client && client.status !== 'end') client.disconnect();
}
