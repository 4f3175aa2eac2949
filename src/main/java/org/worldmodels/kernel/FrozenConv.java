// SPDX-License-Identifier: MIT
// A forward convolution whose weights no longer change (inference: the agent's encoder, encoding
// rollouts): the weights are copied once and arranged once for the kernel that will run the shape,
// instead of on every call.
package org.worldmodels.kernel;

/**
 * y = relu?(W * x + bias) for a fixed W, the same function as {@link Conv#conv2dForward}.
 *
 * <p>Why: every call of {@link Conv#conv2dForward} first copies W into the layout its kernel reads
 * (the implicit GEMM's packed panels of W^T, the direct kernel's channel blocks). For one image that
 * copy costs as much as the arithmetic: the fourth encoder layer's 2 MB of weights are read from L3
 * and written with a transposing stride on every call. PyTorch's eval-mode encoder pays the same
 * price on every call; {@code torch.jit.freeze} and oneDNN's weight prepacking are the idea of this
 * class.
 *
 * <p>Results: the same bits as {@link Conv#conv2dForward} whenever the live call takes the same
 * kernel: always for the direct kernel, and for the implicit GEMM from 12 output pixels per batch on
 * (below that the live call reads W in place by dot products, in another order: a few ulps).
 * A snapshot: later changes to the source weights are not seen. Immutable, so one instance may
 * serve several threads at once.
 */
public final class FrozenConv {
    private enum Path { IMPLICIT, DIRECT, GEMM, SCALAR }

    private final ConvShape shape;   // at batch 1
    private final Path path;
    /** The arranged weights (DIRECT, GEMM) or a plain copy (SCALAR), and a copy of the bias. */
    private final float[] weights, bias;

    /** Freezes w (Co, Ci, k, k) at wOff and bias (Co) at biasOff (null for none) for the shape's layer. */
    public FrozenConv(ConvShape shape, float[] w, int wOff, float[] bias, int biasOff) {
        if (shape.transposed()) throw new IllegalArgumentException("FrozenConv: a transposed convolution: " + shape);
        int co = shape.outChannels(), kk = shape.inChannels() * shape.kernel() * shape.kernel();
        if (wOff < 0 || wOff + (long) co * kk > w.length) {
            throw new IllegalArgumentException("FrozenConv: weights [" + wOff + ", " + (wOff + (long) co * kk)
                    + ") out of an array of " + w.length + " for " + shape);
        }
        this.shape = shape.withBatch(1);
        this.bias = bias == null ? new float[co] : java.util.Arrays.copyOfRange(bias, biasOff, biasOff + co);
        if (!Simd.ENABLED) {
            path = Path.SCALAR;
            weights = java.util.Arrays.copyOfRange(w, wOff, wOff + co * kk);
        } else if (ConvImplicit.suits(this.shape)) {
            path = Path.IMPLICIT;
            weights = GemmVector.packWhole(true, kk, co, w, wOff, kk);
        } else if (ConvDirect.suits(this.shape)) {
            path = Path.DIRECT;
            weights = new float[ConvDirect.packedWeightsSize(this.shape)];
            ConvDirect.packWeights(this.shape, w, wOff, weights);
        } else {
            path = Path.GEMM;
            // W (Co, K) row-major is W^T (K x Co) read transposed: the right-hand matrix of rows . W^T
            weights = GemmVector.packWhole(true, kk, co, w, wOff, kk);
        }
    }

    /** The layer's shape at batch 1. */
    public ConvShape shape() { return shape; }

    /**
     * x (batch, Ci, H, W) -> y (batch, Co, OH, OW), then y = max(y, 0) if relu. {@code shape} is the
     * frozen layer at this batch (from {@link ConvShape#withBatch}; callers keep it from call to call
     * so that a call allocates nothing).
     */
    public void forward(ConvShape atBatch, float[] x, int xOff, boolean relu, float[] y, int yOff) {
        if (atBatch.inChannels() != shape.inChannels() || atBatch.inH() != shape.inH() || atBatch.inW() != shape.inW()
                || atBatch.outChannels() != shape.outChannels() || atBatch.kernel() != shape.kernel()
                || atBatch.stride() != shape.stride() || atBatch.transposed()) {
            throw new IllegalArgumentException("FrozenConv: shape " + atBatch + " is not the frozen " + shape);
        }
        switch (path) {
            case IMPLICIT -> ConvImplicit.forwardPacked(atBatch, x, xOff, weights, bias, 0, relu, y, yOff);
            case DIRECT -> ConvDirect.forwardPacked(atBatch, x, xOff, weights, bias, 0, relu, y, yOff);
            case GEMM -> ConvIm2col.conv2dForwardPrepacked(atBatch, x, xOff, weights, bias, 0, relu, y, yOff);
            case SCALAR -> Conv.conv2dForward(atBatch, x, xOff, weights, 0, bias, 0, relu, y, yOff);
        }
    }
}
