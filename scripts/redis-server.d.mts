/** A private redis-server started by {@link startRedis}. */
export interface RedisServer {
  port: number;
  dir: string;
  pid: number;
  /** redis://[user:password@]127.0.0.1:port (rediss:// with tls) */
  url: string;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
  /** Kills the server at once (SIGKILL). */
  kill(): Promise<void>;
}
/** Starts redis-server on a free loopback port with a temporary directory. */
export function startRedis(options?: { users?: string[]; auth?: [string, string]; tls?: { cert: string; key: string; ca: string } }): Promise<RedisServer>;
