// A private redis-server for the queue tests and benchmark: started on a free
// loopback port with a temporary directory, no persistence, and the eviction
// policy BullMQ requires (noeviction); stopped (and its directory removed)
// by stop(). Needs Debian's redis-server package on the PATH.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import tls from 'node:tls';
import os from 'node:os';
import path from 'node:path';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function ping(port, auth, ca) {
  return new Promise((resolve) => {
    const sock = ca ? tls.connect({ port, host: '127.0.0.1', ca }) : net.connect(port, '127.0.0.1');
    let got = '';
    sock.setTimeout(500, () => sock.destroy());
    sock.on('error', () => resolve(false));
    sock.on('close', () => resolve(/\+PONG/.test(got)));
    sock.on(ca ? 'secureConnect' : 'connect', () => sock.write(`${auth ? `AUTH ${auth.join(' ')}\r\n` : ''}PING\r\n`));
    sock.on('data', (d) => {
      got += d;
      if (/\+PONG/.test(got)) sock.end();
    });
  });
}

/**
 * Starts redis-server. `users`: ACL lines such as 'bmp on >secret ~* &* +@all';
 * with users, the default user is disabled and `auth` ([user, password]) is
 * used to check readiness. `tls` ({ cert, key, ca }: file paths): the server
 * speaks only TLS on its port. Resolves with { port, url, dir, pid, stop, kill }.
 */
export async function startRedis({ users = [], auth, tls: tlsFiles } = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bmp-redis-'));
  const port = await freePort();
  const ports = tlsFiles
    ? ['--port', '0', '--tls-port', String(port), '--tls-cert-file', tlsFiles.cert, '--tls-key-file', tlsFiles.key,
      '--tls-ca-cert-file', tlsFiles.ca, '--tls-auth-clients', 'no']
    : ['--port', String(port)];
  const ca = tlsFiles ? await readFile(tlsFiles.ca) : undefined;
  const args = [...ports, '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no',
    '--maxmemory-policy', 'noeviction', '--daemonize', 'no', '--logfile', path.join(dir, 'redis.log')];
  if (users.length > 0) {
    args.push('--user', 'default', 'off');
    for (const u of users) args.push('--user', ...u.split(' '));
  }
  let child;
  try {
    child = spawn('redis-server', args, { stdio: 'ignore' });
  } catch (err) {
    throw new Error(`could not start redis-server (install Debian's redis-server package): ${err.message}`);
  }
  let exited = false;
  const exit = new Promise((resolve) => child.on('exit', () => { exited = true; resolve(); }));
  const spawnError = new Promise((_, reject) => child.on('error', (err) =>
    reject(new Error(`could not start redis-server (install Debian's redis-server package: apt-get install redis-server): ${err.message}`))));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (await Promise.race([ping(port, auth, ca), spawnError])) break;
    if (exited || Date.now() > deadline) {
      await rm(dir, { recursive: true, force: true });
      throw new Error(`redis-server on port ${port} did not start (see its arguments: ${args.join(' ')})`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const cred = auth ? `${encodeURIComponent(auth[0])}:${encodeURIComponent(auth[1])}@` : '';
  return {
    port,
    dir,
    pid: child.pid,
    url: `${tlsFiles ? 'rediss' : 'redis'}://${cred}127.0.0.1:${port}`,
    /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes its directory. */
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exit;
        clearTimeout(t);
      }
      await rm(dir, { recursive: true, force: true });
    },
    /** Kills the server at once (SIGKILL), leaving its directory for stop(). */
    async kill() {
      if (!exited) {
        child.kill('SIGKILL');
        await exit;
      }
    },
  };
}
