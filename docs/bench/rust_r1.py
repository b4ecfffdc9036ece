#!/usr/bin/env python3
"""Times `repere agree` on the R1 files and appends one JSON line per job (impl = "rust")
in the format of `peers.py run`.   usage: rust_r1.py BINARY RESULTS.jsonl [SIZES]"""
import hashlib, json, os, re, shutil, statistics, subprocess, sys, time


def timed(cmd, warmup=3, runs=20):
    """hyperfine -N --warmup 3 --runs 20 when installed; else the same measured here (wall
    time per run, user and system time of the children)."""
    if shutil.which("hyperfine"):
        hf_json = "/tmp/agree-bench/hyperfine.json"
        os.makedirs("/tmp/agree-bench", exist_ok=True)
        subprocess.run(["hyperfine", "-N", "--warmup", str(warmup), "--runs", str(runs), "--export-json",
                        hf_json, " ".join(cmd)], check=True, capture_output=True)
        return json.load(open(hf_json))["results"][0]
    for _ in range(warmup):
        subprocess.run(cmd, capture_output=True, check=True)
    times = []
    before = os.times()
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    after = os.times()
    return {"times": times, "median": statistics.median(times), "mean": statistics.mean(times),
            "user": (after.children_user - before.children_user) / runs,
            "system": (after.children_system - before.children_system) / runs}


binary, results = sys.argv[1], sys.argv[2]
sizes = (sys.argv[3] if len(sys.argv) > 3 else "small,medium,large").split(",")
data = "/tmp/repere-perf"
jobs = [("ordinal", level) for level in ("nominal", "ordinal", "interval")] + \
       [("interval", level) for level in ("ordinal", "interval")]
env = dict(os.environ, REPERE_TIMINGS="1")
with open(results, "a") as out:
    for size in sizes:
        for flavour, level in jobs:
            cmd = [binary, "agree", f"{data}/rel_{flavour}_{size}.csv", "--level", level, "--format", "json"]
            alpha = json.loads(subprocess.run(cmd, capture_output=True, check=True).stdout)["alpha"]
            line = "%.6f" % alpha
            line = "0.000000" if line == "-0.000000" else line
            digest = hashlib.sha256((line + "\n").encode()).hexdigest()[:16]
            hf = timed(cmd)
            rss, loads, comps = [], [], []
            for _ in range(5):
                r = subprocess.run(["/usr/bin/time", "-f", "RSS %M"] + cmd, capture_output=True, text=True, env=env)
                rss.append(int(re.search(r"RSS (\d+)", r.stderr).group(1)) / 1024.0)
                laps = dict((k, float(v)) for k, v in re.findall(r"([\w-]+) ([0-9.]+) ms", r.stderr))
                comps.append(laps.pop("alpha") / 1e3)
                loads.append(sum(v for k, v in laps.items() if k not in ("output", "total")) / 1e3)
            rec = dict(workload="R1", variant=f"{flavour}-data/{level}", size=size, impl="rust", status="ok",
                       reps=len(hf["times"]), load_s=round(statistics.median(loads), 4),
                       compute_s=round(statistics.median(comps), 4), total_s=round(hf["median"], 4),
                       peak_rss_mb=round(max(rss), 1), result_digest=digest, result={"alpha": alpha},
                       wall_s=round(hf["mean"], 4), total_min_s=round(min(hf["times"]), 4),
                       cpu_s=round(hf["user"] + hf["system"], 4), load_avg=os.getloadavg()[0])
            out.write(json.dumps(rec) + "\n")
            print(rec["variant"], size, rec["total_s"], rec["peak_rss_mb"], digest, flush=True)
