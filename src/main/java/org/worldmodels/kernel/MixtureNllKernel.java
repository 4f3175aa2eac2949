// SPDX-License-Identifier: MIT
// Facade of the mixture density loss kernels (the MDN head's loss per row): MixtureNllVector when SIMD
// is on, MixtureNllScalar otherwise; both give the same bits.
package org.worldmodels.kernel;

/**
 * Negative log-likelihood of one head row under a 1-D Gaussian mixture per latent dim, and its
 * gradient. Per dim d the row holds 3K numbers [logit_pi 1..K, mu 1..K, log_sigma 1..K]; for target y:
 * <pre>
 *   v_k = (logit_k - lse(logit)) - 0.5 ((y - mu_k) / sigma_k)^2 - log sigma_k - 0.5 log 2pi
 *   nll = -lse_k(v_k)                     (lse = log-sum-exp, shifted by the max: no overflow)
 *   w_k = softmax_k(v), pi_k = softmax_k(logit), u_k = (y - mu_k) / sigma_k
 *   d/dlogit_k = pi_k - w_k,  d/dmu_k = -w_k u_k / sigma_k,  d/dlog_sigma_k = w_k (1 - u_k^2)
 * </pre>
 * in double, with a polynomial exp (MixtureNllScalar.exp) so that both kernels agree bit for bit.
 */
public final class MixtureNllKernel {
    private MixtureNllKernel() {}

    /** Buffers of one thread for rows of Z latent dims, mixtures of K components (sized once; no allocation per row). */
    public static final class Scratch {
        final double[] scalar;
        final MixtureNllVector.Scratch vector;

        public Scratch(int latent, int mixtures) {
            this.scalar = new double[3 * mixtures];
            this.vector = Simd.ENABLED ? new MixtureNllVector.Scratch(latent, mixtures) : null;
        }
    }

    /**
     * One row: nll[nllOff + d] = nll of latent dim d, for d in [0, latent); if dOut is non-null, adds
     * g * d(nll_d)/d(out) into dOut at the same indices as out (from o).
     */
    // out (Z*3K) from o, y (Z) from yOff -> nll (Z) from nllOff; dOut (Z*3K) from o +=
    public static void row(int latent, int mixtures, float[] out, int o, float[] y, int yOff, float[] dOut, double g,
                           double[] nll, int nllOff, Scratch scratch) {
        if (Simd.ENABLED) MixtureNllVector.row(latent, mixtures, out, o, y, yOff, dOut, g, nll, nllOff, scratch.vector, scratch.scalar);
        else MixtureNllScalar.row(latent, mixtures, out, o, y, yOff, dOut, g, nll, nllOff, scratch.scalar);
    }
}
