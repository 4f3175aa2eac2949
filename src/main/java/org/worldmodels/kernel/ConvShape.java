// SPDX-License-Identifier: MIT
// The shape of one (transposed) convolution over a batch: square kernel, no padding, as in the VAE.
package org.worldmodels.kernel;

/**
 * Shape of a convolution or transposed convolution, channels-first (NCHW), square kernel, no padding.
 *
 * <p>For {@code Conv2d}: input (batch, inChannels, inH, inW), weight (outChannels, inChannels, k, k),
 * output (batch, outChannels, (inH-k)/stride+1, (inW-k)/stride+1).
 * For {@code ConvTranspose2d}: input (batch, inChannels, inH, inW), weight (inChannels, outChannels, k, k)
 * as PyTorch stores it, output (batch, outChannels, (inH-1)*stride+k, (inW-1)*stride+k).
 *
 * @param transposed true for a transposed convolution
 */
public record ConvShape(int batch, int inChannels, int inH, int inW, int outChannels, int kernel, int stride,
                        boolean transposed) {

    public ConvShape {
        if (batch <= 0 || inChannels <= 0 || inH <= 0 || inW <= 0 || outChannels <= 0 || kernel <= 0 || stride <= 0) {
            throw new IllegalArgumentException("bad convolution shape " + this);
        }
        if (!transposed && (inH < kernel || inW < kernel)) {
            throw new IllegalArgumentException("input " + inH + "x" + inW + " smaller than kernel " + kernel);
        }
    }

    public static ConvShape conv(int batch, int inChannels, int inH, int inW, int outChannels, int kernel, int stride) {
        return new ConvShape(batch, inChannels, inH, inW, outChannels, kernel, stride, false);
    }

    public static ConvShape convTranspose(int batch, int inChannels, int inH, int inW, int outChannels, int kernel, int stride) {
        return new ConvShape(batch, inChannels, inH, inW, outChannels, kernel, stride, true);
    }

    public int outH() { return transposed ? (inH - 1) * stride + kernel : (inH - kernel) / stride + 1; }

    public int outW() { return transposed ? (inW - 1) * stride + kernel : (inW - kernel) / stride + 1; }

    /** Elements of one input image (inChannels * inH * inW). */
    public int inSize() { return inChannels * inH * inW; }

    /** Elements of one output image. */
    public int outSize() { return outChannels * outH() * outW(); }

    public int weightSize() { return inChannels * outChannels * kernel * kernel; }

    /** The same layer at another batch size. */
    public ConvShape withBatch(int b) { return new ConvShape(b, inChannels, inH, inW, outChannels, kernel, stride, transposed); }
}
