// SPDX-License-Identifier: MIT
// The test functions of the fidelity comparison with pycma (as cma.ff defines them) and the runner that
// counts evaluations until f < 1e-8, shared by the fidelity test and the timing/fidelity mains.
package org.worldmodels.control;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/** sphere, ellipsoid (condition 1e6) and Rosenbrock, and "evaluations to reach f < target". */
final class CmaBenchFunctions {
    private CmaBenchFunctions() {}

    /** f(x) = sum x_i^2 (cma.ff.sphere). */
    static double sphere(double[] x) {
        double s = 0;
        for (double v : x) s += v * v;
        return s;
    }

    /** f(x) = sum 10^(6 i / (n-1)) x_i^2, i = 0..n-1 (cma.ff.elli, condition 1e6). */
    static double ellipsoid(double[] x) {
        int n = x.length;
        double s = 0;
        for (int i = 0; i < n; i++) s += Math.pow(1e6, n == 1 ? 0 : i / (n - 1.0)) * x[i] * x[i];
        return s;
    }

    /** f(x) = sum 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2 (cma.ff.rosen). */
    static double rosenbrock(double[] x) {
        double s = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
            s += 100 * a * a + b * b;
        }
        return s;
    }

    /**
     * Runs CMA-ES from x0 ~ U[-1,1]^n (drawn from {@code seed}) with sigma0 = 0.5 until the best f of a
     * generation is below {@code target}; returns the evaluations used, or -1 past {@code maxEvals} or when
     * the search has converged elsewhere (pycma's tolx).
     */
    static long evaluationsToTarget(ToDoubleFunction<double[]> f, int n, int lambda, long seed, double target, long maxEvals) {
        return evaluationsToTarget(f, n, lambda, seed, target, maxEvals, 0);
    }

    /** As above, with the eigendecomposition on a background thread used {@code eigenLatency} generations later. */
    static long evaluationsToTarget(ToDoubleFunction<double[]> f, int n, int lambda, long seed, double target, long maxEvals, int eigenLatency) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double[] x0 = new double[n];
        for (int i = 0; i < n; i++) x0[i] = -1 + 2 * r.nextDouble();
        CmaEs es = new CmaEs(x0, 0.5, lambda, seed, eigenLatency);
        double[] fit = new double[lambda];
        while (es.evaluations() < maxEvals) {
            double[][] pop = es.ask();
            double best = Double.POSITIVE_INFINITY, worst = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < lambda; k++) {
                fit[k] = f.applyAsDouble(pop[k]);
                best = Math.min(best, fit[k]);
                worst = Math.max(worst, fit[k]);
            }
            es.tell(fit);
            if (best < target) {
                es.close();
                return es.evaluations();
            }
            // converged elsewhere (a local optimum): pycma's tolx and tolfun stop such runs
            if (es.maxStd() < 1e-11 || worst - best < 1e-11) break;
        }
        es.close();
        return -1;
    }

    /** Median of the evaluation counts over seeds 1..seeds (failed runs count as +infinity). */
    static double medianEvaluations(ToDoubleFunction<double[]> f, int n, int lambda, int seeds, long maxEvals, long[] out) {
        return medianEvaluations(f, n, lambda, seeds, maxEvals, out, 0);
    }

    static double medianEvaluations(ToDoubleFunction<double[]> f, int n, int lambda, int seeds, long maxEvals, long[] out, int eigenLatency) {
        double[] e = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            long v = evaluationsToTarget(f, n, lambda, s + 1, 1e-8, maxEvals, eigenLatency);
            e[s] = v < 0 ? Double.POSITIVE_INFINITY : v;
            if (out != null) out[s] = v;
        }
        java.util.Arrays.sort(e);
        return seeds % 2 == 1 ? e[seeds / 2] : 0.5 * (e[seeds / 2 - 1] + e[seeds / 2]);
    }
}
