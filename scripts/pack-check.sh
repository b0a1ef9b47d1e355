#!/usr/bin/env bash
# Proves that users get a working prebuilt binary without a Rust toolchain:
# packs the main package and one platform package (default linux-x64-gnu; its
# release binary from npm run build:dist, built if missing), then, under the
# machine's node (with --matrix: each line of scripts/node-versions.txt),
# with no cargo/rustc on PATH:
#   1. `npm ci` of the project's lockfile prints no warning (EBADENGINE, deprecated);
#   2. both tarballs install into an empty folder;
#   3. the package imports (ESM and CommonJS) and reads an .npy file written by numpy;
#   4. the demo (examples/demo.ts) runs against the installed package;
#   5. the public-API vitest suites (scripts/public-suites.mjs) run against it.
# Usage: scripts/pack-check.sh [--matrix] [--platform <napi platform, e.g. linux-arm64-musl>]
# (the release workflow runs it on each platform's runner with the built binary)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
platform=linux-x64-gnu
matrix=false
while [ $# -gt 0 ]; do
  case "$1" in
    --matrix) matrix=true; shift ;;
    --platform) platform=$2; shift 2 ;;
    *) echo "pack-check: unknown argument $1 (usage: pack-check.sh [--matrix] [--platform <platform>])" >&2; exit 2 ;;
  esac
done
binary="bigmultipipe.$platform.node"
work=$(mktemp -d "${TMPDIR:-/tmp}/bmp-pack-check.XXXXXX")
trap 'rm -rf "$work"' EXIT

cd "$root"
[ -f "npm/$platform/$binary" ] || bash scripts/build-dist.sh
[ -f dist/index.js ] || npm run build:ts
if [ ! -f node_modules/tsx/dist/cli.mjs ] || [ ! -f node_modules/vitest/vitest.mjs ]; then
  echo "pack-check: run npm ci first (tsx and vitest run the demo and tests)" >&2
  exit 1
fi
version=$(node -p "require('./package.json').version")

echo "== pack the platform package npm/$platform ($(wc -c <"npm/$platform/$binary") bytes binary)"
(cd "npm/$platform" && npm pack --silent --pack-destination "$work" >/dev/null)

echo "== pack the main package (with its optional dependency, as napi pre-publish adds it)"
stage="$work/stage"
mkdir -p "$stage"
cp -r package.json README.md dist bin "$stage/"
node -e '
  const fs = require("fs"); const p = process.argv[1];
  const pkg = JSON.parse(fs.readFileSync(p, "utf8"));
  pkg.optionalDependencies = { ["bigmultipipe-" + process.argv[2]]: pkg.version };
  for (const k of ["scripts", "devDependencies", "overrides", "allowScripts"]) delete pkg[k];
  fs.writeFileSync(p, JSON.stringify(pkg, null, 2));
