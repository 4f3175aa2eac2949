// SPDX-License-Identifier: MIT
// Times one CMA-ES generation (ask + tell with random fitness, the lazy eigendecomposition amortised)
// at the controller's size n = 867, lambda = 64. The JMH twin is benchmarks/.../CmaEsBenchmark.
// Usage (test classpath): CmaEsTiming [n] [lambda] [generations] [eigenLatency]
package org.worldmodels.control;

import java.util.SplittableRandom;

public final class CmaEsTiming {
    private CmaEsTiming() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 867;
        int lambda = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int generations = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int latency = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        CmaEs es = new CmaEs(new double[n], 0.1, lambda, 1, latency);
        SplittableRandom r = new SplittableRandom(2);
        double[] f = new double[lambda];
        int warmup = Math.max(6, generations / 5);
        long t0 = 0, askNs = 0, tellNs = 0;
        for (int g = 0; g < warmup + generations; g++) {
            if (g == warmup) {
                t0 = System.nanoTime();
                askNs = tellNs = 0;
            }
            long a = System.nanoTime();
            es.ask();
            long b = System.nanoTime();
            for (int k = 0; k < lambda; k++) f[k] = r.nextDouble();
            long c = System.nanoTime();
            es.tell(f);
            long d = System.nanoTime();
            askNs += b - a;
            tellNs += d - c;
        }
        double total = (System.nanoTime() - t0) / 1e6 / generations;
        System.out.printf("n=%d lambda=%d eigenGap=%.2f latency=%d: %.1f ms per generation (ask %.1f incl. eigen, tell %.1f) over %d generations%n",
                n, lambda, es.p.eigenGap, latency, total, askNs / 1e6 / generations, tellNs / 1e6 / generations, generations);
        es.close();
    }
}
