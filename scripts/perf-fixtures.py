#!/usr/bin/env python3
"""Grid, profile and input files for the S1 and M1 workloads of the performance comparison.

Reads the peers' data (default /tmp/repere-perf: weights.csv, assess_small.csv,
smaa_weights.csv) and writes into OUT (default /tmp/repere-perf/repere):

  s1-grid.toml      grid `perf.s1`: the 40 criteria of weights.csv in its 6 dimensions, one
                    ordinal scale with levels `0`..`4` (values 0..4: a level scores level / 4)
  s1-profile.toml   weighted means; criterion weights from weights.csv; each dimension weighs
                    the sum of its criteria's weights (summed in file order, written so that
                    it reads back as the same double)
  m1-grid.toml      grid `perf.m1`: the same 40 criteria in one dimension (M1's score is the
                    weighted mean over the criteria present, with no dimension level)
  m1-profile.toml   overall = weighted mean; the weights come from the draws
  m1.csv            the first 500 data rows of assess_small.csv
  m1-weights.csv    smaa_weights.csv with its columns named by criterion (w01 -> c01)

Python standard library only. Usage: python3 scripts/perf-fixtures.py [DATA] [OUT]
"""
import csv
import os
import sys

data = sys.argv[1] if len(sys.argv) > 1 else "/tmp/repere-perf"
out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(data, "repere")
os.makedirs(out, exist_ok=True)

with open(os.path.join(data, "weights.csv"), newline="") as f:
    rows = list(csv.DictReader(f))
dims = list(dict.fromkeys(r["dimension"] for r in rows))
weights = [(r["criterion"], r["dimension"], float(r["weight"])) for r in rows]

SCALE = """[[scales]]
id = "levels"
kind = "ordinal"
label = "0-4"
"""
for v in range(5):
    SCALE += f'\n[[scales.levels]]\nid = "{v}"\nvalue = {v}\nlabel = "{v}"\n'


def grid(gid, title, groups):
    s = f'kind = "grid"\nformat = 1\nid = "{gid}"\nversion = "1.0.0"\ndefault-lang = "en"\n'
    s += f'provenance = "illustrative"\ntitle = "{title}"\n\n' + SCALE
    for d, crits in groups:
        s += f'\n[[dimensions]]\nid = "{d}"\nlabel = "{d}"\n'
        for c in crits:
            s += f'\n[[dimensions.criteria]]\nid = "{c}"\nlabel = "{c}"\nscale = "levels"\n'
    return s


def write(name, text):
    with open(os.path.join(out, name), "w", newline="\n") as f:
        f.write(text)


groups = [(d, [c for c, dd, _ in weights if dd == d]) for d in dims]
write("s1-grid.toml", grid("perf.s1", "Workload S1", groups))
dim_w = {}
for d in dims:
    total = 0.0
    for c, dd, w in weights:
        if dd == d:
            total += w
    dim_w[d] = total
cw = ", ".join(f"{c} = {w!r}" for c, _, w in weights)
dw = ", ".join(f"{d} = {dim_w[d]!r}" for d in dims)
write("s1-profile.toml", f"""kind = "profile"
format = 1
grid = "perf.s1"

[profile]
id = "s1"
label = "S1 weights"
weights-source = "weights.csv of the performance workloads"
provenance = "illustrative"
dimension-rule = "weighted-mean"
overall = "weighted-mean"
criterion-weights = {{ {cw} }}
dimension-weights = {{ {dw} }}
""")

write("m1-grid.toml", grid("perf.m1", "Workload M1", [("all", [c for c, _, _ in weights])]))
write("m1-profile.toml", """kind = "profile"
format = 1
grid = "perf.m1"

[profile]
id = "m1"
label = "M1"
provenance = "illustrative"
dimension-rule = "weighted-mean"
overall = "weighted-mean"
""")

with open(os.path.join(data, "assess_small.csv"), newline="") as f, \
        open(os.path.join(out, "m1.csv"), "w", newline="\n") as g:
    for i, line in enumerate(f):
        if i > 500:
            break
        g.write(line)
with open(os.path.join(data, "smaa_weights.csv"), newline="") as f, \
        open(os.path.join(out, "m1-weights.csv"), "w", newline="\n") as g:
    head = f.readline()
    g.write(",".join("c" + h.strip()[1:] for h in head.split(",")) + "\n")
    for line in f:
        g.write(line)
print(f"wrote the S1 and M1 fixtures into {out}")
