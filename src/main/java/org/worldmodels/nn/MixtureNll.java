// SPDX-License-Identifier: MIT
// Negative log-likelihood of a 1-D Gaussian mixture per latent dimension (the MDN head's loss), its
// gradient w.r.t. the head output, and sampling with a temperature.
package org.worldmodels.nn;

import java.util.random.RandomGenerator;
import org.worldmodels.kernel.MixtureNllKernel;
import org.worldmodels.kernel.Parallel;

/**
 * Mixture density loss of the MDN-RNN. Each row of the head output holds, per latent dim d, 3K
 * numbers {@code [logit_pi 1..K, mu 1..K, log_sigma 1..K]} (PyTorch: reshape (.., Z, 3K), split in
 * three). For a target y:
 * <pre>
 *   log pi_k = logit_k - logsumexp(logit)
 *   v_k      = log pi_k - 0.5 ((y - mu_k) / sigma_k)^2 - log sigma_k - 0.5 log(2 pi)
 *   nll      = -logsumexp_k(v_k)
 * </pre>
 * averaged over latent dims and (unmasked) rows. Everything stays in log space: no exp of a logit is
 * ever summed unshifted, so large logits or tiny sigmas cannot overflow. The per-row arithmetic, loss
 * and gradient, is the kernel {@link MixtureNllKernel} (SIMD over latent dims, in double).
 */
public final class MixtureNll {
    /** Latent dims Z and mixture components K; a head row has Z * 3K numbers. */
    public final int latent, mixtures, width;
    /** Scratch of forward and backward (so one instance serves one thread): the kernel's, and the nll per dim of one row. */
    private final MixtureNllKernel.Scratch scratch;
    private final double[] rowNll;

    public MixtureNll(int latent, int mixtures) {
        this.latent = latent;
        this.mixtures = mixtures;
        this.width = latent * 3 * mixtures;
        this.scratch = new MixtureNllKernel.Scratch(latent, mixtures);
        this.rowNll = new double[latent];
    }

    /** Offsets inside a head row of logit_pi, mu and log_sigma of component k of latent dim d. */
    public int logitIndex(int d, int k) { return d * 3 * mixtures + k; }
    public int muIndex(int d, int k) { return d * 3 * mixtures + mixtures + k; }
    public int logSigmaIndex(int d, int k) { return d * 3 * mixtures + 2 * mixtures + k; }

