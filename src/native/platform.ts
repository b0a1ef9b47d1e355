import { readFileSync } from 'node:fs';

/**
 * The napi-rs platform name of this process (`linux-x64-gnu`, `darwin-arm64`,
 * `win32-x64-msvc`, ...), which names both the local build
 * (`bigmultipipe.<platform>.node`) and the prebuilt package
 * (`bigmultipipe-<platform>`).
 * @internal
 */
export function platformName(): string {
  const { platform, arch } = process;
  if (platform === 'linux') return `linux-${arch}-${isMusl() ? 'musl' : 'gnu'}`;
  if (platform === 'win32') return `win32-${arch}-msvc`;
  return `${platform}-${arch}`;
}

function isMusl(): boolean {
  // Cheap first: the system's ldd says which C library it belongs to.
  try {
    return readFileSync('/usr/bin/ldd', 'utf8').includes('musl');
  } catch {
    // No ldd: ask the process report (slow: several milliseconds), where
    // glibc reports its version and musl does not.
    const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
    return !report?.header?.glibcVersionRuntime;
  }
}
