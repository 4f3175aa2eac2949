// SPDX-License-Identifier: MIT
// Test helper: central finite differences of a scalar objective (accumulated in double) against an
// analytic gradient, element by element, naming the worst element on failure.
package org.worldmodels.nn;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code fd_i = (L(v + h e_i) - L(v - h e_i)) / (v_i^+ - v_i^-)}, where v_i^+/- are the float values actually
 * stored (so float rounding of the step itself is no error). Error of element i:
 * {@code |fd_i - g_i| / max(|g_i|, |fd_i|, FLOOR * max_j |g_j|)}: relative, except for gradients much
 * smaller than the block's largest, which are compared on that scale (float32 cannot resolve them better).
 */
public final class GradCheck {
    private GradCheck() {}

    /** Gradients below this fraction of the block's largest are compared absolutely on that scale. */
    public static final double FLOOR = 1e-3;

    /** The scalar being differentiated, recomputed from the current values. */
    @FunctionalInterface
    public interface Objective {
        double value();
    }

    /**
     * Checks up to {@code samples} elements (all if the block is smaller) of values[off, off+n) against
     * analytic[aOff, aOff+n); returns the worst error.
     */
    public static double check(String what, float[] values, int off, int n, float[] analytic, int aOff,
                               Objective f, double h, double tol, int samples, long seed) {
        double scale = 0;
        for (int i = 0; i < n; i++) scale = Math.max(scale, Math.abs(analytic[aOff + i]));
        SplittableRandom rng = new SplittableRandom(seed);
        double worst = -1, worstFd = 0, worstG = 0;
        int worstAt = -1;
        int count = Math.min(n, samples);
        for (int k = 0; k < count; k++) {
            int i = count == n ? k : rng.nextInt(n);
            float saved = values[off + i];
            values[off + i] = (float) (saved + h);
            double up = values[off + i];
            double fUp = f.value();
            values[off + i] = (float) (saved - h);
            double down = values[off + i];
            double fDown = f.value();
            values[off + i] = saved;
            double fd = (fUp - fDown) / (up - down);
            double g = analytic[aOff + i];
            double err = Math.abs(fd - g) / Math.max(Math.max(Math.abs(g), Math.abs(fd)), FLOOR * scale);
            if (!(err <= worst)) { worst = err; worstAt = i; worstFd = fd; worstG = g; }
        }
        if (!(worst <= tol)) {
            fail(String.format("%s: finite-difference error %.3g > %.3g at index %d: analytic %.8g, finite difference %.8g (max |analytic| %.4g)",
                    what, worst, tol, worstAt, worstG, worstFd, scale));
        }
        return worst;
    }

    /** Uniform values in [lo, hi) from a seeded generator. */
    public static float[] uniform(int n, double lo, double hi, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (lo + (hi - lo) * rng.nextDouble());
        return v;
    }

    /** sum_i r_i y_i in double: the random projection that turns an output array into a scalar. */
    public static double project(float[] r, float[] y, int yOff, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += (double) r[i] * y[yOff + i];
        return s;
    }
}
