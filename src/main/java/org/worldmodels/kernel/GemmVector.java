// SPDX-License-Identifier: MIT
// SIMD matrix multiply (Vector API): packed panels of B, a 6 x (2 vectors) register-blocked
// micro-kernel, cache blocking over k and n, and a split of C over the worker threads.
package org.worldmodels.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * C (+)= op(A) op(B), row-major float32, the same contract as {@link Gemm} and {@link GemmScalar}.
 *
 * <p>How it gets its speed (GotoBLAS/BLIS anatomy, see docs/benchmarks.md):
 * <ul>
 *   <li><b>Micro-kernel</b>: a tile of C, MR = 6 rows by NR = 2 vectors (32 columns with AVX-512),
 *   lives in 12 vector registers for a whole run over k. Each step loads two vectors of B,
 *   broadcasts six scalars of A and issues 12 FMAs: 12 FMAs for 2 vector loads, so the FMA units,
 *   not the loads, set the pace, and the 12 independent accumulators hide the FMA latency.</li>
 *   <li><b>Packing B</b>: a kc x nc block of op(B) is copied into panels of NR columns, each stored
 *   contiguously row after row, zero-padded at the right edge. The kernel then reads B with unit
 *   stride whatever transB was, and the block (at most 512 KiB) stays in the L2 cache while every
 *   row panel of A streams past it. The A micro-panel (6 rows x kc) stays in L1.</li>
 *   <li><b>A is not packed</b>: the kernel only broadcasts A one scalar at a time, so it reads A in
 *   place through a row stride and a column stride; that handles transA and saves the M*K copies
 *   packing would cost (a third of the time when N = 32, as in the first encoder convolution).</li>
 *   <li><b>Threads</b>: C is cut into one rectangle per thread, either by row panels or by column
 *   panels, whichever wastes less (load imbalance plus duplicated packing of B).</li>
 * </ul>
 * Edge tiles (rows past m, columns past n) are computed in full into a per-thread tile buffer and
 * only the valid part is written. No allocation after the first call on each thread.
 */
public final class GemmVector {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Micro-tile: MR rows by NR = 2 vectors of columns; 2*MR accumulators. */
    static final int MR = 6;
    static final int NR = 2 * LANES;
    /**
     * Cache blocks: a kc x nc block of packed B (at most BLOCK_FLOATS = 512 KiB, half the L2) and an
     * MR x kc micro-panel of A (L1). nc covers all of n up to NC_MAX, so A streams past B once
     * (mdn_head, n = 480: 90 -> 94 GFLOP/s); wider n goes in blocks of 256 so that kc can be
     * KC_MAX = 512 (fewer passes over C: enc_conv2 74 -> 88 GFLOP/s against kc = 256).
     */
    static final int KC_MAX = 512, NC_MAX = Math.max(NR, 512 / NR * NR), BLOCK_FLOATS = 512 * 256;
    /**
     * Fewer rows than this go to the row-by-row path: packing B costs about K*N copies, which only
     * pays off when each packed value is used by enough rows (the LSTM step has m = 1). Packing a
     * transposed B (strided writes) costs more, so its cross-over is later (measured on Zen 4).
     */
    static final int SMALL_M = 5, SMALL_M_TRANS_B = 12;
    /**
     * Below this many multiply-adds (about 20 us on one core) a fork-join risks more than it saves:
     * on a loaded machine the woken worker may wait a whole scheduler slice for a core.
     */
    static final long PARALLEL_MIN_WORK = 1L << 20;

    private GemmVector() {}

