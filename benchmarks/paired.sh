#!/usr/bin/env bash
# Paired, interleaved comparison of one ModelBenchmark row with its PyTorch twin: runs ours (JMH,
# one fork) and PyTorch's (../shared/reference/bench_torch.py) one after the other, ROUNDS times,
# and prints each round's ratio (PyTorch time / ours, > 1 = we are faster), the median of those
# ratios and the ratio of the two best times.
#
# Why: on this shared VM the speed of both sides drifts by up to 7x over minutes (PyTorch's 1-thread
# encoder b64 measured 15.7 ms and 108.7 ms two minutes apart, with no steal time reported), so two
# figures taken minutes apart say little; figures taken seconds apart, many times, do.
#
# Usage: benchmarks/paired.sh ROW THREADS [ROUNDS]
#   ROW: vaeEncodeB1 | vaeEncodeB64 | vaeEncodeFrozenB1 | vaeEncodeFrozenB64 | vaeTrainB100 |
#        vaeDecodeB64 | lstmCellStepB1
#   e.g. benchmarks/paired.sh vaeEncodeB1 1 5
# Environment: SKIP_BUILD=1 reuses the last benchmarks jar (see run.sh); SHARED (default ../shared
# beside the repository) holds reference/; PyTorch must be installed (reference/setup.sh).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
shared=${SHARED:-$root/../shared}
row=${1:?usage: paired.sh ROW THREADS [ROUNDS]}
threads=${2:?usage: paired.sh ROW THREADS [ROUNDS]}
rounds=${3:-5}

case $row in
  vaeEncodeB1)    group=enc;  torch_name="vae_encode b1" ;;
  vaeEncodeB64)   group=enc;  torch_name="vae_encode b64" ;;
  vaeEncodeFrozenB1)  group=enc; torch_name="vae_encode b1" ;;
  vaeEncodeFrozenB64) group=enc; torch_name="vae_encode b64" ;;
  vaeTrainB100)   group=vae;  torch_name="vae_train b100" ;;
  vaeDecodeB64)   group=dec;  torch_name="vae_decode b64" ;;
  lstmCellStepB1) group=lstm; torch_name="lstmcell_step b1" ;;
  *) echo "paired.sh: unknown row '$row' (see the usage at the top)" >&2
     exit 2 ;;
esac
[ -f "$shared/reference/bench_torch.py" ] || { echo "paired.sh: $shared/reference/bench_torch.py not found (set SHARED)" >&2; exit 2; }
/usr/bin/python3 -c 'import torch' 2>/dev/null || { echo "paired.sh: PyTorch missing; run bash $shared/reference/setup.sh" >&2; exit 2; }
blasdir=$(dirname "$(dpkg -L libopenblas0-openmp | grep '/libblas.so.3$' | head -1)")

# build once, then every round reuses the jar
if [ "${SKIP_BUILD:-0}" != 1 ]; then "$here/run.sh" -l >/dev/null; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for r in $(seq 1 "$rounds"); do
  SKIP_BUILD=1 "$here/run.sh" "ModelBenchmark.$row\$" -p threads="$threads" -wi 3 -i 5 -w 1 -r 1 \
    -rf json -rff "$work/ours-$r.json" >"$work/ours-$r.log" 2>&1 || { cat "$work/ours-$r.log" >&2; exit 1; }
  env OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" LD_LIBRARY_PATH="$blasdir" \
    /usr/bin/python3 "$shared/reference/bench_torch.py" --threads "$threads" --skip-paper-mdn \
    --reps-scale 0.5 --only "$group" --out "$work/torch-$r.json" >"$work/torch-$r.log" 2>&1 \
    || { cat "$work/torch-$r.log" >&2; exit 1; }
done

/usr/bin/python3 - "$work" "$rounds" "$row" "$torch_name" "$threads" <<'EOF'
import json, statistics, sys
work, rounds, row, torch_name, threads = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
scale = {"s": 1e3, "ms": 1.0, "us": 1e-3, "ns": 1e-6}   # JMH unit -> ms
ours, torch, ratios = [], [], []
print(f"{row}, {threads} thread(s): ms per op, ours = JMH mean of 5 iterations, PyTorch = median")
for r in range(1, rounds + 1):
    j = json.load(open(f"{work}/ours-{r}.json"))[0]["primaryMetric"]
    o = j["score"] * scale[j["scoreUnit"].split("/")[0]]
    t = next(x for x in json.load(open(f"{work}/torch-{r}.json"))["results"] if x["name"] == torch_name)
    p = t["median_s"] * 1e3
    ours.append(o); torch.append(p); ratios.append(p / o)
    print(f"  round {r}: ours {o:10.4f}  PyTorch {p:10.4f}  ratio {p / o:5.2f}")
print(f"median ratio {statistics.median(ratios):.2f}; best vs best {min(torch):.4f} / {min(ours):.4f} = {min(torch) / min(ours):.2f}")
EOF
