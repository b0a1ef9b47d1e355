#!/usr/bin/env bash
# Checks what of the release workflow can be checked on one Linux machine:
#   1. actionlint (pinned below, built from the Go module proxy into
#      target/tools; with shellcheck on PATH it also lints every `run:` script);
#   2. its build matrix holds exactly package.json's napi.targets, and its test
#      matrices exactly the Node majors of scripts/node-versions.txt;
#   3. npm/ holds exactly the platform packages of napi.targets (scripts/npm-dirs.mjs --check);
#   4. shellcheck of .ci/run and the release scripts.
# The steps that can run here (build-dist, check-glibc, pack-check) run in .ci/run.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
actionlint_version=v1.7.12
tools="$root/target/tools"
if [ ! -x "$tools/actionlint" ] || [ "$(cat "$tools/actionlint.version" 2>/dev/null)" != "$actionlint_version" ]; then
  command -v go >/dev/null || { echo "check-workflows: needs Go (go install of actionlint)" >&2; exit 1; }
  echo "== go install github.com/rhysd/actionlint/cmd/actionlint@$actionlint_version"
  GOBIN="$tools" go install "github.com/rhysd/actionlint/cmd/actionlint@$actionlint_version"
  echo "$actionlint_version" >"$tools/actionlint.version"
fi
echo "== actionlint $actionlint_version $(command -v shellcheck >/dev/null && echo "(with $(shellcheck --version | sed -n 's/^version: /shellcheck /p'))" || echo "(shellcheck not found: run: scripts unchecked)")"
"$tools/actionlint" -no-color .github/workflows/*.yml
echo "actionlint: no findings in" .github/workflows/*.yml

echo "== the workflow's matrices against package.json and scripts/node-versions.txt"
node --input-type=module - <<'JS'
import { readFileSync } from 'node:fs';
const wf = readFileSync('.github/workflows/release.yml', 'utf8');
const same = (a, b) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
const targets = JSON.parse(readFileSync('package.json', 'utf8')).napi.targets;
const built = [...wf.matchAll(/^\s+target: ([\w-]+)$/gm)].map((m) => m[1]);
const majors = readFileSync('scripts/node-versions.txt', 'utf8').split('\n')
  .filter((l) => /^\d/.test(l)).map((l) => l.split(/\s+/)[0]);
const nodeLists = [...wf.matchAll(/^\s+node: \[([^\]]*)\]$/gm)].map((m) => m[1].split(',').map((s) => s.trim().replace(/'/g, '')));
const problems = [];
if (!same(built, targets)) problems.push(`build matrix targets [${built}] are not napi.targets [${targets}]`);
if (nodeLists.length === 0) problems.push('no `node: [...]` test matrix found');
for (const list of nodeLists) if (!same(list, majors)) problems.push(`a test matrix has node [${list}], scripts/node-versions.txt has [${majors}]`);
if (problems.length) {
  for (const p of problems) console.error(`check-workflows: ${p}`);
  process.exit(1);
}
console.log(`release.yml builds the ${targets.length} napi.targets and tests under node ${majors.join(', ')} (${nodeLists.length} test matrices)`);
JS
node scripts/npm-dirs.mjs --check

echo "== shellcheck of the CI and release scripts"
shellcheck .ci/run scripts/build-dist.sh scripts/check-glibc.sh scripts/pack-check.sh scripts/check-workflows.sh
echo "shellcheck: no findings"
echo "check-workflows: OK"
