"""Markdown table of a gemm_vs_numpy.sh sitting: JMH GFLOP/s (mean +- 99.9% error, best iteration)
beside NumPy's (median, best) and the ratios.   python3 gemm_table.py /tmp/gemm-sitting"""
import glob
import json
import os
import sys

out = sys.argv[1]
numpy = {}
for line in open(os.path.join(out, "numpy.jsonl")):
    r = json.loads(line)
    numpy[(r["name"], int(r["threads"]))] = r
print("| shape | M | K | N | thr | Java GFLOP/s (mean ± err) | Java best | NumPy median | NumPy best | ratio mean/median | ratio best/best |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
rows = []
for f in glob.glob(os.path.join(out, "jmh_*.json")):
    try:
        results = json.load(open(f))
    except ValueError:   # a run still in progress or interrupted
        continue
    for res in results:
        name, m, k, n = res["params"]["shape"].split(":")
        t = int(res["params"]["threads"])
        flop = res["secondaryMetrics"]["flop"]
        raw = [v for fork in flop["rawData"] for v in fork]
        rows.append((t, name, m, k, n, flop["score"] / 1e9, flop["scoreError"] / 1e9, max(raw) / 1e9))
order = ["square256", "square512", "square1024", "enc_conv1", "enc_conv2", "enc_conv3", "enc_conv4",
         "lstm_b1", "lstm_b64", "lstm_whh_b100", "mdn_head"]
rows.sort(key=lambda r: (r[0], order.index(r[1]) if r[1] in order else 99))
for t, name, m, k, n, score, err, best in rows:
    np_ = numpy.get((name, t))
    if np_:
        med, nb = np_["gflops_median"], np_["gflops_best"]
        print(f"| {name} | {m} | {k} | {n} | {t} | {score:.1f} ± {err:.1f} | {best:.1f} | {med:.1f} | {nb:.1f} | "
              f"{score / med:.2f} | {best / nb:.2f} |")
    else:
        print(f"| {name} | {m} | {k} | {n} | {t} | {score:.1f} ± {err:.1f} | {best:.1f} | - | - | - | - |")

# CPU-time pairs (one thread), when the sitting has them
jc, nc = os.path.join(out, "java_cpu.jsonl"), os.path.join(out, "numpy_cpu.jsonl")
if os.path.exists(jc) and os.path.exists(nc):
    java = {json.loads(l)["name"]: json.loads(l) for l in open(jc)}
    nump = {json.loads(l)["name"]: json.loads(l) for l in open(nc)}
    print()
    print("| shape (1 thread, CPU-time clock) | Java median | Java best | NumPy median | NumPy best | ratio median | ratio best |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in order:
        if name in java and name in nump:
            j, p = java[name], nump[name]
            print(f"| {name} | {j['gflops_median']:.1f} | {j['gflops_best']:.1f} | {p['gflops_median']:.1f} | "
                  f"{p['gflops_best']:.1f} | {j['gflops_median'] / p['gflops_median']:.2f} | {j['gflops_best'] / p['gflops_best']:.2f} |")
