// SPDX-License-Identifier: MIT
// Fast convolutions: every pass is rearranged into one big matrix multiply (im2col / col2im) and
// handed to the Gemm facade, which does the arithmetic with SIMD and threads.
package org.worldmodels.kernel;

/**
 * Convolution and transposed convolution as GEMM, the same contract as {@link ConvScalar}
 * (forward overwrites y; backward passes accumulate into dX, dW, dB).
 *
 * <p>The layout trick: one image's receptive fields become the rows of a matrix ("rows", P x K with
 * P output pixels and K = C*k*k), so {@code conv = rows . W^T} is one GEMM with M = images*P large,
 * which is what the packed micro-kernel likes (bench_numpy.py measures these very shapes). The
 * transposed convolution is the same picture read backwards: a GEMM produces the rows, and
 * {@link #rowsToImageAdd} scatters them (col2im).
 * <pre>
 *   conv forward         rows(x) (P,K) . W^T (K,Co)        -> yT (P,Co)      -> y (Co,P) + bias
 *   conv dX              dyT (P,Co) . W (Co,K)             -> dRows (P,K)    -> col2im += dx
 *   conv dW              dyT^T (Co,P) . rows(x) (P,K)      -> += dW (Co,K)
 *   convT forward        xT (P,Ci) . W (Ci,Co*k*k)         -> rows (P,Co*k*k) -> col2im = y (+bias)
 *   convT dX             rows(dy) (P,Co*k*k) . W^T         -> dxT (P,Ci)     -> += dx
 *   convT dW             xT^T (Ci,P) . rows(dy) (P,Co*k*k) -> += dW (Ci,Co*k*k)
 * </pre>
 * Images are processed in chunks so that the scratch matrices stay near 4 MiB (in cache and
 * bounded in memory, whatever the batch); the rearrangement of each chunk runs in parallel over its
 * images, and the GEMM splits itself over the threads. Scratch buffers belong to the calling thread
 * and are reused from call to call.
 */
public final class ConvIm2col {
    /** Target size of one chunk's scratch matrix in floats (4 MiB). */
    private static final int CHUNK_FLOATS = 1 << 20;

    private ConvIm2col() {}

    /** Per-calling-thread scratch, grown on demand. */
    private static final class Scratch {
        float[] rows = new float[0], t = new float[0], dT = new float[0];
        /** The per-image work of the current call, reused so that a call allocates nothing. */
        final ImageJob job = new ImageJob();
        final WeightGrad weightGrad = new WeightGrad();
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static float[] grow(float[] a, int size) { return a.length >= size ? a : new float[size]; }

    /** Images per chunk when one image's scratch matrix has {@code perImage} floats. */
    private static int chunkImages(ConvShape s, long perImage) {
        return (int) Math.max(1, Math.min(s.batch(), CHUNK_FLOATS / Math.max(1, perImage)));
    }

    // ---------------------------------------------------------------------------------------------
    // Convolution

    // x (B,Ci,H,W), w (Co,Ci,k,k) -> y (B,Co,OH,OW), then y = max(y, 0) if relu
    public static void conv2dForward(ConvShape s, float[] x, int xOff, float[] w, int wOff,
                                     float[] bias, int biasOff, boolean relu, float[] y, int yOff) {
        conv2dForward(s, x, xOff, w, wOff, null, bias, biasOff, relu, y, yOff);
    }

    /**
     * The same with W^T already packed by {@link GemmVector#packWhole} (transB, K x Co): a frozen
     * encoder's weights, so that no call copies them again (SIMD only).
     */
    static void conv2dForwardPrepacked(ConvShape s, float[] x, int xOff, float[] packedWT,
                                       float[] bias, int biasOff, boolean relu, float[] y, int yOff) {
        conv2dForward(s, x, xOff, null, 0, packedWT, bias, biasOff, relu, y, yOff);
    }

