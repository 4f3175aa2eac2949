// SPDX-License-Identifier: MIT
// Test helper: compares arrays by one relative-error definition and names the worst index on failure.
package org.worldmodels.nn;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Relative error of an array, as used by every fixture test here:
 * {@code max_i |actual_i - expected_i| / max_i |expected_i|} (the worst absolute error over the array,
 * scaled by the array's largest reference magnitude), so values near zero are not over-weighted.
 */
public final class ArrayCompare {
    private ArrayCompare() {}

    /** Fails naming the worst index and both values when the relative error exceeds {@code tol}; returns it otherwise. */
    public static double assertClose(String what, float[] expected, float[] actual, int actualOff, double tol) {
        double scale = 0, worst = -1;
        int worstAt = -1;
        for (float e : expected) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs((double) actual[actualOff + i] - expected[i]);
            if (!(d <= worst)) { worst = d; worstAt = i; }   // also catches NaN
        }
        double rel = scale == 0 ? worst : worst / scale;
        if (!(rel <= tol)) {
            fail(String.format("%s: relative error %.3g > %.3g (max |expected| %.4g); worst at index %d: expected %.8g, actual %.8g",
                    what, rel, tol, scale, worstAt, expected[worstAt], actual[actualOff + worstAt]));
        }
        return rel;
    }

    public static double assertClose(String what, float[] expected, float[] actual, double tol) {
        return assertClose(what, expected, actual, 0, tol);
    }

    /** Scalars: |actual - expected| / max(|expected|, scale) <= tol. */
    public static double assertClose(String what, double expected, double actual, double scale, double tol) {
        double rel = Math.abs(actual - expected) / Math.max(Math.abs(expected), scale);
        if (!(rel <= tol)) fail(String.format("%s: expected %.10g, actual %.10g (relative error %.3g > %.3g)", what, expected, actual, rel, tol));
        return rel;
    }
}
