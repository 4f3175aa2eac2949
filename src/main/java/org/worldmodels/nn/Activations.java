// SPDX-License-Identifier: MIT
// Element-wise activations of the VAE (ReLU, sigmoid), forward and backward side by side.
package org.worldmodels.nn;

import org.worldmodels.kernel.Ops;
import org.worldmodels.kernel.Parallel;

/**
 * ReLU and sigmoid over a range of an array. Forward overwrites {@code y} and may run in place
 * ({@code y == x}, same offset). Backward ACCUMULATES into {@code dX} ({@code dX += f'(x) dY}) like every
 * backward pass here; {@code dX} must not alias {@code dY}. Both backward passes need only the forward
 * OUTPUT y, because f'(x) can be written in terms of y, so the pre-activation need not be kept.
 */
public final class Activations {
    /** Sigmoid elements per thread below which splitting the work costs more than it saves. */
    private static final int SIGMOID_MIN_PER_PART = 1 << 14;

    private Activations() {}

    // x (n) -> y (n):  y = max(0, x)   (the kernel's SIMD loop; scalar text in kernel/ScalarOps)
    public static void reluForward(float[] x, int xOff, float[] y, int yOff, int n) {
        Ops.reluForward(n, x, xOff, y, yOff);
    }

    // dY (n) -> dX (n) += [y > 0] dY   (y > 0 exactly where x > 0; PyTorch also gives 0 at x == 0)
    public static void reluBackward(float[] y, int yOff, float[] dY, int dYOff, float[] dX, int dXOff, int n) {
        Ops.reluBackward(n, y, yOff, dY, dYOff, dX, dXOff);
    }

    // x (n) -> y (n):  y = 1 / (1 + e^-x)
    public static void sigmoidForward(float[] x, int xOff, float[] y, int yOff, int n) {
        // exp dominates (the decoder's last layer: B*12288 of them); each element is computed the
        // same way whichever thread runs it, so splitting over threads changes no result.
        int parts = Math.max(1, Math.min(Parallel.available(), n / SIGMOID_MIN_PER_PART));
        if (parts == 1) {
            sigmoidRange(x, xOff, y, yOff, 0, n);
            return;
        }
        Parallel.run(parts, (part, ps) -> sigmoidRange(x, xOff, y, yOff, (int) ((long) part * n / ps), (int) ((long) (part + 1) * n / ps)));
    }

    private static void sigmoidRange(float[] x, int xOff, float[] y, int yOff, int from, int to) {
        for (int i = from; i < to; i++) {
            y[yOff + i] = (float) (1.0 / (1.0 + Math.exp(-x[xOff + i])));
        }
    }

    // dY (n) -> dX (n) += y (1 - y) dY
    public static void sigmoidBackward(float[] y, int yOff, float[] dY, int dYOff, float[] dX, int dXOff, int n) {
        for (int i = 0; i < n; i++) {
            float s = y[yOff + i];
            dX[dXOff + i] += s * (1f - s) * dY[dYOff + i];
        }
    }
}
