// SPDX-License-Identifier: MIT
// Prints the median evaluations to f < 1e-8 over 11 seeds for the pycma comparison table (docs/controller.md).
// Usage (test classpath): CmaFidelityMain sphere|elli|rosen n [lambda] [seeds] [eigenLatency]
package org.worldmodels.control;

import java.util.function.ToDoubleFunction;

public final class CmaFidelityMain {
    private CmaFidelityMain() {}

    public static void main(String[] args) {
        String fn = args[0];
        int n = Integer.parseInt(args[1]);
        int lambda = args.length > 2 ? Integer.parseInt(args[2]) : CmaParameters.defaultLambda(n);
        int seeds = args.length > 3 ? Integer.parseInt(args[3]) : 11;
        int latency = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        ToDoubleFunction<double[]> f = switch (fn) {
            case "sphere" -> CmaBenchFunctions::sphere;
            case "elli" -> CmaBenchFunctions::ellipsoid;
            case "rosen" -> CmaBenchFunctions::rosenbrock;
            default -> throw new IllegalArgumentException("unknown function " + fn);
        };
        long t0 = System.nanoTime();
        long[] each = new long[seeds];
        double median = CmaBenchFunctions.medianEvaluations(f, n, lambda, seeds, 2_000_000L, each, latency);
        System.out.printf("%s n=%d lambda=%d seeds=%d eigenLatency=%d median=%.0f each=%s (%.1f s)%n", fn, n, lambda, seeds, latency, median,
                java.util.Arrays.toString(each), (System.nanoTime() - t0) / 1e9);
    }
}
