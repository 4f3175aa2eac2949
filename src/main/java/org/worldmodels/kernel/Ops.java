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

    // Transcendentals (ScalarMath / VectorMath): the SIMD and scalar paths give the same bits, so a
    // caller may mix the array versions with the one-element ones freely. Always within 1 ulp of the
    // exact value (one of the two floats around it); saturate cleanly at both ends, NaN stays NaN.

    /** y[i] = e^x[i]; y may be x. 0 below -104, +Infinity above 88.73. */
    public static void exp(int n, float[] x, int xOff, float[] y, int yOff) {
        if (Simd.ENABLED) VectorMath.exp(n, x, xOff, y, yOff);
        else ScalarMath.exp(n, x, xOff, y, yOff);
    }

    /** y[i] = 1 / (1 + e^-x[i]); y may be x. */
    public static void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
        if (Simd.ENABLED) VectorMath.sigmoid(n, x, xOff, y, yOff);
        else ScalarMath.sigmoid(n, x, xOff, y, yOff);
    }

    /** y[i] = tanh(x[i]); y may be x. */
    public static void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        if (Simd.ENABLED) VectorMath.tanh(n, x, xOff, y, yOff);
        else ScalarMath.tanh(n, x, xOff, y, yOff);
    }

    /** e^x, the same bits as one element of {@link #exp(int, float[], int, float[], int)}. */
    public static float exp(float x) { return ScalarMath.exp(x); }

    /** 1 / (1 + e^-x), the same bits as the array version. */
    public static float sigmoid(float x) { return ScalarMath.sigmoid(x); }

    /** tanh(x), the same bits as the array version. */
    public static float tanh(float x) { return ScalarMath.tanh(x); }
}
