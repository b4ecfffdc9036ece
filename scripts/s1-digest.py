#!/usr/bin/env python3
"""The canonical lines and digest of workload S1 from `repere batch --format jsonl` output.

S1's reference (the numpy peer) scores the raw levels 0..4; Repère scores levels normalised to
[0, 1] (level / 4). Multiplying by 4 is exact in binary floating point, so the scores ×4 are
the reference's scores, and `coverage` (a share) is taken as it is. JSON Lines carry every
digit (shortest round-trip form), so nothing is lost before the `%.6f` of the canonical lines.

Usage: repere batch assess_large.csv --grid s1-grid.toml --profile s1-profile.toml \
           --format jsonl | python3 scripts/s1-digest.py [DIMENSIONS] [--lines FILE]
DIMENSIONS defaults to the six of weights.csv. Prints the 16-hex-digit digest.
"""
import hashlib
import json
import sys

dims = "inclusion,information,deliberation,influence,transparency,efficiency".split(",")
args = [a for a in sys.argv[1:]]
lines_out = None
if "--lines" in args:
    i = args.index("--lines")
    lines_out = open(args[i + 1], "w")
    del args[i:i + 2]
if args:
    dims = args[0].split(",")


def f(x):
    if x is None:
        return ""
    s = "%.6f" % x
    return "0.000000" if s == "-0.000000" else s


h = hashlib.sha256()


def emit(line):
    h.update(line.encode() + b"\n")
    if lines_out:
        lines_out.write(line + "\n")


emit(",".join(["assessment"] + dims + ["overall", "coverage"]))
for raw in sys.stdin:
    r = json.loads(raw)
    scores = [None if x is None else 4.0 * x for x in r["dimensions"]]
    overall = None if r["overall"] is None else 4.0 * r["overall"]
    emit(",".join([r["assessment"]] + [f(x) for x in scores] + [f(overall), f(r["coverage"])]))
print(h.hexdigest()[:16])