    /** Per-thread buffers: the packed B block and an edge tile. */
    private static final class Scratch {
        final float[] packedB = new float[BLOCK_FLOATS];
        final float[] tile = new float[MR * NR];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    private static final ThreadLocal<Job> JOBS = ThreadLocal.withInitial(Job::new);

    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            boolean accumulate, float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) return;
        if (k <= 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            }
            return;
        }
        Job job = JOBS.get();
        job.set(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc);
        int threads = Parallel.available();
        int parts = 1;
        job.rowByRow = m < (transB ? SMALL_M_TRANS_B : SMALL_M) && !(transA && transB);
        if (threads > 1 && (long) m * n * k >= PARALLEL_MIN_WORK) {
            parts = threads;
            job.splitColumns = job.rowByRow || splitColumns(m, n, threads);
        }
        try {
            Parallel.run(parts, job);
        } finally {
            job.clear();
        }
    }

    /**
     * op(B) (k x n) packed once into the layout the micro-kernel reads: panel q (columns q*NR ..
     * q*NR + NR - 1, zeros past n) holds its k rows one after another, NR floats each, at
     * [q*k*NR ..]. For weights that stay fixed over many products (a frozen encoder): {@link
     * #gemmPrepacked} then skips the per-call packing, which costs about as much as reading B.
     */
    public static float[] packWhole(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        return packWhole(transB, k, n, b, bOff, ldb, new float[0]);
    }

    /** {@link #packWhole} into {@code into} when it is large enough (no allocation), else into a new array. */
    static float[] packWhole(boolean transB, int k, int n, float[] b, int bOff, int ldb, float[] into) {
        if (k <= 0 || n <= 0) throw new IllegalArgumentException("packWhole: empty matrix " + k + " x " + n);
        int size = (n + NR - 1) / NR * k * NR;
        float[] packed = into.length >= size ? into : new float[size];
        Job g = JOBS.get();
        g.set(false, transB, 0, n, k, null, 0, 0, b, bOff, ldb, false, null, 0, 0);
        try {
            packB(g, 0, k, 0, n, packed);   // one block of all k rows: panel q at q*k*NR, as promised
        } finally {
            g.clear();
        }
        return packed;
    }

    /**
     * C (+)= A op(B) with op(B) (k x n) given packed by {@link #packWhole} (A not transposed): the
     * same blocking, kernel and summation order as {@link #gemm} on the packed-B path, so the same
     * bits; only the copy of B per call is gone. Every row count takes the packed path.
     */
    public static void gemmPrepacked(int m, int n, int k, float[] a, int aOff, int lda, float[] packedB,
                                     boolean accumulate, float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) return;
        if (packedB.length < (n + NR - 1) / NR * k * NR) {
            throw new IllegalArgumentException("gemmPrepacked: packed B has " + packedB.length
                    + " floats, not the " + ((n + NR - 1) / NR * k * NR) + " of a " + k + " x " + n + " matrix");
        }
        Job job = JOBS.get();
        job.set(false, false, m, n, k, a, aOff, lda, null, 0, 0, accumulate, c, cOff, ldc);
        job.prepacked = packedB;
        int threads = Parallel.available(), parts = 1;
        if (threads > 1 && (long) m * n * k >= PARALLEL_MIN_WORK) {
            parts = threads;
            job.splitColumns = splitColumns(m, n, threads);
        }
        try {
            Parallel.run(parts, job);
        } finally {
            job.clear();
        }
    }

    /**
     * Whether to give each thread a range of column panels (true) or of row panels (false).
     * Cost of each choice, relative to perfect balance: the imbalance of whole panels per thread,
     * plus the packing of B (about K*N copies against M*K*N/LANES FMA cycles): splitting rows makes
     * every thread pack all of B (LANES*T/M), splitting columns only its share (LANES/M).
     */
    static boolean splitColumns(int m, int n, int threads) {
        int mPanels = (m + MR - 1) / MR, nPanels = (n + NR - 1) / NR;
        if (nPanels < threads) return false;
        if (mPanels < threads) return true;
        double costCols = imbalance(nPanels, threads) + (double) LANES / m;
        double costRows = imbalance(mPanels, threads) + (double) LANES * threads / m;
        return costCols <= costRows;
    }

    private static double imbalance(int panels, int threads) {
        int most = (panels + threads - 1) / threads;
        return most * threads / (double) panels;
    }

    /** The arguments of one call, reused per calling thread so that forking allocates nothing. */
    private static final class Job implements Parallel.Task {
        boolean transA, transB, accumulate, splitColumns, rowByRow;
        int m, n, k, aOff, lda, bOff, ldb, cOff, ldc;
        float[] a, b, c;
        /** op(B) packed once by {@link #packWhole}, or null: B is packed block by block. */
        float[] prepacked;

        void set(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                 float[] b, int bOff, int ldb, boolean accumulate, float[] c, int cOff, int ldc) {
            this.transA = transA; this.transB = transB; this.m = m; this.n = n; this.k = k;
            this.a = a; this.aOff = aOff; this.lda = lda; this.b = b; this.bOff = bOff; this.ldb = ldb;
            this.accumulate = accumulate; this.c = c; this.cOff = cOff; this.ldc = ldc;
            this.splitColumns = false;
            this.rowByRow = false;
            this.prepacked = null;
        }

        void clear() { a = b = c = prepacked = null; }

        @Override
        public void run(int part, int parts) {
            if (rowByRow) {
                // columns in chunks of ROW_COLS so that every part but the last has whole chunks
                int chunks = (n + ROW_COLS - 1) / ROW_COLS;
                int q0 = (int) ((long) chunks * part / parts), q1 = (int) ((long) chunks * (part + 1) / parts);
                if (q0 < q1) rows(this, q0 * ROW_COLS, Math.min(n, q1 * ROW_COLS));
            } else if (splitColumns) {
                int panels = (n + NR - 1) / NR;
                int q0 = (int) ((long) panels * part / parts), q1 = (int) ((long) panels * (part + 1) / parts);
                if (q0 < q1) block(this, 0, m, q0 * NR, Math.min(n, q1 * NR), SCRATCH.get());
            } else {
                int panels = (m + MR - 1) / MR;
                int p0 = (int) ((long) panels * part / parts), p1 = (int) ((long) panels * (part + 1) / parts);
                if (p0 < p1) block(this, p0 * MR, Math.min(m, p1 * MR), 0, n, SCRATCH.get());
            }
        }
    }

    /** C[i0:i1, j0:j1] (+)= op(A)[i0:i1, :] op(B)[:, j0:j1], blocked over n (nc) and k (kc). */
    private static void block(Job g, int i0, int i1, int j0, int j1, Scratch s) {
        // op(A)[i][p] = a[aOff + i*rowStride + p*colStride]
        int rowStride = g.transA ? 1 : g.lda, colStride = g.transA ? g.lda : 1;
        // n up to NC_MAX in one block (A streams once, kc >= 256); wider in blocks of 256 (kc = 512)
        int width = (j1 - j0 + NR - 1) / NR * NR;
        int ncBlock = width <= NC_MAX ? width : Math.max(NR, 256 / NR * NR);
        int kcBlock = Math.min(KC_MAX, BLOCK_FLOATS / ncBlock);
        float[] bp = g.prepacked != null ? g.prepacked : s.packedB;
        for (int jc = j0; jc < j1; jc += ncBlock) {
            int nc = Math.min(ncBlock, j1 - jc);
            for (int pc = 0; pc < g.k; pc += kcBlock) {
                int kc = Math.min(kcBlock, g.k - pc);
                // the block's panels: packed now (panel q at q*kc*NR), or already (at (jc/NR + q)*k*NR + pc*NR)
                int panel0, panelStep;
                if (g.prepacked == null) {
                    packB(g, pc, kc, jc, nc, s.packedB);
                    panel0 = 0;
                    panelStep = kc * NR;
                } else {
                    panel0 = jc / NR * g.k * NR + pc * NR;
                    panelStep = g.k * NR;
                }
                boolean add = g.accumulate || pc > 0;   // later k blocks add to the earlier ones
                for (int i = i0; i < i1; i += MR) {
                    int mr = Math.min(MR, i1 - i);
                    int aTile = g.aOff + i * rowStride + pc * colStride;
                    for (int j = jc, bPanel = panel0; j < jc + nc; j += NR, bPanel += panelStep) {
                        int nr = Math.min(NR, jc + nc - j);
                        int cTile = g.cOff + i * g.ldc + j;
                        if (mr == MR && nr == NR) {
                            kernel(kc, g.a, aTile, rowStride, colStride, MR, bp, bPanel, g.c, cTile, g.ldc, add);
                        } else {
                            edgeTile(g, kc, aTile, rowStride, colStride, mr, nr, s, bp, bPanel, cTile, add);
                        }
                    }
                }
            }
        }
    }

    /**
     * A tile cut by the edge of C (mr < MR rows or nr < NR columns): the kernel computes it in full
     * into the per-thread tile buffer and only the valid part is written. A method of its own so
     * that the hot loop in {@link #block} has a single call site of the kernel (with two, C2's
     * code for the common full tile was measured at half speed).
     */
    private static void edgeTile(Job g, int kc, int aTile, int rowStride, int colStride, int mr, int nr,
                                 Scratch s, float[] bp, int bPanel, int cTile, boolean add) {
        kernel(kc, g.a, aTile, rowStride, colStride, mr, bp, bPanel, s.tile, 0, NR, false);
        for (int r = 0; r < mr; r++) {
            for (int jj = 0; jj < nr; jj++) {
                int ci = cTile + r * g.ldc + jj;
                g.c[ci] = add ? g.c[ci] + s.tile[r * NR + jj] : s.tile[r * NR + jj];
            }
        }
    }

    /** Columns per step of the row-by-row path (four vectors). */
    private static final int ROW_COLS = 4 * LANES;

    /**
     * Row-by-row path for very few rows, reading B in place (no packing). With B not transposed each
     * row of C is a sum of scaled rows of B (axpy form, four vectors of columns per step); with B
     * transposed each element of C is a dot product of two contiguous rows (four at once).
     */
    private static void rows(Job g, int j0, int j1) {
        int i = 0;
        if (g.transB && !g.transA) {
            // four rows of A at a time, so that each row of B (the weights, often MBs) is read once
            // per four rows; the rest one by one (rowDots shares each A load among four rows of B)
            for (; i + 4 <= g.m; i += 4) rowDots4(g, i, 4, j0, j1);
        }
        for (; i < g.m; i++) {
            if (g.transB) rowDots(g, i, j0, j1);
            else rowAxpy(g, i, j0, j1);
        }
    }

    /**
     * C[i0+r, j] (+)= A[i0+r, :] . B[j, :] for r < rows (at most 4) and j0 <= j < j1, A and B rows
     * contiguous: four rows of B meet four rows of A per step (16 dot products, 8 loads per 16 FMAs;
     * four streams of B keep more of its reads in flight from L3), then two and one for the last
     * rows of B, so B is streamed once for all rows of A. Each dot product is summed exactly as in
     * {@link #rowDots} (one vector accumulator, lanes in a fixed order, then the scalar tail), so the
     * results are the same bits. Rows past {@code rows} re-read the last row and are not stored.
     */
    private static void rowDots4(Job g, int i0, int rows, int j0, int j1) {
        float[] a = g.a, b = g.b, c = g.c;
        int k = g.k, bound = SPECIES.loopBound(k);
        int a0 = g.aOff + i0 * g.lda, a1 = a0 + Math.min(1, rows - 1) * g.lda;
        int a2 = a0 + Math.min(2, rows - 1) * g.lda, a3 = a0 + Math.min(3, rows - 1) * g.lda;
        int j = j0;
        for (; j + 4 <= j1; j += 4) {
            // four rows of B (four memory streams: the weights come from L3) meet four rows of A
            int b0 = g.bOff + j * g.ldb, b1 = b0 + g.ldb, b2 = b1 + g.ldb, b3 = b2 + g.ldb;
            FloatVector s00 = FloatVector.zero(SPECIES), s01 = s00, s02 = s00, s03 = s00;
            FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
            FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00;
            FloatVector s30 = s00, s31 = s00, s32 = s00, s33 = s00;
            for (int p = 0; p < bound; p += LANES) {
                FloatVector bv0 = FloatVector.fromArray(SPECIES, b, b0 + p);
                FloatVector bv1 = FloatVector.fromArray(SPECIES, b, b1 + p);
                FloatVector bv2 = FloatVector.fromArray(SPECIES, b, b2 + p);
                FloatVector bv3 = FloatVector.fromArray(SPECIES, b, b3 + p);
                FloatVector av = FloatVector.fromArray(SPECIES, a, a0 + p);
                s00 = av.fma(bv0, s00);
                s01 = av.fma(bv1, s01);
                s02 = av.fma(bv2, s02);
                s03 = av.fma(bv3, s03);
                av = FloatVector.fromArray(SPECIES, a, a1 + p);
                s10 = av.fma(bv0, s10);
                s11 = av.fma(bv1, s11);
                s12 = av.fma(bv2, s12);
                s13 = av.fma(bv3, s13);
                av = FloatVector.fromArray(SPECIES, a, a2 + p);
                s20 = av.fma(bv0, s20);
                s21 = av.fma(bv1, s21);
                s22 = av.fma(bv2, s22);
                s23 = av.fma(bv3, s23);
                av = FloatVector.fromArray(SPECIES, a, a3 + p);
                s30 = av.fma(bv0, s30);
                s31 = av.fma(bv1, s31);
                s32 = av.fma(bv2, s32);
                s33 = av.fma(bv3, s33);
            }
            storeDot(g, i0, j, bound, a0, b0, VectorOps.sumLanes(s00));
            storeDot(g, i0, j + 1, bound, a0, b1, VectorOps.sumLanes(s01));
            storeDot(g, i0, j + 2, bound, a0, b2, VectorOps.sumLanes(s02));
            storeDot(g, i0, j + 3, bound, a0, b3, VectorOps.sumLanes(s03));
            if (rows > 1) {
                storeDot(g, i0 + 1, j, bound, a1, b0, VectorOps.sumLanes(s10));
                storeDot(g, i0 + 1, j + 1, bound, a1, b1, VectorOps.sumLanes(s11));
                storeDot(g, i0 + 1, j + 2, bound, a1, b2, VectorOps.sumLanes(s12));
                storeDot(g, i0 + 1, j + 3, bound, a1, b3, VectorOps.sumLanes(s13));
            }
            if (rows > 2) {
                storeDot(g, i0 + 2, j, bound, a2, b0, VectorOps.sumLanes(s20));
                storeDot(g, i0 + 2, j + 1, bound, a2, b1, VectorOps.sumLanes(s21));
                storeDot(g, i0 + 2, j + 2, bound, a2, b2, VectorOps.sumLanes(s22));
                storeDot(g, i0 + 2, j + 3, bound, a2, b3, VectorOps.sumLanes(s23));
            }
            if (rows > 3) {
                storeDot(g, i0 + 3, j, bound, a3, b0, VectorOps.sumLanes(s30));
                storeDot(g, i0 + 3, j + 1, bound, a3, b1, VectorOps.sumLanes(s31));
                storeDot(g, i0 + 3, j + 2, bound, a3, b2, VectorOps.sumLanes(s32));
                storeDot(g, i0 + 3, j + 3, bound, a3, b3, VectorOps.sumLanes(s33));
            }
        }
        for (; j + 2 <= j1; j += 2) {
            int b0 = g.bOff + j * g.ldb, b1 = b0 + g.ldb;
            FloatVector s00 = FloatVector.zero(SPECIES), s01 = s00, s10 = s00, s11 = s00;
            FloatVector s20 = s00, s21 = s00, s30 = s00, s31 = s00;
            int p = 0;
            for (; p < bound; p += LANES) {
                FloatVector bv0 = FloatVector.fromArray(SPECIES, b, b0 + p);
                FloatVector bv1 = FloatVector.fromArray(SPECIES, b, b1 + p);
                FloatVector av = FloatVector.fromArray(SPECIES, a, a0 + p);
                s00 = av.fma(bv0, s00);
                s01 = av.fma(bv1, s01);
                av = FloatVector.fromArray(SPECIES, a, a1 + p);
                s10 = av.fma(bv0, s10);
                s11 = av.fma(bv1, s11);
                av = FloatVector.fromArray(SPECIES, a, a2 + p);
                s20 = av.fma(bv0, s20);
                s21 = av.fma(bv1, s21);
                av = FloatVector.fromArray(SPECIES, a, a3 + p);
                s30 = av.fma(bv0, s30);
                s31 = av.fma(bv1, s31);
            }
            storeDot(g, i0, j, bound, a0, b0, VectorOps.sumLanes(s00));
            storeDot(g, i0, j + 1, bound, a0, b1, VectorOps.sumLanes(s01));
            if (rows > 1) {
                storeDot(g, i0 + 1, j, bound, a1, b0, VectorOps.sumLanes(s10));
                storeDot(g, i0 + 1, j + 1, bound, a1, b1, VectorOps.sumLanes(s11));
            }
            if (rows > 2) {
                storeDot(g, i0 + 2, j, bound, a2, b0, VectorOps.sumLanes(s20));
                storeDot(g, i0 + 2, j + 1, bound, a2, b1, VectorOps.sumLanes(s21));
            }
            if (rows > 3) {
                storeDot(g, i0 + 3, j, bound, a3, b0, VectorOps.sumLanes(s30));
                storeDot(g, i0 + 3, j + 1, bound, a3, b1, VectorOps.sumLanes(s31));
            }
        }
        for (; j < j1; j++) {   // an odd last row of B
            int b0 = g.bOff + j * g.ldb;
            FloatVector s0 = FloatVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0;
            for (int p = 0; p < bound; p += LANES) {
                FloatVector bv = FloatVector.fromArray(SPECIES, b, b0 + p);
                s0 = FloatVector.fromArray(SPECIES, a, a0 + p).fma(bv, s0);
                s1 = FloatVector.fromArray(SPECIES, a, a1 + p).fma(bv, s1);
                s2 = FloatVector.fromArray(SPECIES, a, a2 + p).fma(bv, s2);
                s3 = FloatVector.fromArray(SPECIES, a, a3 + p).fma(bv, s3);
            }
            storeDot(g, i0, j, bound, a0, b0, VectorOps.sumLanes(s0));
            if (rows > 1) storeDot(g, i0 + 1, j, bound, a1, b0, VectorOps.sumLanes(s1));
            if (rows > 2) storeDot(g, i0 + 2, j, bound, a2, b0, VectorOps.sumLanes(s2));
            if (rows > 3) storeDot(g, i0 + 3, j, bound, a3, b0, VectorOps.sumLanes(s3));
        }
    }

    /** Finishes one dot product (the scalar tail over p >= bound) and stores C[i, j] (+)= it. */
    private static void storeDot(Job g, int i, int j, int bound, int aRow, int bRow, float d) {
        float[] a = g.a, b = g.b;
        for (int p = bound; p < g.k; p++) d += a[aRow + p] * b[bRow + p];
        int ci = g.cOff + i * g.ldc + j;
        g.c[ci] = g.accumulate ? g.c[ci] + d : d;
    }

    /**
     * C[i, j0:j1] (+)= sum_p op(A)[i][p] B[p, j0:j1], B row-major k x n: the C row segment (at most
     * a few KiB) stays in L1 while B streams past row after row, in memory order, two rows per step.
     */
    private static void rowAxpy(Job g, int i, int j0, int j1) {
        float[] a = g.a, b = g.b, c = g.c;
        int aRow = g.aOff + i * (g.transA ? 1 : g.lda), aStep = g.transA ? g.lda : 1;
        int cRow = g.cOff + i * g.ldc, width = j1 - j0, bound = SPECIES.loopBound(width);
        if (!g.accumulate) java.util.Arrays.fill(c, cRow + j0, cRow + j1, 0f);
        int p = 0;
        for (; p + 1 < g.k; p += 2) {
            // c[i][j] += A[i][p] B[p][j] + A[i][p+1] B[p+1][j]
            float a0 = a[aRow + p * aStep], a1 = a[aRow + (p + 1) * aStep];
            FloatVector a0v = FloatVector.broadcast(SPECIES, a0), a1v = FloatVector.broadcast(SPECIES, a1);
            int b0 = g.bOff + p * g.ldb + j0, b1 = b0 + g.ldb, ci = cRow + j0;
            int j = 0;
            for (; j < bound; j += LANES) {
                FloatVector acc = FloatVector.fromArray(SPECIES, c, ci + j);
                acc = a0v.fma(FloatVector.fromArray(SPECIES, b, b0 + j), acc);
                acc = a1v.fma(FloatVector.fromArray(SPECIES, b, b1 + j), acc);
                acc.intoArray(c, ci + j);
            }
            for (; j < width; j++) c[ci + j] += a0 * b[b0 + j] + a1 * b[b1 + j];
        }
        for (; p < g.k; p++) {   // odd k: the last row alone
            float a0 = a[aRow + p * aStep];
            int b0 = g.bOff + p * g.ldb + j0, ci = cRow + j0;
            for (int j = 0; j < width; j++) c[ci + j] += a0 * b[b0 + j];
        }
    }

    /** C[i, j0:j1] (+)= A[i, :] . B[j, :] for each j, A and B rows contiguous (A not transposed). */
    private static void rowDots(Job g, int i, int j0, int j1) {
        float[] a = g.a, b = g.b, c = g.c;
        int k = g.k, aRow = g.aOff + i * (g.transA ? 1 : g.lda), aStep = g.transA ? g.lda : 1;
        int cRow = g.cOff + i * g.ldc;
        int bound = g.transA ? 0 : SPECIES.loopBound(k);   // a transposed A row is strided: all scalar
        int j = j0;
        for (; j + 4 <= j1; j += 4) {
            int b0 = g.bOff + j * g.ldb, b1 = b0 + g.ldb, b2 = b1 + g.ldb, b3 = b2 + g.ldb;
            FloatVector s0 = FloatVector.zero(SPECIES), s1 = FloatVector.zero(SPECIES);
            FloatVector s2 = FloatVector.zero(SPECIES), s3 = FloatVector.zero(SPECIES);
            int p = 0;
            for (; p < bound; p += LANES) {
                // s_q += A[i][p..] * B[j+q][p..], four independent dot products share the A load
                FloatVector av = FloatVector.fromArray(SPECIES, a, aRow + p);
                s0 = av.fma(FloatVector.fromArray(SPECIES, b, b0 + p), s0);
                s1 = av.fma(FloatVector.fromArray(SPECIES, b, b1 + p), s1);
                s2 = av.fma(FloatVector.fromArray(SPECIES, b, b2 + p), s2);
                s3 = av.fma(FloatVector.fromArray(SPECIES, b, b3 + p), s3);
            }
            // lane sums in a fixed order (not reduceLanes, whose order changes with the JIT tier)
            float d0 = VectorOps.sumLanes(s0), d1 = VectorOps.sumLanes(s1);
            float d2 = VectorOps.sumLanes(s2), d3 = VectorOps.sumLanes(s3);
            for (; p < k; p++) {   // scalar tail over p
                float av = a[aRow + p * aStep];
                d0 += av * b[b0 + p];
                d1 += av * b[b1 + p];
                d2 += av * b[b2 + p];
                d3 += av * b[b3 + p];
            }
            int ci = cRow + j;
            c[ci] = g.accumulate ? c[ci] + d0 : d0;
            c[ci + 1] = g.accumulate ? c[ci + 1] + d1 : d1;
            c[ci + 2] = g.accumulate ? c[ci + 2] + d2 : d2;
            c[ci + 3] = g.accumulate ? c[ci + 3] + d3 : d3;
        }
        for (; j < j1; j++) {   // scalar tail over columns
            float sum = 0f;
            for (int p = 0, bj = g.bOff + j * g.ldb; p < k; p++) sum += a[aRow + p * aStep] * b[bj + p];
            c[cRow + j] = g.accumulate ? c[cRow + j] + sum : sum;
        }
    }

    /** Rows of a packed panel written per pass when packing a transposed B (see packB). */
    private static final int PACK_T_ROWS = 64;

    /**
     * Copies op(B)[pc:pc+kc, jc:jc+nc] into panels of NR columns: panel q holds its kc rows one after
     * another, NR floats each (zeros past column nc), at packed[q*kc*NR ..].
     */
    private static void packB(Job g, int pc, int kc, int jc, int nc, float[] packed) {
        for (int q = 0; q * NR < nc; q++) {
            int j = jc + q * NR, nr = Math.min(NR, nc - q * NR), dst = q * kc * NR;
            if (!g.transB) {
                // op(B)[p][j] = b[bOff + p*ldb + j]: row segments are contiguous
                for (int p = 0; p < kc; p++) {
                    int src = g.bOff + (pc + p) * g.ldb + j, d = dst + p * NR;
                    if (nr == NR) {   // two vector copies: cheaper than arraycopy's call for 32 floats
                        FloatVector.fromArray(SPECIES, g.b, src).intoArray(packed, d);
                        FloatVector.fromArray(SPECIES, g.b, src + LANES).intoArray(packed, d + LANES);
                    } else {
                        System.arraycopy(g.b, src, packed, d, nr);
                        java.util.Arrays.fill(packed, d + nr, d + NR, 0f);
                    }
                }
            } else {
                // op(B)[p][j] = b[bOff + j*ldb + p]: read each B row contiguously, write down a
                // column, PACK_T_ROWS rows of the panel at a time: those (8 KiB) stay in L1 while all
                // NR columns are written (a whole panel, kc x NR = 64 KiB, does not fit in L1)
                for (int p0 = 0; p0 < kc; p0 += PACK_T_ROWS) {
                    int p1 = Math.min(kc, p0 + PACK_T_ROWS);
                    for (int jj = 0; jj < nr; jj++) {
                        int src = g.bOff + (j + jj) * g.ldb + pc;
                        for (int p = p0; p < p1; p++) packed[dst + p * NR + jj] = g.b[src + p];
                    }
                    for (int jj = nr; jj < NR; jj++) {
                        for (int p = p0; p < p1; p++) packed[dst + p * NR + jj] = 0f;
                    }
                }            }
        }
    }

    /**
     * The micro-kernel: C[0:6, 0:NR] (+)= sum_p A[r][p] * Bpanel[p][0:NR] with the tile in 12
     * registers. Rows r >= mr re-read the last valid row (so reads stay in range); the caller
     * discards them. A[r][p] = a[a0 + r*rowStride + p*colStride]; Bpanel[p] = bp[b0 + p*NR ..].
     */
    private static void kernel(int kc, float[] a, int a0, int rowStride, int colStride, int mr,
                               float[] bp, int b0, float[] c, int c0, int ldc, boolean add) {
        int r0 = a0;
        int r1 = a0 + Math.min(1, mr - 1) * rowStride;
        int r2 = a0 + Math.min(2, mr - 1) * rowStride;
        int r3 = a0 + Math.min(3, mr - 1) * rowStride;
        int r4 = a0 + Math.min(4, mr - 1) * rowStride;
        int r5 = a0 + Math.min(5, mr - 1) * rowStride;
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = FloatVector.zero(SPECIES);
        FloatVector c40 = FloatVector.zero(SPECIES), c41 = FloatVector.zero(SPECIES);
        FloatVector c50 = FloatVector.zero(SPECIES), c51 = FloatVector.zero(SPECIES);
        int ap = 0, bi = b0;
        for (int p = 0; p < kc; p++, ap += colStride, bi += NR) {
            // c[r][:] += A[r][p] * B[p][:]  for r = 0..5, as two vectors of columns
            FloatVector b0v = FloatVector.fromArray(SPECIES, bp, bi);
            FloatVector b1v = FloatVector.fromArray(SPECIES, bp, bi + LANES);
            FloatVector av = FloatVector.broadcast(SPECIES, a[r0 + ap]);
            c00 = av.fma(b0v, c00);
            c01 = av.fma(b1v, c01);
            av = FloatVector.broadcast(SPECIES, a[r1 + ap]);
            c10 = av.fma(b0v, c10);
            c11 = av.fma(b1v, c11);
            av = FloatVector.broadcast(SPECIES, a[r2 + ap]);
            c20 = av.fma(b0v, c20);
            c21 = av.fma(b1v, c21);
            av = FloatVector.broadcast(SPECIES, a[r3 + ap]);
            c30 = av.fma(b0v, c30);
            c31 = av.fma(b1v, c31);
            av = FloatVector.broadcast(SPECIES, a[r4 + ap]);
            c40 = av.fma(b0v, c40);
            c41 = av.fma(b1v, c41);
            av = FloatVector.broadcast(SPECIES, a[r5 + ap]);
            c50 = av.fma(b0v, c50);
            c51 = av.fma(b1v, c51);
        }
        // The stores are written out here rather than in a helper: a vector passed to a method that
        // is not inlined gets boxed on the heap, which costs more than the whole tile.
        int i0 = c0, i1 = c0 + ldc, i2 = c0 + 2 * ldc, i3 = c0 + 3 * ldc, i4 = c0 + 4 * ldc, i5 = c0 + 5 * ldc;
        if (add) {
            c00 = c00.add(FloatVector.fromArray(SPECIES, c, i0));
            c01 = c01.add(FloatVector.fromArray(SPECIES, c, i0 + LANES));
            c10 = c10.add(FloatVector.fromArray(SPECIES, c, i1));
            c11 = c11.add(FloatVector.fromArray(SPECIES, c, i1 + LANES));
            c20 = c20.add(FloatVector.fromArray(SPECIES, c, i2));
            c21 = c21.add(FloatVector.fromArray(SPECIES, c, i2 + LANES));
            c30 = c30.add(FloatVector.fromArray(SPECIES, c, i3));
            c31 = c31.add(FloatVector.fromArray(SPECIES, c, i3 + LANES));
            c40 = c40.add(FloatVector.fromArray(SPECIES, c, i4));
            c41 = c41.add(FloatVector.fromArray(SPECIES, c, i4 + LANES));
            c50 = c50.add(FloatVector.fromArray(SPECIES, c, i5));
            c51 = c51.add(FloatVector.fromArray(SPECIES, c, i5 + LANES));
        }
        c00.intoArray(c, i0);
        c01.intoArray(c, i0 + LANES);
        c10.intoArray(c, i1);
        c11.intoArray(c, i1 + LANES);
        c20.intoArray(c, i2);
        c21.intoArray(c, i2 + LANES);
        c30.intoArray(c, i3);
        c31.intoArray(c, i3 + LANES);
        c40.intoArray(c, i4);
        c41.intoArray(c, i4 + LANES);
        c50.intoArray(c, i5);
        c51.intoArray(c, i5 + LANES);
    }
}
