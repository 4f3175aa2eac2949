// SPDX-License-Identifier: MIT
// GemmVector against the GemmScalar oracle: all transpose variants, accumulate on/off, offsets and
// padded leading dimensions, awkward sizes around the tile widths, and the model's real shapes.
package org.worldmodels.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GemmTest {
    /** Float summation in another order: error relative to sum_p |a_ip||b_pj|. */
    private static final double REL_TOL = 1e-5;
    private static final int[] SIZES = {1, 15, 16, 17, 31, 33, 37, 61, 97};

    @AfterEach
    void restoreThreads() { Parallel.setThreads(Runtime.getRuntime().availableProcessors()); }

    @Test
    void allVariantsAtAwkwardSizes() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int m : SIZES) {
            for (int n : SIZES) {
                for (int k : new int[] {1, 16, 17, 61}) {
                    for (int v = 0; v < 8; v++) {
                        check(rng, (v & 1) != 0, (v & 2) != 0, (v & 4) != 0, m, n, k, 0, 0);
                    }
                }
            }
        }
        for (int k : SIZES) check(rng, false, false, false, 17, 33, k, 0, 0);
        for (int m = 2; m <= 13; m++) {   // around the row-by-row threshold and the 6-row tile
            for (int v = 0; v < 8; v++) check(rng, (v & 1) != 0, (v & 2) != 0, (v & 4) != 0, m, 97, 61, 0, 0);
        }
    }

    @Test
    void offsetsAndPaddedLeadingDimensions() {
        SplittableRandom rng = new SplittableRandom(2);
        for (int v = 0; v < 8; v++) {
            check(rng, (v & 1) != 0, (v & 2) != 0, (v & 4) != 0, 37, 61, 97, 5, 3);
            check(rng, (v & 1) != 0, (v & 2) != 0, (v & 4) != 0, 13, 700, 300, 11, 7);  // > NC and > KC
        }
    }

    /**
     * The row-by-row path for B^T (m < SMALL_M_TRANS_B), whose rows of A go four at a time
     * (rowDots4) and the rest one by one: m from 1 to 11 so that every remainder occurs, odd and
     * even n (pairs of B rows and a lone last one), k with and without a scalar tail.
     */
    @Test
    void fewRowsWithTransposedB() {
        SplittableRandom rng = new SplittableRandom(6);
        for (int m = 1; m < GemmVector.SMALL_M_TRANS_B; m++) {
            for (int n : new int[] {1, 2, 7, 64}) {
                for (int k : new int[] {3, 16, 53, 2048}) {
                    check(rng, false, true, false, m, n, k, 3, 2);
                    check(rng, false, true, true, m, n, k, 0, 0);
                }
            }
        }
    }

    @Test
    void realShapes() {
        SplittableRandom rng = new SplittableRandom(3);
        // bench_numpy.py encoder im2col GEMMs with M cut down, and the LSTM / MDN shapes
        int[][] shapes = {{97, 48, 32}, {50, 512, 64}, {37, 1024, 128}, {256, 2048, 256},
            {1, 291, 1024}, {100, 256, 1024}, {64, 291, 1024}, {20, 256, 480}};
        for (int[] s : shapes) {
            check(rng, false, false, false, s[0], s[2], s[1], 0, 0);
            check(rng, true, false, true, s[0], s[2], s[1], 0, 0);
            check(rng, false, true, true, s[0], s[2], s[1], 0, 0);
        }
    }

    @Test
    void multiThreadedEqualsSingleThreaded() {
        // Each element is computed by the same code in the same order whichever thread runs it, but
        // not bit for bit: reduceLanes (the row-by-row path for B^T) may add its lanes in a different
        // order in the interpreter and in C2, so the comparison keeps the float tolerance.
        SplittableRandom rng = new SplittableRandom(4);
        int[][] shapes = {{256, 256, 256}, {1, 1024, 291}, {100, 1024, 256}, {2304, 128, 97}, {61, 33, 17},
            {500, 32, 48}, {61, 480, 300}};
        for (int[] s : shapes) {
            for (int v = 0; v < 4; v++) {
                boolean tA = (v & 1) != 0, tB = (v & 2) != 0;
                int m = s[0], n = s[1], k = s[2];
                float[] a = random(rng, m * k), b = random(rng, k * n), c0 = random(rng, m * n);
                float[] one = c0.clone(), two = c0.clone();
                Parallel.setThreads(1);
                GemmVector.gemm(tA, tB, m, n, k, a, 0, tA ? m : k, b, 0, tB ? k : n, true, one, 0, n);
                Parallel.setThreads(2);
                GemmVector.gemm(tA, tB, m, n, k, a, 0, tA ? m : k, b, 0, tB ? k : n, true, two, 0, n);
                compare(one, two, bound(tA, tB, m, n, k, a, 0, tA ? m : k, b, 0, tB ? k : n, 0, n),
                        "1 vs 2 threads, m=" + m + " n=" + n + " k=" + k + " tA=" + tA + " tB=" + tB);
            }
        }
    }

    @Test
    void prepackedBGivesThePackedPathsBits() {
        // packWhole + gemmPrepacked must be the packed path of gemm without its per-call copy: the same
        // kernel over the same kc blocks, so equal bits wherever gemm packs (m >= 12 with B^T, m >= 5
        // without), and within the float tolerance of the scalar oracle for every m.
        SplittableRandom rng = new SplittableRandom(6);
        int[][] shapes = {{36, 128, 1024}, {12, 256, 2048}, {64, 33, 600}, {13, 97, 17}, {4, 256, 2048}, {1, 40, 61}};
        for (int[] s : shapes) {
            for (boolean tB : new boolean[] {true, false}) {
                for (int threads = 1; threads <= 2; threads++) {
                    Parallel.setThreads(threads);
                    int m = s[0], n = s[1], k = s[2], ldb = tB ? k : n;
                    float[] a = random(rng, m * k), b = random(rng, k * n), c0 = random(rng, m * n);
                    float[] packed = GemmVector.packWhole(tB, k, n, b, 0, ldb);
                    float[] live = c0.clone(), pre = c0.clone(), ref = c0.clone();
                    GemmVector.gemm(false, tB, m, n, k, a, 0, k, b, 0, ldb, true, live, 0, n);
                    GemmVector.gemmPrepacked(m, n, k, a, 0, k, packed, true, pre, 0, n);
                    GemmScalar.gemm(false, tB, m, n, k, a, 0, k, b, 0, ldb, true, ref, 0, n);
                    String what = "prepacked m=" + m + " n=" + n + " k=" + k + " tB=" + tB + " threads=" + threads;
                    compare(ref, pre, bound(false, tB, m, n, k, a, 0, k, b, 0, ldb, 0, n), what);
                    if (m >= (tB ? GemmVector.SMALL_M_TRANS_B : GemmVector.SMALL_M)) {
                        org.junit.jupiter.api.Assertions.assertArrayEquals(live, pre, what + ": not the packed path's bits");
                    }
                }
            }
        }
        float[] wrongSize = new float[10];
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> GemmVector.gemmPrepacked(4, 40, 61, new float[4 * 61], 0, 61, wrongSize, false, new float[160], 0, 40));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("61 x 40"), e.getMessage());
    }

    @Test
    void facadeAgreesWithScalar() {
        SplittableRandom rng = new SplittableRandom(5);
        int m = 33, n = 47, k = 61;
        float[] a = random(rng, m * k), b = random(rng, k * n);
        float[] ref = new float[m * n], got = new float[m * n];
        GemmScalar.gemm(false, true, m, n, k, a, 0, k, b, 0, k, false, ref, 0, n);
        Gemm.gemm(false, true, m, n, k, a, 0, k, b, 0, k, false, got, 0, n);
        compare(ref, got, bound(false, true, m, n, k, a, 0, k, b, 0, k, 0, n), "facade");
    }

    /**
     * Runs both kernels on random data with the given variant; A, B and C sit at offset {@code off}
     * inside larger arrays with leading dimensions {@code pad} wider than needed; the padding must
     * stay untouched.
     */
    private static void check(SplittableRandom rng, boolean tA, boolean tB, boolean acc, int m, int n, int k,
                              int off, int pad) {
        int aRows = tA ? k : m, aCols = tA ? m : k, bRows = tB ? n : k, bCols = tB ? k : n;
        int lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
        float[] a = random(rng, off + aRows * lda), b = random(rng, off + bRows * ldb);
        float[] c0 = random(rng, off + m * ldc);
        float[] ref = c0.clone(), got = c0.clone();
        GemmScalar.gemm(tA, tB, m, n, k, a, off, lda, b, off, ldb, acc, ref, off, ldc);
        GemmVector.gemm(tA, tB, m, n, k, a, off, lda, b, off, ldb, acc, got, off, ldc);
        String what = "m=" + m + " n=" + n + " k=" + k + " tA=" + tA + " tB=" + tB + " acc=" + acc + " off=" + off + " pad=" + pad;
        compare(ref, got, bound(tA, tB, m, n, k, a, off, lda, b, off, ldb, off, ldc), what);
    }

    /** Per element of C: sum_p |op(A)_ip| |op(B)_pj| (+1 for the accumulated C), the error scale. */
    private static double[] bound(boolean tA, boolean tB, int m, int n, int k, float[] a, int aOff, int lda,
                                  float[] b, int bOff, int ldb, int cOff, int ldc) {
        double[] s = new double[Math.max(0, cOff + (m - 1) * ldc + n)];
        java.util.Arrays.fill(s, 1.0);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 1.0;
                for (int p = 0; p < k; p++) {
                    float av = tA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bv = tB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    sum += Math.abs((double) av * bv);
                }
                s[cOff + i * ldc + j] = sum;
            }
        }
        return s;
    }

    static void compare(float[] ref, float[] got, double[] scale, String what) {
        int worst = -1;
        double worstErr = 0;
        for (int i = 0; i < ref.length; i++) {
            double sc = i < scale.length ? scale[i] : 1.0;
            double err = Math.abs((double) ref[i] - got[i]) / sc;
            if (!(err <= REL_TOL) && (worst < 0 || !(err <= worstErr))) {
                worst = i;
                worstErr = err;
            }
        }
        if (worst >= 0) {
            fail(what + ": worst index " + worst + " scalar " + ref[worst] + " vector " + got[worst]
                    + " relative error " + worstErr + " > " + REL_TOL);
        }
    }

    static float[] random(SplittableRandom rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (rng.nextDouble() * 2 - 1);
        return x;
    }
}
