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
  // glibc reports its version in the process report; musl does not.
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return !report?.header?.glibcVersionRuntime;
}
