#!/usr/bin/env bash
# Builds a published binary: `napi build` with the `dist` profile (full LTO,
# stripped), into npm/<platform>/ where its platform package wants it.
# Linux targets go through cargo-zigbuild with zig, both pinned in
# scripts/requirements-dist.txt and installed into .zig-venv on first use, so
# the glibc builds link against glibc 2.17's symbols (see scripts/check-glibc.sh)
# and musl/arm64 Linux builds need no cross gcc. Other targets build natively
# (the release workflow runs them on macOS and Windows runners).
# Usage: scripts/build-dist.sh [--target <rust triple>]   (default: this host's)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
glibc_floor=2.17
target=$(rustc -vV | sed -n 's/^host: //p')
while [ $# -gt 0 ]; do
  case "$1" in
    --target) target=$2; shift 2 ;;
    *) echo "build-dist: unknown argument $1 (usage: build-dist.sh [--target <rust triple>])" >&2; exit 2 ;;
  esac
done
platform=$(node -e 'import("@napi-rs/cli").then((m) => console.log(m.parseTriple(process.argv[1]).platformArchABI))' "$target")
outdir="npm/$platform"
[ -d "$outdir" ] || { echo "build-dist: no $outdir for $target: add the target to napi.targets in package.json, then run npm run npm-dirs" >&2; exit 1; }

napi_args=(--platform --profile dist --target "$target" --output-dir "$outdir" --no-js
  --manifest-path crates/node/Cargo.toml --package-json-path package.json)
case "$target" in
  *-linux-*)
    venv="$root/.zig-venv"
    requirements="$root/scripts/requirements-dist.txt"
    stamp="$venv/.requirements"
    if [ ! -x "$venv/bin/python" ] || ! cmp -s "$requirements" "$stamp"; then
      echo "== build-dist: installing zig and cargo-zigbuild into $venv (scripts/requirements-dist.txt)"
      python3 -m venv --clear "$venv"
      "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
      cp "$requirements" "$stamp"
    fi
    # cargo-zigbuild finds zig as `python3 -m ziglang` from the venv.
    export PATH="$venv/bin:$PATH"
    rustup target list --installed 2>/dev/null | grep -qx "${target%%.*}" || rustup target add "${target%%.*}"
    # zig pins the glibc version from a suffix on the triple.
    case "$target" in *-gnu) napi_args[4]="$target.$glibc_floor" ;; esac
    napi_args+=(--cross-compile)
    ;;
esac

echo "== build-dist: napi build ${napi_args[*]}"
npx napi build "${napi_args[@]}"
# napi also writes the binding's type definitions there: the package ships only the binary.
rm -f "$outdir/index.d.ts"
ls -l "$outdir"/*.node
