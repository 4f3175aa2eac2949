// SPDX-License-Identifier: MIT
// The mixture density loss of one head row (all latent dims) and its gradient, in plain loops, with
// a polynomial double exp: the teaching text, the oracle of MixtureNllVector, and its tails.
package org.worldmodels.kernel;

/**
 * Scalar twin of {@link MixtureNllVector}, bit for bit (same operations in the same order, Math.fma
 * where the vector code fuses). See {@link MixtureNllKernel} for the contract and the equations.
 */
public final class MixtureNllScalar {
    private MixtureNllScalar() {}

    static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    // ---- exp in double from add, multiply, fma and exponent bits ------------------------------------

    /** Clamp so that 2^n stays a normal double; e^-708 ~ 3e-308 stands in for anything smaller (sums here are >= 1). */
    static final double EXP_MIN = -708, EXP_MAX = 709;
    static final double LOG2E = 1.4426950408889634;
    /** ln 2 = LN2_HI + LN2_LO; LN2_HI's low 21 mantissa bits are zero, so n * LN2_HI is exact for |n| < 2^21 (Cody and Waite). */
    static final double LN2_HI = Double.longBitsToDouble(0x3fe62e42fee00000L), LN2_LO = 1.9082149292705877e-10;
    /** Adding 1.5 * 2^52 rounds to an integer n and leaves n in the low mantissa bits. */
    static final double ROUND_MAGIC = 6755399441055744.0;
    /** 1/k! for k = 13 down to 2: for |r| <= ln(2)/2 the first term left out, r^14/14!, is < 5e-18. */
    static final double[] TAYLOR = new double[12];
    static {
        double factorial = 1;
        for (int k = 2; k <= 13; k++) {
            factorial *= k;
            TAYLOR[13 - k] = 1 / factorial;
        }
    }

    /** e^x = 2^n e^r, n = round(x / ln 2), |r| <= ln(2)/2, e^r by its Taylor polynomial of degree 13 (Horner). */
    public static double exp(double x) {
        x = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        double t = Math.fma(x, LOG2E, ROUND_MAGIC);
        double n = t - ROUND_MAGIC;
        double r = Math.fma(n, -LN2_HI, x);
        r = Math.fma(n, -LN2_LO, r);
        double p = TAYLOR[0];
        for (int i = 1; i < TAYLOR.length; i++) p = Math.fma(p, r, TAYLOR[i]);
        p = Math.fma(p, r, 1);
        p = Math.fma(p, r, 1);
        long bits = (Double.doubleToRawLongBits(t) - Double.doubleToRawLongBits(ROUND_MAGIC) + 1023) << 52;   // 2^n
        return p * Double.longBitsToDouble(bits);
    }

    // ---- the loss --------------------------------------------------------------------------------------

    /** See {@link MixtureNllKernel#row}. s is scratch of at least 3K doubles. */
    public static void row(int latent, int mixtures, float[] out, int o, float[] y, int yOff, float[] dOut, double g, double[] nll, int nllOff, double[] s) {
        for (int d = 0; d < latent; d++) {
            nll[nllOff + d] = dim(mixtures, out, o + d * 3 * mixtures, y[yOff + d], dOut, g, s);
        }
    }

    /**
     * One latent dim whose 3K numbers start at out[o] (dOut at the same index); also the vector
     * kernel's tail. Scratch: s[k] = e^(logit_k - max), s[K + k] = 1 / sigma_k, s[2K + k] = v_k then
     * e^(v_k - max v): each exponential is taken once and reused by the gradient.
     */
    static double dim(int K, float[] out, int o, double y, float[] dOut, double g, double[] s) {
        double maxLogit = out[o];
        for (int k = 1; k < K; k++) maxLogit = Math.max(maxLogit, out[o + k]);
        double sumLogit = 0;
        for (int k = 0; k < K; k++) {
            s[k] = exp(out[o + k] - maxLogit);
            sumLogit += s[k];
        }
        double lseLogit = maxLogit + Math.log(sumLogit);
        // v_k = (logit_k - lse(logit)) - 0.5 u_k^2 - log_sigma_k - 0.5 log 2pi,  u_k = (y - mu_k) / sigma_k
        double maxV = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < K; k++) {
            double logSigma = out[o + 2 * K + k];
            s[K + k] = exp(-logSigma);
            double u = (y - out[o + K + k]) * s[K + k];
            s[2 * K + k] = out[o + k] - lseLogit - 0.5 * u * u - logSigma - LOG_SQRT_2PI;
            maxV = Math.max(maxV, s[2 * K + k]);
        }
        double sumV = 0;
        for (int k = 0; k < K; k++) {
            s[2 * K + k] = exp(s[2 * K + k] - maxV);
            sumV += s[2 * K + k];
        }
        double lseV = maxV + Math.log(sumV);
        if (dOut != null) {
            for (int k = 0; k < K; k++) {
                double w = s[2 * K + k] / sumV;       // responsibility of component k: softmax_k(v)
                double pi = s[k] / sumLogit;          // softmax_k(logit)
                double invSigma = s[K + k];
                double u = (y - out[o + K + k]) * invSigma;
                // d/dlogit_k = pi_k - w_k;  d/dmu_k = -w_k u_k / sigma_k;  d/dlog_sigma_k = w_k (1 - u_k^2)
                dOut[o + k] += (float) (g * (pi - w));
                dOut[o + K + k] += (float) (g * (-w * u * invSigma));
                dOut[o + 2 * K + k] += (float) (g * (w * (1 - u * u)));
            }
        }
        return -lseV;
    }
}
