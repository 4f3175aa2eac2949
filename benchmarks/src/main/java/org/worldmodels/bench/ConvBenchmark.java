// SPDX-License-Identifier: MIT
// Each VAE layer (Ha and Schmidhuber 2018, A.1) at batch 64 through the Conv facade: forward, the
// input gradient and the weight+bias gradient; "flop" counts the multiply-adds of the pass times two.
package org.worldmodels.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.worldmodels.kernel.Conv;
import org.worldmodels.kernel.ConvShape;
import org.worldmodels.kernel.Parallel;

@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC", "-Xmx4g"})
public class ConvBenchmark {
    static final int BATCH = 64;

    @Param({"enc1", "enc2", "enc3", "enc4", "dec1", "dec2", "dec3", "dec4"})
    public String layer;

    @Param({"1", "2"})
    public int threads;

    ConvShape s;
    float[] x, w, bias, y, dx, dw, db;

    static ConvShape shape(String layer) {
        return switch (layer) {
            case "enc1" -> ConvShape.conv(BATCH, 3, 64, 64, 32, 4, 2);
            case "enc2" -> ConvShape.conv(BATCH, 32, 31, 31, 64, 4, 2);
            case "enc3" -> ConvShape.conv(BATCH, 64, 14, 14, 128, 4, 2);
            case "enc4" -> ConvShape.conv(BATCH, 128, 6, 6, 256, 4, 2);
            case "dec1" -> ConvShape.convTranspose(BATCH, 1024, 1, 1, 128, 5, 2);
            case "dec2" -> ConvShape.convTranspose(BATCH, 128, 5, 5, 64, 5, 2);
            case "dec3" -> ConvShape.convTranspose(BATCH, 64, 13, 13, 32, 6, 2);
            case "dec4" -> ConvShape.convTranspose(BATCH, 32, 30, 30, 3, 6, 2);
            default -> throw new IllegalArgumentException(layer);
        };
    }

    /** 2 x multiply-adds of one pass (the same for forward, dX and dW). */
    static double flops(ConvShape s) {
        int pix = s.transposed() ? s.inH() * s.inW() : s.outH() * s.outW();
        return 2.0 * s.batch() * pix * s.inChannels() * s.outChannels() * s.kernel() * s.kernel();
    }

    @Setup(Level.Trial)
    public void setUp() {
        s = shape(layer);
        SplittableRandom rng = new SplittableRandom(0);
        x = random(rng, s.batch() * s.inSize());
        w = random(rng, s.weightSize());
        bias = random(rng, s.outChannels());
        y = random(rng, s.batch() * s.outSize());
        dx = new float[x.length];
        dw = new float[w.length];
        db = new float[bias.length];
        Parallel.setThreads(threads);
    }

    static float[] random(SplittableRandom rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (rng.nextDouble() * 2 - 1);
        return v;
    }

    @Benchmark
    public float[] forward(GemmBenchmark.Flops f) {
        if (s.transposed()) Conv.convTranspose2dForward(s, x, 0, w, 0, bias, 0, y, 0);
        else Conv.conv2dForward(s, x, 0, w, 0, bias, 0, y, 0);
        f.flop += flops(s);
        return y;
    }

    @Benchmark
    public float[] backwardInput(GemmBenchmark.Flops f) {
        if (s.transposed()) Conv.convTranspose2dBackwardInput(s, y, 0, w, 0, dx, 0);
        else Conv.conv2dBackwardInput(s, y, 0, w, 0, dx, 0);
        f.flop += flops(s);
        return dx;
    }

    @Benchmark
    public float[] backwardWeight(GemmBenchmark.Flops f) {
        if (s.transposed()) Conv.convTranspose2dBackwardWeight(s, x, 0, y, 0, dw, 0, db, 0);
        else Conv.conv2dBackwardWeight(s, x, 0, y, 0, dw, 0, db, 0);
        f.flop += flops(s);
        return dw;
    }
}
