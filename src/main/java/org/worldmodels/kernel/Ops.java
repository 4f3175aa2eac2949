// SPDX-License-Identifier: MIT
// Elementwise operations and reductions facade: VectorOps when SIMD is on, ScalarOps otherwise.
package org.worldmodels.kernel;

/**
 * Small float32 kernels the layers share. Arrays are addressed from the given offsets; methods that
 * write say which array ({@code y}, {@code x} in place, or {@code dX} accumulated).
 */
public final class Ops {
    private Ops() {}

    /** sum_i x[i]. */
    public static float sum(float[] x, int xOff, int n) {
        return Simd.ENABLED ? VectorOps.sum(x, xOff, n) : ScalarOps.sum(x, xOff, n);
    }

    /** sum_i x[i] y[i]. */
    public static float dot(float[] x, int xOff, float[] y, int yOff, int n) {
        return Simd.ENABLED ? VectorOps.dot(x, xOff, y, yOff, n) : ScalarOps.dot(x, xOff, y, yOff, n);
    }

    /** y[i] += alpha x[i]. */
    public static void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        if (Simd.ENABLED) VectorOps.axpy(n, alpha, x, xOff, y, yOff);
        else ScalarOps.axpy(n, alpha, x, xOff, y, yOff);
    }

    /** x[i] *= alpha (in place). */
    public static void scale(int n, float alpha, float[] x, int xOff) {
        if (Simd.ENABLED) VectorOps.scale(n, alpha, x, xOff);
        else ScalarOps.scale(n, alpha, x, xOff);
    }

    /** y[i] = max(x[i], 0); y may be x. */
    public static void reluForward(int n, float[] x, int xOff, float[] y, int yOff) {
        if (Simd.ENABLED) VectorOps.reluForward(n, x, xOff, y, yOff);
        else ScalarOps.reluForward(n, x, xOff, y, yOff);
    }

    /** dX[i] += (y[i] > 0) dY[i], y the ReLU's output; accumulates like every backward pass. */
    public static void reluBackward(int n, float[] y, int yOff, float[] dY, int dYOff, float[] dX, int dXOff) {
        if (Simd.ENABLED) VectorOps.reluBackward(n, y, yOff, dY, dYOff, dX, dXOff);
        else ScalarOps.reluBackward(n, y, yOff, dY, dYOff, dX, dXOff);
    }

    /** x (B, C, plane): x[b, c, :] += bias[c] (in place). */
    public static void addChannelBias(int batch, int channels, int plane, float[] bias, int biasOff, float[] x, int xOff) {
        if (Simd.ENABLED) VectorOps.addChannelBias(batch, channels, plane, bias, biasOff, x, xOff);
        else ScalarOps.addChannelBias(batch, channels, plane, bias, biasOff, x, xOff);
    }
}
