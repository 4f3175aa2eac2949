// SPDX-License-Identifier: MIT
// ScalarMath / VectorMath: error in ulps against double-precision references over ~3 million floats
// spread over the whole range, the edge cases (0, +-Infinity, NaN, overflow and underflow ends), and
// bit-identity of the SIMD twin and the Ops facade.
package org.worldmodels.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class TranscendentalsTest {
    /** Faithful rounding: never more than 1 ulp from the exact value (TranscendentalsScan, every float with 2^-30 <= |x| < 128: 0.99 / 0.83 / 0.72). */
    private static final double MAX_ULP = 1.0;

    enum Fn {
        EXP(x -> Math.exp(x)) {
            float scalar(float x) { return ScalarMath.exp(x); }
            void vector(int n, float[] x, float[] y, int yOff) { VectorMath.exp(n, x, 0, y, yOff); }
        },
        SIGMOID(x -> 1.0 / (1.0 + Math.exp(-x))) {
            float scalar(float x) { return ScalarMath.sigmoid(x); }
            void vector(int n, float[] x, float[] y, int yOff) { VectorMath.sigmoid(n, x, 0, y, yOff); }
        },
        TANH(Math::tanh) {
            float scalar(float x) { return ScalarMath.tanh(x); }
            void vector(int n, float[] x, float[] y, int yOff) { VectorMath.tanh(n, x, 0, y, yOff); }
        };

        final DoubleUnaryOperator reference;
        Fn(DoubleUnaryOperator reference) { this.reference = reference; }
        abstract float scalar(float x);
        abstract void vector(int n, float[] x, float[] y, int yOff);
    }

    /**
     * |got - exact| in units of the float ulp at the exact value (the finer binade's ulp just below a
     * power of two); 0 when both are the same infinity or both NaN, +Infinity when only one is.
     */
    static double ulpError(float got, double exact) {
        if (Double.isNaN(exact) || Float.isNaN(got)) return Double.isNaN(exact) && Float.isNaN(got) ? 0 : Double.POSITIVE_INFINITY;
        float rounded = (float) exact;
        if (Float.isInfinite(rounded) || Float.isInfinite(got)) return got == rounded ? 0 : Double.POSITIVE_INFINITY;
        float mag = Math.abs(rounded);
        double ulp = Math.abs(exact) < mag ? Math.ulp(Math.nextDown(mag)) : Math.ulp(mag);
        return Math.abs(got - exact) / ulp;
    }

    /** About 2.1 million floats spread over all bit patterns (a prime stride), plus 1 million in [-30, 30] where the LSTM lives. */
    private static float[] samplePoints() {
        int stride = 2039, spread = (int) ((1L << 32) / stride) + 1, dense = 1 << 20;
        float[] x = new float[spread + dense];
        for (int i = 0; i < spread; i++) x[i] = Float.intBitsToFloat((int) ((long) i * stride));
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < dense; i++) x[spread + i] = (float) rng.nextDouble(-30, 30);
        return x;
    }

    @Test
    void accuracyWithinOneUlpOverMillionsOfPoints() {
        float[] x = samplePoints();
        for (Fn f : Fn.values()) {
            double worst = 0;
            float worstX = 0;
            for (float v : x) {
                double e = ulpError(f.scalar(v), f.reference.applyAsDouble(v));
                if (e > worst || Double.isNaN(e)) { worst = e; worstX = v; }
            }
            assertTrue(worst <= MAX_ULP, f + ": " + worst + " ulp at x = " + worstX + " (got " + f.scalar(worstX) + ", exact " + f.reference.applyAsDouble(worstX) + ")");
        }
    }

    /** In calls of 1024 elements, so that the vector loops run interpreted, then C1- and C2-compiled: every tier must give the scalar bits. */
    @Test
    void vectorTwinGivesTheSameBits() {
        float[] x = samplePoints();
        float[] y = new float[x.length];
        int chunk = 1024;
        for (Fn f : Fn.values()) {
            for (int from = 0; from < x.length; from += chunk) {
                int n = Math.min(chunk, x.length - from);
                f.vector(n, Arrays.copyOfRange(x, from, from + n), y, from);
            }
            for (int i = 0; i < x.length; i++) {
                if (Float.floatToIntBits(y[i]) != Float.floatToIntBits(f.scalar(x[i]))) {
                    fail(f + " at x = " + x[i] + " (bits " + Integer.toHexString(Float.floatToRawIntBits(x[i])) + "): vector " + y[i] + ", scalar " + f.scalar(x[i]));
                }
            }
        }
    }

    @Test
    void arrayVersionsHandleOffsetsTailsAndInPlace() {
        SplittableRandom rng = new SplittableRandom(9);
        for (int n : new int[] {0, 1, 15, 16, 17, 33, 100}) {
            float[] x = new float[n + 5];
            for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble(-12, 12);
            float[] a = new float[n + 4], b = new float[n + 4], c = new float[n + 4];
            VectorMath.exp(n, x, 3, a, 1);
            ScalarMath.exp(n, x, 3, b, 1);
            Ops.exp(n, x, 3, c, 1);
            for (int i = 0; i < n; i++) {
                assertEquals(ScalarMath.exp(x[3 + i]), a[1 + i], 0f, "exp n=" + n);
                assertEquals(a[1 + i], b[1 + i], 0f);
                assertEquals(a[1 + i], c[1 + i], 0f);
            }
            assertEquals(0f, a[0], 0f, "nothing written before yOff");
            float[] s = x.clone(), t = x.clone();
            Ops.sigmoid(n, s, 2, s, 2);          // in place
            Ops.tanh(n, t, 2, t, 2);
            for (int i = 0; i < n; i++) {
                assertEquals(Ops.sigmoid(x[2 + i]), s[2 + i], 0f, "sigmoid in place n=" + n);
                assertEquals(Ops.tanh(x[2 + i]), t[2 + i], 0f, "tanh in place n=" + n);
            }
            assertEquals(x[n + 2], s[n + 2], 0f, "nothing written past n");
        }
    }

    @Test
    void edgeCases() {
        float inf = Float.POSITIVE_INFINITY, max = Float.MAX_VALUE, tiny = Float.MIN_VALUE;
        // exp: exact at 0, saturates to 0 and +Infinity, NaN stays NaN
        assertEquals(1f, ScalarMath.exp(0f), 0f);
        assertEquals(1f, ScalarMath.exp(-0f), 0f);
        assertEquals(1f, ScalarMath.exp(tiny), 0f);
        assertEquals(inf, ScalarMath.exp(inf), 0f);
        assertEquals(inf, ScalarMath.exp(max), 0f);
        assertEquals(inf, ScalarMath.exp(89f), 0f);
        assertEquals(0f, ScalarMath.exp(-inf), 0f);
        assertEquals(0f, ScalarMath.exp(-max), 0f);
        assertEquals(0f, ScalarMath.exp(-110f), 0f);
        assertTrue(Float.isNaN(ScalarMath.exp(Float.NaN)));
        // the overflow end: the largest float whose exp is finite, and the next one
        float lastFinite = (float) Math.log(max);
        while (!Double.isInfinite((float) Math.exp(Math.nextUp(lastFinite)))) lastFinite = Math.nextUp(lastFinite);
        while (Double.isInfinite((float) Math.exp(lastFinite))) lastFinite = Math.nextDown(lastFinite);
        for (float v = Math.nextDown(Math.nextDown(lastFinite)), end = Math.nextUp(Math.nextUp(lastFinite)); v <= end; v = Math.nextUp(v)) {
            assertTrue(ulpError(ScalarMath.exp(v), Math.exp(v)) <= MAX_ULP, "exp near overflow at " + v + ": " + ScalarMath.exp(v));
        }
        // the underflow end: every float in [-104, -87] (subnormal results), at a fine stride
        for (float v = -104f; v <= -87f; v = Math.nextUp(v + 1e-5f)) {
            assertTrue(ulpError(ScalarMath.exp(v), Math.exp(v)) <= MAX_ULP, "exp subnormal at " + v + ": " + ScalarMath.exp(v) + " vs " + Math.exp(v));
        }
        // sigmoid: 1/2 at 0, saturates to exactly 1 and to 0, tiny tails keep their relative accuracy
        assertEquals(0.5f, ScalarMath.sigmoid(0f), 0f);
        assertEquals(0.5f, ScalarMath.sigmoid(-0f), 0f);
        assertEquals(1f, ScalarMath.sigmoid(20f), 0f);
        assertEquals(1f, ScalarMath.sigmoid(inf), 0f);
        assertEquals(1f, ScalarMath.sigmoid(max), 0f);
        assertEquals(0f, ScalarMath.sigmoid(-inf), 0f);
        assertEquals(0f, ScalarMath.sigmoid(-max), 0f);
        assertEquals(0f, ScalarMath.sigmoid(-105f), 0f);
        assertTrue(ulpError(ScalarMath.sigmoid(-80f), 1 / (1 + Math.exp(80))) <= MAX_ULP, "sigmoid(-80) keeps its digits");
        assertTrue(Float.isNaN(ScalarMath.sigmoid(Float.NaN)));
        // tanh: odd, signed zeros kept, exactly +-1 far out, x itself for tiny x
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(ScalarMath.tanh(0f)));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(ScalarMath.tanh(-0f)));
        assertEquals(tiny, ScalarMath.tanh(tiny), 0f);
        assertEquals(1e-20f, ScalarMath.tanh(1e-20f), 0f);
        assertEquals(1f, ScalarMath.tanh(10f), 0f);
        assertEquals(1f, ScalarMath.tanh(inf), 0f);
        assertEquals(-1f, ScalarMath.tanh(-max), 0f);
        assertTrue(Float.isNaN(ScalarMath.tanh(Float.NaN)));
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            float v = (float) rng.nextDouble(-12, 12);
            assertEquals(-ScalarMath.tanh(v), ScalarMath.tanh(-v), 0f, "tanh is odd");
            assertEquals(1f - ScalarMath.sigmoid(v), ScalarMath.sigmoid(-v), 2 * Math.ulp(1f), "sigmoid(-x) = 1 - sigmoid(x)");
        }
        // the same edge inputs through the vector path give the same bits
        float[] edges = {0f, -0f, tiny, -tiny, inf, -inf, max, -max, Float.NaN, 89f, -104f, lastFinite, Math.nextUp(lastFinite), 10f, -10f, 20f, -20f, 1e-20f};
        float[] y = new float[edges.length];
        for (Fn f : Fn.values()) {
            f.vector(edges.length, edges, y, 0);
            for (int i = 0; i < edges.length; i++) {
                assertEquals(Float.floatToIntBits(f.scalar(edges[i])), Float.floatToIntBits(y[i]), f + " vector at " + edges[i]);
            }
        }
    }
}
