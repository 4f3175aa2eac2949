// SPDX-License-Identifier: MIT
// Conv2d and ConvTranspose2d layers: finite-difference checks of every backward output, the
// accumulate (+=) convention, PyTorch's parameter shapes and default-init bounds.
package org.worldmodels.nn;

import org.junit.jupiter.api.Test;
import org.worldmodels.tensor.ParamSet;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConvLayerGradientTest {
    /** Both layers are linear in x and in W, so central differences are exact up to float32 rounding of y. */
    static final double FD_TOL = 2e-3;
    static final double FD_STEP = 1e-2;
    static final int SAMPLES = 60;
    /** A second backward must double the gradients (accumulation), up to float rounding. */
    static final double ACCUMULATE_TOL = 1e-6;
    static final int BATCH = 2;

    /** One layer under test, seen through what both kinds have in common. */
    private record Layer(ParamSet params, ParamSet.Param weight, ParamSet.Param bias, int inSize, int outSize,
                         Forward forward, Backward backward) {}

    @FunctionalInterface private interface Forward { void run(float[] x, float[] y); }
    @FunctionalInterface private interface Backward { void run(float[] x, float[] dY, float[] dX); }

    private static Layer conv(int in, int h, int w, int out, int k, int s) {
        ParamSet.Builder b = ParamSet.builder();
        Conv2d c = new Conv2d(b, "c", in, h, w, out, k, s);
        ParamSet p = b.build();
        c.initDefault(new SplittableRandom(3));
        return new Layer(p, c.weight, c.bias, c.inSize(), c.outSize(),
                (x, y) -> c.forward(BATCH, x, 0, y, 0), (x, dY, dX) -> c.backward(BATCH, x, 0, dY, 0, dX, 0));
    }

    private static Layer convT(int in, int h, int w, int out, int k, int s) {
        ParamSet.Builder b = ParamSet.builder();
        ConvTranspose2d c = new ConvTranspose2d(b, "d", in, h, w, out, k, s);
        ParamSet p = b.build();
        c.initDefault(new SplittableRandom(4));
        return new Layer(p, c.weight, c.bias, c.inSize(), c.outSize(),
                (x, y) -> c.forward(BATCH, x, 0, y, 0), (x, dY, dX) -> c.backward(BATCH, x, 0, dY, 0, dX, 0));
    }

    private static void checkGradients(String name, Layer l) {
        float[] x = GradCheck.uniform(BATCH * l.inSize, -1, 1, 11);
        float[] r = GradCheck.uniform(BATCH * l.outSize, -1, 1, 12);
        float[] y = new float[BATCH * l.outSize];
        GradCheck.Objective f = () -> {
            l.forward.run(x, y);
            return GradCheck.project(r, y, 0, y.length);
        };
        float[] dX = new float[x.length];
        l.params.zeroGrad();
        l.forward.run(x, y);
        l.backward.run(x, r, dX);
        GradCheck.check(name + " dX", x, 0, x.length, dX, 0, f, FD_STEP, FD_TOL, SAMPLES, 1);
        GradCheck.check(name + " dW", l.params.data, l.weight.offset(), l.weight.size(), l.params.grad, l.weight.offset(),
                f, FD_STEP, FD_TOL, SAMPLES, 2);
        GradCheck.check(name + " dB", l.params.data, l.bias.offset(), l.bias.size(), l.params.grad, l.bias.offset(),
                f, FD_STEP, FD_TOL, SAMPLES, 3);

        // Accumulation: a second backward adds the same amounts again.
        float[] g1 = l.params.grad.clone(), dX1 = dX.clone();
        l.backward.run(x, r, dX);
        assertDoubled(name + " parameter gradients", g1, l.params.grad);
        assertDoubled(name + " dX", dX1, dX);
    }

    private static void assertDoubled(String what, float[] once, float[] twice) {
        for (int i = 0; i < once.length; i++) {
            double expected = 2.0 * once[i];
            assertTrue(Math.abs(twice[i] - expected) <= ACCUMULATE_TOL * Math.max(1, Math.abs(expected)),
                    what + " do not accumulate at index " + i + ": expected " + expected + ", actual " + twice[i]);
        }
    }

    @Test
    void conv2dBackwardMatchesFiniteDifferences() {
        checkGradients("conv k4 s2 3x9x9->4x3x3", conv(3, 9, 9, 4, 4, 2));
        checkGradients("conv k3 s1 2x5x6->3x3x4", conv(2, 5, 6, 3, 3, 1));
    }

    @Test
    void convTranspose2dBackwardMatchesFiniteDifferences() {
        checkGradients("convT k5 s2 3x3x3->2x9x9", convT(3, 3, 3, 2, 5, 2));
        checkGradients("convT k6 s2 2x2x3->3x8x10", convT(2, 2, 3, 3, 6, 2));
        checkGradients("convT k5 s2 6x1x1->4x5x5 (the VAE's d1 at small size)", convT(6, 1, 1, 4, 5, 2));
    }

    @Test
    void shapesFollowPyTorch() {
        ParamSet.Builder b = ParamSet.builder();
        Conv2d c = new Conv2d(b, "c1", 3, 64, 64, 32, 4, 2);
        ConvTranspose2d d = new ConvTranspose2d(b, "d1", 1024, 1, 1, 128, 5, 2);
        b.build();
        assertArrayEquals(new int[] {32, 3, 4, 4}, c.weight.shape());
        assertArrayEquals(new int[] {32}, c.bias.shape());
        assertArrayEquals(new int[] {1024, 128, 5, 5}, d.weight.shape());
        assertArrayEquals(new int[] {128}, d.bias.shape());
        assertEquals(31, c.outH());
        assertEquals(5, d.outH());
    }

    @Test
    void defaultInitUsesPyTorchFanIn() {
        // Conv2d: fanIn = in k k = 64 * 16; ConvTranspose2d weight (in, out, k, k): fanIn = out k k = 32 * 36.
        ParamSet.Builder b = ParamSet.builder();
        Conv2d c = new Conv2d(b, "c", 64, 14, 14, 128, 4, 2);
        ConvTranspose2d d = new ConvTranspose2d(b, "d", 64, 13, 13, 32, 6, 2);
        b.build();
        c.initDefault(new SplittableRandom(1));
        d.initDefault(new SplittableRandom(2));
        assertUniform("c.weight", c.weight, 1 / Math.sqrt(64 * 16));
        assertUniform("c.bias", c.bias, 1 / Math.sqrt(64 * 16));
        assertUniform("d.weight", d.weight, 1 / Math.sqrt(32 * 36));
        assertUniform("d.bias", d.bias, 1 / Math.sqrt(32 * 36));
    }

    /** All values within +-bound, and (for large tensors) the largest close to the bound and the variance bound^2/3. */
    static void assertUniform(String what, ParamSet.Param p, double bound) {
        double max = 0, sum2 = 0;
        for (int i = 0; i < p.size(); i++) {
            double v = p.data()[p.offset() + i];
            max = Math.max(max, Math.abs(v));
            sum2 += v * v;
        }
        assertTrue(max <= bound, what + ": |value| " + max + " exceeds the bound " + bound);
        if (p.size() >= 1000) {
            assertTrue(max > 0.99 * bound, what + ": largest |value| " + max + " far below the bound " + bound);
            double var = sum2 / p.size(), expected = bound * bound / 3;
            assertTrue(Math.abs(var - expected) < 0.05 * expected, what + ": variance " + var + ", expected " + expected);
        }
    }
}
