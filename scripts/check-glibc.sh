#!/usr/bin/env bash
# Fails when a Linux glibc binary needs a glibc newer than the floor the
# package promises (2.17: RHEL/CentOS 7 and every later distribution): reads
# the symbol versions the binary requires from `objdump -T`.
# Usage: scripts/check-glibc.sh <file.node> [max version, default 2.17]
set -euo pipefail
file=${1:?usage: check-glibc.sh <file.node> [max glibc version]}
max=${2:-2.17}
[ -f "$file" ] || { echo "check-glibc: $file does not exist (build it with npm run build:dist)" >&2; exit 1; }
versions=$(objdump -T "$file" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/^GLIBC_//' | sort -uV)
highest=$(printf '%s\n' "$versions" | tail -n 1)
echo "check-glibc: $file requires glibc $(printf '%s\n' "$versions" | tr '\n' ' ')(highest: $highest, allowed: $max)"
if [ "$(printf '%s\n%s\n' "$highest" "$max" | sort -V | tail -n 1)" != "$max" ]; then
  echo "check-glibc: FAIL: these symbols need glibc > $max:" >&2
  objdump -T "$file" | grep -E 'GLIBC_[0-9]' | while read -r line; do
    v=$(printf '%s' "$line" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/^GLIBC_//')
    [ "$(printf '%s\n%s\n' "$v" "$max" | sort -V | tail -n 1)" = "$max" ] || echo "  $line" >&2
  done
  exit 1
fi
echo "check-glibc: OK"
