"""Astropy's answers about one image HDU, as the FITS tests compare them:
shape, dtype, a digest of the values, header cards. Used by
scripts/fixtures/fits_astropy.py (the manifest) and run directly on files
this library wrote:

    python scripts/fits_answers.py FILE [HDU]   -> JSON on stdout
"""
import hashlib
import json
import os
import sys
import warnings

import numpy as np
from astropy.io import fits


def digest(a):
    """sha256 of the values as little-endian bytes, C order, NaNs canonical."""
    a = np.array(a, order="C")
    if a.dtype.kind == "f":
        a[np.isnan(a)] = np.nan
    a = a.astype(a.dtype.newbyteorder("<"), copy=False)
    return hashlib.sha256(a.tobytes()).hexdigest()


def value_json(v):
    if isinstance(v, (bool, np.bool_)):
        return {"t": "logical", "v": bool(v)}
    if isinstance(v, (int, np.integer)):
        return {"t": "int", "v": str(int(v))}
    if isinstance(v, (float, np.floating)):
        return {"t": "float", "v": repr(float(v))}
    if isinstance(v, (complex, np.complexfloating)):
        return {"t": "complex", "re": repr(v.real), "im": repr(v.imag)}
    if isinstance(v, str):
        return {"t": "string", "v": v}
    return {"t": "undefined"}


def casts(data):
    """Digests of data.astype(d), the casts readFits's dtype option promises:
    to both float dtypes always, and to int64 from integer data (exact, so
    numpy's answer is defined)."""
    targets = ["float32", "float64"] + (["int64"] if data.dtype.kind in "iu" else [])
    return {d: digest(np.asarray(data).astype(d)) for d in targets}


def entry(path, index, hdu, root="."):
    data = hdu.data
    answer = {
        "file": os.path.relpath(path, root),
        "hdu": index,
        "kind": type(hdu).__name__,
        "extname": hdu.name,
        # A header-only HDU (no data): shape [], no dtype, no digests.
        "shape": [],
        "dtype": None,
        "sha256": None,
        "astype": {},
        "sample": [],
        "cards": [[c.keyword, value_json(c.value), c.comment] for c in hdu.header.cards],
    }
    if data is None:
        return answer
    flat = np.array(data).ravel()
    sample = [None if (isinstance(x, float) and x != x) else x for x in flat[:6].tolist()]
    answer.update({
        "shape": list(data.shape),
        "dtype": str(data.dtype.newbyteorder("=")),
        "sha256": digest(data),
        "astype": casts(data),
        "sample": [str(x) for x in sample],
    })
    return answer


if __name__ == "__main__":
    warnings.simplefilter("ignore")
    index = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    with fits.open(sys.argv[1], checksum=True) as hdul:
        hdu = hdul[index]
        # 1 valid, 0 invalid, 2 absent (astropy's verify_checksum/verify_datasum);
        # before the data is read, which makes astropy rewrite scaling cards.
        sums = {"checksum": hdu.verify_checksum(), "datasum": hdu.verify_datasum()}
        answer = entry(sys.argv[1], index, hdu)
        answer.update(sums)
        print(json.dumps(answer))
