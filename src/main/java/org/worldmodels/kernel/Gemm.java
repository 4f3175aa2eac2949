// SPDX-License-Identifier: MIT
// Matrix multiply facade: every layer calls this; it picks the SIMD or the scalar kernel once.
package org.worldmodels.kernel;

/**
 * General matrix multiply in float32, row-major: {@code C (+)= op(A) * op(B)}.
 *
 * <p>op(A) is m x k (A is m x k with row stride lda, or k x m when {@code transA});
 * op(B) is k x n (B is k x n with row stride ldb, or n x k when {@code transB});
 * C is m x n with row stride ldc. With {@code accumulate} the product is added to C, otherwise C is
 * overwritten.
 *
 * <p>With SIMD on ({@link Simd#ENABLED}) this is {@link GemmVector} (packed, register-blocked,
 * multi-threaded over {@link Parallel}); otherwise the plain loops of {@link GemmScalar}.
 */
public final class Gemm {
    private Gemm() {}

    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            boolean accumulate, float[] c, int cOff, int ldc) {
        if (Simd.ENABLED) {
            GemmVector.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc);
        } else {
            GemmScalar.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc);
        }
    }
}
