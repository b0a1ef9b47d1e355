#!/usr/bin/env python3
"""Writes the numpy-made .npy fixtures for the Rust reader/writer tests.

Run from the repository root: `python3 scripts/make_npy_fixtures.py`.
Output: crates/core/tests/fixtures/npy/*.npy, resave/*.npy and MANIFEST.tsv.

Each fixture is written by numpy itself. MANIFEST.tsv (tab-separated, one
fixture per line, `#` comments) tells the Rust tests the answers:

    file  dtype  version  fortran_order  shape  np_save_file  data_hex

- dtype: numpy's name (float64, int16, bool, ...), independent of byte order;
- shape: comma-separated dimensions, empty for a 0-d array;
- np_save_file: what `np.save` writes for the same array in native
  (little-endian) byte order; a reader-then-writer round trip must reproduce
  it byte for byte. For little-endian version 1.0 fixtures it is the fixture
  itself; big-endian and version 2.0/3.0 fixtures have one under resave/
  (numpy's own re-save of a byteswapped array `a.astype('<f8')` is little-endian
  and version 1.0, and so is ours);
- data_hex: the array's native (little-endian) bytes in memory order.
"""

import pathlib

import numpy as np
from numpy.lib import format as npf

OUT = pathlib.Path(__file__).resolve().parent.parent / "crates/core/tests/fixtures/npy"

INT_TYPES = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]


def sample(dtype):
    """A 2x3 array of `dtype` holding its extremes and some ordinary values."""
    dt = np.dtype(dtype)
    if dt.kind == "b":
        vals = [True, False, True, True, False, False]
    elif dt.kind in "iu":
        info = np.iinfo(dt)
        vals = [info.min, info.max, 0, 1, info.max // 3, info.min // 2 if info.min else 7]
    else:
        vals = [-0.0, np.nan, np.inf, -np.inf, np.finfo(dt).tiny, np.pi]
    return np.array(vals, dtype=dt).reshape(2, 3)


def native(a):
    """The same values in little-endian byte order, same memory order."""
    order = "F" if a.flags.f_contiguous and not a.flags.c_contiguous else "C"
    return np.asarray(a.astype(a.dtype.newbyteorder("<")), order=order)


def write(name, a, version=None):
    path = OUT / name
    with open(path, "wb") as f:
        npf.write_array(f, a, version=version)
    return path


def main():
    (OUT / "resave").mkdir(parents=True, exist_ok=True)
    for old in list(OUT.glob("*.npy")) + list((OUT / "resave").glob("*.npy")):
        old.unlink()

    cases = []  # (file name, array, version)
    for d in ["bool"] + INT_TYPES + ["float32", "float64"]:
        a = sample(d)
        if a.dtype.itemsize == 1:
            cases.append((f"{d}.npy", a, None))
        else:
            cases.append((f"{d}_le.npy", a.astype(a.dtype.newbyteorder("<")), None))
            cases.append((f"{d}_be.npy", a.astype(a.dtype.newbyteorder(">")), None))
    base = np.arange(12, dtype="<f8").reshape(3, 4) * 1.5
    cases += [
        ("fortran_f8.npy", np.asfortranarray(base), None),
        ("fortran_i2_be.npy", np.asfortranarray((np.arange(12).reshape(2, 3, 2) - 5).astype(">i2")), None),
        ("fortran_u1.npy", np.asfortranarray(np.arange(6, dtype="u1").reshape(2, 3)), None),
        ("scalar_0d.npy", np.array(2.5, dtype="<f8"), None),
        ("empty_1d.npy", np.zeros((0,), dtype="<f4"), None),
        ("empty_2d.npy", np.zeros((2, 0), dtype="<i4"), None),
        ("vector_1d.npy", np.arange(5, dtype="<i8") * -3, None),
        ("v1_f8.npy", base, (1, 0)),
        ("v2_f8.npy", base, (2, 0)),
        ("v3_f8.npy", base, (3, 0)),
        ("v2_bool.npy", sample("bool"), (2, 0)),
        ("v3_u2_be.npy", sample(">u2"), (3, 0)),
        ("long_shape.npy", np.zeros((1, 2, 1, 3, 1, 2, 1, 1), dtype="<u4") + 7, None),
    ]

    lines = ["# file\tdtype\tversion\tfortran_order\tshape\tnp_save_file\tdata_hex"]
    for name, a, version in cases:
        path = write(name, a, version)
        with open(path, "rb") as f:
            ver = npf.read_magic(f)
        nat = native(a)
        resave = name
        if nat.dtype != a.dtype or ver != (1, 0):
            resave = f"resave/{name}"
            np.save(OUT / resave, nat)
        fortran = bool(a.flags.f_contiguous and not a.flags.c_contiguous)
        data = nat.tobytes(order="F" if fortran else "C")
        lines.append("\t".join([
            name, a.dtype.name, f"{ver[0]}.{ver[1]}", str(fortran),
            ",".join(str(n) for n in a.shape), resave, data.hex(),
        ]))
    (OUT / "MANIFEST.tsv").write_text("\n".join(lines) + "\n")
    print(f"wrote {len(cases)} fixtures to {OUT}")


if __name__ == "__main__":
    main()
