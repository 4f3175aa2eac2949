// SPDX-License-Identifier: MIT
// Thread-CPU-time probe of one LSTM step at B = 1 (35 -> 256), for a loaded machine where JMH's wall
// clock is noisy: prints the median us per step over repeated batches of steps.
package org.worldmodels.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.worldmodels.kernel.Gemv;
import org.worldmodels.nn.Lstm;
import org.worldmodels.tensor.ParamSet;

/** Run: java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes org.worldmodels.bench.LstmStepCpuTime */
public final class LstmStepCpuTime {
    public static void main(String[] args) {
        ParamSet.Builder b = ParamSet.builder();
        Lstm cell = new Lstm(b, "lstm", 35, 256);
        ParamSet params = b.build();
        cell.initDefault(new SplittableRandom(0));
        float[] x = new float[35], h = new float[256], c = new float[256], gates = new float[1024];
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble(-1, 1);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int steps = 2000, reps = 40;
        double[] us = new double[reps];
        for (int w = 0; w < 20000; w++) cell.step(1, x, h, c, gates);   // JIT warm-up
        for (int r = 0; r < reps; r++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int s = 0; s < steps; s++) cell.step(1, x, h, c, gates);
            us[r] = (mx.getCurrentThreadCpuTime() - t0) / 1e3 / steps;
        }
        Arrays.sort(us);
        System.out.printf("lstm step B=1: median %.1f us, min %.1f us thread CPU (params %d)%n", us[reps / 2], us[0], params.size());
        // The gates GEMV alone (same weights), to split the step into product and element-wise cell.
        float[] p = params.data;
        for (int w = 0; w < 20000; w++) Gemv.gemv2(1024, p, cell.weightIh.offset(), 35, x, 0, p, cell.weightHh.offset(), 256, h, 0, gates, 0);
        for (int r = 0; r < reps; r++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int s = 0; s < steps; s++) Gemv.gemv2(1024, p, cell.weightIh.offset(), 35, x, 0, p, cell.weightHh.offset(), 256, h, 0, gates, 0);
            us[r] = (mx.getCurrentThreadCpuTime() - t0) / 1e3 / steps;
        }
        Arrays.sort(us);
        System.out.printf("gates GEMV alone:  median %.1f us, min %.1f us thread CPU%n", us[reps / 2], us[0]);
    }
}
