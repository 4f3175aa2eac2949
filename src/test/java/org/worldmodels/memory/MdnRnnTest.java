// SPDX-License-Identifier: MIT
// MDN-RNN against PyTorch (forward, loss, every gradient, masked loss, 5 Adam steps with clipping),
// end-to-end finite differences, the step API, initialisation and shape errors.
package org.worldmodels.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.worldmodels.FixturePatterns;
import org.worldmodels.data.Npy;
import org.worldmodels.data.NpyArray;
import org.worldmodels.nn.Adam;
import org.worldmodels.nn.GradClip;
import org.worldmodels.tensor.ParamSet;

class MdnRnnTest {
    /** Against PyTorch: max |java - torch| / max |torch| per array (float32 on both sides, other summation orders). */
    private static final double REF_TOL = 1e-4;
    /** Finite differences through the whole float32 model: step, and error relative to the largest checked gradient. */
    private static final float FD_EPS = 1e-2f;
    private static final double FD_TOL = 2e-2;
    private static final int FD_PER_PARAM = 6;

    private static Map<String, NpyArray> fx;
    private static int T, B;

    @BeforeAll
    static void load() throws IOException, URISyntaxException {
        fx = Npy.readNpz(Path.of(MdnRnnTest.class.getResource("/fixtures/mdn_rnn.npz").toURI()));
        int[] shape = fx.get("x").shape();
        T = shape[0];
        B = shape[1];
    }

    private static float[] f(String key) { return fx.get(key).asFloats(); }

    /** max |actual - expected| / max |expected|, with the worst index in the failure message. */
    static void assertRelClose(String what, float[] expected, float[] actual, int actualOff, double tol) {
        double maxRef = 0, maxErr = -1;
        int worst = -1;
        for (int i = 0; i < expected.length; i++) {
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
            double err = Math.abs(actual[actualOff + i] - expected[i]);
            if (err > maxErr) { maxErr = err; worst = i; }
        }
        double rel = maxErr / maxRef;
        assertTrue(rel <= tol, what + ": relative error " + rel + " > " + tol + "; worst index " + worst
                + " java " + actual[actualOff + worst] + " torch " + expected[worst] + " (max |torch| " + maxRef + ")");
    }

    private static void assertRelClose(String what, double expected, double actual, double tol) {
        double rel = Math.abs(actual - expected) / Math.abs(expected);
        assertTrue(rel <= tol, what + ": java " + actual + " torch " + expected + " relative error " + rel + " > " + tol);
    }

    private static MdnRnn patterned() {
        MdnRnn m = new MdnRnn();
        FixturePatterns.patternFill(m.params);
        return m;
    }

    @Test
    void hasThePaperParameterCountInPyTorchOrder() {
        MdnRnn m = new MdnRnn();
        assertEquals(423_392, m.params.size());
        assertEquals("[lstm.weight_ih_l0[1024, 35], lstm.weight_hh_l0[1024, 256], lstm.bias_ih_l0[1024], lstm.bias_hh_l0[1024], "
                + "head.weight[480, 256], head.bias[480]]", m.params.all().toString());
    }

    @Test
    void forwardLossAndEveryGradientMatchPyTorch() {
        MdnRnn m = patterned();
        MdnRnn.Workspace ws = m.newWorkspace(T, B);
        m.params.zeroGrad();
        double loss = m.forwardBackward(ws, T, B, f("x"), f("target"), null);
        assertRelClose("head output", f("out"), ws.out, 0, REF_TOL);
        assertRelClose("lstm h", f("h"), ws.hidden(), 0, REF_TOL);
        assertRelClose("loss", fx.get("loss").scalar(), loss, REF_TOL);
        for (ParamSet.Param p : m.params.all()) {
            assertRelClose("grad " + p.name(), f("grad." + p.name()), m.params.grad, p.offset(), REF_TOL);
        }
    }

    @Test
    void maskedLossAndGradientsMatchPyTorch() {
        MdnRnn m = patterned();
        MdnRnn.Workspace ws = m.newWorkspace(T, B);
        m.params.zeroGrad();
        double loss = m.forwardBackward(ws, T, B, f("x"), f("target"), f("mask"));
        assertRelClose("masked loss", fx.get("masked_loss").scalar(), loss, REF_TOL);
        for (ParamSet.Param p : m.params.all()) {
            if (p.name().contains("bias")) {
                assertRelClose("masked grad " + p.name(), f("masked_grad." + p.name()), m.params.grad, p.offset(), REF_TOL);
            } else {
                assertRelClose("masked grad norm " + p.name(), fx.get("masked_grad_norm." + p.name()).scalar(), norm(m.params.grad, p), REF_TOL);
            }
        }
    }

    private static double norm(float[] a, ParamSet.Param p) {
        double s = 0;
        for (int i = 0; i < p.size(); i++) s += (double) a[p.offset() + i] * a[p.offset() + i];
        return Math.sqrt(s);
    }

