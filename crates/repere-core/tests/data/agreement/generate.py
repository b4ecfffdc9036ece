#!/usr/bin/env python3
"""Generate the random reliability tables and the expected Krippendorff alphas
used by `crates/repere-core/tests/agreement.rs`.

The expected values come from the `krippendorff` Python package, version 0.9.0,
an implementation independent of the Rust one. Python is NOT needed to run the
Rust tests: they only read the files written here. To regenerate (outside the repo):

    python3 -m venv /tmp/kvenv
    /tmp/kvenv/bin/pip install numpy krippendorff==0.9.0
    /tmp/kvenv/bin/python generate.py

Outputs (next to this script):
  * `<name>.csv`    long format `unit,rater,value`, one row per rating; a missing
                    rating is an absent row (rows are shuffled, see below);
  * `expected.csv`  `dataset,level,alpha`, alpha printed with `repr` (17
                    significant digits, round-trips exactly).

Every table is seeded (numpy `default_rng(seed)`) so the files are reproducible.
The rows of each table are written in a shuffled order so that the Rust side is
also exercised on unsorted input.
"""
import os

import krippendorff
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

ALL = ("nominal", "ordinal", "interval", "ratio")


def table(seed, units, raters, p_missing, draw_true, noise):
    """raters x units matrix (NaN = missing): true value per unit + rater noise."""
    rng = np.random.default_rng(seed)
    mat = np.full((raters, units), np.nan)
    for u in range(units):
        t = draw_true(rng)
        for r in range(raters):
            if rng.random() >= p_missing:
                mat[r, u] = noise(rng, t)
    return mat


def clip_int(lo, hi, spread):
    def f(rng, t):
        return float(min(hi, max(lo, t + rng.integers(-spread, spread + 1))))
    return f


DATASETS = [
    # name, seed, units, raters, p_missing, true-value draw, noise, levels
    ("few_values", 11, 30, 4, 0.2,
     lambda r: int(r.integers(1, 6)), clip_int(1, 5, 1), ALL),
    ("with_zero", 12, 120, 6, 0.3,
     lambda r: int(r.integers(0, 10)), clip_int(0, 9, 2), ALL),
    ("many_values", 13, 80, 5, 0.25,
     lambda r: float(r.uniform(0, 20)),
     lambda r, t: float(np.clip(np.round(t + r.normal(0, 1.5), 1), 0, 20)), ALL),
    ("negative", 14, 50, 3, 0.15,
     lambda r: int(r.integers(-5, 6)), clip_int(-5, 5, 2), ("nominal", "ordinal", "interval")),
    ("sparse", 15, 60, 8, 0.7,
     lambda r: int(r.integers(1, 5)), clip_int(1, 4, 1), ALL),
    ("two_raters", 16, 40, 2, 0.1,
     lambda r: int(r.integers(0, 2)),
     lambda r, t: float(t if r.random() < 0.8 else 1 - t), ("nominal", "interval")),
    ("large_offset", 17, 50, 4, 0.2,
     lambda r: float(r.integers(0, 40)) * 0.5,
     lambda r, t: 1.0e6 + t + float(r.integers(-2, 3)) * 0.5, ("interval", "ratio", "ordinal")),
]


def main():
    expected = ["dataset,level,alpha"]
    for name, seed, units, raters, p_missing, draw, noise, levels in DATASETS:
        mat = table(seed, units, raters, p_missing, draw, noise)
        rows = [(f"u{u + 1:03d}", f"r{r + 1}", mat[r, u])
                for u in range(units) for r in range(raters) if not np.isnan(mat[r, u])]
        order = np.random.default_rng(seed + 1000).permutation(len(rows))
        with open(os.path.join(HERE, f"{name}.csv"), "w") as f:
            f.write("unit,rater,value\n")
            for i in order:
                u, r, v = rows[i]
                f.write(f"{u},{r},{float(v)!r}\n")
        for level in levels:
            a = float(krippendorff.alpha(reliability_data=mat, level_of_measurement=level))
            expected.append(f"{name},{level},{a!r}")
    with open(os.path.join(HERE, "expected.csv"), "w") as f:
        f.write("\n".join(expected) + "\n")


if __name__ == "__main__":
    main()
