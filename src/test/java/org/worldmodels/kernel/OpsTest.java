// SPDX-License-Identifier: MIT
// VectorOps against ScalarOps at sizes around the vector width, with offsets.
package org.worldmodels.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OpsTest {
    /** Reductions in another order: error relative to the sum of |terms|. */
    private static final double REL_TOL = 1e-6;
    private static final int[] SIZES = {1, 15, 16, 17, 63, 64, 65, 97, 1000};
    private static final int OFF = 2;

    @Test
    void reductions() {
        SplittableRandom rng = new SplittableRandom(21);
        for (int n : SIZES) {
            float[] x = random(rng, OFF + n), y = random(rng, OFF + n + 1);
            double absSum = 0, absDot = 0;
            for (int i = 0; i < n; i++) {
                absSum += Math.abs(x[OFF + i]);
                absDot += Math.abs(x[OFF + i] * y[OFF + 1 + i]);
            }
            float s0 = ScalarOps.sum(x, OFF, n), s1 = VectorOps.sum(x, OFF, n);
            assertEquals(s0, s1, REL_TOL * absSum + 1e-7, "sum n=" + n);
            float d0 = ScalarOps.dot(x, OFF, y, OFF + 1, n), d1 = VectorOps.dot(x, OFF, y, OFF + 1, n);
            assertEquals(d0, d1, REL_TOL * absDot + 1e-7, "dot n=" + n);
            assertEquals(s0, Ops.sum(x, OFF, n), REL_TOL * absSum + 1e-7, "facade sum n=" + n);
        }
    }

    @Test
    void elementwiseOpsMatchExactly() {
        SplittableRandom rng = new SplittableRandom(22);
        for (int n : SIZES) {
            float[] x = random(rng, OFF + n), y0 = random(rng, OFF + n + 3), dy = random(rng, OFF + n);

            float[] a = y0.clone(), b = y0.clone();
            ScalarOps.axpy(n, 0.37f, x, OFF, a, OFF + 1);
            VectorOps.axpy(n, 0.37f, x, OFF, b, OFF + 1);
            same("axpy", n, a, b, 1e-6);   // the vector version fuses the multiply-add (one rounding less)

            a = y0.clone(); b = y0.clone();
            ScalarOps.scale(n, -1.7f, a, OFF);
            VectorOps.scale(n, -1.7f, b, OFF);
            same("scale", n, a, b, 0);

            a = y0.clone(); b = y0.clone();
            ScalarOps.reluForward(n, x, OFF, a, OFF + 3);
            VectorOps.reluForward(n, x, OFF, b, OFF + 3);
            same("reluForward", n, a, b, 0);

            a = y0.clone(); b = y0.clone();
            ScalarOps.reluBackward(n, x, OFF, dy, OFF, a, OFF + 2);
            VectorOps.reluBackward(n, x, OFF, dy, OFF, b, OFF + 2);
            same("reluBackward", n, a, b, 0);
        }
        for (int plane : new int[] {1, 15, 16, 17, 97}) {
            float[] bias = random(rng, OFF + 3), x0 = random(rng, OFF + 2 * 3 * plane);
            float[] a = x0.clone(), b = x0.clone();
            ScalarOps.addChannelBias(2, 3, plane, bias, OFF, a, OFF);
            VectorOps.addChannelBias(2, 3, plane, bias, OFF, b, OFF);
            same("addChannelBias", plane, a, b, 0);
        }
    }

    private static void same(String what, int n, float[] ref, float[] got, double tol) {
        int worst = -1;
        double worstErr = 0;
        for (int i = 0; i < ref.length; i++) {
            double err = Math.abs((double) ref[i] - got[i]);
            if (err > tol && err > worstErr) {
                worst = i;
                worstErr = err;
            }
        }
        if (worst >= 0) fail(what + " n=" + n + ": worst index " + worst + " scalar " + ref[worst] + " vector " + got[worst]);
    }

    private static float[] random(SplittableRandom rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (rng.nextDouble() * 2 - 1);
        return v;
    }
}
