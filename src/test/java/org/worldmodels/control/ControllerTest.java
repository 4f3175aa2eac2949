// SPDX-License-Identifier: MIT
// Controller C: the flat parameter layout CMA-ES relies on, the action mapping, batched act, the
// backward by finite differences, and PyTorch (outputs, gradients, 5 Adam steps).
package org.worldmodels.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.worldmodels.FixturePatterns;
import org.worldmodels.data.Npy;
import org.worldmodels.data.NpyArray;
import org.worldmodels.nn.Adam;

class ControllerTest {
    /** Against PyTorch: max |java - torch| / max |torch| per array. */
    private static final double REF_TOL = 1e-4;
    /** Flat-vector oracle in double vs the float GEMM path. */
    private static final double ORACLE_TOL = 1e-5;
    private static final float FD_EPS = 1e-2f;
    private static final double FD_TOL = 1e-3;

    private static final int Z = Controller.Z, H = Controller.H, A = Controller.A;

    private static float[] random(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextDouble(-1, 1);
        return a;
    }

    @Test
    void flatVectorIsWeightRowMajorThenBias() {
        Controller c = new Controller();
        assertEquals(867, Controller.SIZE);
        assertEquals(867, c.params.size());
        assertEquals("[fc.weight[3, 288], fc.bias[3]]", c.params.all().toString());
        SplittableRandom rng = new SplittableRandom(2);
        double[] flat = new double[Controller.SIZE];
        for (int i = 0; i < flat.length; i++) flat[i] = rng.nextDouble(-0.2, 0.2);
        c.setParameters(flat);
        int batch = 3;
        float[] z = random(rng, batch * Z), h = random(rng, batch * H), a = new float[batch * A];
        c.act(batch, z, h, a);
        for (int b = 0; b < batch; b++) {
            for (int r = 0; r < A; r++) {
                double pre = flat[A * Controller.IN + r];                       // b_r
                for (int j = 0; j < Z; j++) pre += flat[r * Controller.IN + j] * z[b * Z + j];          // W[r][j] z_j
                for (int j = 0; j < H; j++) pre += flat[r * Controller.IN + Z + j] * h[b * H + j];      // W[r][32 + j] h_j
                assertEquals(Math.tanh(pre), a[b * A + r], ORACLE_TOL, "agent " + b + " action " + r);
            }
        }
        float[] back = c.getParameters();
        for (int i = 0; i < flat.length; i++) assertEquals((float) flat[i], back[i], "index " + i);
    }

