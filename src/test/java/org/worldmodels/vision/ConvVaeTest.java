// SPDX-License-Identifier: MIT
// The whole VAE: its backward pass against finite differences, default initialisation, and a NaN
// loss stopping training with the last good parameters kept.
package org.worldmodels.vision;

import org.junit.jupiter.api.Test;
import org.worldmodels.nn.Adam;
import org.worldmodels.nn.GradCheck;
import org.worldmodels.tensor.ParamSet;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class ConvVaeTest {
    static final int BATCH = 2;
    /** Step of the whole-layer perturbation, times the layer's largest |value| (times U(0,1) per element). */
    static final double DIRECTIONAL_STEP = 1e-4;
    /**
     * Measured worst 6e-3 (c1, where float32 noise of L, ~1e-6, meets a change of only 2e-4); larger steps
     * make ReLU kinks crossed by the coherent perturbation dominate (1.6 % for d1 at step 1e-3).
     */
    static final double DIRECTIONAL_TOL = 2e-2;

    /** A kernel may block batches differently, so sums may round differently; values are O(0.1). */
    static final double BATCH_INDEPENDENCE_TOL = 1e-6;

    private static float[] images(int batch, long seed) { return GradCheck.uniform(batch * ConvVae.PIXELS, 0, 1, seed); }

    private static float[] gaussian(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) rng.nextGaussian();
        return v;
    }

    /**
     * For every layer (its weight and bias together, W) and a direction D over it:
     * {@code L(W + D) - L(W - D)} against {@code <dL/dW, (W + D) - (W - D)>} with the float values actually
     * stored, where L = r1.xHat + r2.mu + r3.logVar projects all outputs (so the encoder is reached through
     * mu and logVar directly, not only through the tiny decoder path of a fresh model). D has random
     * magnitudes and the sign of the analytic gradient (+ where it is 0), so that the change of L stands
     * well above float32 noise even for small layers; a wrong magnitude, sign or missing term still shows.
     */
    @Test
    void backwardMatchesFiniteDifferencesLayerByLayer() {
        ConvVae vae = new ConvVae(BATCH);
        vae.initDefault(42);
        float[] x = images(BATCH, 1), eps = gaussian(BATCH * ConvVae.Z, 2);
        float[] r1 = GradCheck.uniform(BATCH * ConvVae.PIXELS, -1, 1, 3);
        float[] r2 = GradCheck.uniform(BATCH * ConvVae.Z, -1, 1, 4), r3 = GradCheck.uniform(BATCH * ConvVae.Z, -1, 1, 5);
        GradCheck.Objective f = () -> {
            vae.forward(BATCH, x, eps);
            return GradCheck.project(r1, vae.xHat(), 0, r1.length) + GradCheck.project(r2, vae.mu(), 0, r2.length)
                    + GradCheck.project(r3, vae.logVar(), 0, r3.length);
        };
        vae.params.zeroGrad();
        f.value();
        vae.backward(BATCH, x, r1, r2, r3);

        float[] w = vae.params.data, g = vae.params.grad;
        SplittableRandom rng = new SplittableRandom(6);
        String worstName = null;
        double worst = -1, worstFd = 0, worstAn = 0;
        java.util.List<ParamSet.Param> all = vae.params.all();
        for (int layer = 0; layer < all.size(); layer += 2) {
            ParamSet.Param weight = all.get(layer), bias = all.get(layer + 1);
            int off = weight.offset(), n = weight.size() + bias.size();   // weight then bias, contiguous
            double maxAbs = 0;
            for (int i = 0; i < n; i++) maxAbs = Math.max(maxAbs, Math.abs(w[off + i]));
            float[] saved = new float[n], up = new float[n], down = new float[n];
            System.arraycopy(w, off, saved, 0, n);
            for (int i = 0; i < n; i++) {
                double d = DIRECTIONAL_STEP * maxAbs * rng.nextDouble() * (g[off + i] >= 0 ? 1 : -1);
                up[i] = (float) (saved[i] + d);
                down[i] = (float) (saved[i] - d);
            }
            System.arraycopy(up, 0, w, off, n);
            double lUp = f.value();
            System.arraycopy(down, 0, w, off, n);
            double lDown = f.value();
            System.arraycopy(saved, 0, w, off, n);
            double fd = lUp - lDown, analytic = 0;
            for (int i = 0; i < n; i++) analytic += (double) g[off + i] * ((double) up[i] - down[i]);
            double err = Math.abs(fd - analytic) / Math.max(Math.abs(analytic), Math.abs(fd));
            if (!(err <= worst)) { worst = err; worstName = weight.name() + "+" + bias.name(); worstFd = fd; worstAn = analytic; }
        }
        if (!(worst <= DIRECTIONAL_TOL)) {
            fail(String.format("VAE directional derivative error %.3g > %.3g for %s: analytic %.8g, finite difference %.8g",
                    worst, DIRECTIONAL_TOL, worstName, worstAn, worstFd));
        }
    }

    @Test
    void defaultInitIsPyTorchsUniformWithTheRightFanIn() {
        ConvVae vae = new ConvVae(1);
        vae.initDefault(7);
        checkBound(vae, "c1.weight", 3 * 16);
        checkBound(vae, "c4.weight", 128 * 16);
        checkBound(vae, "c4.bias", 128 * 16);
        checkBound(vae, "fc_mu.weight", 1024);
        checkBound(vae, "fc_dec.weight", 32);
        checkBound(vae, "d1.weight", 128 * 25);      // ConvTranspose2d: fanIn from weight dim 1 = out channels
        checkBound(vae, "d1.bias", 128 * 25);
        checkBound(vae, "d4.weight", 3 * 36);
        ConvVae again = new ConvVae(1);
        again.initDefault(7);
        assertArrayEquals(vae.params.data, again.params.data, "the same seed gives the same parameters");
    }

    private static void checkBound(ConvVae vae, String name, int fanIn) {
        ParamSet.Param p = vae.params.get(name);
        double bound = 1 / Math.sqrt(fanIn), max = 0;
        for (int i = 0; i < p.size(); i++) max = Math.max(max, Math.abs(p.data()[p.offset() + i]));
        assertTrue(max <= bound && max > 0.9 * bound, name + ": max |value| " + max + ", expected just under " + bound);
    }

    @Test
    void nanLossStopsTrainingAndKeepsTheLastGoodParameters() {
        ConvVae vae = new ConvVae(BATCH);
        vae.initDefault(8);
        Adam adam = new Adam(vae.params, 1e-4);
        float[] x = images(BATCH, 9), eps = gaussian(BATCH * ConvVae.Z, 10);
        vae.trainStep(BATCH, x, eps, adam);
        float[] good = vae.params.data.clone(), m = adam.firstMoment().clone();
        x[123] = Float.NaN;
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> vae.trainStep(BATCH, x, eps, adam));
        assertTrue(e.getMessage().contains("not finite") && e.getMessage().contains("step 2"), e.getMessage());
        assertArrayEquals(good, vae.params.data, "parameters must stay at the last good values");
        assertArrayEquals(m, adam.firstMoment(), "Adam's state must not move either");
        assertTrue(adam.stepCount() == 1, "the failed step is not counted");
    }

    @Test
    void encodeAndDecodeAgreeWithForward() {
        ConvVae vae = new ConvVae(3);
        vae.initDefault(11);
        float[] x = images(3, 12), eps = gaussian(3 * ConvVae.Z, 13);
        float[] mu = new float[3 * ConvVae.Z], logVar = new float[3 * ConvVae.Z], xHat = new float[3 * ConvVae.PIXELS];
        vae.encode(3, x, mu, logVar);
        vae.forward(3, x, eps);
        assertArrayEquals(mu, java.util.Arrays.copyOf(vae.mu(), mu.length));
        assertArrayEquals(logVar, java.util.Arrays.copyOf(vae.logVar(), logVar.length));
        float[] z = java.util.Arrays.copyOf(vae.z(), mu.length), expected = java.util.Arrays.copyOf(vae.xHat(), xHat.length);
        vae.decode(3, z, xHat);
        assertArrayEquals(expected, xHat);
        assertThrows(IllegalArgumentException.class, () -> vae.encode(4, x, mu, logVar));

        // Each sample is independent of the others in its batch: sample 2 alone gives row 2.
        float[] x2 = java.util.Arrays.copyOfRange(x, 2 * ConvVae.PIXELS, 3 * ConvVae.PIXELS);
        float[] mu2 = new float[ConvVae.Z], logVar2 = new float[ConvVae.Z];
        vae.encode(1, x2, mu2, logVar2);
        for (int i = 0; i < ConvVae.Z; i++) {
            assertEquals(mu[2 * ConvVae.Z + i], mu2[i], BATCH_INDEPENDENCE_TOL, "mu of sample 2 alone vs in a batch, at " + i);
            assertEquals(logVar[2 * ConvVae.Z + i], logVar2[i], BATCH_INDEPENDENCE_TOL, "logVar of sample 2 alone vs in a batch, at " + i);
        }
    }
}
