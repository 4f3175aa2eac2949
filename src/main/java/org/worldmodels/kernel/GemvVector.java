// SPDX-License-Identifier: MIT
// Matrix-vector product with the Vector API: four rows at a time share each load of x (and z), one FMA
// accumulator per row keeps four independent chains in flight; lanes are summed in a fixed order.
package org.worldmodels.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** SIMD {@link Gemv}, same contract as {@link GemvScalar} (results differ only in summation order). */
public final class GemvVector {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Rows per pass: each vector of x feeds this many FMAs. */
    private static final int ROWS = 4;

    /** Lane i <- lane i ^ d, for d = 1, 2, 4, 8, 16 (up to 32 lanes): the steps of the fixed lane-sum tree. */
    private static final VectorShuffle<Float> XOR1 = xor(1), XOR2 = xor(2), XOR4 = xor(4), XOR8 = xor(8), XOR16 = xor(16);

    private GemvVector() {}

    private static VectorShuffle<Float> xor(int d) {
        return VectorShuffle.fromOp(SPECIES, i -> (i ^ d) % LANES);
    }

    /**
     * The sum of v's lanes as a fixed pairwise tree (v + v swapped by halves, quarters, ...), then lane 0.
     * Every step is an exact move or one IEEE add, so all JIT tiers give the same bits, unlike
     * reduceLanes(ADD); and it costs log2(LANES) adds instead of LANES lane extractions.
     */
    static float treeSum(FloatVector v) {
        if (LANES > 16) v = v.add(v.rearrange(XOR16));
        if (LANES > 8) v = v.add(v.rearrange(XOR8));
        if (LANES > 4) v = v.add(v.rearrange(XOR4));
        if (LANES > 2) v = v.add(v.rearrange(XOR2));
        if (LANES > 1) v = v.add(v.rearrange(XOR1));
        return v.lane(0);
    }

    // A (rows, nA), x (nA), B (rows, nB), z (nB) -> y (rows)
    public static void gemv2(int rows, float[] a, int aOff, int nA, float[] x, int xOff,
                             float[] b, int bOff, int nB, float[] z, int zOff, float[] y, int yOff) {
        int boundA = SPECIES.loopBound(nA), boundB = SPECIES.loopBound(nB);
        int k = 0;
        for (; k + ROWS <= rows; k += ROWS) {
            int ra = aOff + k * nA, rb = bOff + k * nB;
            FloatVector s0 = FloatVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0;
            int j = 0;
            for (; j < boundA; j += LANES) {
                FloatVector xv = FloatVector.fromArray(SPECIES, x, xOff + j);
                s0 = FloatVector.fromArray(SPECIES, a, ra + j).fma(xv, s0);
                s1 = FloatVector.fromArray(SPECIES, a, ra + nA + j).fma(xv, s1);
                s2 = FloatVector.fromArray(SPECIES, a, ra + 2 * nA + j).fma(xv, s2);
                s3 = FloatVector.fromArray(SPECIES, a, ra + 3 * nA + j).fma(xv, s3);
            }
            float t0 = 0f, t1 = 0f, t2 = 0f, t3 = 0f;   // the columns past the last full vector
            for (; j < nA; j++) {
                float xj = x[xOff + j];
                t0 += a[ra + j] * xj;
                t1 += a[ra + nA + j] * xj;
                t2 += a[ra + 2 * nA + j] * xj;
                t3 += a[ra + 3 * nA + j] * xj;
            }
            for (j = 0; j < boundB; j += LANES) {
                FloatVector zv = FloatVector.fromArray(SPECIES, z, zOff + j);
                s0 = FloatVector.fromArray(SPECIES, b, rb + j).fma(zv, s0);
                s1 = FloatVector.fromArray(SPECIES, b, rb + nB + j).fma(zv, s1);
                s2 = FloatVector.fromArray(SPECIES, b, rb + 2 * nB + j).fma(zv, s2);
                s3 = FloatVector.fromArray(SPECIES, b, rb + 3 * nB + j).fma(zv, s3);
            }
            for (; j < nB; j++) {
                float zj = z[zOff + j];
                t0 += b[rb + j] * zj;
                t1 += b[rb + nB + j] * zj;
                t2 += b[rb + 2 * nB + j] * zj;
                t3 += b[rb + 3 * nB + j] * zj;
            }
            y[yOff + k] = treeSum(s0) + t0;
            y[yOff + k + 1] = treeSum(s1) + t1;
            y[yOff + k + 2] = treeSum(s2) + t2;
            y[yOff + k + 3] = treeSum(s3) + t3;
        }
        for (; k < rows; k++) {   // the last rows % 4, one at a time
            int ra = aOff + k * nA, rb = bOff + k * nB;
            FloatVector s = FloatVector.zero(SPECIES);
            int j = 0;
            for (; j < boundA; j += LANES) {
                s = FloatVector.fromArray(SPECIES, a, ra + j).fma(FloatVector.fromArray(SPECIES, x, xOff + j), s);
            }
            float t = 0f;
            for (; j < nA; j++) t += a[ra + j] * x[xOff + j];
            for (j = 0; j < boundB; j += LANES) {
                s = FloatVector.fromArray(SPECIES, b, rb + j).fma(FloatVector.fromArray(SPECIES, z, zOff + j), s);
            }
            for (; j < nB; j++) t += b[rb + j] * z[zOff + j];
            y[yOff + k] = treeSum(s) + t;
        }
    }
}
