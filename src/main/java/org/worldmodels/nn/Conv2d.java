// SPDX-License-Identifier: MIT
// Convolution layer (square kernel, stride, no padding), PyTorch's nn.Conv2d layout:
// weight (out, in, k, k), bias (out).
package org.worldmodels.nn;

import org.worldmodels.kernel.Conv;
import org.worldmodels.kernel.ConvShape;
import org.worldmodels.tensor.ParamSet;

import java.util.random.RandomGenerator;

/** Conv2d over a fixed input size; forward overwrites y, backward accumulates into dX and the gradients. */
public final class Conv2d {
    public final int inChannels, outChannels, kernel, stride;
    public final ParamSet.Param weight, bias;
    /** The layer's shape at batch 1 (input size fixed at construction). */
    public final ConvShape shape;
    private ConvShape atBatch;   // the last batch size used, so a step allocates nothing

    /** Registers {@code prefix.weight} (out, in, k, k) and {@code prefix.bias} (out); input (in, inH, inW). */
    public Conv2d(ParamSet.Builder b, String prefix, int inChannels, int inH, int inW, int outChannels, int kernel, int stride) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.shape = ConvShape.conv(1, inChannels, inH, inW, outChannels, kernel, stride);
        this.atBatch = shape;
        this.weight = b.add(prefix + ".weight", outChannels, inChannels, kernel, kernel);
        this.bias = b.add(prefix + ".bias", outChannels);
    }

    public int outH() { return shape.outH(); }

    public int outW() { return shape.outW(); }

    /** Elements of one input image (in * inH * inW). */
    public int inSize() { return shape.inSize(); }

    /** Elements of one output image (out * outH * outW). */
    public int outSize() { return shape.outSize(); }

    /** PyTorch's default init: weight and bias U(-1/sqrt(fanIn), 1/sqrt(fanIn)), fanIn = in * k * k. */
    public void initDefault(RandomGenerator rng) {
        double bound = UniformInit.kaimingBound(inChannels * kernel * kernel);
        UniformInit.fill(weight, bound, rng);
        UniformInit.fill(bias, bound, rng);
    }

    // x (B, in, inH, inW) -> y (B, out, outH, outW)
    public void forward(int batch, float[] x, int xOff, float[] y, int yOff) {
        forward(batch, x, xOff, y, yOff, false);
    }

    // x (B, in, inH, inW) -> y (B, out, outH, outW), then y = max(y, 0) if relu: the layer and its
    // ReLU in one pass over y (the same values as forward followed by a ReLU).
    public void forward(int batch, float[] x, int xOff, float[] y, int yOff, boolean relu) {
        float[] p = weight.data();
        Conv.conv2dForward(at(batch), x, xOff, p, weight.offset(), p, bias.offset(), relu, y, yOff);
    }

    // dY (B, out, outH, outW) -> dX (B, in, inH, inW) += conv^T(dY, W); dW += dY (*) x; dB += sum dY.
    // dX may be null (the first layer's input is data).
    public void backward(int batch, float[] x, int xOff, float[] dY, int dYOff, float[] dX, int dXOff) {
        ConvShape s = at(batch);
        float[] g = weight.grad();
        Conv.conv2dBackwardWeight(s, x, xOff, dY, dYOff, g, weight.offset(), g, bias.offset());
        if (dX != null) Conv.conv2dBackwardInput(s, dY, dYOff, weight.data(), weight.offset(), dX, dXOff);
    }

    private ConvShape at(int batch) {
        if (atBatch.batch() != batch) atBatch = shape.withBatch(batch);
        return atBatch;
    }
}
