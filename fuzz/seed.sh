#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the committed .npy fixtures (good files
# and the malformed corpus). The literal target gets each fixture's header
# text (the bytes between the length field and the data). Idempotent.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fixtures="$here/../crates/core/tests/fixtures"
for target in parse_header read_npy_bytes literal; do
  mkdir -p "$here/corpus/$target"
done
for f in "$fixtures"/npy/*.npy "$fixtures"/npy/resave/*.npy "$fixtures"/malformed/*.npy; do
  [ -f "$f" ] || continue
  name="$(basename "$(dirname "$f")")_$(basename "$f")"
  cp "$f" "$here/corpus/parse_header/$name"
  cp "$f" "$here/corpus/read_npy_bytes/$name"
  # Header text: version 1.0 has a 2-byte length at offset 8, others 4 bytes.
  python3 - "$f" "$here/corpus/literal/$name.txt" <<'PY'
import sys
b = open(sys.argv[1], 'rb').read()
if len(b) >= 10 and b[:6] == b'\x93NUMPY':
    n = 2 if b[6] == 1 else 4
    if len(b) >= 8 + n:
        size = int.from_bytes(b[8:8 + n], 'little')
        open(sys.argv[2], 'wb').write(b[8 + n:8 + n + size])
PY
done
# FITS: the generated fixtures (npm run fixtures): astropy-written files,
# astropy's own test images and the malformed corpus.
generated="$here/../target/fixtures"
mkdir -p "$here/corpus/read_fits_bytes"
for f in "$generated"/fits_astropy/written/* "$generated"/fits_astropy/astropy_data/*.fits "$generated"/fits_malformed/*.fits*; do
  [ -f "$f" ] || continue
  [ "$(stat -c %s "$f")" -le 65536 ] || continue
  cp "$f" "$here/corpus/read_fits_bytes/$(basename "$(dirname "$f")")_$(basename "$f")"
done
for target in parse_header read_npy_bytes literal read_fits_bytes; do
  echo "$target: $(ls "$here/corpus/$target" | wc -l) seeds"
done
