// SPDX-License-Identifier: MIT
// The mixture density loss with the Vector API: LANES latent dims at once (double lanes), their 3K
// numbers gathered from the head row, the polynomial exp of MixtureNllScalar on whole vectors.
package org.worldmodels.kernel;

import static org.worldmodels.kernel.MixtureNllScalar.EXP_MAX;
import static org.worldmodels.kernel.MixtureNllScalar.EXP_MIN;
import static org.worldmodels.kernel.MixtureNllScalar.LN2_HI;
import static org.worldmodels.kernel.MixtureNllScalar.LN2_LO;
import static org.worldmodels.kernel.MixtureNllScalar.LOG2E;
import static org.worldmodels.kernel.MixtureNllScalar.LOG_SQRT_2PI;
import static org.worldmodels.kernel.MixtureNllScalar.ROUND_MAGIC;
import static org.worldmodels.kernel.MixtureNllScalar.TAYLOR;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD version of {@link MixtureNllScalar}, equal to it bit for bit. A head row holds per latent dim
 * d the 3K numbers [logit 1..K, mu 1..K, log_sigma 1..K]; lane l of a vector is dim d + l, so the
 * k-th number of LANES dims is a gather with stride 3K. The loss is in double (the finite-difference
 * tests need it). Intermediate vectors per component go to a double[] scratch, not to an array of
 * vectors (which would box them). The last latent % LANES dims go through the scalar twin.
 */
public final class MixtureNllVector {
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = DS.length();
    private static final long MAGIC_BITS = Double.doubleToRawLongBits(ROUND_MAGIC);
    private static final DoubleVector ONE = DoubleVector.broadcast(DS, 1), LOG2E_V = DoubleVector.broadcast(DS, LOG2E);
    private static final DoubleVector MAGIC_V = DoubleVector.broadcast(DS, ROUND_MAGIC);
    private static final DoubleVector MINUS_LN2_HI = DoubleVector.broadcast(DS, -LN2_HI), MINUS_LN2_LO = DoubleVector.broadcast(DS, -LN2_LO);

    private MixtureNllVector() {}

    /** Per-thread buffers: lane index maps of the 3K numbers, the row widened to double, and the intermediate vectors. */
    static final class Scratch {
        final int[][] maps;       // maps[j][l] = l * 3K + j
        final double[] s;         // [e_k | 1/sigma_k | v_k, then e^(v_k - max v)] for each k, LANES each; then LANES for the logs
        final double[] row, y, grad;

        Scratch(int latent, int mixtures) {
            int w = 3 * mixtures;
            maps = new int[w][LANES];
            for (int j = 0; j < w; j++) for (int l = 0; l < LANES; l++) maps[j][l] = l * w + j;
            s = new double[(w + 1) * LANES];
            row = new double[latent * w];
            grad = new double[latent * w];
            y = new double[latent];
        }
    }

    private static final DoubleVector C13 = DoubleVector.broadcast(DS, TAYLOR[0]), C12 = DoubleVector.broadcast(DS, TAYLOR[1]);
    private static final DoubleVector C11 = DoubleVector.broadcast(DS, TAYLOR[2]), C10 = DoubleVector.broadcast(DS, TAYLOR[3]);
    private static final DoubleVector C9 = DoubleVector.broadcast(DS, TAYLOR[4]), C8 = DoubleVector.broadcast(DS, TAYLOR[5]);
    private static final DoubleVector C7 = DoubleVector.broadcast(DS, TAYLOR[6]), C6 = DoubleVector.broadcast(DS, TAYLOR[7]);
    private static final DoubleVector C5 = DoubleVector.broadcast(DS, TAYLOR[8]), C4 = DoubleVector.broadcast(DS, TAYLOR[9]);
    private static final DoubleVector C3 = DoubleVector.broadcast(DS, TAYLOR[10]), C2 = DoubleVector.broadcast(DS, TAYLOR[11]);

    // scalar: MixtureNllScalar.exp (Horner over TAYLOR, written out)
    static DoubleVector exp(DoubleVector x) {
        x = x.max(EXP_MIN).min(EXP_MAX);
        DoubleVector t = x.fma(LOG2E_V, MAGIC_V);
        DoubleVector n = t.sub(MAGIC_V);
        DoubleVector r = n.fma(MINUS_LN2_HI, x);
        r = n.fma(MINUS_LN2_LO, r);
        DoubleVector p = C13.fma(r, C12).fma(r, C11).fma(r, C10).fma(r, C9).fma(r, C8).fma(r, C7);
        p = p.fma(r, C6).fma(r, C5).fma(r, C4).fma(r, C3).fma(r, C2).fma(r, ONE).fma(r, ONE);
        LongVector bits = ((LongVector) t.reinterpretAsLongs()).sub(MAGIC_BITS).add(1023).lanewise(VectorOperators.LSHL, 52);
        return p.mul(bits.reinterpretAsDoubles());
    }

    /** ln of each lane, by Math.log (two per latent dim: few enough to stay scalar). */
    private static DoubleVector log(DoubleVector x, double[] s, int at) {
        x.intoArray(s, at);
        for (int l = 0; l < LANES; l++) s[at + l] = Math.log(s[at + l]);
        return DoubleVector.fromArray(DS, s, at);
    }

