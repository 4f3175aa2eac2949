// SPDX-License-Identifier: MIT
// Convolution facade: the layers call this. The passes are rearranged into GEMMs (ConvIm2col), so
// they run on the SIMD GEMM when SIMD is on and on the scalar GEMM when it is off.
package org.worldmodels.kernel;

/**
 * Convolution and transposed convolution, forward and backward (see {@link ConvScalar} for the
 * definitions and the accumulate-into-gradients convention). {@link ConvScalar} stays the oracle the
 * tests compare {@link ConvIm2col} against.
 */
public final class Conv {
    private Conv() {}

    public static void conv2dForward(ConvShape s, float[] x, int xOff, float[] w, int wOff,
                                     float[] bias, int biasOff, float[] y, int yOff) {
        conv2dForward(s, x, xOff, w, wOff, bias, biasOff, false, y, yOff);
    }

    /**
     * The forward pass followed by y = max(y, 0) if {@code relu} (fused: the output is written once).
     * Layers with many taps per output run the implicit GEMM ({@link ConvImplicit}), those with few
     * taps and wide output rows the direct kernel ({@link ConvDirect}), any other (and batches of
     * very few output pixels) im2col + GEMM.
     */
    public static void conv2dForward(ConvShape s, float[] x, int xOff, float[] w, int wOff,
                                     float[] bias, int biasOff, boolean relu, float[] y, int yOff) {
        if (Simd.ENABLED && ConvImplicit.suits(s) && s.batch() * s.outH() * s.outW() >= GemmVector.SMALL_M_TRANS_B) {
            // (fewer output pixels than that: packing W^T costs more than it saves; the GEMM's dot
            // products read W in place. A frozen layer, packed once, always takes the implicit GEMM.)
            ConvImplicit.forward(s, x, xOff, w, wOff, bias, biasOff, relu, y, yOff);
        } else if (Simd.ENABLED && ConvDirect.suits(s)) {
            ConvDirect.forward(s, x, xOff, w, wOff, bias, biasOff, relu, y, yOff);
        } else {
            ConvIm2col.conv2dForward(s, x, xOff, w, wOff, bias, biasOff, relu, y, yOff);
        }
    }

    public static void conv2dBackwardInput(ConvShape s, float[] dy, int dyOff, float[] w, int wOff, float[] dx, int dxOff) {
        ConvIm2col.conv2dBackwardInput(s, dy, dyOff, w, wOff, dx, dxOff);
    }

    public static void conv2dBackwardWeight(ConvShape s, float[] x, int xOff, float[] dy, int dyOff,
                                            float[] dW, int dWOff, float[] dB, int dBOff) {
        ConvIm2col.conv2dBackwardWeight(s, x, xOff, dy, dyOff, dW, dWOff, dB, dBOff);
    }

    public static void convTranspose2dForward(ConvShape s, float[] x, int xOff, float[] w, int wOff,
                                              float[] bias, int biasOff, float[] y, int yOff) {
        ConvIm2col.convTranspose2dForward(s, x, xOff, w, wOff, bias, biasOff, y, yOff);
    }

    public static void convTranspose2dBackwardInput(ConvShape s, float[] dy, int dyOff, float[] w, int wOff, float[] dx, int dxOff) {
        ConvIm2col.convTranspose2dBackwardInput(s, dy, dyOff, w, wOff, dx, dxOff);
    }

    public static void convTranspose2dBackwardWeight(ConvShape s, float[] x, int xOff, float[] dy, int dyOff,
                                                     float[] dW, int dWOff, float[] dB, int dBOff) {
        ConvIm2col.convTranspose2dBackwardWeight(s, x, xOff, dy, dyOff, dW, dWOff, dB, dBOff);
    }
}
