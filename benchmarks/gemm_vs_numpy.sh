#!/usr/bin/env bash
# GEMM against NumPy/OpenBLAS in one sitting, shape by shape and thread count by thread count, so
# that both see the same load on a shared machine. Writes $out/jmh_<shape>_t<threads>.json and
# appends NumPy's line to $out/numpy.jsonl; summarise with gemm_table.py.
#   benchmarks/gemm_vs_numpy.sh /tmp/gemm-sitting            (run.sh must have built the jar once)
set -euo pipefail
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:-/tmp/gemm-sitting}
mkdir -p "$out"
shapes="square256:256:256:256 square512:512:512:512 square1024:1024:1024:1024 enc_conv1:61504:48:32
enc_conv2:12544:512:64 enc_conv3:2304:1024:128 enc_conv4:256:2048:256 lstm_b1:1:291:1024
lstm_b64:64:291:1024 lstm_whh_b100:100:256:1024 mdn_head:99900:256:480"
for t in ${THREADS:-1 2}; do
  for s in $shapes; do
    IFS=: read -r name m k n <<<"$s"
    SKIP_BUILD=1 "$here/run.sh" GemmBenchmark.vector -f 1 -wi 3 -i 5 -w 1 -r 1 -p "shape=$s" -p threads="$t" \
      -rf json -rff "$out/jmh_${name}_t$t.json" > "$out/jmh_${name}_t$t.txt" 2>&1
    OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t /usr/bin/python3 "$here/numpy_gemm.py" "$name" "$m" "$k" "$n" >> "$out/numpy.jsonl"
  done
done
# One thread, CPU-time clock on both sides (robust to other processes sharing the cores).
for s in $shapes; do
  IFS=: read -r name m k n <<<"$s"
  "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector -cp "$here/target/benchmarks.jar" \
    org.worldmodels.bench.GemmCpuTime "$s" 2>/dev/null >> "$out/java_cpu.jsonl"
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 "$here/numpy_gemm.py" --cpu "$name" "$m" "$k" "$n" >> "$out/numpy_cpu.jsonl"
done
