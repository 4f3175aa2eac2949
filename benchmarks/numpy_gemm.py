"""One shape of /work/shared/reference/bench_numpy.py (same timing method, imported from it), so that
NumPy and the JMH run of the same shape can alternate shape by shape in one sitting.
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python3 numpy_gemm.py enc_conv1 61504 48 32
prints one JSON line: name, M, K, N, threads, median and best GFLOP/s.
With --cpu (one thread only) the samples are timed by the thread's CPU time (time.thread_time),
like GemmCpuTime.java, which leaves out the time spent waiting for a core on a shared machine.
"""
import json
import os
import statistics
import sys

sys.path.insert(0, os.environ.get("BENCH_NUMPY_DIR", "/work/shared/reference"))
import bench_numpy  # noqa: E402

cpu = "--cpu" in sys.argv
args = [a for a in sys.argv[1:] if a != "--cpu"]
name, m, k, n = args[0], int(args[1]), int(args[2]), int(args[3])
if cpu:
    bench_numpy.time.perf_counter = bench_numpy.time.thread_time   # the same loop, CPU-time clock
flops, inner, ts = bench_numpy.bench(m, k, n)
print(json.dumps(dict(name=name, M=m, K=k, N=n, threads=os.environ.get("OPENBLAS_NUM_THREADS"), clock="cpu" if cpu else "wall",
                      gflops_median=flops / statistics.median(ts) / 1e9, gflops_best=flops / min(ts) / 1e9)))
