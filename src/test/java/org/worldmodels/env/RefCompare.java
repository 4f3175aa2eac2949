// SPDX-License-Identifier: MIT
// Array comparisons for the reference tests: a failure names the case, the array, the worst index
// and both values.
package org.worldmodels.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Element-wise checks against recorded reference arrays. */
public final class RefCompare {
    private RefCompare() {}

    /** |expected - actual| <= tol everywhere; reports the worst element as a flat index. */
    public static void assertClose(String what, double[] expected, double[] actual, double tol) {
        assertClose(what, new int[] {expected.length}, expected, actual, tol);
    }

    /** As above for a row-major array of the given shape; the worst element is named [i][j]... */
    public static void assertClose(String what, int[] shape, double[] expected, double[] actual, double tol) {
        assertEquals(expected.length, actual.length, what + ": length");
        int worst = -1;
        double worstErr = -1;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i]);
            if (Double.isNaN(err)) err = Double.POSITIVE_INFINITY;
            if (err > worstErr) {
                worstErr = err;
                worst = i;
            }
        }
        if (worstErr > tol) {
            fail(what + ": worst index " + index(shape, worst) + " expected " + expected[worst] + " got " + actual[worst]
                    + " (|diff| " + worstErr + " > " + tol + ")");
        }
    }

    /** Flat index -> "[i][j][k]" for a row-major shape. */
    static String index(int[] shape, int flat) {
        StringBuilder sb = new StringBuilder();
        for (int d = shape.length - 1; d >= 0; d--) {
            sb.insert(0, "[" + flat % shape[d] + "]");
            flat /= shape[d];
        }
        return sb.toString();
    }

    /** Bit-for-bit equal doubles; reports the first difference. */
    public static void assertExact(String what, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) {
                fail(what + ": first difference at index " + i + " expected " + expected[i] + " got " + actual[i]);
            }
        }
    }

    /** Equal 64-bit words (shown unsigned hex); reports the first difference. */
    public static void assertWords(String what, long[] expected, long[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) {
                fail(what + ": first difference at index " + i + " expected 0x" + Long.toHexString(expected[i])
                        + " got 0x" + Long.toHexString(actual[i]));
            }
        }
    }

    /** Equal booleans; reports the first difference. */
    public static void assertFlags(String what, boolean[] expected, boolean[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) {
                fail(what + ": first difference at index " + i + " expected " + expected[i] + " got " + actual[i]);
            }
        }
    }

    /** Row r of a row-major (rows, cols) array. */
    public static long[] row(long[] a, int cols, int r) {
        return java.util.Arrays.copyOfRange(a, r * cols, (r + 1) * cols);
    }

    public static double[] row(double[] a, int cols, int r) {
        return java.util.Arrays.copyOfRange(a, r * cols, (r + 1) * cols);
    }
}
