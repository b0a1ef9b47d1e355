import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { NativeBinding } from './binding.js';
import { platformName } from './platform.js';

/** Environment variable naming an explicit `.node` file to load. */
export const NATIVE_PATH_ENV = 'BIGMULTIPIPE_NATIVE_PATH';

/** The main package's name; a prebuilt package is `<name>-<platform>`. */
const PACKAGE_NAME = 'bigmultipipe';

let cached: NativeBinding | undefined;

/** One place a binary may come from: returns the binding, or throws an error naming the place and why not. */
type Source = () => NativeBinding;

/**
 * Loads the native addon once. An explicit path from `BIGMULTIPIPE_NATIVE_PATH`
 * is the only source when set; otherwise a local build
 * (`bigmultipipe.<platform>.node` at the package root, as `npm run build`
 * leaves it), then the prebuilt package `bigmultipipe-<platform>`, whose
 * version must be the main package's. When none loads, the error names the
 * platform, each place looked in and what to do; its `cause` is an
 * `AggregateError` holding every failure.
 * @internal
 */
export function loadNative(): NativeBinding {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const platform = platformName();
  const here = dirname(fileURLToPath(import.meta.url));
  const main = mainPackage(here);
  const pkg = `${PACKAGE_NAME}-${platform}`;
  const failures: Error[] = [];
  for (const load of sources(require, here, platform, pkg, main.version)) {
    try {
      return (cached = load());
    } catch (err) {
      failures.push(err instanceof Error ? err : new Error(String(err)));
    }
  }
  throw new Error(noBinaryMessage(platform, pkg, main, failures), {
    cause: new AggregateError(failures, `every way of loading the ${platform} binary failed`),
  });
}

function sources(require: NodeRequire, here: string, platform: string, pkg: string, version: string | undefined): Source[] {
  const explicit = process.env[NATIVE_PATH_ENV];
  if (explicit) return [fileSource(require, explicit, `${NATIVE_PATH_ENV}=${explicit}`)];
  const file = `${PACKAGE_NAME}.${platform}.node`;
  // src/native/ in development, dist/ when built: the root is two or one up.
  const local = [join(here, '..', file), join(here, '..', '..', file)].map((p) => fileSource(require, p, p));
  return [...local, packageSource(require, pkg, version)];
}

function fileSource(require: NodeRequire, path: string, what: string): Source {
  return () => {
    if (!existsSync(path)) throw new Error(`${what}: no such file`);
    try {
      return require(path) as NativeBinding;
    } catch (err) {
      throw new Error(`${what}: ${(err as Error).message}`, { cause: err });
    }
  };
}

function packageSource(require: NodeRequire, pkg: string, version: string | undefined): Source {
  return () => {
    let found: string;
    try {
      found = (require(`${pkg}/package.json`) as { version: string }).version;
    } catch (err) {
      throw new Error(`${pkg}: not installed`, { cause: err });
    }
    // A binary of another release may lack functions or differ in behaviour.
    if (version !== undefined && found !== version) {
      throw new Error(
        `${pkg} is version ${found} but ${PACKAGE_NAME} is ${version}: ` +
          `install matching versions (npm install ${PACKAGE_NAME}@${version} ${pkg}@${version})`,
      );
    }
    try {
      return require(pkg) as NativeBinding;
    } catch (err) {
      throw new Error(`${pkg}: ${(err as Error).message}`, { cause: err });
    }
  };
}

interface MainPackage {
  version?: string;
  optionalDependencies?: Record<string, string>;
}

/** The main package's own package.json: one up from dist/, two up from src/native/. */
function mainPackage(here: string): MainPackage {
  for (const dir of [join(here, '..'), join(here, '..', '..')]) {
    try {
      const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as MainPackage & { name?: string };
      if (json.name === PACKAGE_NAME) return json;
    } catch {
      // not here: try the next folder up
    }
  }
  return {};
}

function noBinaryMessage(platform: string, pkg: string, main: MainPackage, failures: Error[]): string {
  const node = `Node.js ${process.version}, ${process.platform}-${process.arch}`;
  // The published main package lists each prebuilt package as an optional
  // dependency; a source checkout lists none.
  const optional = main.optionalDependencies;
  const install =
    optional !== undefined && !(pkg in optional)
      ? `no prebuilt package is published for ${platform}`
      : `install the prebuilt package ${pkg}: it is an optional dependency, which --omit=optional, or a lockfile made ` +
        `on another platform, leaves out; run \`npm install --include=optional\` (or \`npm install ${pkg}@${main.version}\`)`;
  return (
    `${PACKAGE_NAME}: no native binary could be loaded for ${platform} (${node}).\n` +
    failures.map((f) => `  - ${f.message}\n`).join('') +
    `To fix: ${install}; or build it from source with a Rust toolchain (cargo, from rustup): in a clone of the ` +
    `repository, \`npm ci\` builds ${PACKAGE_NAME}.${platform}.node (cargo build of crates/node), and ` +
    `${NATIVE_PATH_ENV}=/path/to/${PACKAGE_NAME}.${platform}.node makes any install use it.`
  );
}