    // out (N, Z*3K), y (N, Z), mask (N) of 0/1 or null -> mean nll over unmasked rows and all dims
    public double forward(int rows, float[] out, float[] y, float[] mask) {
        checkShapes(rows, out, y, mask);
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            if (mask != null && mask[r] == 0f) continue;
            MixtureNllKernel.row(latent, mixtures, out, r * width, y, r * latent, null, 0, rowNll, 0, scratch);
            for (int d = 0; d < latent; d++) sum += rowNll[d];
        }
        return sum / (count(rows, mask) * latent);
    }

    /**
     * Accumulates {@code scale * d(mean nll)/d(out)} into dOut. With w_k = softmax_k(v) (the
     * posterior responsibility of component k) and u_k = (y - mu_k) / sigma_k, per row and dim:
     * {@code d/dlogit_k = pi_k - w_k;  d/dmu_k = -w_k u_k / sigma_k;  d/dlog_sigma_k = w_k (1 - u_k^2)}.
     */
    // out (N, Z*3K), y (N, Z), mask (N) or null -> dOut (N, Z*3K) +=
    public void backward(int rows, float[] out, float[] y, float[] mask, double scale, float[] dOut) {
        checkShapes(rows, out, y, mask);
        if (dOut.length < (long) rows * width) throw new IllegalArgumentException("dOut has " + dOut.length + " floats, expected at least (" + rows + "," + width + ")");
        double g = scale / (count(rows, mask) * latent);
        for (int r = 0; r < rows; r++) {
            if (mask != null && mask[r] == 0f) continue;
            MixtureNllKernel.row(latent, mixtures, out, r * width, y, r * latent, dOut, g, rowNll, 0, scratch);
        }
    }

    /**
     * Training's forward and backward in one pass (the backward needs every quantity of the forward,
     * so doing them apart computed each log-sum-exp twice): returns the mean nll, bit for bit what
     * {@link #forward} returns, and accumulates {@code scale * d(mean nll)/d(out)} into dOut as
     * {@link #backward}. Rows are split over threads; each (row, dim) nll goes to {@code nllScratch}
     * and is summed afterwards in row order, so the loss does not depend on the thread count.
     */
    // out (N, Z*3K), y (N, Z), mask (N) or null, nllScratch >= N*Z -> mean nll; dOut (N, Z*3K) +=
    public double forwardBackward(int rows, float[] out, float[] y, float[] mask, double scale, float[] dOut, double[] nllScratch) {
        checkShapes(rows, out, y, mask);
        if (dOut.length < (long) rows * width) throw new IllegalArgumentException("dOut has " + dOut.length + " floats, expected at least (" + rows + "," + width + ")");
        if (nllScratch.length < (long) rows * latent) throw new IllegalArgumentException("nll scratch has " + nllScratch.length + " doubles, expected at least " + (long) rows * latent);
        double n = count(rows, mask), g = scale / (n * latent);
        int parts = Math.max(1, Math.min(Parallel.available(), rows / 64));
        Parallel.run(parts, (part, ps) -> {
            var partScratch = new MixtureNllKernel.Scratch(latent, mixtures);   // this part's (one per call, not per row)
            for (int r = part * rows / ps, end = (part + 1) * rows / ps; r < end; r++) {
                if (mask != null && mask[r] == 0f) continue;
                MixtureNllKernel.row(latent, mixtures, out, r * width, y, r * latent, dOut, g, nllScratch, r * latent, partScratch);
            }
        });
        double sum = 0;   // same order as forward's running sum
        for (int r = 0; r < rows; r++) {
            if (mask != null && mask[r] == 0f) continue;
            for (int d = 0; d < latent; d++) sum += nllScratch[r * latent + d];
        }
        return sum / (n * latent);
    }

    /**
     * Draws y per latent dim with temperature tau: component k ~ softmax(logit / tau), then
     * y = mu_k + sigma_k sqrt(tau) eps, eps ~ N(0, 1) (the paper's sampling; tau = 1 is the model).
     */
    // out (N, Z*3K) -> y (N, Z)
    public void sample(int rows, float[] out, double tau, RandomGenerator rng, float[] y) {
        if (!(tau > 0)) throw new IllegalArgumentException("temperature tau must be > 0, got " + tau);
        if (out.length < (long) rows * width || y.length < (long) rows * latent) {
            throw new IllegalArgumentException("sample of " + rows + " rows needs out (" + rows + "," + width + ") and y (" + rows + "," + latent
                    + "), got lengths " + out.length + " and " + y.length);
        }
        int K = mixtures;
        double sqrtTau = Math.sqrt(tau);
        for (int r = 0; r < rows; r++) {
            for (int d = 0; d < latent; d++) {
                int o = r * width + d * 3 * K;
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < K; k++) max = Math.max(max, out[o + k] / tau);
                double total = 0;
                for (int k = 0; k < K; k++) total += Math.exp(out[o + k] / tau - max);
                // Inverse-CDF pick of the component; the last one catches rounding at the top end.
                double u = rng.nextDouble() * total, acc = 0;
                int pick = K - 1;
                for (int k = 0; k < K; k++) {
                    acc += Math.exp(out[o + k] / tau - max);
                    if (u < acc) { pick = k; break; }
                }
                double sigma = Math.exp(out[o + 2 * K + pick]);
                y[r * latent + d] = (float) (out[o + K + pick] + sigma * sqrtTau * rng.nextGaussian());
            }
        }
    }

    private void checkShapes(int rows, float[] out, float[] y, float[] mask) {
        if (out.length < (long) rows * width) {
            throw new IllegalArgumentException("head output has " + out.length + " floats, expected at least (" + rows + "," + width + ")");
        }
        if (y.length != (long) rows * latent) {
            throw new IllegalArgumentException("targets have " + y.length + " floats, expected (" + rows + "," + latent + ") = " + (long) rows * latent
                    + " to match head output (" + rows + "," + width + ")");
        }
        if (mask != null && mask.length != rows) {
            throw new IllegalArgumentException("mask has " + mask.length + " entries, expected (" + rows + ") to match targets (" + rows + "," + latent + ")");
        }
    }

    private static double count(int rows, float[] mask) {
        if (mask == null) return rows;
        double n = 0;
        for (int r = 0; r < rows; r++) if (mask[r] != 0f) n++;
        if (n == 0) throw new IllegalArgumentException("mask hides every row: the mean is undefined");
        return n;
    }
}
