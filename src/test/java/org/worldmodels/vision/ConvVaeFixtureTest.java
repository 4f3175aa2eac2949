// SPDX-License-Identifier: MIT
// Checks the Java VAE against PyTorch (src/test/python/make_vae_fixtures.py -> fixtures/vae_b4.npz):
// forward values, loss parts, every parameter's gradient, and five Adam steps.
package org.worldmodels.vision;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.worldmodels.FixturePatterns;
import org.worldmodels.data.Npy;
import org.worldmodels.data.NpyArray;
import org.worldmodels.nn.Adam;
import org.worldmodels.nn.VaeLoss;
import org.worldmodels.tensor.ParamSet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.worldmodels.nn.ArrayCompare.assertClose;

class ConvVaeFixtureTest {
    /** Relative error (ArrayCompare's definition: max abs error / max |reference|) for values and gradients. */
    static final double TOL = 1e-4;
    /** Gradient norms and projections: |a - b| / |b|, and |a - b| / (||g|| ||pattern||) for the projection. */
    static final double TOL_NORM = 1e-4;
    static final int BATCH = 4;
    static final double LEARNING_RATE = 1e-4;

    static Map<String, NpyArray> fx;

    @BeforeAll
    static void load() throws IOException {
        fx = Npy.readNpz(Path.of("src/test/resources/fixtures/vae_b4.npz"));
    }

    static float[] f(String key) { return fx.get(key).asFloats(); }

    static ConvVae patternModel() {
        ConvVae vae = new ConvVae(BATCH);
        FixturePatterns.patternFill(vae.params);
        return vae;
    }

    /** The fixed direction each gradient is projected on (Python: make_vae_fixtures.dot_pattern). */
    static double dotPattern(int i) { return Math.sin(1.7 * i + 0.1); }

    @Test
    void parameterNamesShapesAndCountMatchPyTorch() {
        ConvVae vae = new ConvVae(1);
        String[] names = fx.get("param_names").asStrings();
        assertEquals(names.length, vae.params.all().size());
        for (int k = 0; k < names.length; k++) assertEquals(names[k], vae.params.all().get(k).name(), "parameter " + k);
        assertEquals(4_348_547, vae.params.size(), "the paper's VAE has 4,348,547 parameters");
        assertArrayEquals(new int[] {1024, 128, 5, 5}, vae.params.get("d1.weight").shape());
        assertArrayEquals(new int[] {32, 3, 4, 4}, vae.params.get("c1.weight").shape());
    }

    @Test
    void forwardLossAndGradientsMatchPyTorch() {
        ConvVae vae = patternModel();
        float[] x = f("x");
        vae.forward(BATCH, x, f("eps"));
        assertClose("mu", f("mu"), vae.mu(), TOL);
        assertClose("logvar", f("logvar"), vae.logVar(), TOL);
        assertClose("z", f("z"), vae.z(), TOL);
        assertClose("reconstruction", f("reconstruction"), vae.xHat(), TOL);

        VaeLoss.Parts parts = vae.lossOfLastForward(BATCH, x);
        double[] ref = fx.get("loss_parts").asDoubles();
        assertClose("reconstruction loss", ref[0], parts.reconstruction(), 1, TOL);
        assertClose("kl", ref[1], parts.kl(), 1, TOL);
        assertClose("clipped kl", ref[2], parts.klClipped(), 1, TOL);
        assertClose("total loss", ref[3], parts.total(), 1, TOL);

        float[] dXHat = new float[BATCH * ConvVae.PIXELS], dMu = new float[BATCH * ConvVae.Z], dLogVar = new float[BATCH * ConvVae.Z];
        vae.loss.backward(BATCH, x, vae.xHat(), vae.mu(), vae.logVar(), dXHat, dMu, dLogVar);
        vae.params.zeroGrad();
        vae.backward(BATCH, x, dXHat, dMu, dLogVar);
        for (ParamSet.Param p : vae.params.all()) checkGradient(p);
    }

    private static void checkGradient(ParamSet.Param p) {
        String n = p.name();
        long[] idx = fx.get("grad_idx." + n).asLongs();
        float[] sampled = new float[idx.length];
        for (int k = 0; k < idx.length; k++) sampled[k] = p.grad()[p.offset() + (int) idx[k]];
        assertClose("gradient of " + n + " (sampled)", f("grad." + n), sampled, TOL);

        double norm2 = 0, dot = 0, patternNorm2 = 0;
        for (int i = 0; i < p.size(); i++) {
            double g = p.grad()[p.offset() + i];
            norm2 += g * g;
            dot += g * dotPattern(i);
            patternNorm2 += dotPattern(i) * dotPattern(i);
        }
        double refNorm = fx.get("grad_norm." + n).scalar();
        assertClose("L2 norm of the gradient of " + n, refNorm, Math.sqrt(norm2), 0, TOL_NORM);
        assertClose("projection of the gradient of " + n, fx.get("grad_dot." + n).scalar(), dot,
                refNorm * Math.sqrt(patternNorm2), TOL_NORM);
    }

    @Test
    void fiveAdamStepsMatchPyTorch() {
        ConvVae vae = patternModel();
        Adam adam = new Adam(vae.params, LEARNING_RATE);
        float[] x = f("x"), epsAll = f("adam_eps");
        double[] ref = fx.get("adam_loss_parts").asDoubles();
        int steps = fx.get("adam_loss_parts").dim(0);
        float[] eps = new float[BATCH * ConvVae.Z];
        for (int s = 0; s < steps; s++) {
            System.arraycopy(epsAll, s * eps.length, eps, 0, eps.length);
            VaeLoss.Parts parts = vae.trainStep(BATCH, x, eps, adam);
            assertClose("reconstruction loss at step " + s, ref[4 * s], parts.reconstruction(), 1, TOL);
            assertClose("clipped kl at step " + s, ref[4 * s + 2], parts.klClipped(), 1, TOL);
            assertClose("total loss at step " + s, ref[4 * s + 3], parts.total(), 1, TOL);
        }
        for (ParamSet.Param p : vae.params.all()) {
            long[] idx = fx.get("grad_idx." + p.name()).asLongs();
            float[] sampled = new float[idx.length];
            for (int k = 0; k < idx.length; k++) sampled[k] = p.data()[p.offset() + (int) idx[k]];
            assertClose(p.name() + " after " + steps + " Adam steps (sampled)", f("adam_param." + p.name()), sampled, TOL);
        }
    }
}
