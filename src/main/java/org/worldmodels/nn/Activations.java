// SPDX-License-Identifier: MIT
// Element-wise activations of the VAE (ReLU, sigmoid), forward and backward side by side.
package org.worldmodels.nn;

/**
 * ReLU and sigmoid over a range of an array. Forward overwrites {@code y} and may run in place
 * ({@code y == x}, same offset). Backward ACCUMULATES into {@code dX} ({@code dX += f'(x) dY}) like every
 * backward pass here; {@code dX} must not alias {@code dY}. Both backward passes need only the forward
 * OUTPUT y, because f'(x) can be written in terms of y, so the pre-activation need not be kept.
 */
public final class Activations {
    private Activations() {}

    // x (n) -> y (n):  y = max(0, x)
    public static void reluForward(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v > 0f ? v : 0f;
        }
    }

    // dY (n) -> dX (n) += [y > 0] dY   (y > 0 exactly where x > 0; PyTorch also gives 0 at x == 0)
    public static void reluBackward(float[] y, int yOff, float[] dY, int dYOff, float[] dX, int dXOff, int n) {
        for (int i = 0; i < n; i++) {
            if (y[yOff + i] > 0f) dX[dXOff + i] += dY[dYOff + i];
        }
    }

    // x (n) -> y (n):  y = 1 / (1 + e^-x)
    public static void sigmoidForward(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
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
