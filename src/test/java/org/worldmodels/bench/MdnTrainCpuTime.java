// SPDX-License-Identifier: MIT
// Thread-CPU-time probe of the MDN-RNN training step (ModelBenchmark.mdnTrainB100x999's operation) on
// one thread, split into its phases, for a loaded machine where JMH's wall clock is noisy.
package org.worldmodels.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.worldmodels.kernel.Parallel;
import org.worldmodels.memory.MdnRnn;
import org.worldmodels.nn.Adam;
import org.worldmodels.nn.GradClip;
import org.worldmodels.nn.Lstm;

/**
 * Run: java --add-modules jdk.incubator.vector -Xmx6g -cp target/classes:target/test-classes org.worldmodels.bench.MdnTrainCpuTime [ops]
 * Same shapes, seeds and steps as the JMH benchmark (T = 999, B = 100, clip 1.0, Adam 1e-3), but through
 * the layers' public methods so that each phase gets its own time; prints the median over ops after 4 warm-up ops.
 */
public final class MdnTrainCpuTime {
    private static final String[] PHASES = {"lstm forward", "head forward", "mixture nll + grad", "head backward", "lstm backward", "clip + adam", "total"};

    public static void main(String[] args) {
        int T = 999, B = 100, ops = args.length > 0 ? Integer.parseInt(args[0]) : 6, warmup = 4;
        Parallel.setThreads(1);
        SplittableRandom rng = new SplittableRandom(0);
        MdnRnn rnn = new MdnRnn();
        rnn.initDefault(new SplittableRandom(1));
        Adam adam = new Adam(rnn.params, 1e-3);
        float[] x = gaussian(rng, T * B * MdnRnn.IN), target = gaussian(rng, T * B * MdnRnn.Z);
        Lstm.Workspace lstmWs = rnn.lstm.newWorkspace(T, B);
        float[] out = new float[T * B * MdnRnn.OUT], dOut = new float[out.length], dH = new float[T * B * MdnRnn.H];
        double[] nll = new double[T * B * MdnRnn.Z];
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[][] seconds = new double[PHASES.length][ops];
        for (int op = 0; op < warmup + ops; op++) {
            long[] t = new long[PHASES.length];
            rnn.params.zeroGrad();
            t[0] = mx.getCurrentThreadCpuTime();
            rnn.lstm.forward(lstmWs, T, B, x, null, null, null, null);
            t[1] = mx.getCurrentThreadCpuTime();
            rnn.head.forward(T * B, lstmWs.h, 0, out, 0);
            t[2] = mx.getCurrentThreadCpuTime();
            Arrays.fill(dOut, 0f);
            Arrays.fill(dH, 0f);
            rnn.mixture.forwardBackward(T * B, out, target, null, 1.0, dOut, nll);
            t[3] = mx.getCurrentThreadCpuTime();
            rnn.head.backward(T * B, lstmWs.h, 0, dOut, 0, dH, 0);
            t[4] = mx.getCurrentThreadCpuTime();
            rnn.lstm.backward(lstmWs, x, dH, null, null, null);
            t[5] = mx.getCurrentThreadCpuTime();
            GradClip.byValue(rnn.params, 1.0);
            adam.step();
            long end = mx.getCurrentThreadCpuTime();
            if (op < warmup) continue;
            for (int p = 0; p < 6; p++) seconds[p][op - warmup] = ((p < 5 ? t[p + 1] : end) - t[p]) * 1e-9;
            seconds[6][op - warmup] = (end - t[0]) * 1e-9;
        }
        for (int p = 0; p < PHASES.length; p++) {
            Arrays.sort(seconds[p]);
            System.out.printf("%-20s median %.3f s, min %.3f s thread CPU%n", PHASES[p], seconds[p][ops / 2], seconds[p][0]);
        }
    }

    private static float[] gaussian(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextGaussian();
        return a;
    }
}
