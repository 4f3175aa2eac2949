// SPDX-License-Identifier: MIT
// The LSTM cell kernels: the polynomial exp, sigmoid and tanh against Math's within a few ulps, and
// LstmCellVector against LstmCellScalar bit for bit at hidden sizes around the vector width.
package org.worldmodels.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LstmCellTest {
    /** Relative error bounds against Math's double results (float ulp = 1.19e-7 near 1). */
    private static final double EXP_REL_TOL = 3e-7, TANH_REL_TOL = 4e-7, SIGMOID_REL_TOL = 4e-7;
    private static final int[] HIDDEN = {1, 5, 15, 16, 17, 40, 256};
    private static final int ROWS = 3, OFF = 3;

    @Test
    void polynomialExpSigmoidTanhAreWithinAFewUlpsOfMath() {
        double worstExp = 0, worstSig = 0, worstTanh = 0;
        for (int i = -2_000_000; i <= 2_000_000; i++) {
            float x = i * 4.3e-5f;                       // [-86, 86], step 4.3e-5
            worstExp = Math.max(worstExp, rel(LstmCellScalar.exp(x), Math.exp(x)));
            worstSig = Math.max(worstSig, rel(LstmCellScalar.sigmoid(x), 1 / (1 + Math.exp(-(double) x))));
            worstTanh = Math.max(worstTanh, rel(LstmCellScalar.tanh(x), Math.tanh(x)));
        }
        for (float x : new float[] {1e-30f, -1e-20f, 3e-8f, 1e-4f, -0.2499f, 0.25f, 0.2501f}) {
            worstTanh = Math.max(worstTanh, rel(LstmCellScalar.tanh(x), Math.tanh(x)));
        }
        assertTrue(worstExp <= EXP_REL_TOL, "exp relative error " + worstExp);
        assertTrue(worstSig <= SIGMOID_REL_TOL, "sigmoid relative error " + worstSig);
        assertTrue(worstTanh <= TANH_REL_TOL, "tanh relative error " + worstTanh);
        // saturation: no overflow to NaN, and the limits are reached
        assertTrue(LstmCellScalar.sigmoid(-1000f) >= 0f && LstmCellScalar.sigmoid(-1000f) < 1e-37f, "sigmoid(-1000)");
        assertTrue(LstmCellScalar.sigmoid(1000f) == 1f, "sigmoid(1000)");
        assertTrue(LstmCellScalar.tanh(-1000f) == -1f && LstmCellScalar.tanh(1000f) == 1f, "tanh(+-1000)");
        assertTrue(Float.isNaN(LstmCellScalar.sigmoid(Float.NaN)) && Float.isNaN(LstmCellScalar.tanh(Float.NaN)), "NaN stays NaN");
    }

    private static double rel(float got, double want) {
        return Math.abs(got - want) / Math.max(Math.abs(want), Float.MIN_NORMAL);
    }

    @Test
    void vectorCellEqualsScalarCellBitForBit() {
        SplittableRandom rng = new SplittableRandom(17);
        for (int H : HIDDEN) {
            int G = 4 * H;
            float[] gates = random(rng, OFF + ROWS * G, 6), bias = random(rng, OFF + G, 1), cPrev = random(rng, OFF + ROWS * H, 3);
            float[] dHOut = random(rng, OFF + ROWS * H, 1), dh = random(rng, OFF + ROWS * H, 1), dc = random(rng, OFF + ROWS * H, 1);
            float[] gS = gates.clone(), gV = gates.clone();
            float[] cS = new float[OFF + ROWS * H], cV = cS.clone(), tS = cS.clone(), tV = cS.clone(), hS = cS.clone(), hV = cS.clone();
            LstmCellScalar.forward(ROWS, H, gS, OFF, bias, OFF, cPrev, OFF, cS, OFF, tS, OFF, hS, OFF);
            LstmCellVector.forward(ROWS, H, gV, OFF, bias, OFF, cPrev, OFF, cV, OFF, tV, OFF, hV, OFF);
            same("forward gates H=" + H, gS, gV);
            same("c H=" + H, cS, cV);
            same("tanh(c) H=" + H, tS, tV);
            same("h H=" + H, hS, hV);
            float[] dcS = dc.clone(), dcV = dc.clone();
            LstmCellScalar.backward(ROWS, H, gS, OFF, tS, OFF, cPrev, OFF, dHOut, OFF, dh, OFF, dcS, OFF);
            LstmCellVector.backward(ROWS, H, gV, OFF, tV, OFF, cPrev, OFF, dHOut, OFF, dh, OFF, dcV, OFF);
            same("dGates H=" + H, gS, gV);
            same("dc H=" + H, dcS, dcV);
        }
    }

    private static float[] random(SplittableRandom rng, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextDouble(-scale, scale);
        return a;
    }

    private static void same(String what, float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) fail(what + " differ at " + i + ": scalar " + a[i] + ", vector " + b[i]);
        }
    }
}