    @Test
    void wrongLengthNamesBothCounts() {
        Controller c = new Controller();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.setParameters(new double[866]));
        assertEquals("controller expects 867 parameters, got 866", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.setParameters(new float[868]));
        assertEquals("controller expects 867 parameters, got 868", e.getMessage());
    }

    @Test
    void actionMappingToSteerGasBrake() {
        float[] a = {-0.5f, -1f, -0.3f, 0.25f, 0.5f, 0.7f, 1f, 1f, 1f};
        float[] env = new float[9];
        Controller.toEnvAction(3, a, env);
        float[] expected = {-0.5f, 0f, 0f, 0.25f, 0.75f, 0.7f, 1f, 1f, 1f};
        for (int i = 0; i < 9; i++) assertEquals(expected[i], env[i], 1e-7, "index " + i);
    }

    @Test
    void batchedActEqualsOneAgentAtATime() {
        Controller c = new Controller();
        c.initDefault(new SplittableRandom(3));
        SplittableRandom rng = new SplittableRandom(4);
        int batch = 7;
        float[] z = random(rng, batch * Z), h = random(rng, batch * H), a = new float[batch * A], one = new float[A];
        c.act(batch, z, h, a);
        for (int b = 0; b < batch; b++) {
            float[] zb = java.util.Arrays.copyOfRange(z, b * Z, (b + 1) * Z), hb = java.util.Arrays.copyOfRange(h, b * H, (b + 1) * H);
            c.act(1, zb, hb, one);
            for (int r = 0; r < A; r++) assertEquals(a[b * A + r], one[r], 1e-6, "agent " + b + " action " + r);
        }
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        Controller c = new Controller();
        c.initDefault(new SplittableRandom(5));
        SplittableRandom rng = new SplittableRandom(6);
        int batch = 2;
        float[] z = random(rng, batch * Z), h = random(rng, batch * H), r = random(rng, batch * A), a = new float[batch * A];
        c.params.zeroGrad();
        c.act(batch, z, h, a);
        c.backward(r);                          // loss = sum r * a
        float[] grad = c.params.grad.clone();
        int worst = -1;
        double worstErr = -1, worstNum = 0;
        for (int i = 0; i < Controller.SIZE; i++) {
            float saved = c.params.data[i];
            c.params.data[i] = saved + FD_EPS;
            double plus = dot(c, batch, z, h, r);
            c.params.data[i] = saved - FD_EPS;
            double minus = dot(c, batch, z, h, r);
            c.params.data[i] = saved;
            double num = (plus - minus) / (2.0 * FD_EPS);
            double err = Math.abs(num - grad[i]) / Math.max(1, Math.abs(grad[i]));
            if (err > worstErr) { worstErr = err; worst = i; worstNum = num; }
        }
        assertTrue(worstErr <= FD_TOL, "worst index " + worst + " numeric " + worstNum + " analytic " + grad[worst] + " error " + worstErr);
    }

    private static double dot(Controller c, int batch, float[] z, float[] h, float[] r) {
        float[] a = new float[batch * A];
        c.act(batch, z, h, a);
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) r[i] * a[i];
        return s;
    }

    private static double sumSquares(float[] a) {
        double s = 0;
        for (float v : a) s += (double) v * v;
        return s;
    }

    @Test
    void outputsGradientsAndAdamStepsMatchPyTorch() throws IOException, URISyntaxException {
        Map<String, NpyArray> fx = Npy.readNpz(Path.of(ControllerTest.class.getResource("/fixtures/mdn_controller.npz").toURI()));
        Controller c = new Controller();
        FixturePatterns.patternFill(c.params);
        float[] z = fx.get("z").asFloats(), h = fx.get("h").asFloats();
        int batch = fx.get("z").dim(0);
        float[] a = new float[batch * A], dA = new float[batch * A];
        c.params.zeroGrad();
        c.act(batch, z, h, a);
        for (int i = 0; i < a.length; i++) dA[i] = 2 * a[i];       // loss = sum a^2
        c.backward(dA);
        relClose("actions", fx.get("a").asFloats(), a, 0);
        relClose("loss", new float[] {(float) fx.get("loss").scalar()}, new float[] {(float) sumSquares(a)}, 0);
        relClose("grad fc.weight", fx.get("grad.fc.weight").asFloats(), c.params.grad, c.fc.weight.offset());
        relClose("grad fc.bias", fx.get("grad.fc.bias").asFloats(), c.params.grad, c.fc.bias.offset());

        Controller d = new Controller();
        FixturePatterns.patternFill(d.params);
        Adam adam = new Adam(d.params, 1e-3);
        double[] losses = fx.get("adam_losses").asDoubles();
        for (int step = 0; step < losses.length; step++) {
            d.params.zeroGrad();
            d.act(batch, z, h, a);
            double loss = sumSquares(a);
            assertEquals(losses[step], loss, REF_TOL * Math.abs(losses[step]), "loss before Adam step " + step);
            for (int i = 0; i < a.length; i++) dA[i] = 2 * a[i];
            d.backward(dA);
            adam.step();
        }
        relClose("parameters after 5 Adam steps", fx.get("adam_params").asFloats(), d.params.data, 0);
    }

    /** max |actual - expected| / max |expected| <= REF_TOL, naming the worst index. */
    private static void relClose(String what, float[] expected, float[] actual, int off) {
        double maxRef = 0, maxErr = -1;
        int worst = -1;
        for (int i = 0; i < expected.length; i++) {
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
            double err = Math.abs(actual[off + i] - expected[i]);
            if (err > maxErr) { maxErr = err; worst = i; }
        }
        assertTrue(maxErr <= REF_TOL * maxRef, what + ": relative error " + maxErr / maxRef + " worst index " + worst
                + " java " + actual[off + worst] + " torch " + expected[worst]);
    }
}
