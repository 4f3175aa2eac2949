// SPDX-License-Identifier: MIT
// GEMM timed by the calling thread's CPU time, one thread, bench_numpy.py's method otherwise
// (samples of >= 30 ms, median of 15): on a shared machine this leaves out the time the thread
// waited for a core. numpy_gemm.py --cpu measures NumPy the same way.
package org.worldmodels.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.worldmodels.kernel.GemmVector;
import org.worldmodels.kernel.Parallel;

/** java -cp benchmarks.jar org.worldmodels.bench.GemmCpuTime name:M:K:N ... -> one JSON line each. */
public final class GemmCpuTime {
    public static void main(String[] args) {
        Parallel.setThreads(1);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (String shape : args) {
            String[] f = shape.split(":");
            int m = Integer.parseInt(f[1]), k = Integer.parseInt(f[2]), n = Integer.parseInt(f[3]);
            SplittableRandom rng = new SplittableRandom(0);
            float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
            for (int i = 0; i < a.length; i++) a[i] = (float) rng.nextGaussian();
            for (int i = 0; i < b.length; i++) b[i] = (float) rng.nextGaussian();
            double flops = 2.0 * m * n * k;
            long t0 = mx.getCurrentThreadCpuTime();
            GemmVector.gemm(false, false, m, n, k, a, 0, k, b, 0, n, false, c, 0, n);
            double one = Math.max(1e-7, (mx.getCurrentThreadCpuTime() - t0) / 1e9);
            int inner = Math.max(1, (int) (0.03 / one));
            // JIT warm-up: at least 2 s or 20 samples
            long warmEnd = System.nanoTime() + 2_000_000_000L;
            for (int w = 0; w < 20 || System.nanoTime() < warmEnd; w++) {
                for (int i = 0; i < inner; i++) GemmVector.gemm(false, false, m, n, k, a, 0, k, b, 0, n, false, c, 0, n);
            }
            double[] ts = new double[15];
            for (int r = 0; r < ts.length; r++) {
                t0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < inner; i++) GemmVector.gemm(false, false, m, n, k, a, 0, k, b, 0, n, false, c, 0, n);
                ts[r] = (mx.getCurrentThreadCpuTime() - t0) / 1e9 / inner;
            }
            Arrays.sort(ts);
            System.out.printf("{\"name\": \"%s\", \"M\": %d, \"K\": %d, \"N\": %d, \"gflops_median\": %.2f, \"gflops_best\": %.2f}%n",
                    f[0], m, k, n, flops / ts[ts.length / 2] / 1e9, flops / ts[0] / 1e9);
        }
    }
}