    @Test
    void stepApiReproducesPyTorchFinalStateAndHeadOutput() {
        MdnRnn m = patterned();
        float[] x = f("x"), out = f("out");
        MdnRnn.StepScratch s = new MdnRnn.StepScratch(B);
        float[] z = new float[B * MdnRnn.Z], a = new float[B * MdnRnn.A];
        float[] h = new float[B * MdnRnn.H], c = new float[B * MdnRnn.H], mix = new float[B * MdnRnn.OUT];
        float[] outT = new float[B * MdnRnn.OUT];
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) {
                System.arraycopy(x, (t * B + b) * MdnRnn.IN, z, b * MdnRnn.Z, MdnRnn.Z);
                System.arraycopy(x, (t * B + b) * MdnRnn.IN + MdnRnn.Z, a, b * MdnRnn.A, MdnRnn.A);
            }
            m.step(s, B, z, a, h, c, mix);
            System.arraycopy(out, t * B * MdnRnn.OUT, outT, 0, outT.length);
            assertRelClose("head output at step " + t, outT, mix, 0, REF_TOL);
        }
        assertRelClose("h_n", f("h_n"), h, 0, REF_TOL);
        assertRelClose("c_n", f("c_n"), c, 0, REF_TOL);
    }

    @Test
    void fiveAdamStepsWithValueClippingMatchPyTorch() {
        MdnRnn m = patterned();
        MdnRnn.Workspace ws = m.newWorkspace(T, B);
        Adam adam = new Adam(m.params, 1e-3);
        double[] losses = fx.get("adam_losses").asDoubles();
        for (int step = 0; step < losses.length; step++) {
            m.params.zeroGrad();
            double loss = m.forwardBackward(ws, T, B, f("x"), f("target"), null);
            assertRelClose("loss before Adam step " + step, losses[step], loss, REF_TOL);
            GradClip.byValue(m.params, 1.0);
            adam.step();
        }
        m.forward(ws, T, B, f("x"));
        assertRelClose("loss after 5 Adam steps", fx.get("adam_final_loss").scalar(), m.loss(ws, f("target"), null), REF_TOL);
        long[] idx = fx.get("adam_idx").asLongs();
        float[] subset = new float[idx.length];
        for (int i = 0; i < idx.length; i++) subset[i] = m.params.data[(int) idx[i]];
        assertRelClose("parameters after 5 Adam steps (every 7th)", f("adam_params"), subset, 0, REF_TOL);
        for (ParamSet.Param p : m.params.all()) {
            assertRelClose("norm of " + p.name() + " after Adam", fx.get("adam_norm." + p.name()).scalar(), norm(m.params.data, p), REF_TOL);
        }
    }

    @Test
    void globalNormClippingMatchesTorchClipGradNorm() {
        MdnRnn m = new MdnRnn();
        for (ParamSet.Param p : m.params.all()) System.arraycopy(f("grad." + p.name()), 0, m.params.grad, p.offset(), p.size());
        double total = GradClip.byGlobalNorm(m.params, 0.05);
        assertRelClose("total gradient norm", fx.get("clip_norm_total").scalar(), total, REF_TOL);
        assertRelClose("clipped head.bias gradient", f("clip_norm.head.bias"), m.params.grad, m.head.bias.offset(), REF_TOL);
    }

    @Test
    void endToEndGradientMatchesFiniteDifferences() {
        // Short sequence, the real loss; a few parameters of every tensor, chosen at random.
        MdnRnn m = new MdnRnn();
        m.initDefault(new SplittableRandom(5));
        int t = 3, b = 2;
        SplittableRandom rng = new SplittableRandom(9);
        float[] x = new float[t * b * MdnRnn.IN], y = new float[t * b * MdnRnn.Z], mask = {1, 1, 1, 0, 1, 1};
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        for (int i = 0; i < y.length; i++) y[i] = (float) rng.nextGaussian();
        MdnRnn.Workspace ws = m.newWorkspace(t, b);
        m.params.zeroGrad();
        m.forwardBackward(ws, t, b, x, y, mask);
        float[] grad = m.params.grad.clone();
        for (ParamSet.Param p : m.params.all()) {
            double maxAnalytic = 0, maxErr = -1, worstNum = 0;
            int worst = -1;
            for (int n = 0; n < FD_PER_PARAM; n++) {
                int i = p.offset() + rng.nextInt(p.size());
                float saved = m.params.data[i];
                m.params.data[i] = saved + FD_EPS;
                m.forward(ws, t, b, x);
                double plus = m.loss(ws, y, mask);
                m.params.data[i] = saved - FD_EPS;
                m.forward(ws, t, b, x);
                double minus = m.loss(ws, y, mask);
                m.params.data[i] = saved;
                double num = (plus - minus) / (2.0 * FD_EPS);
                maxAnalytic = Math.max(maxAnalytic, Math.abs(grad[i]));
                double err = Math.abs(num - grad[i]);
                if (err > maxErr) { maxErr = err; worst = i; worstNum = num; }
            }
            assertTrue(maxErr <= FD_TOL * maxAnalytic, p.name() + ": worst flat index " + worst + " numeric " + worstNum + " analytic "
                    + grad[worst] + " (error " + maxErr + " > " + FD_TOL + " x " + maxAnalytic + ")");
        }
    }

    @Test
    void paddedStepsChangeNeitherLossNorGradients() {
        // Episodes 1 and 2 of the fixture end early (mask 0 afterwards): whatever the padding holds,
        // the masked loss and every gradient must stay the same.
        MdnRnn m = patterned();
        MdnRnn.Workspace ws = m.newWorkspace(T, B);
        float[] x = f("x"), y = f("target"), mask = f("mask");
        m.params.zeroGrad();
        double loss = m.forwardBackward(ws, T, B, x, y, mask);
        float[] grad = m.params.grad.clone();
        for (int r = 0; r < T * B; r++) {
            if (mask[r] != 0f) continue;
            for (int j = 0; j < MdnRnn.IN; j++) x[r * MdnRnn.IN + j] = 100f - j;
            for (int j = 0; j < MdnRnn.Z; j++) y[r * MdnRnn.Z + j] = -50f + j;
        }
        m.params.zeroGrad();
        assertEquals(loss, m.forwardBackward(ws, T, B, x, y, mask), 0.0);
        for (int i = 0; i < grad.length; i++) {
            if (grad[i] != m.params.grad[i]) {
                throw new AssertionError("gradient changed by padding at flat index " + i + ": " + grad[i] + " vs " + m.params.grad[i]);
            }
        }
    }

    @Test
    void defaultInitIsUniformWithPyTorchBounds() {
        MdnRnn m = new MdnRnn();
        m.initDefault(new SplittableRandom(1));
        double bound = 1 / 16.0;   // 1/sqrt(256) for the LSTM (H) and for the head (fan-in 256)
        for (ParamSet.Param p : m.params.all()) {
            double max = 0, sum = 0;
            for (int i = 0; i < p.size(); i++) {
                float v = m.params.data[p.offset() + i];
                max = Math.max(max, Math.abs(v));
                sum += v;
            }
            assertTrue(max <= bound && max > 0.95 * bound, p.name() + " max |w| " + max + " vs bound " + bound);
            assertEquals(0, sum / p.size(), 5 * bound / Math.sqrt(3 * p.size()), p.name() + " mean");
        }
        MdnRnn again = new MdnRnn();
        again.initDefault(new SplittableRandom(1));
        org.junit.jupiter.api.Assertions.assertArrayEquals(m.params.data, again.params.data, "same seed, same parameters");
    }

    @Test
    void seriesOfTheWrongWidthFailFastNamingBothShapes() {
        MdnRnn m = new MdnRnn();
        MdnRnn.Workspace ws = m.newWorkspace(T, B);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.forwardBackward(ws, T, B, f("x"), new float[T * B * 64], null));
        assertTrue(e.getMessage().contains("(" + T + "," + B + ",64)") && e.getMessage().contains("(" + T + "," + B + ",32)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(ws, T, B, new float[T * B * 32]));
        assertTrue(e.getMessage().contains("(" + T + "," + B + ",32)") && e.getMessage().contains("(" + T + "," + B + ",35)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.forwardBackward(ws, T, B, f("x"), f("target"), new float[T]));
        assertTrue(e.getMessage().contains("mask"), e.getMessage());
    }

    @Test
    void sampledNextZFollowsTheHeadAndTheSeed() {
        MdnRnn m = patterned();
        MdnRnn.StepScratch s = new MdnRnn.StepScratch(2);
        float[] z = new float[2 * MdnRnn.Z], a = new float[2 * MdnRnn.A], h = new float[2 * MdnRnn.H], c = new float[2 * MdnRnn.H];
        float[] mix = new float[2 * MdnRnn.OUT], z1 = new float[2 * MdnRnn.Z], z2 = new float[2 * MdnRnn.Z];
        m.step(s, 2, z, a, h, c, mix);
        m.sampleNext(2, mix, 1.15, new SplittableRandom(4), z1);
        m.sampleNext(2, mix, 1.15, new SplittableRandom(4), z2);
        org.junit.jupiter.api.Assertions.assertArrayEquals(z1, z2);
        // Tiny temperature: the sample collapses onto the most likely component's mean.
        m.sampleNext(2, mix, 1e-6, new SplittableRandom(4), z1);
        for (int d = 0; d < MdnRnn.Z; d++) {
            int best = 0;
            for (int k = 1; k < MdnRnn.K; k++) if (mix[m.mixture.logitIndex(d, k)] > mix[m.mixture.logitIndex(d, best)]) best = k;
            assertEquals(mix[m.mixture.muIndex(d, best)], z1[d], 1e-2, "dim " + d);
        }
    }
}