    private static void conv2dForward(ConvShape s, float[] x, int xOff, float[] w, int wOff, float[] packedWT,
                                      float[] bias, int biasOff, boolean relu, float[] y, int yOff) {
        int ci = s.inChannels(), co = s.outChannels(), kk = ci * s.kernel() * s.kernel();
        int pix = s.outH() * s.outW(), inSize = s.inSize(), outSize = s.outSize();
        int g = chunkImages(s, (long) pix * kk);
        Scratch sc = SCRATCH.get();
        sc.rows = grow(sc.rows, g * pix * kk);
        sc.t = grow(sc.t, g * pix * co);
        float[] rows = sc.rows, yT = sc.t;
        for (int b0 = 0; b0 < s.batch(); b0 += g) {
            int n = Math.min(g, s.batch() - b0), first = b0;
            sc.job.one().im2col(s, false, x, xOff + first * inSize, inSize, rows, pix * kk).run(n);
            // yT (n*P, Co) = rows (n*P, K) . W^T
            if (packedWT != null) GemmVector.gemmPrepacked(n * pix, co, kk, rows, 0, kk, packedWT, false, yT, 0, co);
            else Gemm.gemm(false, true, n * pix, co, kk, rows, 0, kk, w, wOff, kk, false, yT, 0, co);
            sc.job.one().fromRows(co, pix, yT, pix * co, bias, biasOff, false, y, yOff + first * outSize, outSize)
                    .relu(relu).run(n);
        }
    }

    // dy (B,Co,OH,OW), w (Co,Ci,k,k) -> dx (B,Ci,H,W) +=
    public static void conv2dBackwardInput(ConvShape s, float[] dy, int dyOff, float[] w, int wOff, float[] dx, int dxOff) {
        int ci = s.inChannels(), co = s.outChannels(), kk = ci * s.kernel() * s.kernel();
        int pix = s.outH() * s.outW(), inSize = s.inSize(), outSize = s.outSize();
        int g = chunkImages(s, (long) pix * kk);
        Scratch sc = SCRATCH.get();
        sc.rows = grow(sc.rows, g * pix * kk);
        sc.t = grow(sc.t, g * pix * co);
        float[] dRows = sc.rows, dyT = sc.t;
        for (int b0 = 0; b0 < s.batch(); b0 += g) {
            int n = Math.min(g, s.batch() - b0), first = b0;
            sc.job.one().toRows(co, pix, dy, dyOff + first * outSize, outSize, dyT, pix * co).run(n);
            // dRows (n*P, K) = dyT (n*P, Co) . W (Co, K)
            Gemm.gemm(false, false, n * pix, kk, co, dyT, 0, co, w, wOff, kk, false, dRows, 0, kk);
            sc.job.one().col2imAdd(s, false, dRows, pix * kk, dx, dxOff + first * inSize, inSize).run(n);
        }
    }

    // x (B,Ci,H,W), dy (B,Co,OH,OW) -> dW (Co,Ci,k,k) +=, dB (Co) +=
    public static void conv2dBackwardWeight(ConvShape s, float[] x, int xOff, float[] dy, int dyOff,
                                            float[] dW, int dWOff, float[] dB, int dBOff) {
        int ci = s.inChannels(), co = s.outChannels(), kk = ci * s.kernel() * s.kernel();
        int pix = s.outH() * s.outW(), inSize = s.inSize(), outSize = s.outSize();
        int g = chunkImages(s, (long) pix * kk);
        Scratch sc = SCRATCH.get();
        sc.rows = grow(sc.rows, g * pix * kk);
        sc.t = grow(sc.t, g * pix * co);
        float[] rows = sc.rows, dyT = sc.t;
        WeightGrad acc = sc.weightGrad.start(sc, co, kk, dW, dWOff);
        for (int b0 = 0; b0 < s.batch(); b0 += g) {
            int n = Math.min(g, s.batch() - b0), first = b0;
            sc.job.one().im2col(s, false, x, xOff + first * inSize, inSize, rows, pix * kk);
            sc.job.then().toRows(co, pix, dy, dyOff + first * outSize, outSize, dyT, pix * co).run(n);
            // dW (Co, K) += dyT^T (Co, n*P) . rows (n*P, K)
            acc.add(n * pix, dyT, rows);
        }
        acc.finish();
        if (dB != null) biasGrad(s.batch(), co, pix, dy, dyOff, dB, dBOff);
    }

