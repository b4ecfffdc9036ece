#!/usr/bin/env python3
"""Times `repere agree` on the R1 files and appends one JSON line per job (impl = "rust")
in the format of `peers.py run`.   usage: rust_r1.py BINARY RESULTS.jsonl [SIZES]"""
import hashlib, json, os, re, statistics, subprocess, sys

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
            hf_json = "/tmp/agree-bench/hyperfine.json"
            subprocess.run(["hyperfine", "-N", "--warmup", "3", "--runs", "20", "--export-json", hf_json,
                            " ".join(cmd)], check=True, capture_output=True)
            hf = json.load(open(hf_json))["results"][0]
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
