// SPDX-License-Identifier: MIT
// V's encoder for inference: a snapshot of a ConvVae's encoder weights, arranged once for the
// kernels, used where the weights no longer change (the agent's rollouts, encoding rollouts).
package org.worldmodels.vision;

import org.worldmodels.kernel.ConvShape;
import org.worldmodels.kernel.FrozenConv;
import org.worldmodels.nn.Conv2d;
import org.worldmodels.nn.Dense;

import java.util.Arrays;

/**
 * x (B,3,64,64) -> mu, logVar (B,32): the function of {@link ConvVae#encode}, from weights frozen at
 * construction ({@link ConvVae#frozenEncoder}). Each convolution's weights are copied once into the
 * layout its kernel reads ({@link FrozenConv}), where the live encoder rearranges its 2.7 MB of
 * weights on every call because training may have changed them; at batch 1 that is a fifth of
 * its time.
 *
 * <p>Results equal the live encoder's to the bit from 3 images per batch on (the same kernels over the
 * same arrangement); with 1 or 2 the live encoder's last layer takes its dot products in another
 * order (a few ulps).
 * Owns its activation buffers: one instance per thread.
 */
public final class FrozenEncoder {
    public final int maxBatch;
    private final FrozenConv c1, c2, c3, c4;
    private final float[] muWeight, muBias, logVarWeight, logVarBias;
    private final float[] enc1, enc2, enc3, enc4;
    private final ConvShape[] atBatch = new ConvShape[4];

    FrozenEncoder(ConvVae vae, int maxBatch) {
        if (maxBatch <= 0) throw new IllegalArgumentException("maxBatch must be positive: " + maxBatch);
        this.maxBatch = maxBatch;
        c1 = freeze(vae.c1);
        c2 = freeze(vae.c2);
        c3 = freeze(vae.c3);
        c4 = freeze(vae.c4);
        muWeight = copy(vae.fcMu.weight.data(), vae.fcMu.weight.offset(), ConvVae.Z * ConvVae.FLAT);
        muBias = copy(vae.fcMu.bias.data(), vae.fcMu.bias.offset(), ConvVae.Z);
        logVarWeight = copy(vae.fcLogVar.weight.data(), vae.fcLogVar.weight.offset(), ConvVae.Z * ConvVae.FLAT);
        logVarBias = copy(vae.fcLogVar.bias.data(), vae.fcLogVar.bias.offset(), ConvVae.Z);
        enc1 = new float[maxBatch * vae.c1.outSize()];
        enc2 = new float[maxBatch * vae.c2.outSize()];
        enc3 = new float[maxBatch * vae.c3.outSize()];
        enc4 = new float[maxBatch * vae.c4.outSize()];
    }

    private static FrozenConv freeze(Conv2d c) {
        return new FrozenConv(c.shape, c.weight.data(), c.weight.offset(), c.bias.data(), c.bias.offset());
    }

    private static float[] copy(float[] data, int offset, int length) {
        return Arrays.copyOfRange(data, offset, offset + length);
    }

    // x (B,3,64,64) -> mu, logVar (B,32) into the caller's arrays
    public void encode(int batch, float[] x, float[] muOut, float[] logVarOut) {
        if (batch <= 0 || batch > maxBatch) {
            throw new IllegalArgumentException("batch " + batch + " outside 1.." + maxBatch + " of this encoder");
        }
        if (x.length < batch * ConvVae.PIXELS || muOut.length < batch * ConvVae.Z || logVarOut.length < batch * ConvVae.Z) {
            throw new IllegalArgumentException("encode: arrays too short for batch " + batch + ": x " + x.length
                    + " (need " + batch * ConvVae.PIXELS + "), mu " + muOut.length + ", logVar " + logVarOut.length
                    + " (need " + batch * ConvVae.Z + ")");
        }
        // each convolution with its ReLU fused, as ConvVae.encode
        c1.forward(at(0, c1, batch), x, 0, true, enc1, 0);
        c2.forward(at(1, c2, batch), enc1, 0, true, enc2, 0);
        c3.forward(at(2, c3, batch), enc2, 0, true, enc3, 0);
        c4.forward(at(3, c4, batch), enc3, 0, true, enc4, 0);
        Dense.forward(batch, ConvVae.FLAT, ConvVae.Z, enc4, 0, muWeight, 0, muBias, 0, muOut, 0);
        Dense.forward(batch, ConvVae.FLAT, ConvVae.Z, enc4, 0, logVarWeight, 0, logVarBias, 0, logVarOut, 0);
    }

    /** The layer's shape at this batch, kept from call to call (a call allocates nothing). */
    private ConvShape at(int layer, FrozenConv c, int batch) {
        ConvShape s = atBatch[layer];
        if (s == null || s.batch() != batch) atBatch[layer] = s = c.shape().withBatch(batch);
        return s;
    }
}