    // ---------------------------------------------------------------------------------------------
    // Transposed convolution (weight (Ci, Co, k, k) as PyTorch stores it)

    // x (B,Ci,H,W), w (Ci,Co,k,k) -> y (B,Co,OH,OW)
    public static void convTranspose2dForward(ConvShape s, float[] x, int xOff, float[] w, int wOff,
                                              float[] bias, int biasOff, float[] y, int yOff) {
        int ci = s.inChannels(), co = s.outChannels(), ckk = co * s.kernel() * s.kernel();
        int pix = s.inH() * s.inW(), inSize = s.inSize(), outSize = s.outSize(), outPix = s.outH() * s.outW();
        int g = chunkImages(s, (long) pix * ckk);
        Scratch sc = SCRATCH.get();
        sc.rows = grow(sc.rows, g * pix * ckk);
        sc.t = grow(sc.t, g * pix * ci);
        float[] rows = sc.rows, xT = sc.t;
        for (int b0 = 0; b0 < s.batch(); b0 += g) {
            int n = Math.min(g, s.batch() - b0), first = b0;
            sc.job.one().toRows(ci, pix, x, xOff + first * inSize, inSize, xT, pix * ci).run(n);
            // rows (n*P, Co*k*k) = xT (n*P, Ci) . W (Ci, Co*k*k)
            Gemm.gemm(false, false, n * pix, ckk, ci, xT, 0, ci, w, wOff, ckk, false, rows, 0, ckk);
            sc.job.one().fillBias(co, outPix, bias, biasOff, y, yOff + first * outSize, outSize);
            sc.job.then().col2imAdd(s, true, rows, pix * ckk, y, yOff + first * outSize, outSize).run(n);
        }
    }

    // dy (B,Co,OH,OW), w (Ci,Co,k,k) -> dx (B,Ci,H,W) +=
    public static void convTranspose2dBackwardInput(ConvShape s, float[] dy, int dyOff, float[] w, int wOff, float[] dx, int dxOff) {
        int ci = s.inChannels(), co = s.outChannels(), ckk = co * s.kernel() * s.kernel();
        int pix = s.inH() * s.inW(), inSize = s.inSize(), outSize = s.outSize();
        int g = chunkImages(s, (long) pix * ckk);
        Scratch sc = SCRATCH.get();
        sc.rows = grow(sc.rows, g * pix * ckk);
        sc.t = grow(sc.t, g * pix * ci);
        float[] rows = sc.rows, dxT = sc.t;
        for (int b0 = 0; b0 < s.batch(); b0 += g) {
            int n = Math.min(g, s.batch() - b0), first = b0;
            sc.job.one().im2col(s, true, dy, dyOff + first * outSize, outSize, rows, pix * ckk).run(n);
            // dxT (n*P, Ci) = rows(dy) (n*P, Co*k*k) . W^T
            Gemm.gemm(false, true, n * pix, ci, ckk, rows, 0, ckk, w, wOff, ckk, false, dxT, 0, ci);
            sc.job.one().fromRows(ci, pix, dxT, pix * ci, null, 0, true, dx, dxOff + first * inSize, inSize).run(n);
        }
    }

    // x (B,Ci,H,W), dy (B,Co,OH,OW) -> dW (Ci,Co,k,k) +=, dB (Co) +=
    public static void convTranspose2dBackwardWeight(ConvShape s, float[] x, int xOff, float[] dy, int dyOff,
                                                     float[] dW, int dWOff, float[] dB, int dBOff) {
        int ci = s.inChannels(), co = s.outChannels(), ckk = co * s.kernel() * s.kernel();
        int pix = s.inH() * s.inW(), inSize = s.inSize(), outSize = s.outSize();
        int g = chunkImages(s, (long) pix * ckk);
        Scratch sc = SCRATCH.get();
        sc.rows = grow(sc.rows, g * pix * ckk);
        sc.t = grow(sc.t, g * pix * ci);
        float[] rows = sc.rows, xT = sc.t;
        WeightGrad acc = sc.weightGrad.start(sc, ci, ckk, dW, dWOff);
        for (int b0 = 0; b0 < s.batch(); b0 += g) {
            int n = Math.min(g, s.batch() - b0), first = b0;
            sc.job.one().toRows(ci, pix, x, xOff + first * inSize, inSize, xT, pix * ci);
            sc.job.then().im2col(s, true, dy, dyOff + first * outSize, outSize, rows, pix * ckk).run(n);
            // dW (Ci, Co*k*k) += xT^T (Ci, n*P) . rows(dy) (n*P, Co*k*k)
            acc.add(n * pix, xT, rows);
        }
        acc.finish();
        if (dB != null) biasGrad(s.batch(), co, s.outH() * s.outW(), dy, dyOff, dB, dBOff);
    }

