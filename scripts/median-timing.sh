#!/usr/bin/env bash
# One timing of median on a 1000x2000 float64 array: bigmultipipe next to
# numpy's np.median on the same data (not a test; needs python3 with numpy).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
file="$tmp/a.npy"
python3 - "$file" <<'PY'
import sys, time, numpy as np
a = np.random.default_rng(1).standard_normal((1000, 2000))
np.save(sys.argv[1], a)
times = []
for _ in range(7):
    t = time.perf_counter(); m = np.median(a); times.append(time.perf_counter() - t)
times.sort()
print(f"numpy {np.__version__} np.median: {m!r}  median of 7 runs {times[3]*1e3:.2f} ms (min {times[0]*1e3:.2f})")
PY
cd "$root"
node --input-type=module -e '
  const { readNpy, threadCount } = await import("./dist/index.js");
  const a = await readNpy(process.argv[1]);
  await a.median(); // warm up the pool
  const times = [];
  let m;
  for (let i = 0; i < 7; i++) {
    const t = performance.now(); m = await a.median(); times.push(performance.now() - t);
  }
  times.sort((x, y) => x - y);
  console.log(`bigmultipipe (${threadCount()} threads) median: ${m}  median of 7 runs ${times[3].toFixed(2)} ms (min ${times[0].toFixed(2)})`);
' "$file"
