// SPDX-License-Identifier: MIT
// Transposed convolution layer (square kernel, stride, no padding), PyTorch's nn.ConvTranspose2d
// layout: weight (in, out, k, k), bias (out).
package org.worldmodels.nn;

import org.worldmodels.kernel.Conv;
import org.worldmodels.kernel.ConvShape;
import org.worldmodels.tensor.ParamSet;

import java.util.random.RandomGenerator;

/** ConvTranspose2d over a fixed input size; forward overwrites y, backward accumulates into dX and the gradients. */
public final class ConvTranspose2d {
    public final int inChannels, outChannels, kernel, stride;
    public final ParamSet.Param weight, bias;
    /** The layer's shape at batch 1 (input size fixed at construction). */
    public final ConvShape shape;
    private ConvShape atBatch;   // the last batch size used, so a step allocates nothing

    /** Registers {@code prefix.weight} (in, out, k, k) and {@code prefix.bias} (out); input (in, inH, inW). */
    public ConvTranspose2d(ParamSet.Builder b, String prefix, int inChannels, int inH, int inW, int outChannels,
                           int kernel, int stride) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.shape = ConvShape.convTranspose(1, inChannels, inH, inW, outChannels, kernel, stride);
        this.atBatch = shape;
        this.weight = b.add(prefix + ".weight", inChannels, outChannels, kernel, kernel);
        this.bias = b.add(prefix + ".bias", outChannels);
    }

    public int outH() { return shape.outH(); }

    public int outW() { return shape.outW(); }

    /** Elements of one input image (in * inH * inW). */
    public int inSize() { return shape.inSize(); }

    /** Elements of one output image (out * outH * outW). */
    public int outSize() { return shape.outSize(); }

    /**
     * PyTorch's default init: weight and bias U(-1/sqrt(fanIn), 1/sqrt(fanIn)). PyTorch takes fanIn from
     * dimension 1 of the weight, which for a transposed convolution is the OUTPUT channels: fanIn = out * k * k.
     */
    public void initDefault(RandomGenerator rng) {
        double bound = UniformInit.kaimingBound(outChannels * kernel * kernel);
        UniformInit.fill(weight, bound, rng);
        UniformInit.fill(bias, bound, rng);
    }

    // x (B, in, inH, inW) -> y (B, out, (inH-1)s+k, (inW-1)s+k)
    public void forward(int batch, float[] x, int xOff, float[] y, int yOff) {
        float[] p = weight.data();
        Conv.convTranspose2dForward(at(batch), x, xOff, p, weight.offset(), p, bias.offset(), y, yOff);
    }

    // dY (B, out, outH, outW) -> dX (B, in, inH, inW) += conv(dY, W); dW += x (*) dY; dB += sum dY.
    // dX may be null.
    public void backward(int batch, float[] x, int xOff, float[] dY, int dYOff, float[] dX, int dXOff) {
        ConvShape s = at(batch);
        float[] g = weight.grad();
        Conv.convTranspose2dBackwardWeight(s, x, xOff, dY, dYOff, g, weight.offset(), g, bias.offset());
        if (dX != null) Conv.convTranspose2dBackwardInput(s, dY, dYOff, weight.data(), weight.offset(), dX, dXOff);
    }

    private ConvShape at(int batch) {
        if (atBatch.batch() != batch) atBatch = shape.withBatch(batch);
        return atBatch;
    }
}