    // ---------------------------------------------------------------------------------------------
    // Pieces

    /**
     * dW (wa, wb) += A^T B over chunks, A (rows, wa) and B (rows, wb). The GEMM packs its right-hand
     * matrix, so the narrower of the two should be on the right: when wa < wb we accumulate the
     * transpose dW^T (wb, wa) += B^T A in scratch and add it, transposed, at the end.
     */
    private static final class WeightGrad {
        int wa, wb, dWOff;
        float[] dW, dT;
        boolean viaTranspose, started;

        /** Begins accumulating into dW (wa, wb); reuses this object and the thread's scratch. */
        WeightGrad start(Scratch sc, int wa, int wb, float[] dW, int dWOff) {
            this.wa = wa;
            this.wb = wb;
            this.dW = dW;
            this.dWOff = dWOff;
            this.viaTranspose = wa < wb;
            this.started = false;
            if (viaTranspose) sc.dT = grow(sc.dT, wa * wb);
            this.dT = sc.dT;
            return this;
        }

        void add(int rows, float[] a, float[] b) {
            if (viaTranspose) {
                Gemm.gemm(true, false, wb, wa, rows, b, 0, wb, a, 0, wa, started, dT, 0, wa);
            } else {
                Gemm.gemm(true, false, wa, wb, rows, a, 0, wa, b, 0, wb, true, dW, dWOff, wb);
            }
            started = true;
        }

        void finish() {
            if (viaTranspose && started) {
                // dW (wa, wb) += dT^T, in TILE x TILE blocks: row by row, dT would be read with a stride of
                // wa floats across all wb rows (a cache miss per element once dT outgrows L1).
                for (int i0 = 0; i0 < wa; i0 += TILE) {
                    int i1 = Math.min(i0 + TILE, wa);
                    for (int j0 = 0; j0 < wb; j0 += TILE) {
                        int j1 = Math.min(j0 + TILE, wb);
                        for (int i = i0; i < i1; i++) {
                            for (int j = j0; j < j1; j++) dW[dWOff + i * wb + j] += dT[j * wa + i];
                        }
                    }
                }
            }
            dW = null;
        }

        /** Block edge of the transpose in {@link #finish}: 16 x 16 floats of dT and dW fit in L1 together. */
        private static final int TILE = 16;
    }

    /**
     * The per-image pieces of a pass (im2col, col2im, transposes), one or two steps per image, split
     * over the worker threads by image. One object per calling thread, refilled for every use, so
     * that a convolution allocates nothing (lambdas capturing the arguments would, at every call).
     */
    private static final class ImageJob implements Parallel.Task {
        private final Step first = new Step(), second = new Step();
        private boolean two;
        private int n;

        /** Starts a job of one step per image. */
        Step one() { two = false; return first; }

        /** Adds a second step, run after the first on each image. */
        Step then() { two = true; return second; }

        /** Runs the steps for images [0, n). */
        void run(int images) {
            this.n = images;
            try {
                Parallel.run(Math.min(images, Parallel.available()), this);
            } finally {
                first.clear();
                second.clear();
            }
        }

        @Override
        public void run(int part, int parts) {
            int from = (int) ((long) n * part / parts), to = (int) ((long) n * (part + 1) / parts);
            for (int b = from; b < to; b++) {
                first.apply(b);
                if (two) second.apply(b);
            }
        }

