// SPDX-License-Identifier: MIT
// The six model-level rows of docs/benchmarks.md "Models vs PyTorch": the same work that
// shared/reference/bench_torch.py times for PyTorch (same shapes, same optimiser steps).
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
import org.openjdk.jmh.annotations.Warmup;
import org.worldmodels.kernel.Parallel;
import org.worldmodels.memory.MdnRnn;
import org.worldmodels.nn.Adam;
import org.worldmodels.nn.GradClip;
import org.worldmodels.nn.Lstm;
import org.worldmodels.vision.ConvVae;
import org.worldmodels.vision.FrozenEncoder;

/**
 * Rows (PyTorch twin in bench_torch.py in brackets):
 * vaeTrainB100 (bench_vae_train(100): zero grad, forward, loss, backward, Adam lr 1e-4),
 * vaeEncodeB1 / vaeEncodeB64 (bench_vae_encode: mu and logVar) through the live encoder (the one training
 * uses, weights rearranged on every call), vaeEncodeFrozenB1 / vaeEncodeFrozenB64 the same through the
 * frozen encoder the agent and the encode command use (weights arranged once: ConvVae.frozenEncoder),
 * vaeDecodeB64 (bench_vae_decode),
 * lstmCellStepB1 (bench_lstmcell(1): one LSTMCell step, gates GEMVs + activations, no head),
 * mdnTrainB100x999 (bench_mdn_train(100, 999): forward, mixture NLL, BPTT, clip by value 1.0, Adam lr 1e-3).
 * Inputs are fixed (seeded), as PyTorch's; the VAE's eps is fixed too (PyTorch draws it, ~3k numbers).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC", "-Xmx6g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ModelBenchmark {
    static final int TRAIN_B = 100, ENC_B = 64, SEQ_T = 999, SEQ_B = 100;

    @Param({"1", "2"})
    public int threads;

    ConvVae vae, vaeTrain;
    FrozenEncoder frozen;
    Adam vaeAdam;
    float[] x1, x64, xTrain, epsTrain, z64, mu, logVar, xHat;

    Lstm cell;
    float[] cellX, cellH, cellC, cellGates;

    MdnRnn rnn;
    MdnRnn.Workspace rnnWs;
    Adam rnnAdam;
    float[] seqX, seqTarget;

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(threads);
        SplittableRandom rng = new SplittableRandom(0);
        vae = new ConvVae(ENC_B);
        vae.initDefault(0);
        frozen = vae.frozenEncoder(ENC_B);
        vaeTrain = new ConvVae(TRAIN_B);
        vaeTrain.initDefault(0);
        vaeAdam = new Adam(vaeTrain.params, 1e-4);
        x1 = uniform(rng, ConvVae.PIXELS);
        x64 = uniform(rng, ENC_B * ConvVae.PIXELS);
        xTrain = uniform(rng, TRAIN_B * ConvVae.PIXELS);
        epsTrain = gaussian(rng, TRAIN_B * ConvVae.Z);
        z64 = gaussian(rng, ENC_B * ConvVae.Z);
        mu = new float[ENC_B * ConvVae.Z];
        logVar = new float[ENC_B * ConvVae.Z];
        xHat = new float[ENC_B * ConvVae.PIXELS];

        rnn = new MdnRnn();
        rnn.initDefault(new java.util.SplittableRandom(1));
        cell = rnn.lstm;
        cellX = gaussian(rng, MdnRnn.IN);
        cellH = new float[MdnRnn.H];
        cellC = new float[MdnRnn.H];
        cellGates = new float[4 * MdnRnn.H];
        rnnWs = rnn.newWorkspace(SEQ_T, SEQ_B);
        rnnAdam = new Adam(rnn.params, 1e-3);
        seqX = gaussian(rng, SEQ_T * SEQ_B * MdnRnn.IN);
        seqTarget = gaussian(rng, SEQ_T * SEQ_B * MdnRnn.Z);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Object vaeTrainB100() {
        return vaeTrain.trainStep(TRAIN_B, xTrain, epsTrain, vaeAdam);
    }

    @Benchmark
    public float[] vaeEncodeB1() {
        vae.encode(1, x1, mu, logVar);
        return mu;
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public float[] vaeEncodeB64() {
        vae.encode(ENC_B, x64, mu, logVar);
        return mu;
    }

    @Benchmark
    public float[] vaeEncodeFrozenB1() {
        frozen.encode(1, x1, mu, logVar);
        return mu;
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public float[] vaeEncodeFrozenB64() {
        frozen.encode(ENC_B, x64, mu, logVar);
        return mu;
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public float[] vaeDecodeB64() {
        vae.decode(ENC_B, z64, xHat);
        return xHat;
    }

    /** The state runs on from call to call, as PyTorch's benchmark feeds (h, c) back. */
    @Benchmark
    public float[] lstmCellStepB1() {
        cell.step(1, cellX, cellH, cellC, cellGates);
        return cellH;
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, time = 1)
    @Measurement(iterations = 3, time = 1)
    public double mdnTrainB100x999() {
        rnn.params.zeroGrad();
        double nll = rnn.forwardBackward(rnnWs, SEQ_T, SEQ_B, seqX, seqTarget, null);
        GradClip.byValue(rnn.params, 1.0);
        rnnAdam.step();
        return nll;
    }

    static float[] uniform(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextDouble();
        return a;
    }

    static float[] gaussian(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (rng.nextGaussian() * 1.0);
        return a;
    }
}
