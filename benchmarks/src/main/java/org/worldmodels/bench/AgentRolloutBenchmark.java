// SPDX-License-Identifier: MIT
// JMH: agent-steps per second of the whole agent (V + M + C, random weights) in real CarRacing v0 with
// rendering, through AgentRollouts: W workers x E environments in lockstep, each worker single-threaded.
package org.worldmodels.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.worldmodels.control.AgentRollouts;
import org.worldmodels.control.Controller;
import org.worldmodels.control.EpisodeSpec;
import org.worldmodels.log.Log;
import org.worldmodels.memory.MdnRnn;
import org.worldmodels.vision.ConvVae;

/**
 * One invocation = {@value #EPISODES} episodes of {@value #STEPS} steps (resets included), so the score
 * (ops/s) is agent-steps per second. The kernels' own thread pool is limited to the calling thread
 * ({@code -Dworldmodels.threads=1}): the parallelism is the W rollout workers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 20)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC", "-Dworldmodels.threads=1"})
public class AgentRolloutBenchmark {
    static final int EPISODES = 64, STEPS = 100;

    @Param({"2"})
    public int workers;

    @Param({"8", "16", "32"})
    public int envsPerWorker;

    private AgentRollouts rollouts;
    private float[][] controllers;
    private int round;

    @Setup(Level.Trial)
    public void setUp() {
        Log.setQuiet(true);
        ConvVae vae = new ConvVae(1);
        vae.initDefault(1);
        MdnRnn rnn = new MdnRnn();
        rnn.initDefault(new SplittableRandom(2));
        SplittableRandom rng = new SplittableRandom(3);
        controllers = new float[8][Controller.SIZE];
        for (float[] c : controllers) for (int i = 0; i < c.length; i++) c[i] = (float) rng.nextGaussian() * 0.3f;
        rollouts = new AgentRollouts(vae, rnn, AgentRollouts.Options.defaults()
                .withWorkers(workers).withEnvsPerWorker(envsPerWorker).withMaxSteps(STEPS));
    }

    @TearDown(Level.Trial)
    public void tearDown() { rollouts.close(); }

    /** 64 episodes on new tracks (episodes of 100 steps rarely end early: the score counts 6,400 steps). */
    @Benchmark
    @OperationsPerInvocation(EPISODES * STEPS)
    public void episodes(Blackhole bh) {
        List<EpisodeSpec> eps = new ArrayList<>(EPISODES);
        for (int i = 0; i < EPISODES; i++) eps.add(new EpisodeSpec(i % controllers.length, (long) round * EPISODES + i, i));
        round++;
        bh.consume(rollouts.run(controllers, eps).totalSteps());
    }
}
