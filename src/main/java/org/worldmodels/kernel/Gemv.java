// SPDX-License-Identifier: MIT
// Matrix-vector product facade (the few-row case a GEMM would spend on packing): GemvVector when SIMD
// is on, GemvScalar otherwise.
package org.worldmodels.kernel;

/** y = A x + B z with A (rows, nA) and B (rows, nB) row-major and densely packed (an LSTM step's gates). */
public final class Gemv {
    private Gemv() {}

    /**
     * y[k] = sum_j A[k, j] x[j] + sum_j B[k, j] z[j] for k < rows; overwrites y. Both matrices are
     * read row by row exactly once, so the product streams the weights at memory speed.
     */
    // A (rows, nA), x (nA), B (rows, nB), z (nB) -> y (rows)
    public static void gemv2(int rows, float[] a, int aOff, int nA, float[] x, int xOff,
                             float[] b, int bOff, int nB, float[] z, int zOff, float[] y, int yOff) {
        if (Simd.ENABLED) GemvVector.gemv2(rows, a, aOff, nA, x, xOff, b, bOff, nB, z, zOff, y, yOff);
        else GemvScalar.gemv2(rows, a, aOff, nA, x, xOff, b, bOff, nB, z, zOff, y, yOff);
    }
}
