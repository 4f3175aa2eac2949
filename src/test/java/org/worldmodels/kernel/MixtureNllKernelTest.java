// SPDX-License-Identifier: MIT
// The mixture loss kernels: the polynomial double exp against Math.exp, and MixtureNllVector against
// MixtureNllScalar bit for bit at latent sizes around the vector width, with and without the gradient.
package org.worldmodels.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MixtureNllKernelTest {
    private static final double EXP_REL_TOL = 1e-15;
    private static final int K = 5, OFF = 3;

    @Test
    void polynomialExpIsWithinAFewUlpsOfMathExp() {
        assertEquals(Math.log(2), MixtureNllScalar.LN2_HI + MixtureNllScalar.LN2_LO, 1e-17, "ln 2 split");
        assertEquals(0, Double.doubleToRawLongBits(MixtureNllScalar.LN2_HI) & ((1L << 21) - 1), "LN2_HI low bits must be zero");
        double worst = 0;
        for (int i = -1_000_000; i <= 1_000_000; i++) {
            double x = i * 7.0e-4;                       // [-700, 700]
            worst = Math.max(worst, Math.abs(MixtureNllScalar.exp(x) - Math.exp(x)) / Math.exp(x));
        }
        assertTrue(worst <= EXP_REL_TOL, "exp relative error " + worst);
        assertEquals(1.0, MixtureNllScalar.exp(0), 0.0, "exp(0)");
        assertTrue(MixtureNllScalar.exp(-1e6) >= 0 && MixtureNllScalar.exp(-1e6) < 1e-300, "exp(-1e6) clamps to a tiny normal");
    }

    @Test
    void vectorRowEqualsScalarRowBitForBit() {
        SplittableRandom rng = new SplittableRandom(31);
        for (int latent : new int[] {1, 3, 4, 7, 8, 9, 16, 32, 35}) {
            int width = latent * 3 * K;
            for (double spread : new double[] {1.5, 40}) {   // moderate, and huge logits / tiny sigmas
                float[] out = new float[OFF + width], y = new float[OFF + latent], dOut0 = new float[OFF + width];
                for (int i = 0; i < out.length; i++) out[i] = (float) rng.nextDouble(-spread, spread);
                for (int i = 0; i < y.length; i++) y[i] = (float) rng.nextDouble(-2, 2);
                for (int i = 0; i < dOut0.length; i++) dOut0[i] = (float) rng.nextDouble(-1, 1);
                double[] nllS = new double[OFF + latent], nllV = new double[OFF + latent];
                float[] dS = dOut0.clone(), dV = dOut0.clone();
                MixtureNllScalar.row(latent, K, out, OFF, y, OFF, dS, 0.37, nllS, OFF, new double[3 * K]);
                MixtureNllVector.row(latent, K, out, OFF, y, OFF, dV, 0.37, nllV, OFF, new MixtureNllVector.Scratch(latent, K), new double[3 * K]);
                String what = "latent " + latent + " spread " + spread;
                for (int d = 0; d < nllS.length; d++) {
                    if (Double.doubleToRawLongBits(nllS[d]) != Double.doubleToRawLongBits(nllV[d])) fail(what + ": nll differs at " + d + ": " + nllS[d] + " vs " + nllV[d]);
                    assertTrue(Double.isFinite(nllS[d]), what + ": nll finite");
                }
                for (int i = 0; i < dS.length; i++) {
                    if (Float.floatToRawIntBits(dS[i]) != Float.floatToRawIntBits(dV[i])) fail(what + ": dOut differs at " + i + ": " + dS[i] + " vs " + dV[i]);
                }
                double[] lossOnly = new double[OFF + latent];
                MixtureNllVector.row(latent, K, out, OFF, y, OFF, null, 0, lossOnly, OFF, new MixtureNllVector.Scratch(latent, K), new double[3 * K]);
                for (int d = 0; d < lossOnly.length; d++) assertEquals(nllS[d], lossOnly[d], 0.0, what + ": loss without gradient, dim " + d);
            }
        }
    }
}
