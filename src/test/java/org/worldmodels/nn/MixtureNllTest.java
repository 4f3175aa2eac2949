// SPDX-License-Identifier: MIT
// MixtureNll: gradient by finite differences (with a mask), the masked mean, numerical stability in
// log space, and the statistics of temperature sampling. (The PyTorch comparison is in MdnRnnTest.)
package org.worldmodels.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MixtureNllTest {
    /** The loss is computed in double from float inputs, so a small step is clean. */
    private static final float FD_EPS = 1e-3f;
    /** |numeric - analytic| <= FD_TOL * max(1e-2, |analytic|) (gradients here are of order 1e-2). */
    private static final double FD_TOL = 1e-3;
    /** Masked loss vs the mean recomputed over the kept rows only. */
    private static final double MEAN_TOL = 1e-12;
    /** Samples for the moment checks; 5 standard errors of the estimates as the bound. */
    private static final int SAMPLES = 200_000;
    private static final double SIGMAS = 5;

    private static final int Z = 3, K = 5, ROWS = 6;

    private final MixtureNll nll = new MixtureNll(Z, K);
    private final float[] out, y, mask = {1, 1, 0, 1, 0, 1};

    MixtureNllTest() {
        SplittableRandom rng = new SplittableRandom(7);
        out = new float[ROWS * nll.width];
        for (int i = 0; i < out.length; i++) out[i] = (float) rng.nextDouble(-1.5, 1.5);
        y = new float[ROWS * Z];
        for (int i = 0; i < y.length; i++) y[i] = (float) rng.nextDouble(-2, 2);
    }

    @Test
    void gradientMatchesFiniteDifferencesWithAndWithoutMask() {
        for (float[] m : new float[][] {null, mask}) {
            float[] dOut = new float[out.length];
            nll.backward(ROWS, out, y, m, 1.0, dOut);
            int worst = -1;
            double worstErr = -1, worstNum = 0;
            for (int i = 0; i < out.length; i++) {
                float saved = out[i];
                out[i] = saved + FD_EPS;
                double plus = nll.forward(ROWS, out, y, m);
                double up = (double) out[i] - saved;
                out[i] = saved - FD_EPS;
                double minus = nll.forward(ROWS, out, y, m);
                double down = saved - (double) out[i];
                out[i] = saved;
                double num = (plus - minus) / (up + down);
                double err = Math.abs(num - dOut[i]) / Math.max(1e-2, Math.abs(dOut[i]));
                if (err > worstErr) { worstErr = err; worst = i; worstNum = num; }
                if (m != null && m[i / nll.width] == 0f) assertEquals(0f, dOut[i], "masked row must get no gradient, index " + i);
            }
            assertTrue(worstErr <= FD_TOL, (m == null ? "unmasked" : "masked") + ": worst index " + worst + " numeric " + worstNum
                    + " analytic " + dOut[worst] + " (error " + worstErr + ")");
        }
    }

    @Test
    void backwardAccumulatesWithScale() {
        float[] once = new float[out.length], twice = new float[out.length];
        nll.backward(ROWS, out, y, null, 1.0, once);
        nll.backward(ROWS, out, y, null, 0.5, twice);
        nll.backward(ROWS, out, y, null, 1.5, twice);
        for (int i = 0; i < out.length; i++) assertEquals(2 * once[i], twice[i], 1e-7, "index " + i);
    }

    @Test
    void maskedLossIsTheMeanOverKeptRows() {
        int kept = 0;
        float[] keptOut = new float[ROWS * nll.width], keptY = new float[ROWS * Z];
        for (int r = 0; r < ROWS; r++) {
            if (mask[r] == 0f) continue;
            System.arraycopy(out, r * nll.width, keptOut, kept * nll.width, nll.width);
            System.arraycopy(y, r * Z, keptY, kept * Z, Z);
            kept++;
        }
        float[] yKept = java.util.Arrays.copyOf(keptY, kept * Z);
        double expected = nll.forward(kept, keptOut, yKept, null);
        assertEquals(expected, nll.forward(ROWS, out, y, mask), MEAN_TOL);
    }

    @Test
    void matchesTheMixtureDensityWrittenInProbabilitySpaceForModerateValues() {
        // Independent oracle: -log sum_k pi_k N(y; mu_k, sigma_k), computed directly.
        double sum = 0;
        for (int r = 0; r < ROWS; r++) {
            for (int d = 0; d < Z; d++) {
                double norm = 0, p = 0;
                for (int k = 0; k < K; k++) norm += Math.exp(out[r * nll.width + nll.logitIndex(d, k)]);
                for (int k = 0; k < K; k++) {
                    double pi = Math.exp(out[r * nll.width + nll.logitIndex(d, k)]) / norm;
                    double mu = out[r * nll.width + nll.muIndex(d, k)];
                    double sigma = Math.exp(out[r * nll.width + nll.logSigmaIndex(d, k)]);
                    double u = (y[r * Z + d] - mu) / sigma;
                    p += pi * Math.exp(-0.5 * u * u) / (sigma * Math.sqrt(2 * Math.PI));
                }
                sum -= Math.log(p);
            }
        }
        assertEquals(sum / (ROWS * Z), nll.forward(ROWS, out, y, null), 1e-12);
    }

    @Test
    void staysFiniteForHugeLogitsAndTinySigmas() {
        float[] o = out.clone();
        for (int r = 0; r < ROWS; r++) {
            for (int d = 0; d < Z; d++) {
                o[r * nll.width + nll.logitIndex(d, 0)] = 1e4f;       // exp overflows in probability space
                o[r * nll.width + nll.logSigmaIndex(d, 1)] = -30f;    // density underflows to 0 in probability space
            }
        }
        double loss = nll.forward(ROWS, o, y, null);
        float[] dOut = new float[o.length];
        nll.backward(ROWS, o, y, null, 1.0, dOut);
        assertTrue(Double.isFinite(loss), "loss " + loss);
        for (int i = 0; i < dOut.length; i++) assertTrue(Float.isFinite(dOut[i]), "gradient at " + i + " is " + dOut[i]);
    }

    @Test
    void samplesHaveTheMixtureMomentsAtTemperatures() {
        // One row, Z dims, random mixture; compare sample mean and variance with the analytic moments
        // of the tempered mixture: pi ~ softmax(logit / tau), sigma * sqrt(tau).
        for (double tau : new double[] {1.0, 1.7, 0.5}) {
            float[] y1 = new float[Z];
            double[] sum = new double[Z], sumSq = new double[Z];
            SplittableRandom rng = new SplittableRandom(11);
            for (int s = 0; s < SAMPLES; s++) {
                nll.sample(1, out, tau, rng, y1);
                for (int d = 0; d < Z; d++) { sum[d] += y1[d]; sumSq[d] += (double) y1[d] * y1[d]; }
            }
            for (int d = 0; d < Z; d++) {
                double norm = 0, mean = 0, second = 0, fourthBound = 0;
                for (int k = 0; k < K; k++) norm += Math.exp(out[nll.logitIndex(d, k)] / tau);
                for (int k = 0; k < K; k++) {
                    double pi = Math.exp(out[nll.logitIndex(d, k)] / tau) / norm;
                    double mu = out[nll.muIndex(d, k)];
                    double var = Math.exp(2 * out[nll.logSigmaIndex(d, k)]) * tau;
                    mean += pi * mu;
                    second += pi * (var + mu * mu);
                    fourthBound += pi * (3 * var * var + 6 * var * mu * mu + mu * mu * mu * mu);
                }
                double variance = second - mean * mean;
                double sampleMean = sum[d] / SAMPLES, sampleSecond = sumSq[d] / SAMPLES;
                double seMean = Math.sqrt(variance / SAMPLES), seSecond = Math.sqrt(fourthBound / SAMPLES);
                assertEquals(mean, sampleMean, SIGMAS * seMean, "tau " + tau + " dim " + d + " mean");
                assertEquals(second, sampleSecond, SIGMAS * seSecond, "tau " + tau + " dim " + d + " second moment");
            }
        }
    }

    @Test
    void samplingIsReproducibleFromTheSeed() {
        float[] a = new float[ROWS * Z], b = new float[ROWS * Z];
        nll.sample(ROWS, out, 1.15, new SplittableRandom(3), a);
        nll.sample(ROWS, out, 1.15, new SplittableRandom(3), b);
        assertArrayEquals(a, b);
    }

    @Test
    void wrongShapesFailWithBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> nll.forward(ROWS, out, new float[ROWS * (Z + 1)], null));
        assertTrue(e.getMessage().contains("(" + ROWS + "," + Z + ")") && e.getMessage().contains("(" + ROWS + "," + nll.width + ")"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> nll.forward(ROWS, out, y, new float[ROWS + 1]));
        assertTrue(e.getMessage().contains("mask"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> nll.sample(1, out, 0.0, new SplittableRandom(1), new float[Z]));
    }
}
