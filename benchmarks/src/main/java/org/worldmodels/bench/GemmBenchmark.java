// SPDX-License-Identifier: MIT
// GEMM at the shapes of /work/shared/reference/bench_numpy.py (C = A B, all row-major, float32),
// the SIMD kernel on 1 and 2 threads; the "flop" counter gives GFLOP/s directly (flop/s / 1e9).
package org.worldmodels.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.worldmodels.kernel.GemmScalar;
import org.worldmodels.kernel.GemmVector;
import org.worldmodels.kernel.Parallel;

@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC", "-Xmx4g"})
public class GemmBenchmark {
    /** name:M:K:N as in bench_numpy.py. */
    @Param({"square256:256:256:256", "square512:512:512:512", "square1024:1024:1024:1024",
        "enc_conv1:61504:48:32", "enc_conv2:12544:512:64", "enc_conv3:2304:1024:128", "enc_conv4:256:2048:256",
        "lstm_b1:1:291:1024", "lstm_b64:64:291:1024", "lstm_whh_b100:100:256:1024", "mdn_head:99900:256:480"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    int m, k, n;
    float[] a, b, c;

    /** Multiply-adds times two, counted per call: JMH reports it as flop/s beside ops/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public double flop;
    }

    @Setup(Level.Trial)
    public void setUp() {
        String[] f = shape.split(":");
        m = Integer.parseInt(f[1]);
        k = Integer.parseInt(f[2]);
        n = Integer.parseInt(f[3]);
        SplittableRandom rng = new SplittableRandom(0);
        a = new float[m * k];
        b = new float[k * n];
        c = new float[m * n];
        for (int i = 0; i < a.length; i++) a[i] = (float) rng.nextGaussian();
        for (int i = 0; i < b.length; i++) b[i] = (float) rng.nextGaussian();
        Parallel.setThreads(threads);
    }

    @Benchmark
    public float[] vector(Flops flops) {
        GemmVector.gemm(false, false, m, n, k, a, 0, k, b, 0, n, false, c, 0, n);
        flops.flop += 2.0 * m * n * k;
        return c;
    }

    /** The oracle, for the ratio; slow (seconds per call at the large shapes): select it with -p. */
    @Benchmark
    public float[] scalar(Flops flops) {
        GemmScalar.gemm(false, false, m, n, k, a, 0, k, b, 0, n, false, c, 0, n);
        flops.flop += 2.0 * m * n * k;
        return c;
    }
}
