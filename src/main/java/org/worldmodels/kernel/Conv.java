// SPDX-License-Identifier: MIT
// Convolution facade: the layers call this; it picks the fast kernel or the scalar reference once.
package org.worldmodels.kernel;

/**
 * Convolution and transposed convolution, forward and backward (see {@link ConvScalar} for the
 * definitions and the accumulate-into-gradients convention).
 */
public final class Conv {
    private Conv() {}

    public static void conv2dForward(ConvShape s, float[] x, int xOff, float[] w, int wOff,
                                     float[] bias, int biasOff, float[] y, int yOff) {
        ConvScalar.conv2dForward(s, x, xOff, w, wOff, bias, biasOff, y, yOff);
    }

    public static void conv2dBackwardInput(ConvShape s, float[] dy, int dyOff, float[] w, int wOff, float[] dx, int dxOff) {
        ConvScalar.conv2dBackwardInput(s, dy, dyOff, w, wOff, dx, dxOff);
    }

    public static void conv2dBackwardWeight(ConvShape s, float[] x, int xOff, float[] dy, int dyOff,
                                            float[] dW, int dWOff, float[] dB, int dBOff) {
        ConvScalar.conv2dBackwardWeight(s, x, xOff, dy, dyOff, dW, dWOff, dB, dBOff);
    }

    public static void convTranspose2dForward(ConvShape s, float[] x, int xOff, float[] w, int wOff,
                                              float[] bias, int biasOff, float[] y, int yOff) {
        ConvScalar.convTranspose2dForward(s, x, xOff, w, wOff, bias, biasOff, y, yOff);
    }

    public static void convTranspose2dBackwardInput(ConvShape s, float[] dy, int dyOff, float[] w, int wOff, float[] dx, int dxOff) {
        ConvScalar.convTranspose2dBackwardInput(s, dy, dyOff, w, wOff, dx, dxOff);
    }

    public static void convTranspose2dBackwardWeight(ConvShape s, float[] x, int xOff, float[] dy, int dyOff,
                                                     float[] dW, int dWOff, float[] dB, int dBOff) {
        ConvScalar.convTranspose2dBackwardWeight(s, x, xOff, dy, dyOff, dW, dWOff, dB, dBOff);
    }
}
