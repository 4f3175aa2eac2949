// SPDX-License-Identifier: MIT
// The World Models vision model V: a convolutional VAE from 3x64x64 frames to a 32-dim latent z and
// back, exactly the PyTorch twin of reference/wm_models.py (parameter names, shapes and order).
package org.worldmodels.vision;

import org.worldmodels.nn.Activations;
import org.worldmodels.nn.Adam;
import org.worldmodels.nn.Conv2d;
import org.worldmodels.nn.ConvTranspose2d;
import org.worldmodels.nn.Dense;
import org.worldmodels.nn.UniformInit;
import org.worldmodels.nn.VaeLoss;
import org.worldmodels.tensor.ParamSet;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Encoder: 4 x [conv k4 s2 + ReLU] (32, 64, 128, 256 channels) -> flatten 1024 -> mu, logVar (32 each).
 * Sampling: {@code z = mu + exp(logVar / 2) * eps} with eps from the caller.
 * Decoder: dense 32 -> 1024 viewed as 1024x1x1 -> convT k5, k5, k6, k6 s2 (128, 64, 32, 3 channels),
 * ReLU x3 then sigmoid -> 3x64x64.
 *
 * <p>Activations and their gradients live in buffers sized once for {@code maxBatch}; {@link #forward}
 * caches what {@link #backward} needs, so a training step allocates nothing (beyond the returned loss
 * record). Buffers returned by {@link #mu()}, {@link #xHat()}, ... are live and overwritten by the next call.
 */
public final class ConvVae {
    public static final int Z = 32;
    public static final int CHANNELS = 3, SIZE = 64, PIXELS = CHANNELS * SIZE * SIZE;
    /** Encoder output 256x2x2 flattened channel-major, and the decoder input 1024x1x1. */
    public static final int FLAT = 1024;

    public final ParamSet params;
    public final Conv2d c1, c2, c3, c4;
    public final Dense fcMu, fcLogVar, fcDec;
    public final ConvTranspose2d d1, d2, d3, d4;
    public final VaeLoss loss = new VaeLoss(PIXELS, Z);
    public final int maxBatch;

    // Forward caches, each (maxBatch, per-sample size). Encoder outputs after ReLU:
    private final float[] enc1, enc2, enc3, enc4;    // (B,32,31,31) (B,64,14,14) (B,128,6,6) (B,256,2,2)=(B,1024)
    private final float[] mu, logVar, sigma, eps, z;  // (B,32); sigma = exp(logVar/2)
    private final float[] dec0;                       // (B,1024) = (B,1024,1,1), fc_dec output
    private final float[] dec1, dec2, dec3;           // after ReLU: (B,128,5,5) (B,64,13,13) (B,32,30,30)
    private final float[] xHat;                       // (B,3,64,64) after the sigmoid
    // Gradients of the activations: dX of a layer's output (after its activation) and of its pre-activation.
    private final float[] dEnc1, dEnc2, dEnc3, dEnc4, dPreEnc1, dPreEnc2, dPreEnc3, dPreEnc4;
    private final float[] dMu, dLogVar, dZ;
    private final float[] dDec0, dDec1, dDec2, dDec3, dPreDec1, dPreDec2, dPreDec3, dPreXHat;
    // The loss's gradients (trainStep): dL/dXHat, and the KL term's direct dL/dMu, dL/dLogVar.
    private final float[] lossDXHat, lossDMu, lossDLogVar;
    // The gradient buffers each backward (or step) zeroes before its layers accumulate into them.
    private final float[][] decoderGrads, encoderGrads, lossGrads;

    public ConvVae(int maxBatch) {
        if (maxBatch <= 0) throw new IllegalArgumentException("maxBatch must be positive: " + maxBatch);
        this.maxBatch = maxBatch;
        // Registration order = PyTorch's named_parameters() order: c1..c4, fc_mu, fc_logvar, fc_dec, d1..d4.
        ParamSet.Builder b = ParamSet.builder();
        c1 = new Conv2d(b, "c1", 3, 64, 64, 32, 4, 2);      // -> 32x31x31
        c2 = new Conv2d(b, "c2", 32, 31, 31, 64, 4, 2);     // -> 64x14x14
        c3 = new Conv2d(b, "c3", 64, 14, 14, 128, 4, 2);    // -> 128x6x6
        c4 = new Conv2d(b, "c4", 128, 6, 6, 256, 4, 2);     // -> 256x2x2
        fcMu = new Dense(b, "fc_mu", FLAT, Z);
        fcLogVar = new Dense(b, "fc_logvar", FLAT, Z);
        fcDec = new Dense(b, "fc_dec", Z, FLAT);
        d1 = new ConvTranspose2d(b, "d1", 1024, 1, 1, 128, 5, 2);  // -> 128x5x5
        d2 = new ConvTranspose2d(b, "d2", 128, 5, 5, 64, 5, 2);    // -> 64x13x13
        d3 = new ConvTranspose2d(b, "d3", 64, 13, 13, 32, 6, 2);   // -> 32x30x30
        d4 = new ConvTranspose2d(b, "d4", 32, 30, 30, 3, 6, 2);    // -> 3x64x64
        params = b.build();
        if (c4.outSize() != FLAT || d4.outSize() != PIXELS) throw new AssertionError("VAE shapes do not chain");

        enc1 = act(c1.outSize()); enc2 = act(c2.outSize()); enc3 = act(c3.outSize()); enc4 = act(c4.outSize());
        mu = act(Z); logVar = act(Z); sigma = act(Z); eps = act(Z); z = act(Z);
        dec0 = act(FLAT); dec1 = act(d1.outSize()); dec2 = act(d2.outSize()); dec3 = act(d3.outSize());
        xHat = act(PIXELS);
        dEnc1 = act(c1.outSize()); dEnc2 = act(c2.outSize()); dEnc3 = act(c3.outSize()); dEnc4 = act(c4.outSize());
        dPreEnc1 = act(c1.outSize()); dPreEnc2 = act(c2.outSize()); dPreEnc3 = act(c3.outSize()); dPreEnc4 = act(c4.outSize());
        dMu = act(Z); dLogVar = act(Z); dZ = act(Z);
        dDec0 = act(FLAT); dDec1 = act(d1.outSize()); dDec2 = act(d2.outSize()); dDec3 = act(d3.outSize());
        dPreDec1 = act(d1.outSize()); dPreDec2 = act(d2.outSize()); dPreDec3 = act(d3.outSize()); dPreXHat = act(PIXELS);
        lossDXHat = act(PIXELS); lossDMu = act(Z); lossDLogVar = act(Z);
        decoderGrads = new float[][] {dPreXHat, dDec3, dPreDec3, dDec2, dPreDec2, dDec1, dPreDec1, dDec0, dZ};
        encoderGrads = new float[][] {dEnc4, dPreEnc4, dEnc3, dPreEnc3, dEnc2, dPreEnc2, dEnc1, dPreEnc1};
        lossGrads = new float[][] {lossDXHat, lossDMu, lossDLogVar};
    }

    private float[] act(int perSample) { return new float[maxBatch * perSample]; }

    /** PyTorch's default initialisation (see {@link UniformInit}), drawn in parameter order from a seeded generator. */
    public void initDefault(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        c1.initDefault(rng); c2.initDefault(rng); c3.initDefault(rng); c4.initDefault(rng);
        UniformInit.initDefault(fcMu, rng); UniformInit.initDefault(fcLogVar, rng); UniformInit.initDefault(fcDec, rng);
        d1.initDefault(rng); d2.initDefault(rng); d3.initDefault(rng); d4.initDefault(rng);
    }

    // ---- encoder ---------------------------------------------------------------------------------

    // x (B,3,64,64) -> mu, logVar (B,32) into the caller's arrays (e.g. to encode a rollout's frames).
    public void encode(int batch, float[] x, float[] muOut, float[] logVarOut) {
        encodeCached(batch, x);
        System.arraycopy(mu, 0, muOut, 0, batch * Z);
        System.arraycopy(logVar, 0, logVarOut, 0, batch * Z);
    }

    /**
     * The encoder frozen for inference: a snapshot of today's weights, arranged once for the kernels
     * (faster per call, above all at small batches), with its own buffers for up to maxBatch images.
     */
    public FrozenEncoder frozenEncoder(int maxBatch) {
        return new FrozenEncoder(this, maxBatch);
    }

    // x (B,3,64,64) -> enc1..enc4 -> mu, logVar (B,32), all cached
    private void encodeCached(int batch, float[] x) {
        checkBatch(batch);
        // each conv with its ReLU fused (enc1..enc4 hold the activations after ReLU)
        c1.forward(batch, x, 0, enc1, 0, true);
        c2.forward(batch, enc1, 0, enc2, 0, true);
        c3.forward(batch, enc2, 0, enc3, 0, true);
        c4.forward(batch, enc3, 0, enc4, 0, true);
        // enc4 (B,256,2,2) is already (B,1024) in channel-major order, as PyTorch's reshape.
        fcMu.forward(batch, enc4, 0, mu, 0);
        fcLogVar.forward(batch, enc4, 0, logVar, 0);
    }

    // ---- decoder ---------------------------------------------------------------------------------

    // z (B,32) -> xHat (B,3,64,64) into the caller's array (e.g. to look at a latent or a dream).
    public void decode(int batch, float[] zIn, float[] xHatOut) {
        checkBatch(batch);
        System.arraycopy(zIn, 0, z, 0, batch * Z);
        decodeCached(batch);
        System.arraycopy(xHat, 0, xHatOut, 0, batch * PIXELS);
    }

    // z (B,32) -> dec0 (B,1024,1,1) -> dec1..dec3 -> xHat (B,3,64,64), all cached
    private void decodeCached(int batch) {
        fcDec.forward(batch, z, 0, dec0, 0);
        d1.forward(batch, dec0, 0, dec1, 0);
        Activations.reluForward(dec1, 0, dec1, 0, batch * d1.outSize());
        d2.forward(batch, dec1, 0, dec2, 0);
        Activations.reluForward(dec2, 0, dec2, 0, batch * d2.outSize());
        d3.forward(batch, dec2, 0, dec3, 0);
        Activations.reluForward(dec3, 0, dec3, 0, batch * d3.outSize());
        d4.forward(batch, dec3, 0, xHat, 0);
        Activations.sigmoidForward(xHat, 0, xHat, 0, batch * PIXELS);
    }

    // ---- whole model -----------------------------------------------------------------------------

    // x (B,3,64,64), eps (B,32) -> mu, logVar, z (B,32), xHat (B,3,64,64), cached for backward
    public void forward(int batch, float[] x, float[] epsIn) {
        encodeCached(batch, x);
        // Reparameterisation: z = mu + sigma * eps, sigma = exp(logVar / 2), so dz/dmu = 1 and dz/dlogVar = sigma eps / 2.
        for (int i = 0; i < batch * Z; i++) {
            eps[i] = epsIn[i];
            sigma[i] = (float) Math.exp(0.5 * logVar[i]);
            z[i] = mu[i] + sigma[i] * eps[i];
        }
        decodeCached(batch);
    }

    /**
     * Backpropagates from the last {@link #forward}: dXHat (B,3,64,64) is dL/dxHat, dMuIn and dLogVarIn (B,32)
     * are the loss's direct gradients on mu and logVar (the KL term). ACCUMULATES into {@code params.grad};
     * the caller zeroes it once per step. The input arrays are not modified.
     */
    public void backward(int batch, float[] x, float[] dXHat, float[] dMuIn, float[] dLogVarIn) {
        checkBatch(batch);
        // Decoder, output to input. Each gradient buffer is zeroed, then receives its layer's += .
        zero(batch, decoderGrads);
        Activations.sigmoidBackward(xHat, 0, dXHat, 0, dPreXHat, 0, batch * PIXELS);
        d4.backward(batch, dec3, 0, dPreXHat, 0, dDec3, 0);
        Activations.reluBackward(dec3, 0, dDec3, 0, dPreDec3, 0, batch * d3.outSize());
        d3.backward(batch, dec2, 0, dPreDec3, 0, dDec2, 0);
        Activations.reluBackward(dec2, 0, dDec2, 0, dPreDec2, 0, batch * d2.outSize());
        d2.backward(batch, dec1, 0, dPreDec2, 0, dDec1, 0);
        Activations.reluBackward(dec1, 0, dDec1, 0, dPreDec1, 0, batch * d1.outSize());
        d1.backward(batch, dec0, 0, dPreDec1, 0, dDec0, 0);
        fcDec.backward(batch, z, 0, dDec0, 0, dZ, 0);

        // Through the sample: dMu = dMuIn + dZ;  dLogVar = dLogVarIn + dZ * eps * sigma / 2.
        for (int i = 0; i < batch * Z; i++) {
            dMu[i] = dMuIn[i] + dZ[i];
            dLogVar[i] = dLogVarIn[i] + dZ[i] * eps[i] * sigma[i] * 0.5f;
        }

        // Encoder, output to input; the first layer's input is data, so it gets no dX.
        zero(batch, encoderGrads);
        fcMu.backward(batch, enc4, 0, dMu, 0, dEnc4, 0);
        fcLogVar.backward(batch, enc4, 0, dLogVar, 0, dEnc4, 0);
        Activations.reluBackward(enc4, 0, dEnc4, 0, dPreEnc4, 0, batch * c4.outSize());
        c4.backward(batch, enc3, 0, dPreEnc4, 0, dEnc3, 0);
        Activations.reluBackward(enc3, 0, dEnc3, 0, dPreEnc3, 0, batch * c3.outSize());
        c3.backward(batch, enc2, 0, dPreEnc3, 0, dEnc2, 0);
        Activations.reluBackward(enc2, 0, dEnc2, 0, dPreEnc2, 0, batch * c2.outSize());
        c2.backward(batch, enc1, 0, dPreEnc2, 0, dEnc1, 0);
        Activations.reluBackward(enc1, 0, dEnc1, 0, dPreEnc1, 0, batch * c1.outSize());
        c1.backward(batch, x, 0, dPreEnc1, 0, null, 0);
    }

    /**
     * One optimisation step on a batch: zero the gradients, forward, loss, backward, Adam.
     * A NaN or infinite loss or gradient throws {@link TrainingDivergedException} BEFORE the update,
     * so the parameters (and Adam's state) keep their last good values.
     */
    public VaeLoss.Parts trainStep(int batch, float[] x, float[] epsIn, Adam adam) {
        params.zeroGrad();
        forward(batch, x, epsIn);
        VaeLoss.Parts parts = loss.forward(batch, x, xHat, mu, logVar);
        if (!Double.isFinite(parts.total())) {
            throw new TrainingDivergedException("VAE loss is not finite (" + parts + ") at Adam step "
                    + (adam.stepCount() + 1) + "; training stopped, parameters left at their last good values");
        }
        zero(batch, lossGrads);
        loss.backward(batch, x, xHat, mu, logVar, lossDXHat, lossDMu, lossDLogVar);
        backward(batch, x, lossDXHat, lossDMu, lossDLogVar);
        float[] g = params.grad;
        for (int i = 0; i < g.length; i++) {
            if (!Float.isFinite(g[i])) {
                throw new TrainingDivergedException("VAE gradient is not finite (" + g[i] + " at flat index " + i
                        + ") at Adam step " + (adam.stepCount() + 1) + "; parameters left at their last good values");
            }
        }
        adam.step();
        return parts;
    }

    /** The loss of the last {@link #forward} (e.g. to evaluate without training). */
    public VaeLoss.Parts lossOfLastForward(int batch, float[] x) {
        return loss.forward(batch, x, xHat, mu, logVar);
    }

    // Live cached buffers of the last forward: the first batch rows are valid.
    public float[] mu() { return mu; }
    public float[] logVar() { return logVar; }
    public float[] z() { return z; }
    public float[] xHat() { return xHat; }

    private void checkBatch(int batch) {
        if (batch <= 0 || batch > maxBatch) throw new IllegalArgumentException("batch " + batch + " not in 1.." + maxBatch);
    }

    /** Zeroes the first {@code batch} rows of each buffer (row size = buffer length / maxBatch). */
    private void zero(int batch, float[][] buffers) {
        for (float[] buf : buffers) Arrays.fill(buf, 0, buf.length / maxBatch * batch, 0f);
    }
}
