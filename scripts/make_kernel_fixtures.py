#!/usr/bin/env python3
"""Writes __test__/fixtures/kernels.json: numpy's answers for the numeric kernels.

Run from the repository root with numpy 2 installed:

    python3 scripts/make_kernel_fixtures.py

Used by crates/core/tests/integration/kernels.rs and by the TypeScript tests. Every
expected value is what numpy itself returned (floats written with repr, so
they round-trip exactly). Large inputs are not inlined: they are described
by a deterministic generator (see LCG_DOC) that Rust and JS reproduce.
"""
import json
import math
import os
import sys
import warnings

import numpy as np

warnings.simplefilter("ignore")  # numpy warns on NaN/empty/inf cases by design

LCG_MUL = 6364136223846793005
LCG_INC = 1442695040888963407
MASK64 = (1 << 64) - 1

LCG_DOC = (
    "generator {kind:'lcg', seed, scale?, offset?}: state = seed (uint64); for each element "
    "state = (state * 6364136223846793005 + 1442695040888963407) mod 2^64, u = (state >> 11) * 2^-53 "
    "(a double in [0,1)), value = offset + scale * u (doubles; scale defaults to 1, offset to 0; "
    "the product first, then the sum), then converted to the dtype as numpy's astype does "
    "(float32: round to nearest; integers: truncate toward zero)."
)


def lcg(seed, n, scale=1.0, offset=0.0):
    """The documented generator, vectorised: the same doubles as a scalar loop."""
    out = np.empty(n, dtype=np.uint64)
    state = seed & MASK64
    # Scalar loop in chunks via numpy uint64 arithmetic (wraps mod 2^64).
    mul, inc = np.uint64(LCG_MUL), np.uint64(LCG_INC)
    s = np.uint64(state)
    with np.errstate(over="ignore"):
        # Jump-ahead would be faster; 2e6 steps in a Python loop is too slow,
        # so step 1024 independent lanes with the 1024-step multiplier.
        lanes = min(n, 1024)
        first = np.empty(lanes, dtype=np.uint64)
        for i in range(lanes):
            s = s * mul + inc
            first[i] = s
        out[:lanes] = first
        if n > lanes:
            # state_{i+L} = A * state_i + C with A = mul^L, C = inc * (mul^(L-1) + ... + 1).
            a, c = 1, 0
            for _ in range(lanes):
                a, c = (a * LCG_MUL) & MASK64, (c * LCG_MUL + LCG_INC) & MASK64
            a, c = np.uint64(a), np.uint64(c)
            cur = first
            for start in range(lanes, n, lanes):
                cur = cur * a + c
                k = min(lanes, n - start)
                out[start:start + k] = cur[:k]
    u = (out >> np.uint64(11)).astype(np.float64) * 2.0 ** -53
    return offset + scale * u


def check_lcg():
    s, vals = 12345, []
    for _ in range(3000):
        s = (s * LCG_MUL + LCG_INC) & MASK64
        vals.append((s >> 11) * 2.0 ** -53)
    assert np.array_equal(lcg(12345, 3000), np.array(vals)), "vectorised LCG differs from its definition"


def enc(v):
    """JSON-safe value: NaN/inf as strings, numpy scalars as Python numbers."""
    if isinstance(v, (list, tuple)):
        return [enc(x) for x in v]
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def arr(a):
    a = np.asarray(a)
    return {"dtype": a.dtype.name, "shape": list(a.shape), "data": enc(a.ravel(order="C").tolist())}


def gen_input(dtype, shape, seed, scale=1.0, offset=0.0, order="C"):
    n = int(np.prod(shape))
    g = {"kind": "lcg", "seed": seed}
    if scale != 1.0:
        g["scale"] = scale
    if offset != 0.0:
        g["offset"] = offset
    spec = {"dtype": dtype, "shape": list(shape), "generator": g}
    if order == "F":
        spec["order"] = "F"
    values = lcg(seed, n, scale, offset).astype(dtype)
    return spec, values.reshape(shape, order=order)


cases = []
layout_cases = []