        /**
         * One piece of per-image work: image b reads src from {@code srcBase + b*srcStride} and writes
         * dst from {@code dstBase + b*dstStride}.
         */
        final class Step {
            private static final int IM2COL = 0, COL2IM_ADD = 1, TO_ROWS = 2, FROM_ROWS = 3, FILL_BIAS = 4;
            private int op, ch, h, w, k, st, oh, ow, pix, srcBase, srcStride, dstBase, dstStride, biasOff;
            private float[] src, dst, bias;
            private boolean add, relu;

            /** im2col of x (per image srcStride floats) into rows; for a transposed conv, of its output-shaped dy. */
            Step im2col(ConvShape s, boolean ofTransposedOutput, float[] x, int xBase, int xStride, float[] rows, int rowsStride) {
                geometry(s, ofTransposedOutput);
                return io(IM2COL, x, xBase, xStride, rows, 0, rowsStride);
            }

            /** col2im-add of rows into x; for a transposed conv, into its output y. */
            Step col2imAdd(ConvShape s, boolean intoTransposedOutput, float[] rows, int rowsStride, float[] x, int xBase, int xStride) {
                geometry(s, intoTransposedOutput);
                return io(COL2IM_ADD, rows, 0, rowsStride, x, xBase, xStride);
            }

            Step toRows(int channels, int pixels, float[] x, int xBase, int xStride, float[] t, int tStride) {
                ch = channels;
                pix = pixels;
                return io(TO_ROWS, x, xBase, xStride, t, 0, tStride);
            }

            Step fromRows(int channels, int pixels, float[] t, int tStride, float[] b, int bOff, boolean accumulate,
                          float[] y, int yBase, int yStride) {
                ch = channels;
                pix = pixels;
                bias = b;
                biasOff = bOff;
                add = accumulate;
                relu = false;
                return io(FROM_ROWS, t, 0, tStride, y, yBase, yStride);
            }

            /** Makes {@link #fromRows} apply a ReLU to what it stores (the next layer's input, fused). */
            Step relu(boolean on) {
                relu = on;
                return this;
            }

            /** y[c, :] = bias[c] (or 0) for every channel plane of an image. */
            Step fillBias(int channels, int pixels, float[] b, int bOff, float[] y, int yBase, int yStride) {
                ch = channels;
                pix = pixels;
                bias = b;
                biasOff = bOff;
                return io(FILL_BIAS, null, 0, 0, y, yBase, yStride);
            }

            /** The image geometry im2col walks: a conv's input, or a transposed conv's output. */
            private void geometry(ConvShape s, boolean transposedOutput) {
                k = s.kernel();
                st = s.stride();
                if (transposedOutput) {
                    ch = s.outChannels(); h = s.outH(); w = s.outW(); oh = s.inH(); ow = s.inW();
                } else {
                    ch = s.inChannels(); h = s.inH(); w = s.inW(); oh = s.outH(); ow = s.outW();
                }
            }

            private Step io(int operation, float[] source, int sBase, int sStride, float[] dest, int dBase, int dStride) {
                op = operation;
                src = source;
                srcBase = sBase;
                srcStride = sStride;
                dst = dest;
                dstBase = dBase;
                dstStride = dStride;
                return this;
            }

            /** Runs this step's job (only on the first step: the job runs all its steps). */
            void run(int images) { ImageJob.this.run(images); }

            void apply(int b) {
                int s0 = srcBase + b * srcStride, d0 = dstBase + b * dstStride;
                switch (op) {
                    case IM2COL -> imageToRows(ch, h, w, k, st, oh, ow, src, s0, dst, d0);
                    case COL2IM_ADD -> rowsToImageAdd(ch, h, w, k, st, oh, ow, src, s0, dst, d0);
                    case TO_ROWS -> ConvIm2col.toRows(ch, pix, src, s0, dst, d0);
                    case FROM_ROWS -> ConvIm2col.fromRows(ch, pix, src, s0, bias, biasOff, add, relu, dst, d0);
                    case FILL_BIAS -> {
                        for (int c = 0; c < ch; c++) {
                            java.util.Arrays.fill(dst, d0 + c * pix, d0 + (c + 1) * pix, bias == null ? 0f : bias[biasOff + c]);
                        }
                    }
                    default -> throw new IllegalStateException("unknown step " + op);
                }
            }

