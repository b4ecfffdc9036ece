#!/usr/bin/env python3
"""Times `repere survey summarize` on the Q1 files and appends one JSON line per size
(impl = "rust") in the format of `peers.py run`.
usage: rust_q1.py BINARY RESULTS.jsonl [SIZES] [RUNS]

For each size it runs `repere survey summarize survey_SIZE.csv --by process --format csv
--core-columns` (both tables, in the canonical form of `peers.py`'s `q1_result`), checks the
digest of its output (SHA-256 of the whole output, first 16 hex digits: the output is the
canonical lines, each followed by `\\n`), compares it line by line with the peer's `out/` file
when there is one, then times RUNS runs (default 15, after 2 warm-up runs) of the whole process
under `/usr/bin/time`: `total_s` is the median wall time, `cpu_s` the median user + system
time, `peak_rss_mb` the largest maximum RSS."""
import hashlib, json, os, re, statistics, subprocess, sys, time

binary, results = sys.argv[1], sys.argv[2]
sizes = (sys.argv[3] if len(sys.argv) > 3 else "small,medium,large").split(",")
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 15
data = "/tmp/repere-perf"
out_dir = os.environ.get("PEER_OUT", "/tmp/repere-perf/out")
with open(results, "a") as out:
    for size in sizes:
        cmd = [binary, "survey", "summarize", f"{data}/survey_{size}.csv", "--by", "process",
               "--format", "csv", "--core-columns"]
        text = subprocess.run(cmd, capture_output=True, check=True).stdout
        digest = hashlib.sha256(text).hexdigest()[:16]
        same_as_peer = None
        for impl in ("pandas-c", "pandas-pyarrow"):
            peer = f"{out_dir}/Q1_agg_{size}_{impl}.csv"
            if os.path.exists(peer):
                same_as_peer = open(peer, "rb").read() == text
                break
        for _ in range(2):
            subprocess.run(cmd, capture_output=True, check=True)
        walls, cpus, rss = [], [], []
        for _ in range(runs):
            start = time.perf_counter()
            r = subprocess.run(["/usr/bin/time", "-f", "RSS %M CPU %U %S"] + cmd,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
            walls.append(time.perf_counter() - start)
            m = re.search(r"RSS (\d+) CPU ([0-9.]+) ([0-9.]+)", r.stderr)
            rss.append(int(m.group(1)) / 1024.0)
            cpus.append(float(m.group(2)) + float(m.group(3)))
        rec = dict(workload="Q1", variant="agg", size=size, impl="rust", status="ok", reps=runs,
                   total_s=round(statistics.median(walls), 4), total_min_s=round(min(walls), 4),
                   cpu_s=round(statistics.median(cpus), 4), peak_rss_mb=round(max(rss), 1),
                   result_digest=digest, same_as_peer_out=same_as_peer, load_avg=os.getloadavg()[0])
        out.write(json.dumps(rec) + "\n")
        print(size, rec["total_s"], rec["cpu_s"], rec["peak_rss_mb"], digest, same_as_peer, flush=True)
