/**
 * TLS: a Redis that speaks only TLS (with an ACL user). A worker reaches it
 * by a rediss:// URL (trusting the test's CA through NODE_EXTRA_CA_CERTS),
 * the run by ioredis options with `tls: { ca }`; a plain redis:// connection
 * to it fails with a clear error naming the connection.
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { NpyMultiPipe, QueueConnectionError, QueueExecutor, readNpy } from '../../src/index.js';
import { npyInputs, PLUS_ONE, type RedisServer, scratch, startRedis, startWorker, type WorkerProcess } from './helpers.js';

const PASSWORD = 'tls-Pw-7';
let redis: RedisServer;
let dir: string;
let cleanup: () => Promise<void>;
let ca: string;
let worker: WorkerProcess | undefined;

/** A CA and a server certificate for 127.0.0.1, made with openssl. */
async function certificates(where: string): Promise<{ cert: string; key: string; ca: string }> {
  const f = (n: string): string => path.join(where, n);
  const ssl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'ignore' });
  };
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=bmp test CA', '-keyout', f('ca.key'), '-out', f('ca.pem'));
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', f('server.key'), '-out', f('server.csr'));
  await writeFile(f('san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  ssl('x509', '-req', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-days', '1', '-extfile', f('san.ext'), '-out', f('server.pem'));
  return { cert: f('server.pem'), key: f('server.key'), ca: f('ca.pem') };
}

beforeAll(async () => {
  ({ dir, cleanup } = await scratch());
  const files = await certificates(dir);
  ca = await readFile(files.ca, 'utf8');
  redis = await startRedis({ tls: files, users: [`bmp on >${PASSWORD} ~* &* +@all`], auth: ['bmp', PASSWORD] });
  worker = await startWorker({ connection: redis.url, queue: 'tls', module: PLUS_ONE, allow: [dir], concurrency: 2 }, { NODE_EXTRA_CA_CERTS: files.ca });
});
afterAll(async () => {
  await worker?.stop();
  await redis?.stop();
  await cleanup?.();
});

it('runs over TLS: a rediss:// worker, an orchestrator with ioredis tls options', async () => {
  expect(redis.url.startsWith('rediss://')).toBe(true);
  const inputs = await npyInputs(path.join(dir, 'in'), 3);
  const connection = { host: '127.0.0.1', port: redis.port, username: 'bmp', password: PASSWORD, tls: { ca } };
  const executor = new QueueExecutor({ connection, queue: 'tls' });
  expect(String(executor)).toBe(`queue "tls" at rediss://bmp:***@127.0.0.1:${redis.port}`);
  const pout = await new NpyMultiPipe({ executor, outdir: path.join(dir, 'out'), createOutdir: true }).pipeline(inputs);
  for (const [i, [o]] of pout.entries()) expect((await readNpy(o as string)).at(1, 1)).toBe(i + 1);
});

it('a plain connection to the TLS port fails with a clear error naming the connection', async () => {
  const executor = new QueueExecutor({ connection: `redis://bmp:${PASSWORD}@127.0.0.1:${redis.port}`, queue: 'tls', connectTimeout: 1_000 });
  const err = await new NpyMultiPipe({ executor }).pipeline([path.join(dir, 'in', 'in0000.npy')]).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(QueueConnectionError);
  expect((err as Error).message).toContain(`redis://bmp:***@127.0.0.1:${redis.port}`);
  expect((err as Error).message).not.toContain(PASSWORD);
});