            /** Drops the array references (the caller's buffers must not be kept alive). */
            void clear() { src = dst = bias = null; }
        }
    }

    /**
     * im2col for one image, one row per output pixel: rows[(oy*ow+ox)*K + (c*k+ky)*k+kx] =
     * x[c, oy*s+ky, ox*s+kx], K = ch*k*k. The kx run is contiguous in both: a short copy.
     */
    static void imageToRows(int ch, int h, int w, int k, int s, int oh, int ow,
                            float[] x, int xOff, float[] rows, int rOff) {
        int kk = ch * k * k;
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                int r = rOff + (oy * ow + ox) * kk;
                for (int c = 0; c < ch; c++) {
                    for (int ky = 0; ky < k; ky++) {
                        // a plain loop: for runs of 4-6 floats System.arraycopy's call costs more than the copy
                        int xi = xOff + (c * h + oy * s + ky) * w + ox * s;
                        for (int kx = 0; kx < k; kx++) rows[r + kx] = x[xi + kx];
                        r += k;
                    }
                }
            }
        }
    }

    /** col2im for one image, the adjoint of {@link #imageToRows}: x[c, oy*s+ky, ox*s+kx] += rows[...]. */
    static void rowsToImageAdd(int ch, int h, int w, int k, int s, int oh, int ow,
                               float[] rows, int rOff, float[] x, int xOff) {
        int kk = ch * k * k;
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                int r = rOff + (oy * ow + ox) * kk;
                for (int c = 0; c < ch; c++) {
                    for (int ky = 0; ky < k; ky++) {
                        int xi = xOff + (c * h + oy * s + ky) * w + ox * s;
                        for (int kx = 0; kx < k; kx++) x[xi + kx] += rows[r + kx];
                        r += k;
                    }
                }
            }
        }
    }

    /**
     * Pixels per tile of the transposes below: a tile of TILE pixels x all channels (at most
     * 64 x 1024 floats, usually a few KiB) is read and written while it sits in L1; a plain
     * channel-by-channel pass would re-read the whole row matrix once per channel.
     */
    private static final int TILE = 64;

    /** Channels-first planes to pixel rows: t[p*ch + c] = x[c*pix + p]. */
    static void toRows(int ch, int pix, float[] x, int xOff, float[] t, int tOff) {
        for (int p0 = 0; p0 < pix; p0 += TILE) {
            int p1 = Math.min(pix, p0 + TILE);
            for (int c = 0; c < ch; c++) {
                int xi = xOff + c * pix;
                for (int p = p0; p < p1; p++) t[tOff + p * ch + c] = x[xi + p];
            }
        }
    }

    /** Pixel rows back to planes: y[c*pix + p] = (add ? y : bias[c] or 0) + t[p*ch + c], then max(., 0) if relu. */
    static void fromRows(int ch, int pix, float[] t, int tOff, float[] bias, int biasOff, boolean add, boolean relu,
                         float[] y, int yOff) {
        for (int p0 = 0; p0 < pix; p0 += TILE) {
            int p1 = Math.min(pix, p0 + TILE);
            for (int c = 0; c < ch; c++) {
                int yi = yOff + c * pix;
                float b0 = bias == null ? 0f : bias[biasOff + c];
                for (int p = p0; p < p1; p++) {
                    float v = t[tOff + p * ch + c];
                    v = add ? y[yi + p] + v : b0 + v;
                    y[yi + p] = relu ? Math.max(v, 0f) : v;
                }
            }
        }
    }

    /** dB[c] += sum_{b,p} dy[b, c, p]. */
    static void biasGrad(int batch, int ch, int pix, float[] dy, int dyOff, float[] dB, int dBOff) {
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < ch; c++) dB[dBOff + c] += Ops.sum(dy, dyOff + (b * ch + c) * pix, pix);
        }
    }
}
