// SPDX-License-Identifier: MIT
// Fully connected layer y = x W^T + b, PyTorch's nn.Linear layout (weight (out, in), bias (out)).
package org.worldmodels.nn;

import org.worldmodels.kernel.Gemm;
import org.worldmodels.kernel.Ops;
import org.worldmodels.tensor.ParamSet;

/** Dense (linear) layer; forward overwrites y, backward accumulates into dX and the gradients. */
public final class Dense {
    public final int in, out;
    public final ParamSet.Param weight, bias;

    /** Registers {@code prefix.weight} (out, in) and {@code prefix.bias} (out). */
    public Dense(ParamSet.Builder b, String prefix, int in, int out) {
        this.in = in;
        this.out = out;
        this.weight = b.add(prefix + ".weight", out, in);
        this.bias = b.add(prefix + ".bias", out);
    }

    // x (B, in) -> y (B, out)
    public void forward(int batch, float[] x, int xOff, float[] y, int yOff) {
        forward(batch, in, out, x, xOff, weight.data(), weight.offset(), bias.data(), bias.offset(), y, yOff);
    }

    /** y (B, out) = x (B, in) W^T + b with W (out, in) at wOff and b (out) at bOff: the layer's function on given arrays. */
    public static void forward(int batch, int in, int out, float[] x, int xOff, float[] w, int wOff,
                               float[] b, int bOff, float[] y, int yOff) {
        Gemm.gemm(false, true, batch, out, in, x, xOff, in, w, wOff, in, false, y, yOff, out);
        // Plain loop, not Ops.axpy: the agent's step (B = 1..3) runs through here and must not allocate
        // even before C2 has compiled it (interpreted vector code allocates its vectors).
        for (int r = 0; r < batch; r++) {
            int row = yOff + r * out;
            for (int j = 0; j < out; j++) y[row + j] += b[bOff + j];
        }
    }

    // dY (B, out) -> dX (B, in) += dY W ; dW += dY^T x ; dB += sum_b dY.  dX may be null (inputs are data).
    public void backward(int batch, float[] x, int xOff, float[] dY, int dYOff, float[] dX, int dXOff) {
        float[] p = weight.data(), g = weight.grad();
        if (dX != null) Gemm.gemm(false, false, batch, in, out, dY, dYOff, out, p, weight.offset(), in, true, dX, dXOff, in);
        Gemm.gemm(true, false, out, in, batch, dY, dYOff, out, x, xOff, in, true, g, weight.offset(), in);
        // dB += dY_r row after row: the same sums, in the same order, as the plain loop
        for (int r = 0; r < batch; r++) Ops.axpy(out, 1f, dY, dYOff + r * out, g, bias.offset());
    }
}
