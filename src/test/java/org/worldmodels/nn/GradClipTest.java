// SPDX-License-Identifier: MIT
// Gradient clipping by value and by global norm on small hand-made gradients (the PyTorch
// comparison of clip_grad_norm_ on the real MDN-RNN gradients is in memory/MdnRnnTest).
package org.worldmodels.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.worldmodels.tensor.ParamSet;

class GradClipTest {
    private static ParamSet withGrads(float... g) {
        ParamSet.Builder b = ParamSet.builder();
        b.add("a", 2);
        b.add("b", g.length - 2);
        ParamSet p = b.build();
        System.arraycopy(g, 0, p.grad, 0, g.length);
        return p;
    }

    @Test
    void byValueClampsEveryElementAcrossParameters() {
        ParamSet p = withGrads(-3f, 0.5f, 1.0f, 2.5f, -1.0f, -0.25f);
        GradClip.byValue(p, 1.0);
        assertArrayEquals(new float[] {-1f, 0.5f, 1f, 1f, -1f, -0.25f}, p.grad);
    }

    @Test
    void byGlobalNormScalesAllParametersTogether() {
        ParamSet p = withGrads(3f, 0f, 0f, 4f);           // ||g|| = 5 over both parameters
        double total = GradClip.byGlobalNorm(p, 1.0);
        assertEquals(5.0, total, 1e-12);
        double coef = 1.0 / (5.0 + 1e-6);                 // torch: max_norm / (total + 1e-6)
        assertArrayEquals(new float[] {(float) (3 * coef), 0f, 0f, (float) (4 * coef)}, p.grad, 1e-7f);
    }

    @Test
    void byGlobalNormLeavesSmallGradientsAlone() {
        ParamSet p = withGrads(0.3f, 0f, 0f, 0.4f);       // ||g|| = 0.5 < 1
        assertEquals(0.5, GradClip.byGlobalNorm(p, 1.0), 1e-7);
        assertArrayEquals(new float[] {0.3f, 0f, 0f, 0.4f}, p.grad);
    }

    @Test
    void rejectsNonPositiveLimits() {
        ParamSet p = withGrads(1f, 1f, 1f);
        assertThrows(IllegalArgumentException.class, () -> GradClip.byValue(p, 0));
        assertThrows(IllegalArgumentException.class, () -> GradClip.byGlobalNorm(p, -1));
    }
}
