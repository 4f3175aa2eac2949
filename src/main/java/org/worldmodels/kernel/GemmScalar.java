// SPDX-License-Identifier: MIT
// Plain scalar matrix multiply: the teaching text and the oracle the SIMD kernel is tested against.
package org.worldmodels.kernel;

/** C (+)= op(A) op(B), row-major, in three loops. See {@link Gemm} for the argument convention. */
public final class GemmScalar {
    private GemmScalar() {}

    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            boolean accumulate, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                // C[i][j] = sum_p op(A)[i][p] * op(B)[p][j]
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    sum += av * bv;
                }
                int ci = cOff + i * ldc + j;
                c[ci] = accumulate ? c[ci] + sum : sum;
            }
        }
    }
}
