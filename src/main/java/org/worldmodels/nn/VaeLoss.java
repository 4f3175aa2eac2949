// SPDX-License-Identifier: MIT
// The VAE's loss (World Models, and wm_models.vae_loss): squared-error reconstruction summed over the
// pixels plus the KL divergence to N(0, I), each sample's KL clamped from below at kl_tolerance * zDim.
package org.worldmodels.nn;

/**
 * {@code L = mean_b sum_p (x - xHat)^2 + mean_b max(KL_b, klFloor)} with
 * {@code KL_b = -1/2 sum_i (1 + logVar_i - mu_i^2 - exp(logVar_i))} and {@code klFloor = klTolerance * zDim}
 * (0.5 * 32 = 16 in the paper). A sample whose KL is below the floor contributes the floor and no gradient;
 * at exactly the floor the gradient flows, as in PyTorch's clamp. Sums are taken in double.
 * Backward ACCUMULATES into dXHat, dMu, dLogVar.
 */
public final class VaeLoss {
    /** The paper's kl_tolerance. */
    public static final double KL_TOLERANCE = 0.5;

    /** The loss and its parts, each already averaged over the batch. */
    public record Parts(double reconstruction, double kl, double klClipped, double total) {}

    public final int pixels;      // values per sample in x and xHat (3 * 64 * 64)
    public final int zDim;        // latent size (32)
    public final double klFloor;  // kl_tolerance * zDim

    public VaeLoss(int pixels, int zDim) {
        this(pixels, zDim, KL_TOLERANCE);
    }

    public VaeLoss(int pixels, int zDim, double klTolerance) {
        this.pixels = pixels;
        this.zDim = zDim;
        this.klFloor = klTolerance * zDim;
    }

    // x, xHat (B, pixels); mu, logVar (B, zDim) -> Parts
    public Parts forward(int batch, float[] x, float[] xHat, float[] mu, float[] logVar) {
        double recon = 0, kl = 0, klClipped = 0;
        for (int b = 0; b < batch; b++) {
            double r = 0;
            for (int p = b * pixels; p < (b + 1) * pixels; p++) {
                double d = (double) x[p] - xHat[p];
                r += d * d;
            }
            recon += r;
            double k = klOfSample(b, mu, logVar);
            kl += k;
            klClipped += Math.max(k, klFloor);
        }
        return new Parts(recon / batch, kl / batch, klClipped / batch, (recon + klClipped) / batch);
    }

    // -> dXHat (B, pixels) += 2 (xHat - x) / B;
    //    dMu, dLogVar (B, zDim) += [KL_b >= floor] (mu, (exp(logVar) - 1) / 2) / B
    public void backward(int batch, float[] x, float[] xHat, float[] mu, float[] logVar,
                         float[] dXHat, float[] dMu, float[] dLogVar) {
        float scale = (float) (2.0 / batch);
        for (int p = 0; p < batch * pixels; p++) dXHat[p] += scale * (xHat[p] - x[p]);
        double invB = 1.0 / batch;
        for (int b = 0; b < batch; b++) {
            if (klOfSample(b, mu, logVar) < klFloor) continue;   // clamped: the floor is a constant
            for (int i = b * zDim; i < (b + 1) * zDim; i++) {
                dMu[i] += (float) (mu[i] * invB);
                dLogVar[i] += (float) (0.5 * (Math.exp(logVar[i]) - 1) * invB);
            }
        }
    }

    /** KL(N(mu, exp(logVar)) || N(0, I)) of sample b = -1/2 sum_i (1 + logVar_i - mu_i^2 - exp(logVar_i)). */
    public double klOfSample(int b, float[] mu, float[] logVar) {
        double s = 0;
        for (int i = b * zDim; i < (b + 1) * zDim; i++) {
            double m = mu[i], lv = logVar[i];
            s += 1 + lv - m * m - Math.exp(lv);
        }
        return -0.5 * s;
    }
}
