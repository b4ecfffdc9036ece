#!/usr/bin/env bash
# One side-by-side session of S1 and M1 with the floor of S1 on the machine: the numpy peers,
# the floor (docs/bench/s1-floor: reading the table and writing the rows, no scoring), Repère,
# then the peers again, into one JSONL (the floor's lines have impl = "floor-copy" and
# "floor-scan").
#
# usage: docs/bench/observatory-floor.sh BINARY FLOOR_BINARY OUTDIR [RUNS]
# Needs the data of shared/perf/gen.py in /tmp/repere-perf, the fixtures of
# scripts/perf-fixtures.py, and the peers' venv (shared/perf/README.md).
set -euo pipefail
BIN=$(realpath "$1"); FLOOR=$(realpath "$2"); D=$(realpath -m "$3"); RUNS=${4:-15}
mkdir -p "$D/out"
HERE=$(cd "$(dirname "$0")" && pwd)
PERF=${PERF:-$HERE/../../../shared/perf}
PY=${PY:-$HOME/.venvs/repere-peers/bin/python}
S=$D/session.jsonl
peers() {
  (cd "$PERF" &&
    $PY peers.py run --workloads S1 --sizes large --impls 'numpy[c]' --results "$S" --out-dir "$D/out" &&
    $PY peers.py run --workloads M1 --sizes medium --impls numpy --results "$S" --out-dir "$D/out")
}
floor() {
  python3 - "$FLOOR" "$S" "$RUNS" "$D/out/floor.csv" <<'PY'
import json, os, statistics, subprocess, sys, time
floor, results, runs, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
with open(results, "a") as res:
    for mode in ("copy", "scan"):
        walls = []
        for i in range(runs + 2):
            with open(out, "wb") as o:
                t0 = time.perf_counter()
                subprocess.run([floor, "/tmp/repere-perf/assess_large.csv", mode], stdout=o,
                               stderr=subprocess.DEVNULL, check=True)
                wall = time.perf_counter() - t0
            if i >= 2:
                walls.append(wall)
        line = {"workload": "S1", "variant": "hierarchical", "size": "large",
                "impl": "floor-" + mode, "status": "ok", "reps": runs,
                "total_s": round(statistics.median(walls), 4), "best_s": round(min(walls), 4),
                "load_avg": os.getloadavg()[0]}
        res.write(json.dumps(line) + "\n")
        print("floor", mode, "median %.3f s, best %.3f s" % (line["total_s"], line["best_s"]))
PY
}
uptime
peers
floor
python3 "$HERE/rust_observatory.py" "$BIN" "$S" "$RUNS"
peers
floor
uptime
