// SPDX-License-Identifier: MIT
// The fast convolutions (Conv facade -> ConvIm2col -> GEMM) against the direct loops of ConvScalar,
// for the eight VAE layers at batch 2 and for awkward shapes: forward, dX, dW and dB.
package org.worldmodels.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConvTest {
    /** Summation-order error relative to the sum of |terms| (plus |initial value| for +=). */
    private static final double REL_TOL = 1e-5;
    /** Where the arrays start inside larger ones, to catch offset mistakes. */
    private static final int OFF = 3;

    @AfterEach
    void restoreThreads() { Parallel.setThreads(Runtime.getRuntime().availableProcessors()); }

    /** The VAE of World Models (Ha and Schmidhuber 2018, appendix A.1), batch 2. */
    static final ConvShape[] VAE = {
        ConvShape.conv(2, 3, 64, 64, 32, 4, 2),
        ConvShape.conv(2, 32, 31, 31, 64, 4, 2),
        ConvShape.conv(2, 64, 14, 14, 128, 4, 2),
        ConvShape.conv(2, 128, 6, 6, 256, 4, 2),
        ConvShape.convTranspose(2, 1024, 1, 1, 128, 5, 2),
        ConvShape.convTranspose(2, 128, 5, 5, 64, 5, 2),
        ConvShape.convTranspose(2, 64, 13, 13, 32, 6, 2),
        ConvShape.convTranspose(2, 32, 30, 30, 3, 6, 2),
    };

    @Test
    void vaeLayers() {
        SplittableRandom rng = new SplittableRandom(11);
        for (ConvShape s : VAE) check(rng, s);
    }

    @Test
    void awkwardShapes() {
        SplittableRandom rng = new SplittableRandom(12);
        ConvShape[] shapes = {
            ConvShape.conv(3, 2, 9, 7, 5, 3, 2),      // non-square input, odd sizes, stride leaves a margin
            ConvShape.conv(1, 1, 5, 5, 1, 5, 1),      // kernel as large as the input
            ConvShape.conv(2, 7, 6, 11, 3, 1, 1),     // 1x1 kernel
            ConvShape.conv(5, 17, 10, 10, 33, 3, 3),
            ConvShape.convTranspose(3, 2, 4, 5, 3, 3, 3),
            ConvShape.convTranspose(1, 5, 1, 2, 7, 2, 1),
            ConvShape.convTranspose(2, 33, 3, 3, 17, 4, 2),
        };
        for (ConvShape s : shapes) check(rng, s);
    }

    @Test
    void chunkedLargeBatchAndOneThread() {
        // batch large enough that the forward pass of the first layer is cut into several chunks
        SplittableRandom rng = new SplittableRandom(13);
        check(rng, ConvShape.conv(24, 3, 64, 64, 32, 4, 2));
        // the implicit GEMM in chunks too: 256 pixels x 512 channels per image, 8 images per chunk
        checkForward(rng, ConvShape.conv(10, 8, 34, 34, 512, 4, 2), true, true);
        Parallel.setThreads(1);
        check(rng, ConvShape.convTranspose(3, 32, 30, 30, 3, 6, 2));
    }

    /**
     * Forward with the ReLU fused (Conv.conv2dForward(..., relu = true)) against the scalar oracle
     * followed by a ReLU, on shapes that take the implicit GEMM (128 taps or more), the direct kernel
     * (ConvDirect: output rows of 8 or more pixels, channels a multiple of its tile) or neither, each
     * kernel also on the shapes the facade gives to another, with and without bias,
     * on one and on all threads (the direct kernel splits the batch, or at batch 1 the channels).
     */
    @Test
    void forwardWithFusedRelu() {
        SplittableRandom rng = new SplittableRandom(14);
        ConvShape[] shapes = {
            ConvShape.conv(2, 3, 64, 64, 32, 4, 2),   // enc1: direct, rows of 31 = 16 + 15 lanes
            ConvShape.conv(1, 32, 31, 31, 64, 4, 2),  // enc2 at batch 1: direct, rows of 14
            ConvShape.conv(3, 64, 14, 14, 128, 4, 2), // enc3: implicit GEMM
            ConvShape.conv(1, 128, 6, 6, 256, 4, 2),  // enc4 at batch 1: 4 pixels, a part-filled tile
            ConvShape.conv(3, 16, 12, 12, 40, 3, 1),  // 144 taps, 40 channels: a part-filled channel panel
            ConvShape.conv(3, 5, 40, 38, 8, 3, 1),    // stride 1, rows of 36 (3 segments with 16 lanes)
            ConvShape.conv(2, 2, 23, 50, 12, 5, 3),   // stride 3, rows of 16, a margin left over
            ConvShape.conv(5, 3, 19, 33, 4, 2, 2),    // rows of 16 exactly, 9 rows: a part-filled last tile
            ConvShape.conv(2, 3, 20, 20, 6, 3, 1),    // 6 channels: not a multiple of 4, im2col
        };
        for (int threads : new int[] {1, Runtime.getRuntime().availableProcessors()}) {
            Parallel.setThreads(threads);
            for (ConvShape s : shapes) {
                for (boolean withBias : new boolean[] {true, false}) {
                    for (boolean relu : new boolean[] {true, false}) checkForward(rng, s, withBias, relu);
                }
            }
        }
    }

    /**
     * A frozen layer computes what the live forward pass computes: the same bits where both take the
     * same kernel (the direct one, or the implicit GEMM from 12 output pixels on), the float tolerance
     * of the oracle otherwise; it keeps its weights when the source array changes; a call with
     * another layer's shape is refused naming both.
     */
    @Test
    void frozenLayerMatchesTheLiveOne() {
        SplittableRandom rng = new SplittableRandom(15);
        ConvShape[] shapes = {
            ConvShape.conv(2, 3, 64, 64, 32, 4, 2), ConvShape.conv(1, 32, 31, 31, 64, 4, 2),
            ConvShape.conv(3, 64, 14, 14, 128, 4, 2), ConvShape.conv(1, 128, 6, 6, 256, 4, 2),
            ConvShape.conv(3, 16, 12, 12, 40, 3, 1), ConvShape.conv(2, 3, 20, 20, 6, 3, 1),
        };
        for (ConvShape s : shapes) {
            int out = s.batch() * s.outSize(), co = s.outChannels();
            float[] x = random(rng, OFF + s.batch() * s.inSize()), w = random(rng, OFF + s.weightSize());
            float[] bias = random(rng, OFF + co);
            FrozenConv frozen = new FrozenConv(s, w, OFF, bias, OFF);
            float[] live = new float[OFF + out], cold = new float[OFF + out], scale = new float[OFF + out];
            Conv.conv2dForward(s, x, OFF, w, OFF, bias, OFF, true, live, OFF);
            ConvScalar.conv2dForward(s, abs(x), OFF, abs(w), OFF, abs(bias), OFF, scale, OFF);
            java.util.Arrays.fill(w, 7f);   // the frozen layer must not see this
            frozen.forward(s, x, OFF, true, cold, OFF);
            String name = s + " frozen";
            boolean samePath = !Simd.ENABLED || ConvDirect.suits(s) && !ConvImplicit.suits(s)
                    || ConvImplicit.suits(s) && s.batch() * s.outH() * s.outW() >= GemmVector.SMALL_M_TRANS_B;
            if (samePath) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(live, cold, name + ": not the live pass's bits");
            } else {
                compare(name, live, cold, scale, null);
            }
        }
        FrozenConv frozen = new FrozenConv(shapes[2], random(rng, shapes[2].weightSize()), 0, null, 0);
        ConvShape other = ConvShape.conv(3, 64, 14, 14, 64, 4, 2);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> frozen.forward(other, new float[other.batch() * other.inSize()], 0, false, new float[other.batch() * other.outSize()], 0));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(other.toString()) && e.getMessage().contains("frozen"), e.getMessage());
    }

    private static void checkForward(SplittableRandom rng, ConvShape s, boolean withBias, boolean relu) {
        int in = s.batch() * s.inSize(), out = s.batch() * s.outSize(), nw = s.weightSize(), co = s.outChannels();
        float[] x = random(rng, OFF + in), w = random(rng, OFF + nw), bias = withBias ? random(rng, OFF + co) : null;
        float[] yRef = new float[OFF + out], yScale = new float[OFF + out];
        float[] y = random(rng, OFF + out);   // overwritten (the OFF elements before it must stay)
        for (int i = 0; i < OFF; i++) y[i] = 0f;
        ConvScalar.conv2dForward(s, x, OFF, w, OFF, bias, OFF, yRef, OFF);
        if (relu) ScalarOps.reluForward(out, yRef, OFF, yRef, OFF);
        ConvScalar.conv2dForward(s, abs(x), OFF, abs(w), OFF, bias == null ? null : abs(bias), OFF, yScale, OFF);
        String name = s + (withBias ? " bias" : " no bias") + (relu ? " relu" : "") + " forward";
        Conv.conv2dForward(s, x, OFF, w, OFF, bias, OFF, relu, y, OFF);
        compare(name, yRef, y, yScale, null);
        if (Simd.ENABLED && co % ConvDirect.MR == 0) {
            // the direct kernel itself, also on the shapes the facade sends to im2col (narrow rows)
            float[] yDirect = random(rng, OFF + out);
            for (int i = 0; i < OFF; i++) yDirect[i] = 0f;
            ConvDirect.forward(s, x, OFF, w, OFF, bias, OFF, relu, yDirect, OFF);
            compare(name + " (ConvDirect)", yRef, yDirect, yScale, null);
        }
        if (Simd.ENABLED) {
            // the implicit GEMM and im2col + GEMM on every shape, whichever the facade picks
            float[] yImplicit = random(rng, OFF + out), yIm2col = random(rng, OFF + out);
            for (int i = 0; i < OFF; i++) yImplicit[i] = yIm2col[i] = 0f;
            ConvImplicit.forward(s, x, OFF, w, OFF, bias, OFF, relu, yImplicit, OFF);
            compare(name + " (ConvImplicit)", yRef, yImplicit, yScale, null);
            ConvIm2col.conv2dForward(s, x, OFF, w, OFF, bias, OFF, relu, yIm2col, OFF);
            compare(name + " (ConvIm2col)", yRef, yIm2col, yScale, null);
        }
    }

    private static void check(SplittableRandom rng, ConvShape s) {
        int in = s.batch() * s.inSize(), out = s.batch() * s.outSize(), nw = s.weightSize(), co = s.outChannels();
        float[] x = random(rng, OFF + in), w = random(rng, OFF + nw), bias = random(rng, OFF + co), dy = random(rng, OFF + out);
        float[] ax = abs(x), aw = abs(w), abias = abs(bias), ady = abs(dy);
        String name = s.toString();

        // forward
        float[] yRef = new float[OFF + out], y = new float[OFF + out], yScale = new float[OFF + out];
        forward(true, s, x, w, bias, yRef);
        forward(false, s, x, w, bias, y);
        forward(true, s, ax, aw, abias, yScale);
        compare(name + " forward", yRef, y, yScale, null);

        // input gradient (accumulates onto a non-zero start)
        float[] dx0 = random(rng, OFF + in);
        float[] dxRef = dx0.clone(), dx = dx0.clone(), dxScale = new float[OFF + in];
        backwardInput(true, s, dy, w, dxRef);
        backwardInput(false, s, dy, w, dx);
        backwardInput(true, s, ady, aw, dxScale);
        compare(name + " dX", dxRef, dx, dxScale, dx0);

        // weight and bias gradients
        float[] dw0 = random(rng, OFF + nw), db0 = random(rng, OFF + co);
        float[] dwRef = dw0.clone(), dw = dw0.clone(), dbRef = db0.clone(), db = db0.clone();
        float[] dwScale = new float[OFF + nw], dbScale = new float[OFF + co];
        backwardWeight(true, s, x, dy, dwRef, dbRef);
        backwardWeight(false, s, x, dy, dw, db);
        backwardWeight(true, s, ax, ady, dwScale, dbScale);
        compare(name + " dW", dwRef, dw, dwScale, dw0);
        compare(name + " dB", dbRef, db, dbScale, db0);
    }

    private static void forward(boolean ref, ConvShape s, float[] x, float[] w, float[] b, float[] y) {
        if (s.transposed()) {
            if (ref) ConvScalar.convTranspose2dForward(s, x, OFF, w, OFF, b, OFF, y, OFF);
            else Conv.convTranspose2dForward(s, x, OFF, w, OFF, b, OFF, y, OFF);
        } else {
            if (ref) ConvScalar.conv2dForward(s, x, OFF, w, OFF, b, OFF, y, OFF);
            else Conv.conv2dForward(s, x, OFF, w, OFF, b, OFF, y, OFF);
        }
    }

    private static void backwardInput(boolean ref, ConvShape s, float[] dy, float[] w, float[] dx) {
        if (s.transposed()) {
            if (ref) ConvScalar.convTranspose2dBackwardInput(s, dy, OFF, w, OFF, dx, OFF);
            else Conv.convTranspose2dBackwardInput(s, dy, OFF, w, OFF, dx, OFF);
        } else {
            if (ref) ConvScalar.conv2dBackwardInput(s, dy, OFF, w, OFF, dx, OFF);
            else Conv.conv2dBackwardInput(s, dy, OFF, w, OFF, dx, OFF);
        }
    }

    private static void backwardWeight(boolean ref, ConvShape s, float[] x, float[] dy, float[] dw, float[] db) {
        if (s.transposed()) {
            if (ref) ConvScalar.convTranspose2dBackwardWeight(s, x, OFF, dy, OFF, dw, OFF, db, OFF);
            else Conv.convTranspose2dBackwardWeight(s, x, OFF, dy, OFF, dw, OFF, db, OFF);
        } else {
            if (ref) ConvScalar.conv2dBackwardWeight(s, x, OFF, dy, OFF, dw, OFF, db, OFF);
            else Conv.conv2dBackwardWeight(s, x, OFF, dy, OFF, dw, OFF, db, OFF);
        }
    }

    /**
     * |got - ref| <= REL_TOL * (scale + |start| + 1) per element, where scale is the same pass run on
     * absolute values (the sum of |terms|). Elements before OFF must be untouched (0 or start).
     */
    private static void compare(String what, float[] ref, float[] got, float[] scale, float[] start) {
        int worst = -1;
        double worstErr = 0;
        for (int i = 0; i < ref.length; i++) {
            double bound = scale[i] + (start == null ? 0 : Math.abs(start[i])) + 1.0;
            double err = Math.abs((double) ref[i] - got[i]) / bound;
            if (i < OFF) err = ref[i] == got[i] ? 0 : Double.POSITIVE_INFINITY;
            if (!(err <= REL_TOL) && (worst < 0 || !(err <= worstErr))) {
                worst = i;
                worstErr = err;
            }
        }
        if (worst >= 0) {
            fail(what + ": worst index " + worst + " scalar " + ref[worst] + " fast " + got[worst]
                    + " relative error " + worstErr + " > " + REL_TOL);
        }
    }

    private static float[] random(SplittableRandom rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (rng.nextDouble() * 2 - 1);
        return v;
    }

    private static float[] abs(float[] v) {
        float[] a = new float[v.length];
        for (int i = 0; i < v.length; i++) a[i] = Math.abs(v[i]);
        return a;
    }
}
