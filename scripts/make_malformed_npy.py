#!/usr/bin/env python3
"""Writes the corpus of malformed .npy files the Rust reader must refuse.

Run from the repository root: `python3 scripts/make_malformed_npy.py`.
Output: crates/core/tests/fixtures/malformed/*.npy and CASES.tsv
(file, case, a distinctive phrase of the error the reader must give).
README.md in that folder holds the full, exact messages; the Rust test
`npy_malformed` checks both (run it with BMP_BLESS=1 to rewrite README.md
after an intended message change).
"""

import pathlib
import struct

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "crates/core/tests/fixtures/malformed"
MAGIC = b"\x93NUMPY"


def npy(header, data=b"", version=(1, 0), pad=True):
    """A file with `header` (str) as its dict text, padded as numpy pads."""
    text = header.encode("utf8" if version == (3, 0) else "latin1")
    len_fmt = "<H" if version == (1, 0) else "<I"
    if pad:
        prefix = 6 + 2 + struct.calcsize(len_fmt)
        text += b" " * (63 - (prefix + len(text)) % 64) + b"\n"
    return MAGIC + bytes(version) + struct.pack(len_fmt, len(text)) + text + data


def dict_text(descr="'<f8'", fortran="False", shape="(2, 3)", extra=""):
    return f"{{'descr': {descr}, 'fortran_order': {fortran}, 'shape': {shape}, {extra}}}"


def object_array():
    import io
    buf = io.BytesIO()
    np.save(buf, np.array([{"a": 1}, None], dtype=object), allow_pickle=True)
    return buf.getvalue()


F8x6 = bytes(48)

# (file, case, distinctive phrase of the expected error, contents)
CASES = [
    ("empty.npy", "empty file", "the file is empty", b""),
    ("wrong_magic.npy", "wrong magic (a zip file)", "does not start with the magic string",
     b"PK\x03\x04" + bytes(60)),
    ("truncated_magic.npy", "file ends inside the magic/version", "too short to hold an .npy header",
     MAGIC[:5]),
    ("truncated_length.npy", "file ends inside the header length", "too short to hold the header length",
     MAGIC + b"\x02\x00\x10"),
    ("unknown_version.npy", "unknown version 4.0", "unsupported .npy format version 4.0",
     MAGIC + b"\x04\x00" + struct.pack("<I", 54) + b" " * 53 + b"\n"),
    ("header_beyond_file.npy", "header length beyond the file", "the header length field says 5000 bytes",
     MAGIC + b"\x01\x00" + struct.pack("<H", 5000) + dict_text().encode()),
    ("header_too_long.npy", "header over numpy's 10000-character cap (v2.0)", "over numpy's limit of 10000",
     npy(dict_text() + " " * 20000, F8x6, version=(2, 0))),
    ("header_not_dict.npy", "header is a list, not a dict", "the header is not a dict but a list",
     npy("['<f8', False, (2, 3)]", F8x6)),
    ("header_unparsable.npy", "header is not a Python literal", "cannot parse the header as a Python literal",
     npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3}", F8x6)),
    ("header_nested_deep.npy", "header nested 500 levels deep", "nesting deeper than 32 levels",
     npy("{'descr': " + "(" * 500 + ")" * 500 + "}", F8x6)),
    ("header_bad_utf8.npy", "version 3.0 header that is not UTF-8", "is not valid UTF-8",
     npy(dict_text(), F8x6, version=(3, 0))[:20] + b"\xff" + npy(dict_text(), F8x6, version=(3, 0))[21:]),
    ("missing_key.npy", "dict lacks fortran_order", "lacks the key 'fortran_order'",
     npy("{'descr': '<f8', 'shape': (2, 3), }", F8x6)),
    ("extra_key.npy", "dict has an extra key", "unexpected key 'extra'",
     npy(dict_text(extra="'extra': 1, "), F8x6)),
    ("unknown_dtype.npy", "complex dtype <c16", "dtype '<c16' (complex) is not supported",
     npy(dict_text(descr="'<c16'"), F8x6)),
    ("unicode_dtype.npy", "unicode string dtype <U5", "dtype '<U5' (unicode string) is not supported",
     npy(dict_text(descr="'<U5'"), bytes(120))),
    ("float16_dtype.npy", "float16 dtype <f2", "dtype '<f2' (float16) is not supported",
     npy(dict_text(descr="'<f2'"), bytes(12))),
    ("structured_dtype.npy", "structured dtype (list descr)", "is a structured (record) dtype",
     npy(dict_text(descr="[('x', '<f8'), ('y', '<i4')]"), bytes(72))),
    ("object_dtype.npy", "object dtype |O (np.save with allow_pickle)", "pickled object arrays are not supported",
     object_array()),
    ("negative_dimension.npy", "negative dimension", "has a negative dimension (-1)",
     npy(dict_text(shape="(-1, 3)"), F8x6)),
    ("shape_not_tuple.npy", "shape is a list", "is not a tuple of integers",
     npy(dict_text(shape="[2, 3]"), F8x6)),
    ("overflowing_shape.npy", "dimensions whose product overflows 64 bits", "overflows 64 bits",
     npy(dict_text(descr="'|u1'", shape="(4294967296, 4294967296, 16)"), F8x6)),
    ("overflowing_bytes.npy", "element count fits, bytes overflow 64 bits", "needs more bytes than fit in 64 bits",
     npy(dict_text(shape="(4611686018427387904,)"), F8x6)),
    ("dimension_too_large.npy", "one dimension beyond 64 bits", "larger than this machine can address",
     npy(dict_text(shape="(100000000000000000000000,)"), F8x6)),
    ("data_too_short.npy", "data shorter than the shape claims", "promises 800 data bytes",
     npy(dict_text(shape="(10, 10)"), bytes(100))),
    ("huge_claim.npy", "header claims 10^12 elements in a tiny file", "promises 1000000000000 data bytes",
     npy(dict_text(descr="'|u1'", shape="(1000000, 1000000)"), bytes(16))),
    ("fortran_not_bool.npy", "fortran_order is 0", "fortran_order is 0, not True or False",
     npy(dict_text(fortran="0"), F8x6)),
    ("fortran_string.npy", "fortran_order is the string 'False'", "fortran_order is 'False', not True or False",
     npy(dict_text(fortran="'False'"), F8x6)),
]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.npy"):
        old.unlink()
    lines = ["# file\tcase\tphrase the error must contain"]
    for name, case, phrase, content in CASES:
        (OUT / name).write_bytes(content)
        lines.append(f"{name}\t{case}\t{phrase}")
    (OUT / "CASES.tsv").write_text("\n".join(lines) + "\n")
    print(f"wrote {len(CASES)} malformed files to {OUT}")


if __name__ == "__main__":
    main()
