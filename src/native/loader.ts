import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { NativeBinding } from './binding.js';
import { platformName } from './platform.js';

/** Environment variable naming an explicit `.node` file to load. */
export const NATIVE_PATH_ENV = 'BIGMULTIPIPE_NATIVE_PATH';

let cached: NativeBinding | undefined;

/**
 * Loads the native addon once: an explicit path from `BIGMULTIPIPE_NATIVE_PATH`,
 * else a local build (`bigmultipipe.<platform>.node` at the package root, as
 * `npm run build` leaves it), else the prebuilt package `bigmultipipe-<platform>`.
 * @internal
 */
export function loadNative(): NativeBinding {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const platform = platformName();
  const file = `bigmultipipe.${platform}.node`;
  const here = dirname(fileURLToPath(import.meta.url));
  // src/native/ in development, dist/ when built: the root is one or two up.
  const candidates = [
    process.env[NATIVE_PATH_ENV],
    join(here, '..', file),
    join(here, '..', '..', file),
  ].filter((p): p is string => typeof p === 'string' && p.length > 0);
  const tried: string[] = [];
  for (const path of candidates) {
    tried.push(path);
    if (existsSync(path)) return (cached = require(path) as NativeBinding);
  }
  const pkg = `bigmultipipe-${platform}`;
  tried.push(pkg);
  try {
    return (cached = require(pkg) as NativeBinding);
  } catch (err) {
    throw new Error(
      `bigmultipipe: no native binary for ${platform}. Tried: ${tried.join(', ')}. ` +
        `Install the prebuilt package (npm install ${pkg}; it is an optional dependency, so do not use --omit=optional), ` +
        `or build from source with a Rust toolchain (npm run build). Cause: ${(err as Error).message}`,
      { cause: err },
    );
  }
}
