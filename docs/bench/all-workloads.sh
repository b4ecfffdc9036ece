#!/usr/bin/env bash
# One side-by-side session of the four workloads (Q1, R1, S1, M1) on the same files:
# the Python peers, then Repère, then the peers again, into one JSONL.
#
# usage: docs/bench/all-workloads.sh BINARY OUTDIR
# Needs the data of shared/perf/gen.py in /tmp/repere-perf, the fixtures of
# scripts/perf-fixtures.py, and the peers' venv (shared/perf/README.md).
set -euo pipefail
BIN=$(realpath "$1"); D=$(realpath -m "$2"); mkdir -p "$D/out"
HERE=$(cd "$(dirname "$0")" && pwd)
PERF=${PERF:-$HERE/../../../shared/perf}
PY=${PY:-$HOME/.venvs/repere-peers/bin/python}
S=$D/session.jsonl
peers() {
  (cd "$PERF" &&
    $PY peers.py run --workloads Q1 --sizes large --results "$S" --out-dir "$D/out" &&
    $PY peers.py run --workloads R1 --sizes large --impls numpy-ref,krippendorff --results "$S" --out-dir "$D/out" &&
    $PY peers.py run --workloads S1 --sizes large --impls 'numpy[c]' --results "$S" --out-dir "$D/out" &&
    $PY peers.py run --workloads M1 --sizes medium --impls numpy --results "$S" --out-dir "$D/out")
}
uptime
peers
uptime
PEER_OUT=$D/out python3 "$HERE/rust_q1.py" "$BIN" "$S" large 15
python3 "$HERE/rust_r1.py" "$BIN" "$S" large
python3 "$HERE/rust_observatory.py" "$BIN" "$S" 15
uptime
peers
(cd "$PERF" && $PY peers.py run --workloads M1 --sizes medium --impls skcriteria --repeats 1 --results "$S" --out-dir "$D/out")
uptime
