"""One shape of /work/shared/reference/bench_numpy.py (same timing method, imported from it), so that
NumPy and the JMH run of the same shape can alternate shape by shape in one sitting.
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python3 numpy_gemm.py enc_conv1 61504 48 32
prints one JSON line: name, M, K, N, threads, median and best GFLOP/s.
"""
import json
import os
import statistics
import sys

sys.path.insert(0, os.environ.get("BENCH_NUMPY_DIR", "/work/shared/reference"))
import bench_numpy  # noqa: E402

name, m, k, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
flops, inner, ts = bench_numpy.bench(m, k, n)
print(json.dumps(dict(name=name, M=m, K=k, N=n, threads=os.environ.get("OPENBLAS_NUM_THREADS"),
                      gflops_median=flops / statistics.median(ts) / 1e9, gflops_best=flops / min(ts) / 1e9)))
