// SPDX-License-Identifier: MIT
// The VAE's convolution stacks at batch 64, built from the kernels alone (no nn layer objects), to
// set beside PyTorch's vae_encode b64 / vae_decode b64 figures in shared/reference/torch-figures.md.
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
import org.worldmodels.kernel.Gemm;
import org.worldmodels.kernel.Ops;
import org.worldmodels.kernel.Parallel;

@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC", "-Xmx4g"})
public class VaeStackBenchmark {
    static final int B = 64, Z = 32;

    @Param({"1", "2"})
    public int threads;

    final ConvShape[] enc = {ConvBenchmark.shape("enc1"), ConvBenchmark.shape("enc2"), ConvBenchmark.shape("enc3"), ConvBenchmark.shape("enc4")};
    final ConvShape[] dec = {ConvBenchmark.shape("dec1"), ConvBenchmark.shape("dec2"), ConvBenchmark.shape("dec3"), ConvBenchmark.shape("dec4")};
    float[][] acts, encW, encB, decActs, decW, decB;
    float[] muW, muB, mu, zW, zB, z;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(0);
        acts = new float[5][];
        encW = new float[4][];
        encB = new float[4][];
        acts[0] = ConvBenchmark.random(rng, B * enc[0].inSize());
        for (int l = 0; l < 4; l++) {
            encW[l] = ConvBenchmark.random(rng, enc[l].weightSize());
            encB[l] = ConvBenchmark.random(rng, enc[l].outChannels());
            acts[l + 1] = new float[B * enc[l].outSize()];
        }
        muW = ConvBenchmark.random(rng, 2 * Z * 1024);   // mu and logVar heads together
        muB = ConvBenchmark.random(rng, 2 * Z);
        mu = new float[B * 2 * Z];
        decActs = new float[5][];
        decW = new float[4][];
        decB = new float[4][];
        zW = ConvBenchmark.random(rng, 1024 * Z);
        zB = ConvBenchmark.random(rng, 1024);
        z = ConvBenchmark.random(rng, B * Z);
        decActs[0] = new float[B * 1024];
        for (int l = 0; l < 4; l++) {
            decW[l] = ConvBenchmark.random(rng, dec[l].weightSize());
            decB[l] = ConvBenchmark.random(rng, dec[l].outChannels());
            decActs[l + 1] = new float[B * dec[l].outSize()];
        }
        Parallel.setThreads(threads);
    }

    /** x (64,3,64,64) -> 4 x (conv k4 s2 + ReLU) -> (64,1024) -> [mu, logVar] (64,64). */
    @Benchmark
    public float[] encode() {
        for (int l = 0; l < 4; l++) {
            Conv.conv2dForward(enc[l], acts[l], 0, encW[l], 0, encB[l], 0, acts[l + 1], 0);
            Ops.reluForward(acts[l + 1].length, acts[l + 1], 0, acts[l + 1], 0);
        }
        Gemm.gemm(false, true, B, 2 * Z, 1024, acts[4], 0, 1024, muW, 0, 1024, false, mu, 0, 2 * Z);
        for (int r = 0; r < B; r++) Ops.axpy(2 * Z, 1f, muB, 0, mu, r * 2 * Z);
        return mu;
    }

    /** z (64,32) -> dense (64,1024) -> 3 x (convT + ReLU) -> convT + sigmoid (64,3,64,64). */
    @Benchmark
    public float[] decode() {
        Gemm.gemm(false, true, B, 1024, Z, z, 0, Z, zW, 0, Z, false, decActs[0], 0, 1024);
        for (int r = 0; r < B; r++) Ops.axpy(1024, 1f, zB, 0, decActs[0], r * 1024);
        for (int l = 0; l < 4; l++) {
            Conv.convTranspose2dForward(dec[l], decActs[l], 0, decW[l], 0, decB[l], 0, decActs[l + 1], 0);
            float[] v = decActs[l + 1];
            if (l < 3) {
                Ops.reluForward(v.length, v, 0, v, 0);
            } else {
                for (int i = 0; i < v.length; i++) v[i] = (float) (1.0 / (1.0 + Math.exp(-v[i])));
            }
        }
        return decActs[4];
    }
}
