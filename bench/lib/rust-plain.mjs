// Builds the `rust-plain` peer (bench/peers/rust-plain, a std-only cargo
// binary) into target/bench-peers, once per change. Without cargo it says
// why and the peer is skipped.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Returns `{ bin }` or `{ bin: null, reason }`. */
export function ensureRustPlain(repoRoot, log = console.log) {
  const manifest = join(repoRoot, 'bench', 'peers', 'rust-plain', 'Cargo.toml');
  const targetDir = join(repoRoot, 'target', 'bench-peers');
  log('rust-plain peer: cargo build --release ...');
  const r = spawnSync('cargo', ['build', '--release', '--quiet', '--manifest-path', manifest, '--target-dir', targetDir], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  });
  const bin = join(targetDir, 'release', 'bmp-bench-rust-plain');
  if (r.error || r.status !== 0 || !existsSync(bin)) {
    return { bin: null, reason: `could not build bench/peers/rust-plain (${r.error?.message ?? r.stderr.trim().split('\n').pop()}); skipping the rust-plain peer` };
  }
  return { bin };
}
