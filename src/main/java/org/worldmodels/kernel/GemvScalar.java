// SPDX-License-Identifier: MIT
// Plain-loop matrix-vector product: the oracle GemvVector is tested against, and the SIMD-off path.
package org.worldmodels.kernel;

/** Scalar {@link Gemv}: one float sum per row, A's columns then B's, in index order. */
public final class GemvScalar {
    private GemvScalar() {}

    // A (rows, nA), x (nA), B (rows, nB), z (nB) -> y (rows)
    public static void gemv2(int rows, float[] a, int aOff, int nA, float[] x, int xOff,
                             float[] b, int bOff, int nB, float[] z, int zOff, float[] y, int yOff) {
        for (int k = 0; k < rows; k++) {
            int ra = aOff + k * nA, rb = bOff + k * nB;
            float s = 0f;
            for (int j = 0; j < nA; j++) s += a[ra + j] * x[xOff + j];
            for (int j = 0; j < nB; j++) s += b[rb + j] * z[zOff + j];
            y[yOff + k] = s;
        }
    }
}
