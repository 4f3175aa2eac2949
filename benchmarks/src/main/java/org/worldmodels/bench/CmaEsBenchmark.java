// SPDX-License-Identifier: MIT
// JMH: one CMA-ES generation (ask + tell with random fitness) at the controller's size n = 867, lambda = 64,
// on one thread, with the lazy eigendecomposition amortised (eigenLatency = 0, pycma's schedule) or on a
// background thread (eigenLatency > 0). pycma 4.4 on this machine kind: 49 ms per generation.
package org.worldmodels.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.worldmodels.control.CmaEs;

@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dworldmodels.threads=1"})
public class CmaEsBenchmark {
    @Param({"867"})
    int n;

    @Param({"64"})
    int lambda;

    /** 0: decompose C in ask() every eigenGap (~2.6) generations; k > 0: on a background thread, used k generations later. */
    @Param({"0", "200"})
    int eigenLatency;

    private CmaEs es;
    private double[] fitness;
    private SplittableRandom random;

    @Setup(Level.Trial)
    public void setUp() {
        es = new CmaEs(new double[n], 0.1, lambda, 1, eigenLatency);
        fitness = new double[lambda];
        random = new SplittableRandom(2);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        es.close();
    }

    /** One generation: sample the population, score it at random, update the distribution. */
    @Benchmark
    public void generation(Blackhole bh) {
        double[][] pop = es.ask();
        for (int k = 0; k < lambda; k++) fitness[k] = random.nextDouble();
        es.tell(fitness);
        bh.consume(pop[0][0]);
    }
}
