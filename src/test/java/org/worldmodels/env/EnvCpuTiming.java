// SPDX-License-Identifier: MIT
// Thread-CPU-time companion of benchmarks/EnvBenchmark: on a shared, loaded machine JMH's wall clock
// includes waiting for a core, the thread's CPU time does not. Run: see docs/environment.md ("Speed").
package org.worldmodels.env;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.worldmodels.env.render.StatePixels;
import org.worldmodels.vision.FramePreprocessor;

/** Prints CPU microseconds and allocated bytes per operation, same workload as EnvBenchmark. */
public final class EnvCpuTiming {
    private static final int SCRIPT = 997;
    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final float[] script = new float[3 * SCRIPT];
    private int at;
    private long seed;

    private EnvCpuTiming() {
        SplittableRandom random = new SplittableRandom(7);   // the benchmark's script
        for (int k = 0; k < SCRIPT; k++) {
            script[3 * k] = (float) (2 * random.nextDouble() - 1);
            script[3 * k + 1] = random.nextDouble() < 0.8 ? (float) random.nextDouble() : 0f;
            script[3 * k + 2] = random.nextDouble() < 0.1 ? (float) random.nextDouble() : 0f;
        }
    }

    private void steps(CarRacing env, int n) {
        for (int k = 0; k < n; k++) {
            int i = at++ % SCRIPT;
            if (env.step(script[3 * i], script[3 * i + 1], script[3 * i + 2]).done()) env.reset(seed++);
        }
    }

    private static void report(String what, int n, long cpu0, long bytes0) {
        long tid = Thread.currentThread().threadId();
        double us = (MX.getCurrentThreadCpuTime() - cpu0) / 1e3 / n;
        double bytes = (double) (MX.getThreadAllocatedBytes(tid) - bytes0) / n;
        System.out.printf("%-28s %9.2f us CPU/op = %8.0f ops/s CPU   %9.0f bytes/op%n", what, us, 1e6 / us, bytes);
    }

    private static long cpu() { return MX.getCurrentThreadCpuTime(); }

    private static long bytes() { return MX.getThreadAllocatedBytes(Thread.currentThread().threadId()); }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20000;
        EnvCpuTiming t = new EnvCpuTiming();
        for (EnvVersion v : EnvVersion.values()) {
            CarRacing pixels = new CarRacing(v);
            CarRacing physics = new CarRacing(v, (scene, rgb) -> { });
            pixels.reset(t.seed++);
            physics.reset(t.seed++);
            t.steps(pixels, 3 * n);   // warm-up to C2
            t.steps(physics, 3 * n);
            for (int round = 0; round < 3; round++) {
                long c = cpu(), b = bytes();
                t.steps(pixels, n);
                report(v + " step + pixels", n, c, b);
                c = cpu(); b = bytes();
                t.steps(physics, n);
                report(v + " step, no pixels", n, c, b);
                var renderer = StatePixels.forVersion(v);
                byte[] frame = new byte[96 * 96 * 3];
                c = cpu(); b = bytes();
                for (int k = 0; k < n; k++) renderer.render(pixels, frame);
                report(v + " render only", n, c, b);
                int resets = Math.max(20, n / 100);
                c = cpu(); b = bytes();
                for (int k = 0; k < resets; k++) physics.reset(1000 + k);
                report(v + " reset", resets, c, b);
                physics.reset(t.seed++);
            }
        }
        FramePreprocessor pre = new FramePreprocessor();
        byte[] frame = new CarRacing(EnvVersion.V0).reset(3).clone();
        byte[] small = new byte[64 * 64 * 3];
        float[] chw = new float[3 * 64 * 64];
        for (int k = 0; k < 3 * n; k++) { pre.toUint8(frame, small); pre.toFloatChw(frame, chw, 0); }
        for (int round = 0; round < 3; round++) {
            long c = cpu(), b = bytes();
            for (int k = 0; k < n; k++) pre.toUint8(frame, small);
            report("preprocess -> uint8", n, c, b);
            c = cpu(); b = bytes();
            for (int k = 0; k < n; k++) pre.toFloatChw(frame, chw, 0);
            report("preprocess -> float CHW", n, c, b);
        }
    }
}