    /**
     * See {@link MixtureNllKernel#row}. The row is first widened to double (so the gathers need no
     * conversion, which C2 would not inline here), the gradient gathered in double and added to dOut
     * as (float) at the end, exactly the scalar's dOut += (float) (g * ...).
     */
    static void row(int latent, int K, float[] out, int o, float[] y, int yOff, float[] dOut, double g, double[] nll, int nllOff, Scratch sc, double[] tail) {
        int W = 3 * K, n = latent * W, d = 0;
        double[] in = sc.row, grad = sc.grad;
        for (int i = 0; i < n; i++) in[i] = out[o + i];
        for (int i = 0; i < latent; i++) sc.y[i] = y[yOff + i];
        for (int bound = latent - latent % LANES; d < bound; d += LANES) {
            DoubleVector sumLogit = logits(K, in, d * W, sc);
            DoubleVector sumV = components(K, in, d * W, DoubleVector.fromArray(DS, sc.y, d), sc);
            // nll = -lse(v) = -(max v + log sum_k e^(v_k - max v)); the max was kept at s[logAt]
            int logAt = 3 * K * LANES;
            DoubleVector maxV = DoubleVector.fromArray(DS, sc.s, logAt);
            maxV.add(log(sumV, sc.s, logAt)).neg().intoArray(nll, nllOff + d);
            if (dOut != null) gradient(K, in, d * W, DoubleVector.fromArray(DS, sc.y, d), sumLogit, sumV, g, grad, sc);
        }
        if (dOut != null) for (int i = 0; i < d * W; i++) dOut[o + i] += (float) grad[i];
        for (; d < latent; d++) nll[nllOff + d] = MixtureNllScalar.dim(K, out, o + d * W, y[yOff + d], dOut, g, tail);
    }

    /** e_k = e^(logit_k - max logit) to s[k LANES], lse(logit) to s[logAt]; returns sum_k e_k. */
    private static DoubleVector logits(int K, double[] in, int od, Scratch sc) {
        double[] s = sc.s;
        DoubleVector maxLogit = DoubleVector.fromArray(DS, in, od, sc.maps[0], 0);
        for (int k = 1; k < K; k++) maxLogit = maxLogit.max(DoubleVector.fromArray(DS, in, od, sc.maps[k], 0));
        DoubleVector sumLogit = DoubleVector.zero(DS);
        for (int k = 0; k < K; k++) {
            DoubleVector e = exp(DoubleVector.fromArray(DS, in, od, sc.maps[k], 0).sub(maxLogit));
            e.intoArray(s, k * LANES);
            sumLogit = sumLogit.add(e);
        }
        int logAt = 3 * K * LANES;
        maxLogit.add(log(sumLogit, s, logAt)).intoArray(s, logAt);
        return sumLogit;
    }

    /**
     * v_k = (logit_k - lse(logit)) - 0.5 u_k^2 - log_sigma_k - 0.5 log 2pi; 1/sigma_k to s[(K + k) LANES],
     * e^(v_k - max v) to s[(2K + k) LANES], max v to s[logAt]; returns sum_k e^(v_k - max v).
     */
    private static DoubleVector components(int K, double[] in, int od, DoubleVector yv, Scratch sc) {
        double[] s = sc.s;
        int logAt = 3 * K * LANES;
        DoubleVector lseLogit = DoubleVector.fromArray(DS, s, logAt);
        DoubleVector maxV = DoubleVector.broadcast(DS, Double.NEGATIVE_INFINITY);
        for (int k = 0; k < K; k++) {
            DoubleVector logSigma = DoubleVector.fromArray(DS, in, od, sc.maps[2 * K + k], 0);
            DoubleVector invSigma = exp(logSigma.neg());
            invSigma.intoArray(s, (K + k) * LANES);
            DoubleVector u = yv.sub(DoubleVector.fromArray(DS, in, od, sc.maps[K + k], 0)).mul(invSigma);
            DoubleVector v = DoubleVector.fromArray(DS, in, od, sc.maps[k], 0).sub(lseLogit).sub(u.mul(0.5).mul(u)).sub(logSigma).sub(LOG_SQRT_2PI);
            v.intoArray(s, (2 * K + k) * LANES);
            maxV = maxV.max(v);
        }
        DoubleVector sumV = DoubleVector.zero(DS);
        for (int k = 0; k < K; k++) {
            DoubleVector e = exp(DoubleVector.fromArray(DS, s, (2 * K + k) * LANES).sub(maxV));
            e.intoArray(s, (2 * K + k) * LANES);
            sumV = sumV.add(e);
        }
        maxV.intoArray(s, logAt);
        return sumV;
    }

    /** g * d(nll)/d(logit_k, mu_k, log_sigma_k) into grad at the row's indices. */
    private static void gradient(int K, double[] in, int od, DoubleVector yv, DoubleVector sumLogit, DoubleVector sumV, double g, double[] grad, Scratch sc) {
        double[] s = sc.s;
        for (int k = 0; k < K; k++) {
            DoubleVector w = DoubleVector.fromArray(DS, s, (2 * K + k) * LANES).div(sumV);
            DoubleVector pi = DoubleVector.fromArray(DS, s, k * LANES).div(sumLogit);
            DoubleVector invSigma = DoubleVector.fromArray(DS, s, (K + k) * LANES);
            DoubleVector u = yv.sub(DoubleVector.fromArray(DS, in, od, sc.maps[K + k], 0)).mul(invSigma);
            pi.sub(w).mul(g).intoArray(grad, od, sc.maps[k], 0);
            w.neg().mul(u).mul(invSigma).mul(g).intoArray(grad, od, sc.maps[K + k], 0);
            u.mul(u).neg().add(ONE).mul(w).mul(g).intoArray(grad, od, sc.maps[2 * K + k], 0);
        }
    }
}