' "$stage/package.json" "$platform"
(cd "$stage" && npm pack --silent --pack-destination "$work" >/dev/null)
ls -l "$work"/*.tgz

# The project's lockfile with no lifecycle scripts: what `npm ci` installs.
lockprobe="$work/lockfile"
mkdir -p "$lockprobe"
cp package-lock.json "$lockprobe/"
node -e 'const p = require("./package.json"); delete p.scripts; require("fs").writeFileSync(process.argv[1], JSON.stringify(p, null, 2))' "$lockprobe/package.json"

clean_path=$(printf '%s' "$PATH" | tr ':' '\n' | while read -r d; do
  [ -n "$d" ] && [ ! -x "$d/cargo" ] && [ ! -x "$d/rustc" ] && printf '%s:' "$d"
done)
clean_path=${clean_path%:}
mapfile -t suites < <(node scripts/public-suites.mjs)
echo "== test suites not run against the installed package (they reach into src/):"
node scripts/public-suites.mjs --why 2>&1 >/dev/null | sed 's/^not public-API only: /  /'

# The folder holding node <version> (the machine's, or the registry's node-<os>-<arch> package).
node_dir() {
  local major=$1 pinned=$2
  if [ "$pinned" = machine ]; then
    [ "$matrix" = false ] || [ "$(node -p 'process.versions.node.split(".")[0]')" = "$major" ] ||
      { echo "pack-check: the machine's node is $(node -v), not $major (scripts/node-versions.txt)" >&2; return 1; }
    dirname "$(command -v node)"
    return
  fi
  local dir="$root/target/node/$pinned"
  if [ ! -x "$dir/bin/node" ]; then
    local pkg
    pkg="node-$(node -p process.platform)-$(node -p process.arch)@$pinned"
    echo "== fetch $pkg from the npm registry" >&2
    mkdir -p "$dir" "$work/nodepkg"
    local tgz
    tgz=$(cd "$work/nodepkg" && npm pack --silent "$pkg")
    tar xzf "$work/nodepkg/$tgz" -C "$dir" --strip-components=1
  fi
  echo "$dir/bin"
}

check_under() {
  local major=$1 bin=$2 consumer="$work/consumer-$1"
  export PATH="$bin:$clean_path"
  if command -v cargo >/dev/null || command -v rustc >/dev/null; then
    echo "pack-check: could not hide the Rust toolchain from PATH" >&2
    return 1
  fi
  echo "== [node $major] $(node -v), npm $(npm -v): npm ci of the project's lockfile (must print no warning)"
  rm -rf "$lockprobe/node_modules"
  local log="$work/npm-ci-$major.log"
  (cd "$lockprobe" && npm ci --no-audit --no-fund) >"$log" 2>&1 || { cat "$log"; return 1; }
  cat "$log"
  if grep -iE 'warn|deprecat' "$log" >/dev/null; then
    echo "pack-check: npm ci printed warnings under node $major" >&2
    return 1
  fi

  echo "== [node $major] install both tarballs into an empty folder, with no Rust toolchain on PATH"
  mkdir -p "$consumer"
  cp crates/core/tests/fixtures/npy/fortran_f8.npy "$consumer/numpy_written.npy"
  cp examples/*.ts "$consumer/"
  (cd "$consumer" && npm init -y >/dev/null && npm pkg set type=module &&
    npm install --no-audit --no-fund "$work/bigmultipipe-$platform-$version.tgz" "$work/bigmultipipe-$version.tgz")
  if ls "$consumer"/node_modules/bigmultipipe/*.node >/dev/null 2>&1; then
    echo "pack-check: the main package must not carry a .node file" >&2
    return 1
  fi

  echo "== [node $major] import and read an .npy file (ESM, then CommonJS)"
  (cd "$consumer" && node --input-type=module -e '
    import { NdArray, readNpy, writeNpy } from "bigmultipipe";
    const a = NdArray.from(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3]);
    await writeNpy("made.npy", a);
    const b = await readNpy("made.npy");
    console.log("esm:", b.toString(), Array.from(b.data), "median", await b.median());
    if (b.at(1, 2) !== 6) throw new Error("wrong value read back");
    const n = await readNpy("numpy_written.npy"); // written by numpy (Fortran order)
    console.log("esm: numpy file", n.toString(), "fortranOrder", n.fortranOrder, "[2,3] =", n.at(2, 3), "sum", await n.sum());
  ' && node -e '
    const { readNpy } = require("bigmultipipe");
    readNpy("made.npy").then(async (a) => {
      console.log("cjs:", a.toString(), "mean", await a.mean());
      console.log("native binary:", require.resolve("bigmultipipe-'"$platform"'"));
    });
  ')

  echo "== [node $major] WorkerExecutor from the installed package: the worker entry ships for ESM and CommonJS"
  cat > "$consumer/triple.mjs" <<'JS'
import { NpyMultiPipe } from "bigmultipipe";
export default class Triple extends NpyMultiPipe { dataProcess(d) { return d.mul(3); } }
JS
  cat > "$consumer/triple.cjs" <<'JS'
const { NpyMultiPipe } = require("bigmultipipe");
module.exports = class Triple extends NpyMultiPipe { dataProcess(d) { return d.mul(3); } };
JS
  (cd "$consumer" && node --input-type=module -e '
    import { WorkerExecutor } from "bigmultipipe";
    import Triple from "./triple.mjs";
    const executor = new WorkerExecutor({ module: "./triple.mjs", workers: 2 });
    const pout = await new Triple().pipeline(["made.npy"], { executor, outnameAppend: "_esm" });
    await executor.close();
    console.log("esm workers:", JSON.stringify(pout));
    if (pout[0][0] === null) throw new Error("the worker run failed");
  ' && node -e '
    const { WorkerExecutor, readNpy } = require("bigmultipipe");
    const Triple = require("./triple.cjs");
    const executor = new WorkerExecutor({ module: "./triple.cjs", workers: 2 });
    new Triple().pipeline(["made.npy"], { executor, outnameAppend: "_cjs" }).then(async (pout) => {
      await executor.close();
      console.log("cjs workers:", JSON.stringify(pout), "[1,2] =", (await readNpy(pout[0][0])).at(1, 2));
      if (pout[0][0] === null) process.exit(1);
    });
  ')

  echo "== [node $major] the bigmultipipe command (bin) from the installed package"
  (cd "$consumer" && npx --no-install bigmultipipe info made.npy)

  echo "== [node $major] the demo against the installed package"
  (cd "$consumer" && node "$root/node_modules/tsx/dist/cli.mjs" demo.ts)

  echo "== [node $major] public-API test suites against the installed package: ${suites[*]}"
  BMP_INSTALLED="$consumer/node_modules/bigmultipipe" \
    node node_modules/vitest/vitest.mjs run --config scripts/vitest.installed.config.ts \
    --reporter=default --reporter=json --outputFile.json="$work/vitest-$major.json" "${suites[@]}"
}

summary=()
while read -r major pinned; do
  case "$major" in ''|'#'*) continue ;; esac
  [ "$matrix" = true ] || [ "$pinned" = machine ] || continue
  bin=$(node_dir "$major" "$pinned")
  [ "$matrix" = true ] || major=$("$bin/node" -p 'process.versions.node.split(".")[0]')
  (check_under "$major" "$bin")
  summary+=("node $("$bin/node" -v): npm ci without warnings, tarballs installed, demo identical to the seed, $(node scripts/test-summary.mjs "$work/vitest-$major.json")")
done < scripts/node-versions.txt

echo "== pack-check summary (public-API suites against the installed package: ${#suites[@]} files)"
printf '%s\n' "${summary[@]}"
# One plain closing line over every Node major, for any log reader.
node scripts/test-summary.mjs "$work"/vitest-*.json
