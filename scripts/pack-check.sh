#!/usr/bin/env bash
# Proves that users get a working prebuilt binary without a Rust toolchain:
# packs the main package and the linux-x64-gnu package, installs both
# tarballs into an empty folder with no cargo/rustc on PATH, then imports the
# package (ESM and CommonJS) and reads an .npy file.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
platform=linux-x64-gnu
binary="bigmultipipe.$platform.node"
work=$(mktemp -d "${TMPDIR:-/tmp}/bmp-pack-check.XXXXXX")
trap 'rm -rf "$work"' EXIT

cd "$root"
[ -f "$binary" ] && [ -f dist/index.js ] || npm run build
version=$(node -p "require('./package.json').version")

echo "== pack the platform package"
cp "$binary" "npm/$platform/"
(cd "npm/$platform" && npm pack --silent --pack-destination "$work" >/dev/null)
rm -f "npm/$platform/$binary"

echo "== pack the main package (with its optional dependency, as napi pre-publish adds it)"
stage="$work/stage"
mkdir -p "$stage"
cp -r package.json README.md dist bin "$stage/"
node -e '
  const fs = require("fs"); const p = process.argv[1];
  const pkg = JSON.parse(fs.readFileSync(p, "utf8"));
  pkg.optionalDependencies = { ["bigmultipipe-" + process.argv[2]]: pkg.version };
  delete pkg.scripts; delete pkg.devDependencies;
  fs.writeFileSync(p, JSON.stringify(pkg, null, 2));
' "$stage/package.json" "$platform"
(cd "$stage" && npm pack --silent --pack-destination "$work" >/dev/null)
ls -l "$work"/*.tgz

echo "== install both tarballs into an empty folder, with no Rust toolchain on PATH"
consumer="$work/consumer"
mkdir -p "$consumer"
clean_path=$(printf '%s' "$PATH" | tr ':' '\n' | while read -r d; do
  [ -n "$d" ] && [ ! -x "$d/cargo" ] && [ ! -x "$d/rustc" ] && printf '%s:' "$d"
done)
clean_path=${clean_path%:}
cp crates/core/tests/fixtures/npy/fortran_f8.npy "$consumer/numpy_written.npy"
cd "$consumer"
export PATH="$clean_path"
if command -v cargo >/dev/null || command -v rustc >/dev/null; then
  echo "pack-check: could not hide the Rust toolchain from PATH" >&2
  exit 1
fi
npm init -y >/dev/null
npm install --no-audit --no-fund "$work/bigmultipipe-$platform-$version.tgz" "$work/bigmultipipe-$version.tgz" >/dev/null
if ls node_modules/bigmultipipe/*.node >/dev/null 2>&1; then
  echo "pack-check: the main package must not carry a .node file" >&2
  exit 1
fi

echo "== import and read an .npy file (ESM, then CommonJS)"
node --input-type=module -e '
  import { NdArray, readNpy, writeNpy } from "bigmultipipe";
  const a = NdArray.from(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3]);
  await writeNpy("made.npy", a);
  const b = await readNpy("made.npy");
  console.log("esm:", b.toString(), Array.from(b.data), "median", await b.median());
  if (b.at(1, 2) !== 6) throw new Error("wrong value read back");
  const n = await readNpy("numpy_written.npy"); // written by numpy (Fortran order)
  console.log("esm: numpy file", n.toString(), "fortranOrder", n.fortranOrder, "[2,3] =", n.at(2, 3), "sum", await n.sum());
'
node -e '
  const { readNpy } = require("bigmultipipe");
  readNpy("made.npy").then(async (a) => {
    console.log("cjs:", a.toString(), "mean", await a.mean());
    console.log("native binary:", require.resolve("bigmultipipe-'"$platform"'"));
  });
'
echo "== the bigmultipipe command (bin)"
npx --no-install bigmultipipe info made.npy
echo "pack-check: OK"
