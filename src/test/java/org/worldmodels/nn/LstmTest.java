// SPDX-License-Identifier: MIT
// Finite-difference checks of the LSTM's back-propagation through time, and the step cell against the
// sequence forward. (The PyTorch comparison of the full 35 -> 256 layer is in memory/MdnRnnTest.)
package org.worldmodels.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.worldmodels.tensor.ParamSet;

class LstmTest {
    /** Central-difference step for float32 inputs of order 1. */
    private static final float FD_EPS = 1e-2f;
    /** |numeric - analytic| <= FD_TOL * max(1, |analytic|): float32 rounding / (2 eps) plus O(eps^2) truncation. */
    private static final double FD_TOL = 2e-3;
    /** Step cell vs sequence forward: same arithmetic, possibly other GEMM blocking. */
    private static final double STEP_TOL = 1e-6;

    private static final int IN = 5, H = 4, T = 4, B = 2;

    private final ParamSet params;
    private final Lstm lstm;
    private final float[] x, h0, c0, r;

    LstmTest() {
        ParamSet.Builder b = ParamSet.builder();
        lstm = new Lstm(b, "lstm", IN, H);
        params = b.build();
        SplittableRandom rng = new SplittableRandom(42);
        for (int i = 0; i < params.size(); i++) params.data[i] = (float) rng.nextDouble(-0.6, 0.6);
        x = random(rng, T * B * IN, 1.0);
        h0 = random(rng, B * H, 0.5);
        c0 = random(rng, B * H, 0.8);
        r = random(rng, T * B * H, 1.0);   // the random projection: loss = sum(r * h)
    }

    private static float[] random(SplittableRandom rng, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextDouble(-scale, scale);
        return a;
    }

    /** loss = sum_t,b,j r * h_t, in double. */
    private double loss(Lstm.Workspace ws) {
        lstm.forward(ws, T, B, x, h0, c0, null, null);
        double s = 0;
        for (int i = 0; i < T * B * H; i++) s += (double) r[i] * ws.h[i];
        return s;
    }

    /** Numerical d(loss)/d(a[i]) by central differences, restoring a[i]. */
    private double numeric(Lstm.Workspace ws, float[] a, int i) {
        float saved = a[i];
        a[i] = saved + FD_EPS;
        double plus = loss(ws);
        a[i] = saved - FD_EPS;
        double minus = loss(ws);
        a[i] = saved;
        return (plus - minus) / (2.0 * FD_EPS);
    }

    private void checkAll(String what, Lstm.Workspace ws, float[] a, int from, int n, float[] analytic, int aOff) {
        int worst = -1;
        double worstErr = -1, worstNum = 0;
        for (int i = 0; i < n; i++) {
            double num = numeric(ws, a, from + i);
            double err = Math.abs(num - analytic[aOff + i]) / Math.max(1, Math.abs(analytic[aOff + i]));
            if (err > worstErr) { worstErr = err; worst = i; worstNum = num; }
        }
        assertTrue(worstErr <= FD_TOL, what + ": worst index " + worst + " numeric " + worstNum + " analytic " + analytic[aOff + worst]
                + " (error " + worstErr + " > " + FD_TOL + ")");
    }

    @Test
    void backwardMatchesFiniteDifferencesForAllParametersInputsAndInitialState() {
        Lstm.Workspace ws = lstm.newWorkspace(T + 2, B + 1);   // larger than needed: buffers sized for max
        float[] dX = new float[T * B * IN], dh0 = new float[B * H], dc0 = new float[B * H];
        params.zeroGrad();
        loss(ws);
        lstm.backward(ws, x, r, dX, dh0, dc0);
        float[] grad = params.grad.clone();
        for (ParamSet.Param p : params.all()) checkAll(p.name(), ws, params.data, p.offset(), p.size(), grad, p.offset());
        checkAll("dX", ws, x, 0, x.length, dX, 0);
        checkAll("dh0", ws, h0, 0, h0.length, dh0, 0);
        checkAll("dc0", ws, c0, 0, c0.length, dc0, 0);
    }

    @Test
    void backwardAccumulatesIntoGradients() {
        Lstm.Workspace ws = lstm.newWorkspace(T, B);
        float[] dX = new float[T * B * IN], dh0 = new float[B * H], dc0 = new float[B * H];
        params.zeroGrad();
        loss(ws);
        lstm.backward(ws, x, r, dX, dh0, dc0);
        float[][] once = {params.grad.clone(), dX.clone(), dh0.clone(), dc0.clone()};
        loss(ws);
        lstm.backward(ws, x, r, dX, dh0, dc0);
        float[][] twice = {params.grad, dX, dh0, dc0};
        String[] names = {"parameter gradients", "dX", "dh0", "dc0"};
        for (int k = 0; k < once.length; k++) {
            for (int i = 0; i < once[k].length; i++) {
                assertEquals(2 * once[k][i], twice[k][i], 1e-6 * Math.max(1, Math.abs(once[k][i])), names[k] + " index " + i);
            }
        }
    }

    @Test
    void stepCellEqualsSequenceForward() {
        Lstm.Workspace ws = lstm.newWorkspace(T, B);
        float[] hN = new float[B * H], cN = new float[B * H];
        lstm.forward(ws, T, B, x, h0, c0, hN, cN);
        float[] h = h0.clone(), c = c0.clone(), gates = new float[B * 4 * H], xt = new float[B * IN];
        for (int t = 0; t < T; t++) {
            System.arraycopy(x, t * B * IN, xt, 0, B * IN);
            lstm.step(B, xt, h, c, gates);
            for (int i = 0; i < B * H; i++) {
                assertEquals(ws.h[t * B * H + i], h[i], STEP_TOL, "h at step " + t + " index " + i);
            }
        }
        for (int i = 0; i < B * H; i++) {
            assertEquals(hN[i], h[i], STEP_TOL, "final h index " + i);
            assertEquals(cN[i], c[i], STEP_TOL, "final c index " + i);
        }
    }

    @Test
    void backwardWithoutForwardFailsAndOversizedSequenceFails() {
        Lstm.Workspace ws = lstm.newWorkspace(T, B);
        assertThrows(IllegalStateException.class, () -> lstm.backward(ws, x, r, null, null, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> lstm.forward(ws, T + 1, B, new float[(T + 1) * B * IN], null, null, null, null));
        assertTrue(e.getMessage().contains("T=" + (T + 1)), e.getMessage());
    }

    @Test
    void parametersAreRegisteredInPyTorchOrderAndShapes() {
        assertEquals("[lstm.weight_ih_l0[16, 5], lstm.weight_hh_l0[16, 4], lstm.bias_ih_l0[16], lstm.bias_hh_l0[16]]",
                params.all().toString());
    }
}
