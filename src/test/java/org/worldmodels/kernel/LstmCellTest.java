// SPDX-License-Identifier: MIT
// The LSTM cell kernels: LstmCellVector against LstmCellScalar bit for bit at hidden sizes around the
// vector width (the activations themselves are tested in TranscendentalsTest).
package org.worldmodels.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LstmCellTest {
    private static final int[] HIDDEN = {1, 5, 15, 16, 17, 40, 256};
    private static final int ROWS = 3, OFF = 3;

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
