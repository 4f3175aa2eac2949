// SPDX-License-Identifier: MIT
// VaeStackBenchmark's encode/decode on one thread timed by the thread's CPU time (median and best
// of 15 samples of >= 200 ms), to compare with `torch_vae.py 1 --cpu` on a shared machine.
package org.worldmodels.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/** java -cp benchmarks.jar org.worldmodels.bench.VaeStackCpuTime -> one JSON line per stack. */
public final class VaeStackCpuTime {
    public static void main(String[] args) {
        VaeStackBenchmark b = new VaeStackBenchmark();
        b.threads = 1;
        b.setUp();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (String name : new String[] {"encode", "decode"}) {
            Runnable f = name.equals("encode") ? b::encode : b::decode;
            for (int w = 0; w < 30; w++) f.run();   // JIT warm-up
            double[] ts = new double[15];
            for (int r = 0; r < ts.length; r++) {
                long t0 = mx.getCurrentThreadCpuTime();
                int n = 0;
                while (mx.getCurrentThreadCpuTime() - t0 < 200_000_000L || n == 0) {
                    f.run();
                    n++;
                }
                ts[r] = (mx.getCurrentThreadCpuTime() - t0) / 1e6 / n;
            }
            Arrays.sort(ts);
            System.out.printf("{\"name\": \"%s\", \"threads\": 1, \"clock\": \"cpu\", \"median_ms\": %.2f, \"best_ms\": %.2f}%n",
                    name, ts[ts.length / 2], ts[0]);
        }
    }
}
