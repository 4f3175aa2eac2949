// SPDX-License-Identifier: MIT
// Forward convolution as an implicit GEMM: the GEMM micro-kernel reads its left-hand matrix (the
// im2col rows) straight from the image through a table of tap offsets, so no im2col matrix is built.
package org.worldmodels.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * y = relu?(W * x + bias), computed as yT (pixels x Co) = rows(x) (pixels x K) . W^T (K x Co) with
 * the rows never written down.
 *
 * <p>Why: im2col copies every input value k*k/s^2 = 4 times into a matrix (9.4 MB for the third
 * encoder layer at batch 64) that the GEMM then reads once; and the direct kernel ({@link
 * ConvDirect}) puts output pixels in the SIMD lanes, which wastes lanes on short output rows (14 of
 * 16 in the second layer) and reads its input with unaligned vector loads. Here:
 * <ul>
 *   <li><b>Rows read in place.</b> Element (pixel i, tap t) of the im2col matrix is
 *   {@code x[base[i] + tap[t]]}: base[i] is where pixel i's receptive field starts in the batch
 *   (image, oy*s, ox*s), tap[t] = (c*H + ky)*W + kx is the tap's offset inside it. The micro-kernel
 *   broadcasts A one scalar at a time anyway (see {@link GemmVector}), so reading it through two
 *   small integer tables costs one extra integer load per tap.</li>
 *   <li><b>Output channels in the lanes.</b> W^T is packed into panels of 32 channels ({@link
 *   GemmVector#packWhole}), once for a frozen layer or once per call; every channel count of the
 *   encoder (32, 64, 128, 256) fills the panels exactly.</li>
 *   <li><b>The same micro-kernel</b> as the GEMM: 6 pixels x 32 channels in 12 accumulators, per
 *   tap 2 aligned vector loads of W^T, 6 broadcasts of x, 12 FMAs. Taps in blocks of KC so that
 *   a panel block (KC x 32 floats, 32 KiB) stays in L1 while it meets all of a thread's pixels.</li>
 *   <li><b>Channels-first at the end.</b> Each thread transposes its own pixels' rows of yT into y
 *   with the bias and the ReLU.</li>
 * </ul>
 * Every output element is one sum over the taps in order, in the same KC blocks, whatever the
 * thread split: results do not depend on the thread count. Images go in chunks whose yT is about
 * 4 MiB, so scratch is bounded whatever the batch. Nothing is allocated after the first call on a
 * thread (the tables and yT live in per-thread scratch).
 */
final class ConvImplicit {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    static final int MR = GemmVector.MR, NR = GemmVector.NR;
    /** Taps per block: a packed panel block of KC x NR floats is 32 KiB (AVX-512). */
    static final int KC = 256;
    private static final long PARALLEL_MIN_WORK = GemmVector.PARALLEL_MIN_WORK;
    /** Target size of one chunk's yT in floats (4 MiB), as ConvIm2col's scratch matrices. */
    private static final int CHUNK_FLOATS = 1 << 20;

    private ConvImplicit() {}

    /** Per calling thread: the tables, yT and the packed weights of the live path. */
    private static final class Scratch {
        int[] base = new int[0], taps = new int[0];
        float[] yT = new float[0], packed = new float[0];
        final Job job = new Job();
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    /** The edge-tile buffer of whichever thread runs a part (the caller's Scratch is the caller's only). */
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[MR * NR]);

    /**
     * Taps below which the direct kernel is faster: with few taps per output (the first encoder layer:
     * 3 x 4 x 4 = 48) the final transposition to channels-first weighs as much as the arithmetic
     * (first layer at batch 64: direct 2.0 ms, implicit 3.1 ms; second layer, 512 taps: 7.8 vs 6.0 ms).
     */
    static final int MIN_TAPS = 128;

    /** Whether this kernel is the better one for the shape (SIMD on): a forward convolution with enough taps. */
    static boolean suits(ConvShape s) {
        return !s.transposed() && s.inChannels() * s.kernel() * s.kernel() >= MIN_TAPS;
    }

    /** x (B,Ci,H,W), w (Co,Ci,k,k) -> y (B,Co,OH,OW): packs W^T for this call, then {@link #forwardPacked}. */
    static void forward(ConvShape s, float[] x, int xOff, float[] w, int wOff, float[] bias, int biasOff,
                        boolean relu, float[] y, int yOff) {
        int kk = s.inChannels() * s.kernel() * s.kernel();
        Scratch sc = SCRATCH.get();
        float[] packed = sc.packed = GemmVector.packWhole(true, kk, s.outChannels(), w, wOff, kk, sc.packed);
        forwardPacked(s, x, xOff, packed, bias, biasOff, relu, y, yOff);
    }

    /** The forward pass with W^T packed by {@link GemmVector#packWhole}(transB = true, K, Co, w, 0, K). */
    static void forwardPacked(ConvShape s, float[] x, int xOff, float[] packedWT, float[] bias, int biasOff,
                              boolean relu, float[] y, int yOff) {
        int ci = s.inChannels(), co = s.outChannels(), k = s.kernel(), st = s.stride();
        int kk = ci * k * k, ow = s.outW(), pix = s.outH() * ow;
        if (packedWT.length < (co + NR - 1) / NR * kk * NR) {
            throw new IllegalArgumentException("ConvImplicit: packed weights of " + packedWT.length + " floats for " + s);
        }
        // images in chunks whose yT (pixels x channels) stays near CHUNK_FLOATS, whatever the batch
        int g = (int) Math.max(1, Math.min(s.batch(), CHUNK_FLOATS / ((long) pix * co)));
        Scratch sc = SCRATCH.get();
        if (sc.base.length < g * pix) sc.base = new int[g * pix];
        if (sc.taps.length < kk) sc.taps = new int[kk];
        if (sc.yT.length < g * pix * co) sc.yT = new float[g * pix * co];
        for (int c = 0, t = 0; c < ci; c++) {
            for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++, t++) sc.taps[t] = (c * s.inH() + ky) * s.inW() + kx;
            }
        }
        for (int b0 = 0; b0 < s.batch(); b0 += g) {
            int n = Math.min(g, s.batch() - b0), m = n * pix;
            // base[i]: pixel i = (image b0 + b, oy, ox) reads its receptive field from x[base[i] + taps[t]]
            for (int b = 0, i = 0; b < n; b++) {
                int image = xOff + (b0 + b) * s.inSize();
                for (int oy = 0; oy < s.outH(); oy++) {
                    for (int ox = 0; ox < ow; ox++, i++) sc.base[i] = image + oy * st * s.inW() + ox * st;
                }
            }
            Job job = sc.job;
            job.set(s, m, x, packedWT, bias, biasOff, relu ? 0f : Float.NEGATIVE_INFINITY, y, yOff + b0 * s.outSize(), sc);
            int panels = (m + MR - 1) / MR, parts = 1;
            if ((long) m * co * kk >= PARALLEL_MIN_WORK) parts = Math.min(panels, Parallel.available());
            try {
                Parallel.run(parts, job);
            } finally {
                job.clear();
            }
        }
    }

    /** The arguments of one call, reused per calling thread so that forking allocates nothing. */
    private static final class Job implements Parallel.Task {
        ConvShape s;
        float[] x, wp, bias, y, yT;
        int[] base, taps;
        int biasOff, yOff, m, co, kk;
        float floor;

        /** One chunk: m = its images x output pixels, y at yOff its first image's output. */
        void set(ConvShape s, int m, float[] x, float[] wp, float[] bias, int biasOff, float floor, float[] y, int yOff, Scratch sc) {
            this.s = s; this.x = x; this.wp = wp; this.bias = bias; this.biasOff = biasOff; this.floor = floor;
            this.y = y; this.yOff = yOff;
            this.base = sc.base; this.taps = sc.taps; this.yT = sc.yT;
            this.co = s.outChannels();
            this.kk = s.inChannels() * s.kernel() * s.kernel();
            this.m = m;
        }

        void clear() { s = null; x = wp = bias = y = yT = null; base = taps = null; }

        @Override
        public void run(int part, int parts) {
            int panels = (m + MR - 1) / MR;
            int i0 = (int) ((long) panels * part / parts) * MR;
            int i1 = Math.min(m, (int) ((long) panels * (part + 1) / parts) * MR);
            if (i0 >= i1) return;
            float[] tile = TILE.get();
            boolean stride2 = s.stride() == 2;
            for (int pc = 0; pc < kk; pc += KC) {
                int kc = Math.min(KC, kk - pc);
                boolean add = pc > 0;   // later tap blocks add to the earlier ones
                for (int i = i0; i < i1; i += MR) {
                    int mr = Math.min(MR, i1 - i);
                    for (int j = 0; j < co; j += NR) {
                        int panel = j / NR * kk * NR + pc * NR;
                        if (mr == MR && j + NR <= co && stride2 && base[i + MR - 1] - base[i] == 2 * (MR - 1)) {
                            // six neighbours in one output row, stride 2: x offsets 0, 2, ..., 10 from one index
                            kernelRowStride2(kc, x, base[i], taps, pc, wp, panel, yT, i * co + j, co, add);
                        } else if (mr == MR && j + NR <= co) {
                            kernel(kc, x, base, i, MR, taps, pc, wp, panel, yT, i * co + j, co, add);
                        } else {
                            // a tile cut by the last pixel or channel: in full into the tile buffer
                            kernel(kc, x, base, i, mr, taps, pc, wp, panel, tile, 0, NR, false);
                            int nr = Math.min(NR, co - j);
                            for (int r = 0; r < mr; r++) {
                                for (int jj = 0; jj < nr; jj++) {
                                    int ci = (i + r) * co + j + jj;
                                    yT[ci] = add ? yT[ci] + tile[r * NR + jj] : tile[r * NR + jj];
                                }
                            }
                        }
                    }
                }
            }
            toChannelsFirst(i0, i1);
        }

        /** y[b][c][p] = max(yT[i][c] + bias[c], floor) for this part's pixels i = b*P + p. */
        private void toChannelsFirst(int i0, int i1) {
            int pix = s.outH() * s.outW(), outSize = s.outSize();
            for (int i = i0; i < i1; i++) {
                int b = i / pix, p = i % pix, dst = yOff + b * outSize + p, src = i * co;
                for (int c = 0; c < co; c++) {
                    float v = yT[src + c] + (bias == null ? 0f : bias[biasOff + c]);
                    y[dst + c * pix] = Math.max(v, floor);
                }
            }
        }
    }

    /**
     * {@link #kernel} for six output pixels next to each other in one row with stride 2 (pixel r reads
     * x[p0 + 2r + tap]): one index per tap, constant displacements, so the JIT checks the bounds
     * once per tap instead of six times and needs no per-row address arithmetic.
     */
    private static void kernelRowStride2(int kc, float[] x, int p0, int[] taps, int t0,
                                         float[] wp, int w0, float[] c, int c0, int ldc, boolean add) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = FloatVector.zero(SPECIES);
        FloatVector c40 = FloatVector.zero(SPECIES), c41 = FloatVector.zero(SPECIES);
        FloatVector c50 = FloatVector.zero(SPECIES), c51 = FloatVector.zero(SPECIES);
        for (int t = t0, bi = w0; t < t0 + kc; t++, bi += NR) {
            int q = p0 + taps[t];
            FloatVector b0v = FloatVector.fromArray(SPECIES, wp, bi);
            FloatVector b1v = FloatVector.fromArray(SPECIES, wp, bi + LANES);
            FloatVector av = FloatVector.broadcast(SPECIES, x[q]);
            c00 = av.fma(b0v, c00);
            c01 = av.fma(b1v, c01);
            av = FloatVector.broadcast(SPECIES, x[q + 2]);
            c10 = av.fma(b0v, c10);
            c11 = av.fma(b1v, c11);
            av = FloatVector.broadcast(SPECIES, x[q + 4]);
            c20 = av.fma(b0v, c20);
            c21 = av.fma(b1v, c21);
            av = FloatVector.broadcast(SPECIES, x[q + 6]);
            c30 = av.fma(b0v, c30);
            c31 = av.fma(b1v, c31);
            av = FloatVector.broadcast(SPECIES, x[q + 8]);
            c40 = av.fma(b0v, c40);
            c41 = av.fma(b1v, c41);
            av = FloatVector.broadcast(SPECIES, x[q + 10]);
            c50 = av.fma(b0v, c50);
            c51 = av.fma(b1v, c51);
        }
        int i0c = c0, i1c = c0 + ldc, i2c = c0 + 2 * ldc, i3c = c0 + 3 * ldc, i4c = c0 + 4 * ldc, i5c = c0 + 5 * ldc;
        if (add) {
            c00 = c00.add(FloatVector.fromArray(SPECIES, c, i0c));
            c01 = c01.add(FloatVector.fromArray(SPECIES, c, i0c + LANES));
            c10 = c10.add(FloatVector.fromArray(SPECIES, c, i1c));
            c11 = c11.add(FloatVector.fromArray(SPECIES, c, i1c + LANES));
            c20 = c20.add(FloatVector.fromArray(SPECIES, c, i2c));
            c21 = c21.add(FloatVector.fromArray(SPECIES, c, i2c + LANES));
            c30 = c30.add(FloatVector.fromArray(SPECIES, c, i3c));
            c31 = c31.add(FloatVector.fromArray(SPECIES, c, i3c + LANES));
            c40 = c40.add(FloatVector.fromArray(SPECIES, c, i4c));
            c41 = c41.add(FloatVector.fromArray(SPECIES, c, i4c + LANES));
            c50 = c50.add(FloatVector.fromArray(SPECIES, c, i5c));
            c51 = c51.add(FloatVector.fromArray(SPECIES, c, i5c + LANES));
        }
        c00.intoArray(c, i0c);
        c01.intoArray(c, i0c + LANES);
        c10.intoArray(c, i1c);
        c11.intoArray(c, i1c + LANES);
        c20.intoArray(c, i2c);
        c21.intoArray(c, i2c + LANES);
        c30.intoArray(c, i3c);
        c31.intoArray(c, i3c + LANES);
        c40.intoArray(c, i4c);
        c41.intoArray(c, i4c + LANES);
        c50.intoArray(c, i5c);
        c51.intoArray(c, i5c + LANES);
    }

    /**
     * The micro-kernel of {@link GemmVector} with A read through the tables: C[r][0:NR] (+)=
     * sum_{t in [t0, t0+kc)} x[base[i0+r] + taps[t]] * Wpanel[t][0:NR] for r < MR, rows r >= mr
     * repeating the last valid pixel (the caller discards them).
     */
    private static void kernel(int kc, float[] x, int[] base, int i0, int mr, int[] taps, int t0,
                               float[] wp, int w0, float[] c, int c0, int ldc, boolean add) {
        int r0 = base[i0];
        int r1 = base[i0 + Math.min(1, mr - 1)];
        int r2 = base[i0 + Math.min(2, mr - 1)];
        int r3 = base[i0 + Math.min(3, mr - 1)];
        int r4 = base[i0 + Math.min(4, mr - 1)];
        int r5 = base[i0 + Math.min(5, mr - 1)];
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = FloatVector.zero(SPECIES);
        FloatVector c40 = FloatVector.zero(SPECIES), c41 = FloatVector.zero(SPECIES);
        FloatVector c50 = FloatVector.zero(SPECIES), c51 = FloatVector.zero(SPECIES);
        for (int t = t0, bi = w0; t < t0 + kc; t++, bi += NR) {
            // c[r][:] += x[pixel r, tap t] * W^T[t][:]  for r = 0..5, as two vectors of channels
            int off = taps[t];
            FloatVector b0v = FloatVector.fromArray(SPECIES, wp, bi);
            FloatVector b1v = FloatVector.fromArray(SPECIES, wp, bi + LANES);
            FloatVector av = FloatVector.broadcast(SPECIES, x[r0 + off]);
            c00 = av.fma(b0v, c00);
            c01 = av.fma(b1v, c01);
            av = FloatVector.broadcast(SPECIES, x[r1 + off]);
            c10 = av.fma(b0v, c10);
            c11 = av.fma(b1v, c11);
            av = FloatVector.broadcast(SPECIES, x[r2 + off]);
            c20 = av.fma(b0v, c20);
            c21 = av.fma(b1v, c21);
            av = FloatVector.broadcast(SPECIES, x[r3 + off]);
            c30 = av.fma(b0v, c30);
            c31 = av.fma(b1v, c31);
            av = FloatVector.broadcast(SPECIES, x[r4 + off]);
            c40 = av.fma(b0v, c40);
            c41 = av.fma(b1v, c41);
            av = FloatVector.broadcast(SPECIES, x[r5 + off]);
            c50 = av.fma(b0v, c50);
            c51 = av.fma(b1v, c51);
        }
        // stores written out, as in GemmVector.kernel (a vector passed to a helper is boxed)
        int i0c = c0, i1c = c0 + ldc, i2c = c0 + 2 * ldc, i3c = c0 + 3 * ldc, i4c = c0 + 4 * ldc, i5c = c0 + 5 * ldc;
        if (add) {
            c00 = c00.add(FloatVector.fromArray(SPECIES, c, i0c));
            c01 = c01.add(FloatVector.fromArray(SPECIES, c, i0c + LANES));
            c10 = c10.add(FloatVector.fromArray(SPECIES, c, i1c));
            c11 = c11.add(FloatVector.fromArray(SPECIES, c, i1c + LANES));
            c20 = c20.add(FloatVector.fromArray(SPECIES, c, i2c));
            c21 = c21.add(FloatVector.fromArray(SPECIES, c, i2c + LANES));
            c30 = c30.add(FloatVector.fromArray(SPECIES, c, i3c));
            c31 = c31.add(FloatVector.fromArray(SPECIES, c, i3c + LANES));
            c40 = c40.add(FloatVector.fromArray(SPECIES, c, i4c));
            c41 = c41.add(FloatVector.fromArray(SPECIES, c, i4c + LANES));
            c50 = c50.add(FloatVector.fromArray(SPECIES, c, i5c));
            c51 = c51.add(FloatVector.fromArray(SPECIES, c, i5c + LANES));
        }
        c00.intoArray(c, i0c);
        c01.intoArray(c, i0c + LANES);
        c10.intoArray(c, i1c);
        c11.intoArray(c, i1c + LANES);
        c20.intoArray(c, i2c);
        c21.intoArray(c, i2c + LANES);
        c30.intoArray(c, i3c);
        c31.intoArray(c, i3c + LANES);
        c40.intoArray(c, i4c);
        c41.intoArray(c, i4c + LANES);
        c50.intoArray(c, i5c);
        c51.intoArray(c, i5c + LANES);
    }
}
