// SPDX-License-Identifier: MIT
// Elementwise operations and reductions in plain loops: the oracle for VectorOps and the fallback
// when SIMD is off. See Ops for the contract of each method.
package org.worldmodels.kernel;

/** Scalar twins of {@link VectorOps}; arrays are addressed from the given offsets. */
public final class ScalarOps {
    private ScalarOps() {}

    /** sum_i x[i]. */
    public static float sum(float[] x, int xOff, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) s += x[xOff + i];
        return s;
    }

    /** sum_i x[i] y[i]. */
    public static float dot(float[] x, int xOff, float[] y, int yOff, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) s += x[xOff + i] * y[yOff + i];
        return s;
    }

    /** y[i] += alpha x[i]. */
    public static void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
    }

    /** x[i] *= alpha. */
    public static void scale(int n, float alpha, float[] x, int xOff) {
        for (int i = 0; i < n; i++) x[xOff + i] *= alpha;
    }

    /** y[i] = max(x[i], 0). */
    public static void reluForward(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) y[yOff + i] = Math.max(x[xOff + i], 0f);
    }

    /** dX[i] += y[i] > 0 ? dY[i] : 0, where y is the ReLU's output (or its input: same sign). */
    public static void reluBackward(int n, float[] y, int yOff, float[] dY, int dYOff, float[] dX, int dXOff) {
        for (int i = 0; i < n; i++) {
            if (y[yOff + i] > 0f) dX[dXOff + i] += dY[dYOff + i];
        }
    }

    /** x (B, C, plane): x[b, c, :] += bias[c]. */
    public static void addChannelBias(int batch, int channels, int plane, float[] bias, int biasOff, float[] x, int xOff) {
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                float v = bias[biasOff + c];
                int base = xOff + (b * channels + c) * plane;
                for (int i = 0; i < plane; i++) x[base + i] += v;
            }
        }
    }
}
