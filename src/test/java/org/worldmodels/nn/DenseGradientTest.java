// SPDX-License-Identifier: MIT
// Dense layer: finite-difference check of dX, dW, dB on a random projection of the output.
package org.worldmodels.nn;

import org.junit.jupiter.api.Test;
import org.worldmodels.tensor.ParamSet;

import java.util.SplittableRandom;

class DenseGradientTest {
    /** Dense is linear in x and W: central differences are exact up to float32 rounding. */
    static final double FD_TOL = 2e-3;
    static final double FD_STEP = 1e-2;
    static final int SAMPLES = 80;

    @Test
    void backwardMatchesFiniteDifferences() {
        int batch = 3, in = 17, out = 9;
        ParamSet.Builder b = ParamSet.builder();
        Dense d = new Dense(b, "fc", in, out);
        ParamSet p = b.build();
        UniformInit.initDefault(d, new SplittableRandom(5));
        float[] x = GradCheck.uniform(batch * in, -1, 1, 6), r = GradCheck.uniform(batch * out, -1, 1, 7);
        float[] y = new float[batch * out], dX = new float[x.length];
        GradCheck.Objective f = () -> {
            d.forward(batch, x, 0, y, 0);
            return GradCheck.project(r, y, 0, y.length);
        };
        p.zeroGrad();
        d.forward(batch, x, 0, y, 0);
        d.backward(batch, x, 0, r, 0, dX, 0);
        GradCheck.check("dense dX", x, 0, x.length, dX, 0, f, FD_STEP, FD_TOL, SAMPLES, 1);
        GradCheck.check("dense dW", p.data, d.weight.offset(), d.weight.size(), p.grad, d.weight.offset(), f, FD_STEP, FD_TOL, SAMPLES, 2);
        GradCheck.check("dense dB", p.data, d.bias.offset(), d.bias.size(), p.grad, d.bias.offset(), f, FD_STEP, FD_TOL, SAMPLES, 3);
        ConvLayerGradientTest.assertUniform("fc.weight", d.weight, 1 / Math.sqrt(in));
    }
}
