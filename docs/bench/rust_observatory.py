#!/usr/bin/env python3
"""Times `repere batch` on workload S1 and `repere sensitivity` on workload M1 (whole
processes, start included) and appends one JSON line per job (impl = "rust") in the format of
`peers.py run`, with the result digest computed as peers.py computes it.

usage: rust_observatory.py BINARY RESULTS.jsonl [RUNS]
Needs the fixtures of scripts/perf-fixtures.py in /tmp/repere-perf/repere.
"""
import hashlib, json, os, re, statistics, subprocess, sys, time

binary, results = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 15
data = "/tmp/repere-perf"
fx = os.path.join(data, "repere")


def fnum(x):
    if x is None:
        return ""
    s = "%.6f" % x
    return "0.000000" if s == "-0.000000" else s


def timed(cmd, out_path):
    """Median wall time, mean CPU time, peak RSS over `runs` runs, stdout to out_path."""
    walls, cpus, rss = [], [], []
    for i in range(runs + 2):
        with open(out_path, "wb") as out:
            t0 = time.perf_counter()
            r = subprocess.run(["/usr/bin/time", "-f", "RSS %M CPU %U %S"] + cmd,
                               stdout=out, stderr=subprocess.PIPE, text=True)
            wall = time.perf_counter() - t0
        m = re.search(r"RSS (\d+) CPU ([0-9.]+) ([0-9.]+)", r.stderr)
        if i < 2:  # warm-up
            continue
        walls.append(wall)
        rss.append(int(m.group(1)) / 1024.0)
        cpus.append(float(m.group(2)) + float(m.group(3)))
    return statistics.median(walls), statistics.mean(cpus), max(rss), min(walls)


def line(workload, variant, size, total, cpu, rss, best, digest):
    return {"workload": workload, "variant": variant, "size": size, "impl": "rust", "status": "ok",
            "reps": runs, "total_s": round(total, 4), "best_s": round(best, 4), "cpu_s": round(cpu, 4),
            "peak_rss_mb": round(rss, 1), "result_digest": digest,
            "load_avg": os.getloadavg()[0]}


with open(results, "a") as res:
    # S1: the canonical lines from JSON Lines (every digit), scores ×4 (raw levels), coverage.
    s1 = [binary, "batch", f"{data}/assess_large.csv", "--grid", f"{fx}/s1-grid.toml",
          "--profile", f"{fx}/s1-profile.toml", "--completeness", "weight"]
    dims = "inclusion,information,deliberation,influence,transparency,efficiency".split(",")
    jl = subprocess.run(s1 + ["--format", "jsonl"], capture_output=True, check=True).stdout
    h = hashlib.sha256()
    h.update((",".join(["assessment"] + dims + ["overall", "coverage"]) + "\n").encode())
    for raw in jl.splitlines():
        r = json.loads(raw)
        v = [None if x is None else 4.0 * x for x in r["dimensions"]]
        o = None if r["overall"] is None else 4.0 * r["overall"]
        h.update((",".join([r["assessment"]] + [fnum(x) for x in v] + [fnum(o), fnum(r["coverage"])]) + "\n").encode())
    digest = h.hexdigest()[:16]
    total, cpu, rss, best = timed(s1, f"{fx}/s1-out.csv")
    res.write(json.dumps(line("S1", "hierarchical", "large", total, cpu, rss, best, digest)) + "\n")
    print("S1", digest, "median %.3f s, best %.3f s, cpu %.3f s, %.0f MB" % (total, best, cpu, rss))
    # M1: the CSV output is the canonical lines.
    m1 = [binary, "sensitivity", f"{fx}/m1.csv", "--grid", f"{fx}/m1-grid.toml", "--profile",
          f"{fx}/m1-profile.toml", "--weights-file", f"{fx}/m1-weights.csv", "--format", "csv"]
    total, cpu, rss, best = timed(m1, f"{fx}/m1-out.csv")
    digest = hashlib.sha256(open(f"{fx}/m1-out.csv", "rb").read()).hexdigest()[:16]
    res.write(json.dumps(line("M1", "renorm", "medium", total, cpu, rss, best, digest)) + "\n")
    print("M1", digest, "median %.3f s, best %.3f s, cpu %.3f s, %.0f MB" % (total, best, cpu, rss))
