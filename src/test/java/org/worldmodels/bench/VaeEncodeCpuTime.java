// SPDX-License-Identifier: MIT
// Thread-CPU-time probe of the VAE encoder (batch 64 and 1), whole and layer by layer, for a loaded
// machine where JMH's wall clock is noisy: prints the median and best ms per call.
package org.worldmodels.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.worldmodels.kernel.Parallel;
import org.worldmodels.vision.ConvVae;

/**
 * Run (one thread): java --add-modules jdk.incubator.vector -Dworldmodels.threads=1
 * -cp target/classes:target/test-classes org.worldmodels.bench.VaeEncodeCpuTime [batch sizes, default 64 1]
 */
public final class VaeEncodeCpuTime {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        SplittableRandom rng = new SplittableRandom(0);
        ConvVae vae = new ConvVae(64);
        vae.initDefault(0);
        float[] x = new float[64 * ConvVae.PIXELS];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble();
        float[] mu = new float[64 * ConvVae.Z], logVar = new float[64 * ConvVae.Z];
        float[] a1 = new float[64 * vae.c1.outSize()], a2 = new float[64 * vae.c2.outSize()];
        float[] a3 = new float[64 * vae.c3.outSize()], a4 = new float[64 * vae.c4.outSize()];
        org.worldmodels.vision.FrozenEncoder frozen = vae.frozenEncoder(64);
        int[] batches = args.length == 0 ? new int[] {64, 1} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        for (int batch : batches) {
            int b = batch;
            report("encode B" + b, () -> vae.encode(b, x, mu, logVar));
            report("frozen B" + b, () -> frozen.encode(b, x, mu, logVar));
            report("  c1 B" + b, () -> vae.c1.forward(b, x, 0, a1, 0));
            report("  c2 B" + b, () -> vae.c2.forward(b, a1, 0, a2, 0));
            report("  c3 B" + b, () -> vae.c3.forward(b, a2, 0, a3, 0));
            report("  c4 B" + b, () -> vae.c4.forward(b, a3, 0, a4, 0));
        }
        System.out.println("threads " + Parallel.threads());
    }

    private static void report(String name, Runnable f) {
        long start = System.nanoTime();
        f.run();
        double first = (System.nanoTime() - start) / 1e6;
        for (int w = 0; w < 200; w++) f.run();   // JIT warm-up
        double warm = (System.nanoTime() - start) / 1e6;
        double[] ms = new double[15];
        for (int r = 0; r < ms.length; r++) {
            long t0 = MX.getCurrentThreadCpuTime();
            int n = 0;
            while (MX.getCurrentThreadCpuTime() - t0 < 100_000_000L || n == 0) {
                f.run();
                n++;
            }
            ms[r] = (MX.getCurrentThreadCpuTime() - t0) / 1e6 / n;
        }
        Arrays.sort(ms);
        System.out.printf("%-14s median %8.3f ms  best %8.3f ms  (wall: first call %.1f ms, 201 calls %.1f ms)%n",
                name, ms[ms.length / 2], ms[0], first, warm);
    }
}
