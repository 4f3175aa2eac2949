// SPDX-License-Identifier: MIT
// GemvVector against the GemvScalar oracle: row counts around the 4-row pass, column counts around the
// vector width, offsets, and the LSTM step's real shape (1024 gate rows, 35 inputs, 256 hidden).
package org.worldmodels.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class GemvTest {
    /** Float summation in another order: error relative to sum_j |A_kj x_j| + |B_kj z_j|. */
    private static final double REL_TOL = 1e-5;
    private static final int[] ROWS = {1, 3, 4, 5, 7, 8, 9, 1024};
    private static final int[] COLS = {0, 1, 7, 8, 15, 16, 17, 33, 35, 64, 256};

    @Test
    void vectorMatchesScalarAtAwkwardSizes() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int rows : ROWS) {
            for (int nA : COLS) {
                for (int nB : new int[] {0, 5, 16, 31, 256}) check(rng, rows, nA, nB, 0);
            }
        }
        check(rng, 13, 35, 256, 3);   // offsets into every array
    }

    /** The lane-sum tree is bit-exact against the same tree in scalar code (no tier may reorder it). */
    @Test
    void treeSumIsTheFixedPairwiseTree() {
        SplittableRandom rng = new SplittableRandom(4);
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        for (int trial = 0; trial < 1000; trial++) {
            float[] v = new float[lanes];
            for (int i = 0; i < lanes; i++) v[i] = (float) (rng.nextDouble(-1, 1) * Math.pow(10, rng.nextInt(-3, 4)));
            float got = GemvVector.treeSum(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, v, 0));
            float[] t = v.clone();
            for (int d = lanes / 2; d >= 1; d /= 2) {   // t[i] = t[i] + t[i ^ d], all lanes at once
                float[] next = new float[lanes];
                for (int i = 0; i < lanes; i++) next[i] = t[i] + t[i ^ d];
                t = next;
            }
            if (Float.floatToRawIntBits(got) != Float.floatToRawIntBits(t[0])) {
                fail("treeSum trial " + trial + ": vector " + got + " scalar tree " + t[0]);
            }
        }
    }

    private static void check(SplittableRandom rng, int rows, int nA, int nB, int off) {
        float[] a = random(rng, off + rows * nA), x = random(rng, off + nA);
        float[] b = random(rng, off + rows * nB), z = random(rng, off + nB);
        float[] want = random(rng, off + rows), got = want.clone();   // garbage that must be overwritten
        GemvScalar.gemv2(rows, a, off, nA, x, off, b, off, nB, z, off, want, off);
        GemvVector.gemv2(rows, a, off, nA, x, off, b, off, nB, z, off, got, off);
        int worst = -1;
        double worstErr = 0;
        for (int k = 0; k < rows; k++) {
            double scale = 1e-30;   // sum of |terms|: the size of the rounding a reordered sum may show
            for (int j = 0; j < nA; j++) scale += Math.abs((double) a[off + k * nA + j] * x[off + j]);
            for (int j = 0; j < nB; j++) scale += Math.abs((double) b[off + k * nB + j] * z[off + j]);
            double err = Math.abs(got[off + k] - want[off + k]) / Math.max(scale, 1e-6);
            if (err > worstErr) { worstErr = err; worst = k; }
        }
        if (worstErr > REL_TOL) {
            fail("gemv2 rows=" + rows + " nA=" + nA + " nB=" + nB + " off=" + off + ": worst row " + worst
                    + " scalar " + want[off + worst] + " vector " + got[off + worst] + " (rel err " + worstErr + ")");
        }
    }

    private static float[] random(SplittableRandom rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) rng.nextDouble(-1, 1);
        return v;
    }
}