def run(op, a, operand=None, dtype=None, ddof=None):
    try:
        if op in ("add", "sub", "mul", "div"):
            b = operand["scalar"] if isinstance(operand, dict) else operand
            fn = {"add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.true_divide}[op]
            return arr(fn(a, b))
        if op == "astype":
            return arr(a.astype(dtype))
        if op == "std":
            return enc(np.std(a, ddof=ddof))
        fn = {"median": np.median, "mean": np.mean, "average": np.average, "sum": np.sum,
              "min": np.min, "max": np.max}[op]
        return enc(fn(a))
    except Exception as e:  # numpy's error message is the expectation
        return {"error": str(e)}


def case(name, op, a, operand=None, dtype=None, ddof=None, spec=None, error=None, into=cases):
    a_np = a
    c = {"name": name, "op": op, "input": spec if spec is not None else arr(a_np)}
    b_np = operand
    if operand is not None:
        if isinstance(operand, dict):
            c["operand"] = {"scalar": enc(operand["scalar"]), "isInt": isinstance(operand["scalar"], int)}
        else:
            c["operand"] = arr(operand)
    if dtype is not None:
        c["dtype"] = dtype
    if ddof is not None:
        c["ddof"] = ddof
    c["expected"] = run(op, a_np, b_np, dtype, ddof)
    if error is not None:
        got = c["expected"]
        assert isinstance(got, dict) and error in got.get("error", ""), (name, got)
        c["expected"] = {"error": error}
    into.append(c)


A = np.array
I = lambda v: {"scalar": v}  # a Python int / float scalar operand

# ---- median
case("median f64 odd", "median", A([3.5, -1.0, 2.25, 8.0, 0.5]))
case("median f64 even", "median", A([3.5, -1.0, 2.25, 8.0, 0.5, 1e300]))
case("median f64 NaN", "median", A([1.0, np.nan, 3.0]))
case("median f64 inf even", "median", A([-np.inf, np.inf]))
case("median f64 empty", "median", A([], dtype=np.float64))
case("median f64 2-D", "median", A([[5.0, 1.0, 4.0], [2.0, 3.0, 6.0]]))
case("median f32 odd", "median", A([0.1, 0.7, 0.3], dtype=np.float32))
case("median f32 even", "median", A([16777216.0, 3.0, 16777215.0, 1.0], dtype=np.float32))
case("median f32 even overflows", "median", A([3e38, 3.2e38], dtype=np.float32))
case("median f32 NaN", "median", A([1.0, 2.0, np.nan, 4.0], dtype=np.float32))
case("median int16 odd", "median", A([7, -3, 12, 0, -32768], dtype=np.int16))
case("median int16 even", "median", A([7, -3, 12, 0], dtype=np.int16))
case("median uint8 odd", "median", A([200, 3, 255], dtype=np.uint8))
case("median uint8 even", "median", A([200, 3, 255, 0], dtype=np.uint8))
case("median int64 large even", "median", A([2**62, -2**62, 2**60, 2**61], dtype=np.int64))
case("median bool even", "median", A([True, False, True, True]))
spec, v = gen_input("float64", [100001], 7)
case("median f64 lcg 100001", "median", v, spec=spec)
spec, v = gen_input("float64", [100000], 8, scale=10.0, offset=-5.0)
case("median f64 lcg 100000", "median", v, spec=spec)
spec, v = gen_input("int32", [70000], 9, scale=1000.0, offset=-500.0)
case("median int32 lcg 70000", "median", v, spec=spec)

# ---- sum / mean / average: bit-exact pairwise sums
for n, seed in [(1, 11), (7, 12), (8, 13), (9, 14), (127, 15), (128, 16), (129, 17), (1000, 18),
                (8193, 19), (1000000, 20), (2000000, 21)]:
    spec, v = gen_input("float64", [n], seed, scale=2000.0, offset=-700.0)
    case(f"sum f64 lcg {n}", "sum", v, spec=spec)
    case(f"mean f64 lcg {n}", "mean", v, spec=spec)
spec, v = gen_input("float64", [1000000], 42)
case("mean of 1e6 lcg doubles", "mean", v, spec=spec)
case("average of 1e6 lcg doubles", "average", v, spec=spec)
spec, v = gen_input("float64", [1000, 2000], 43, scale=1e6)
case("mean f64 2-D C order", "mean", v, spec=spec)
case("sum f64 2-D C order", "sum", v, spec=spec)
spec, v = gen_input("float32", [1000000], 44, scale=100.0)
case("sum f32 lcg 1e6", "sum", v, spec=spec)
case("mean f32 lcg 1e6", "mean", v, spec=spec)
spec, v = gen_input("int16", [100003], 45, scale=60000.0, offset=-30000.0)
case("mean int16 lcg (8192-element buffers)", "mean", v, spec=spec)
case("sum int16 lcg", "sum", v, spec=spec)
spec, v = gen_input("int64", [100003], 46, scale=1e15)
case("mean int64 lcg (8192-element buffers)", "mean", v, spec=spec)
case("mean f64 small", "mean", A([1.0, 2.0, 4.0]))
case("mean f64 NaN", "mean", A([1.0, np.nan, 4.0]))
case("mean f64 empty", "mean", A([], dtype=np.float64))
case("mean bool", "mean", A([True, False, True]))
case("mean int8 no overflow", "mean", A([100, 100], dtype=np.int8))
case("sum int64 wraps", "sum", A([2**62, 2**62, 2**62], dtype=np.int64))
case("sum uint64 wraps", "sum", A([2**63, 2**63, 5], dtype=np.uint64))
case("sum int8 widens", "sum", A([100, 100], dtype=np.int8))
case("sum bool counts", "sum", A([True, True, False]))
case("sum empty", "sum", A([], dtype=np.float64))
case("sum f64 inf NaN", "sum", A([np.inf, -np.inf, 1.0]))

# ---- min / max
case("min f64", "min", A([3.0, -2.5, 7.0]))
case("max f64", "max", A([3.0, -2.5, 7.0]))
case("min f64 NaN", "min", A([3.0, np.nan, -7.0]))
case("max f64 NaN", "max", A([3.0, np.nan, -7.0]))
case("min int64", "min", A([5, -9, 2**53], dtype=np.int64))
case("max uint16", "max", A([5, 65535, 2], dtype=np.uint16))
case("max f32", "max", A([0.1, 0.7, 0.3], dtype=np.float32))
case("min bool", "min", A([True, False]))
case("min empty", "min", A([], dtype=np.float64), error="zero-size array to reduction operation minimum which has no identity")
case("max empty", "max", A([], dtype=np.int8), error="zero-size array to reduction operation maximum which has no identity")
spec, v = gen_input("float64", [300000], 47, scale=-3.0)
case("min f64 lcg", "min", v, spec=spec)
case("max f64 lcg", "max", v, spec=spec)

# ---- std
spec, v = gen_input("float64", [100000], 48, scale=10.0, offset=3.0)
case("std f64 ddof 0", "std", v, spec=spec, ddof=0)
case("std f64 ddof 1", "std", v, spec=spec, ddof=1)
spec, v = gen_input("float64", [1000000], 49)
case("std f64 1e6 ddof 1", "std", v, spec=spec, ddof=1)
spec, v = gen_input("float32", [100000], 50, scale=10.0)
case("std f32 ddof 1", "std", v, spec=spec, ddof=1)
spec, v = gen_input("int16", [20000], 51, scale=2000.0, offset=-1000.0)
case("std int16 ddof 0", "std", v, spec=spec, ddof=0)
case("std f64 small ddof 0", "std", A([1.0, 2.0, 4.0, 8.0]), ddof=0)
case("std f64 small ddof 1", "std", A([1.0, 2.0, 4.0, 8.0]), ddof=1)
case("std bool", "std", A([True, False, True]), ddof=0)
case("std ddof = n", "std", A([1.0]), ddof=1)
case("std ddof > n", "std", A([1.0, 2.0]), ddof=3)
case("std NaN", "std", A([1.0, np.nan]), ddof=0)
case("std empty", "std", A([], dtype=np.float64), ddof=0)

# ---- arithmetic: numpy 2 promotion (NEP 50)
case("int8 + uint8 -> int16", "add", A([-128, 127, 5], np.int8), A([255, 255, 0], np.uint8))
case("uint8 + 300 overflows", "add", A([1, 2], np.uint8), I(300), error="Python integer 300 out of bounds for uint8")
case("uint8 - (-1) overflows", "sub", A([1, 2], np.uint8), I(-1), error="Python integer -1 out of bounds for uint8")
case("uint8 + 10 wraps", "add", A([250, 1], np.uint8), I(10))
case("uint8 - 1 wraps", "sub", A([0, 7], np.uint8), I(1))
case("uint8 / 300 is float64", "div", A([1, 150], np.uint8), I(300))
case("int32 * 1.5 -> float64", "mul", A([1, -3, 2**31 - 1], np.int32), I(1.5))
case("bool + 1 -> int64", "add", A([True, False]), I(1))
case("bool - 1 -> int64", "sub", A([True, False]), I(1))
case("bool + 1.5 -> float64", "add", A([True, False]), I(1.5))
case("float32 / 2 -> float32", "div", A([1.0, 3.0, 0.1], np.float32), I(2))
case("float32 + 0.1 stays float32", "add", A([1.0, 3.0], np.float32), I(0.1))
case("float32 + 1e39 -> inf", "add", A([1.0], np.float32), I(1e39))
case("int16 / int16 -> float64", "div", A([3, -7, 0, 1], np.int16), A([2, 2, 0, 0], np.int16))
case("int32 / 0 -> inf nan", "div", A([1, 0, -1], np.int32), I(0))
case("int64 + uint64 -> float64", "add", A([1, -2**53], np.int64), A([2**63, 3], np.uint64))
case("int16 + float32 -> float32", "add", A([1, 300], np.int16), A([0.5, 0.25], np.float32))
case("int32 + float32 -> float64", "add", A([1, 2**30 + 1], np.int32), A([0.1, 0.25], np.float32))
case("uint16 * int16 -> int32", "mul", A([65535, 2], np.uint16), A([-1, 3], np.int16))
case("int64 * 4 wraps", "mul", A([2**62, 3], np.int64), I(4))
case("bool + bool is or", "add", A([True, True, False, False]), A([True, False, True, False]))
case("bool * bool is and", "mul", A([True, True, False, False]), A([True, False, True, False]))
case("bool / bool -> float64", "div", A([True, False]), A([True, True]))
case("bool - bool is an error", "sub", A([True]), A([False]), error="numpy boolean subtract, the `-` operator, is not supported")
case("f64 - f64 2-D", "sub", A([[1.5, 2.0], [3.0, 4.0]]), A([[0.5, 0.5], [1.0, -1.0]]))
case("shape mismatch", "add", A([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), A([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]),
     error="operands could not be broadcast together with shapes")
case("f64 * float scalar", "mul", A([1.0, -2.0, np.inf]), I(0.1))

# ---- astype
case("f64 -> int8 truncates", "astype", A([1.9, -1.9, 127.5, -128.9, 0.0]), dtype="int8")
case("f64 -> uint8", "astype", A([0.0, 255.7, 3.2]), dtype="uint8")
case("int16 -> uint8 wraps", "astype", A([-1, 256, 300, 7], np.int16), dtype="uint8")
case("f64 -> bool", "astype", A([0.0, -0.0, np.nan, 2.0, -1e-300]), dtype="bool")
case("int64 -> float32 rounds", "astype", A([2**53 + 1 + 2**29, 16777217], np.int64), dtype="float32")
case("f64 -> float32 rounds", "astype", A([0.1, 1e39, -1e-50]), dtype="float32")
case("bool -> float64", "astype", A([True, False]), dtype="float64")
case("uint64 -> int64 wraps", "astype", A([2**63, 5], np.uint64), dtype="int64")
case("float32 -> int32", "astype", A([1e9, -2.5, 0.99], np.float32), dtype="int32")
case("int8 -> uint64", "astype", A([-1, 3], np.int8), dtype="uint64")

# ---- memory-order cases (Rust tests only): data/generator give the
# elements in memory order; "order": "F" marks a Fortran-order array.
for shape, seed in [([300, 457], 60), ([1000, 2000], 61)]:
    spec, v = gen_input("float64", shape, seed, scale=5.0, order="F")
    flat = lcg(seed, int(np.prod(shape)), 5.0)
    # numpy reduces a Fortran array in memory order: the same sum as the flat data.
    assert np.sum(v) == np.sum(flat) and np.mean(v) == np.mean(flat)
    case(f"mean f64 Fortran {shape}", "mean", v, spec=spec, into=layout_cases)
    case(f"sum f64 Fortran {shape}", "sum", v, spec=spec, into=layout_cases)
    case(f"std f64 Fortran {shape}", "std", v, spec=spec, ddof=1, into=layout_cases)


def main():
    check_lcg()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = os.path.join(root, "__test__", "fixtures", "kernels.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    doc = {
        "numpy": np.__version__,
        "about": "Expected answers computed by numpy (scripts/make_kernel_fixtures.py). "
                 "NaN and infinities are the strings 'NaN', 'Infinity', '-Infinity'; int64/uint64 "
                 "values are JSON numbers (exact in the file). Data are in C order unless an input has "
                 "\"order\": \"F\" (only in layoutCases), in which case they are in memory order. "
                 "An operand {scalar, isInt} is a Python int (isInt) or float. Arithmetic "
                 "expectations are arrays {dtype, shape, data}; reductions are numbers; "
                 "{error: substring} means numpy raised with that message.",
        "generator": LCG_DOC,
        "cases": cases,
        "layoutCases": layout_cases,
    }
    with open(out, "w") as f:
        json.dump(doc, f, indent=1, allow_nan=False)
        f.write("\n")
    print(f"wrote {out}: {len(cases)} cases, {len(layout_cases)} layout cases", file=sys.stderr)


if __name__ == "__main__":
    main()
