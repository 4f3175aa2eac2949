// SPDX-License-Identifier: MIT
// The elementwise kernels and reductions, scalar against vector, at an L1-sized and an L2-sized length.
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
import org.worldmodels.kernel.ScalarOps;
import org.worldmodels.kernel.VectorOps;

@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class OpsBenchmark {
    @Param({"1024", "65536"})
    public int n;

    float[] x, y;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(0);
        x = ConvBenchmark.random(rng, n);
        y = ConvBenchmark.random(rng, n);
    }

    @Benchmark public float sumScalar() { return ScalarOps.sum(x, 0, n); }
    @Benchmark public float sumVector() { return VectorOps.sum(x, 0, n); }
    @Benchmark public float dotScalar() { return ScalarOps.dot(x, 0, y, 0, n); }
    @Benchmark public float dotVector() { return VectorOps.dot(x, 0, y, 0, n); }

    // y += 1e-9 x keeps y bounded over billions of calls
    @Benchmark public float[] axpyScalar() { ScalarOps.axpy(n, 1e-9f, x, 0, y, 0); return y; }
    @Benchmark public float[] axpyVector() { VectorOps.axpy(n, 1e-9f, x, 0, y, 0); return y; }
    @Benchmark public float[] reluScalar() { ScalarOps.reluForward(n, x, 0, y, 0); return y; }
    @Benchmark public float[] reluVector() { VectorOps.reluForward(n, x, 0, y, 0); return y; }
}
