// SPDX-License-Identifier: MIT
// Direct SIMD convolution for layers with wide output rows and few taps (the first VAE encoder
// layer): no im2col matrix and no transpose, the output is written channels-first with bias and
// ReLU fused.
package org.worldmodels.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Forward convolution y = relu?(W * x + bias) computed straight from the image, for shapes whose
 * output rows fill the SIMD lanes well ({@link #suits}).
 *
 * <p>Why: through im2col, the first encoder layer (3 input channels, K = 48, 32 output channels)
 * spends more time copying (im2col: 48 floats per output pixel) and transposing the (pixels,
 * channels) result back to channels-first than in its GEMM. Here:
 * <ul>
 *   <li><b>De-interleave instead of im2col.</b> With stride s, output pixel ox reads input column
 *   s*ox + kx. Each input row is split once into its s phases, {@code xd[c][y][r][i] = x[c][y][s*i+r]},
 *   so for a fixed tap (c, ky, kx) the inputs of LANES consecutive output pixels are LANES
 *   consecutive floats of phase r = kx mod s, from i = ox + kx div s: one plain vector load. That
 *   copies each input value once (12 K floats per 3x64x64 image) instead of k*k/s^2 = 4 times.</li>
 *   <li><b>Register tile</b>: MR = 4 output channels x 3 segments of LANES output pixels (a
 *   segment is a run of pixels within one output row: a row of 31 pixels is two segments, a row of
 *   14 one). Per tap: 3 vector loads of input, 4 broadcasts of packed weights, 12 FMAs into 12
 *   accumulators, as in the GEMM micro-kernel (the weights play A, the image plays packed B).</li>
 *   <li><b>Store</b>: each accumulator is one output channel's run of pixels, contiguous in the
 *   channels-first output: bias added, ReLU applied, masked store of the valid lanes.</li>
 * </ul>
 * Lanes past the end of an output row compute garbage from zero padding and are not stored, so
 * the lane utilisation is OW / (LANES * ceil(OW / LANES)): 31/32 and 14/16 for the encoder's first
 * two layers, 6/16 and 2/16 for the last two. Since the implicit GEMM ({@link ConvImplicit}) the
 * facade gives this kernel only layers of fewer than 128 taps (the first: 48); the second runs
 * faster there (all lanes busy with output channels, aligned loads).
 *
 * <p>Threads: the work items are (image, block of MR channels); each thread takes a contiguous range
 * and de-interleaves each image it meets into its own buffer. Every output element is one sum over
 * the taps in order (c, ky, kx), then + bias, whatever the split: results do not depend on the
 * thread count. Nothing is allocated after the first call on a thread.
 */
final class ConvDirect {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Output channels per register tile, and segments of LANES output pixels: 4 x 3 accumulators. */
    static final int MR = 4, SEGMENTS = 3;
    /** Lane utilisation below which im2col + GEMM is the better choice. */
    private static final double MIN_LANE_USE = 0.75;
    /** Below this many multiply-adds a call runs on the calling thread (as GemmVector). */
    private static final long PARALLEL_MIN_WORK = GemmVector.PARALLEL_MIN_WORK;

    private ConvDirect() {}

    /** Whether this kernel is the better one for the shape: a convolution whose output rows fill the lanes. */
    static boolean suits(ConvShape s) {
        if (s.transposed() || s.outChannels() % MR != 0) return false;   // the tile stores MR channels
        int ow = s.outW(), segs = (ow + LANES - 1) / LANES;
        return ow >= LANES / 2 && (double) ow / (segs * LANES) >= MIN_LANE_USE;
    }

    /** Per-thread scratch: the de-interleaved image; on the calling thread also the packed weights and offsets. */
    private static final class Scratch {
        float[] image = new float[0], weights = new float[0], zeros = new float[0];
        int[] tapOffsets = new int[0];
        final Job job = new Job();
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** x (B,Ci,H,W), w (Co,Ci,k,k) -> y (B,Co,OH,OW) = w * x + bias, then max(0, .) if relu. */
    static void forward(ConvShape s, float[] x, int xOff, float[] w, int wOff, float[] bias, int biasOff,
                        boolean relu, float[] y, int yOff) {
        Scratch sc = SCRATCH.get();
        int size = packedWeightsSize(s);
        if (sc.weights.length < size) sc.weights = new float[size];
        packWeights(s, w, wOff, sc.weights);
        forwardPacked(s, x, xOff, sc.weights, bias, biasOff, relu, y, yOff);
    }

    /** Floats of {@link #packWeights}' layout for the shape: MR-channel blocks x taps x MR. */
    static int packedWeightsSize(ConvShape s) {
        int kk = s.inChannels() * s.kernel() * s.kernel();
        return (s.outChannels() + MR - 1) / MR * kk * MR;
    }

    /** The weights as the tile reads them: block q, tap t -> MR consecutive floats w[q*MR + r, t]. */
    static void packWeights(ConvShape s, float[] w, int wOff, float[] wp) {
        int kk = s.inChannels() * s.kernel() * s.kernel(), blocks = (s.outChannels() + MR - 1) / MR;
        for (int q = 0; q < blocks; q++) {
            for (int r = 0; r < MR; r++) {
                int co = q * MR + r, dst = q * kk * MR + r;
                if (co < s.outChannels()) {
                    for (int t = 0, src = wOff + co * kk; t < kk; t++) wp[dst + t * MR] = w[src + t];
                } else {
                    for (int t = 0; t < kk; t++) wp[dst + t * MR] = 0f;
                }
            }
        }
    }

    /** {@link #forward} with the weights already in {@link #packWeights}' layout (a frozen encoder's). */
    static void forwardPacked(ConvShape s, float[] x, int xOff, float[] wp, float[] bias, int biasOff,
                              boolean relu, float[] y, int yOff) {
        Scratch sc = SCRATCH.get();
        Job job = sc.job;
        job.set(s, x, xOff, bias, biasOff, relu, y, yOff);
        int kk = job.kk;
        // tap t = (c, ky, kx) reads xd at segmentBase + ((c*H + ky)*st + kx%st)*rowLength + kx/st
        if (sc.tapOffsets.length < kk) sc.tapOffsets = new int[kk];
        int[] taps = sc.tapOffsets;
        int k = s.kernel(), st = s.stride();
        for (int c = 0, t = 0; c < s.inChannels(); c++) {
            for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++, t++) taps[t] = ((c * s.inH() + ky) * st + kx % st) * job.rowLength + kx / st;
            }
        }
        job.weights = wp;
        job.taps = taps;
        if (bias != null) {
            job.biasArray = bias;
            job.biasBase = biasOff;
        } else {
            if (sc.zeros.length < s.outChannels()) sc.zeros = new float[s.outChannels()];
            job.biasArray = sc.zeros;
            job.biasBase = 0;
        }
        int items = s.batch() * job.blocks, parts = 1;
        long work = (long) s.batch() * s.outChannels() * s.outH() * s.outW() * kk;
        if (work >= PARALLEL_MIN_WORK) parts = Math.min(items, Parallel.available());
        try {
            Parallel.run(parts, job);
        } finally {
            job.clear();
        }
    }

    /** The arguments of one call, reused per calling thread so that a call allocates nothing. */
    private static final class Job implements Parallel.Task {
        ConvShape s;
        float[] x, bias, y, weights;
        int[] taps;
        int xOff, biasOff, yOff, kk, blocks, segsPerRow, segments, rowLength, imageFloats;
        boolean relu;
        /** The bias as the tile reads it (a zero array when there is none), and the ReLU as a lower bound. */
        float[] biasArray;
        int biasBase;
        float floor;

        void set(ConvShape s, float[] x, int xOff, float[] bias, int biasOff, boolean relu, float[] y, int yOff) {
            this.s = s; this.x = x; this.xOff = xOff; this.bias = bias; this.biasOff = biasOff;
            this.relu = relu; this.y = y; this.yOff = yOff;
            int k = s.kernel(), st = s.stride();
            kk = s.inChannels() * k * k;
            blocks = (s.outChannels() + MR - 1) / MR;
            segsPerRow = (s.outW() + LANES - 1) / LANES;
            segments = s.outH() * segsPerRow;
            // a phase row must hold its ceil(W/st) values and every segment's LANES-wide read
            rowLength = Math.max((s.inW() + st - 1) / st, (segsPerRow - 1) * LANES + (k - 1) / st + LANES);
            imageFloats = s.inChannels() * s.inH() * st * rowLength;
            floor = relu ? 0f : Float.NEGATIVE_INFINITY;   // max(v, -inf) = v, NaN stays NaN
        }

        void clear() { x = bias = y = weights = biasArray = null; taps = null; }

        @Override
        public void run(int part, int parts) {
            int items = s.batch() * blocks;
            int from = (int) ((long) items * part / parts), to = (int) ((long) items * (part + 1) / parts);
            Scratch sc = SCRATCH.get();
            if (sc.image.length < imageFloats) sc.image = new float[imageFloats];
            float[] xd = sc.image;
            int loaded = -1;
            for (int item = from; item < to; item++) {
                int b = item / blocks, q = item % blocks;
                if (b != loaded) {
                    deinterleave(s, x, xOff + b * s.inSize(), rowLength, xd);
                    loaded = b;
                }
                channelBlock(b, q, xd);
            }
        }

        /** Where segment g (output row g / segsPerRow, its (g % segsPerRow)-th run of LANES pixels) starts in xd. */
        private int inputBase(int g) {
            int st = s.stride();
            return g / segsPerRow * st * st * rowLength + g % segsPerRow * LANES;
        }

        /** Where segment g starts in an output channel plane. */
        private int outputBase(int g) { return g / segsPerRow * s.outW() + g % segsPerRow * LANES; }

        /** Output pixels of segment g (LANES, or fewer at the end of a row). */
        private int valid(int g) { return Math.min(LANES, s.outW() - g % segsPerRow * LANES); }

        /** Output channels [q*MR, q*MR + MR) of image b, tile by tile (SEGMENTS segments per tile). */
        private void channelBlock(int b, int q, float[] xd) {
            int plane = s.outH() * s.outW(), co0 = q * MR;
            int yBlock = yOff + (b * s.outChannels() + co0) * plane;
            for (int g = 0; g < segments; g += SEGMENTS) {
                // up to three segments; a missing one repeats the first and stores nothing
                int g1 = g + 1 < segments ? g + 1 : g, g2 = g + 2 < segments ? g + 2 : g;
                tile(kk, weights, q * kk * MR, xd, inputBase(g), inputBase(g1), inputBase(g2), taps,
                        biasArray, biasBase + co0, floor, y, yBlock + outputBase(g), yBlock + outputBase(g1),
                        yBlock + outputBase(g2), plane, valid(g), g1 == g ? 0 : valid(g1), g2 == g ? 0 : valid(g2));
            }
        }
    }

    /** xd[c][yy][r][i] = x[c][yy][st*i + r] (0 past the row), rows of rowLength floats. */
    static void deinterleave(ConvShape s, float[] x, int xOff, int rowLength, float[] xd) {
        int h = s.inH(), w = s.inW(), st = s.stride(), rows = s.inChannels() * h;
        for (int row = 0; row < rows; row++) {
            int src = xOff + row * w;
            for (int r = 0; r < st; r++) {
                int dst = (row * st + r) * rowLength, i = 0;
                for (int col = r; col < w; col += st, i++) xd[dst + i] = x[src + col];
                for (; i < rowLength; i++) xd[dst + i] = 0f;
            }
        }
    }

    /**
     * The register tile: for r < MR and segments g = 0, 1, 2,
     * acc[r][g][l] = sum_t wp[w0 + t*MR + r] * xd[in_g + taps[t] + l], then y[r*plane + out_g + l]
     * = max(acc + bias[bias0 + r], floor) for the valid lanes l < valid_g.
     */
    private static void tile(int kk, float[] wp, int w0, float[] xd, int in0, int in1, int in2, int[] taps,
                             float[] bias, int bias0, float floor, float[] y, int out0, int out1, int out2,
                             int plane, int valid0, int valid1, int valid2) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c30 = c00, c31 = c00, c32 = c00;
        for (int t = 0, wi = w0; t < kk; t++, wi += MR) {
            int off = taps[t];
            FloatVector b0 = FloatVector.fromArray(SPECIES, xd, in0 + off);
            FloatVector b1 = FloatVector.fromArray(SPECIES, xd, in1 + off);
            FloatVector b2 = FloatVector.fromArray(SPECIES, xd, in2 + off);
            FloatVector a = FloatVector.broadcast(SPECIES, wp[wi]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            c02 = a.fma(b2, c02);
            a = FloatVector.broadcast(SPECIES, wp[wi + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            c12 = a.fma(b2, c12);
            a = FloatVector.broadcast(SPECIES, wp[wi + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            c22 = a.fma(b2, c22);
            a = FloatVector.broadcast(SPECIES, wp[wi + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            c32 = a.fma(b2, c32);
        }
        // Written out rather than looped over an array of vectors: C2 keeps them in registers only
        // when every vector is a local that does not escape (see GemmVector.kernel). Kept short and
        // branch-free (MR rows always, floor = 0 or -inf for the ReLU). A tile of 8 x 2 was tried
        // first: its 16 accumulators made C1 give up on the method ("out of virtual registers"),
        // after which it was never compiled by C2 either and ran interpreted.
        VectorMask<Float> m0 = SPECIES.indexInRange(0, valid0), m1 = SPECIES.indexInRange(0, valid1);
        VectorMask<Float> m2 = SPECIES.indexInRange(0, valid2);
        FloatVector lo = FloatVector.broadcast(SPECIES, floor);
        c00.add(bias[bias0]).max(lo).intoArray(y, out0, m0);
        c01.add(bias[bias0]).max(lo).intoArray(y, out1, m1);
        c02.add(bias[bias0]).max(lo).intoArray(y, out2, m2);
        c10.add(bias[bias0 + 1]).max(lo).intoArray(y, out0 + plane, m0);
        c11.add(bias[bias0 + 1]).max(lo).intoArray(y, out1 + plane, m1);
        c12.add(bias[bias0 + 1]).max(lo).intoArray(y, out2 + plane, m2);
        c20.add(bias[bias0 + 2]).max(lo).intoArray(y, out0 + 2 * plane, m0);
        c21.add(bias[bias0 + 2]).max(lo).intoArray(y, out1 + 2 * plane, m1);
        c22.add(bias[bias0 + 2]).max(lo).intoArray(y, out2 + 2 * plane, m2);
        c30.add(bias[bias0 + 3]).max(lo).intoArray(y, out0 + 3 * plane, m0);
        c31.add(bias[bias0 + 3]).max(lo).intoArray(y, out1 + 3 * plane, m1);
        c32.add(bias[bias0 + 3]).max(lo).intoArray(y, out2 + 3 * plane, m2);
    }
}
