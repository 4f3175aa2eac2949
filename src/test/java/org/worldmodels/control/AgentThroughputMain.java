// SPDX-License-Identifier: MIT
// Timing (not a test): agent-steps per second of AgentRollouts with random V, M and C on real CarRacing
// v0, plus where one worker's time goes (preprocess, encoder, C, LSTM, physics, render), in thread CPU time.
package org.worldmodels.control;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.worldmodels.env.CarRacing;
import org.worldmodels.env.EnvVersion;
import org.worldmodels.log.Log;
import org.worldmodels.memory.MdnRnn;
import org.worldmodels.vision.ConvVae;
import org.worldmodels.vision.FramePreprocessor;

/**
 * {@code java ... org.worldmodels.control.AgentThroughputMain W E STEPS ROUNDS}: W workers, E envs per
 * worker, episodes of STEPS steps, 2 W E episodes per round (the first round is warm-up). Prints wall
 * steps/s and the process CPU seconds (the machine may be shared), then a per-component breakdown
 * measured on this thread at batch E.
 */
public final class AgentThroughputMain {
    public static void main(String[] args) {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int envs = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        Log.setQuiet(true);
        ConvVae vae = new ConvVae(1);
        vae.initDefault(1);
        MdnRnn rnn = new MdnRnn();
        rnn.initDefault(new SplittableRandom(2));
        float[][] table = AgentRolloutsTest.randomControllers(8, 3);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        AgentRollouts.Options o = AgentRollouts.Options.defaults().withWorkers(workers).withEnvsPerWorker(envs).withMaxSteps(steps);
        try (AgentRollouts r = new AgentRollouts(vae, rnn, o)) {
            for (int round = 0; round < rounds; round++) {
                List<EpisodeSpec> eps = new ArrayList<>();
                for (int i = 0; i < 2 * workers * envs; i++) eps.add(new EpisodeSpec(i % table.length, 1000L * round + i, i));
                long cpu0 = os.getProcessCpuTime(), t0 = System.nanoTime();
                AgentRollouts.Result res = r.run(table, eps);
                double wall = (System.nanoTime() - t0) / 1e9, cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
                System.out.printf(Locale.ROOT, "%s W=%d E=%d: %d agent-steps in %.2f s wall = %.0f steps/s; process CPU %.2f s = %.0f steps per CPU-second%n",
                        round == 0 ? "warm-up" : "round " + round, workers, envs, res.totalSteps(), wall, res.totalSteps() / wall, cpu, res.totalSteps() / cpu);
            }
        }
        breakdown(vae, rnn, table[0], envs, 50);
    }

    /** Thread CPU time per component for {@code reps} steps of a batch of {@code batch} agents. */
    static void breakdown(ConvVae weights, MdnRnn rnn, float[] params, int batch, int reps) {
        var mx = ManagementFactory.getThreadMXBean();
        CarRacing[] envs = new CarRacing[batch], bare = new CarRacing[batch];
        byte[][] frames = new byte[batch][];
        for (int i = 0; i < batch; i++) {
            envs[i] = new CarRacing(EnvVersion.V0);
            bare[i] = new CarRacing(EnvVersion.V0, (scene, rgb) -> { });   // physics only, no pixels
            frames[i] = envs[i].reset(i);
            bare[i].reset(i);
        }
        ConvVae vae = new ConvVae(batch);
        System.arraycopy(weights.params.data, 0, vae.params.data, 0, vae.params.data.length);
        FramePreprocessor pre = new FramePreprocessor();
        Controller c = new Controller();
        c.setParameters(params);
        MdnRnn.StepScratch scratch = new MdnRnn.StepScratch(batch);
        float[] x = new float[batch * ConvVae.PIXELS], mu = new float[batch * 32], lv = new float[batch * 32];
        float[] h = new float[batch * 256], cc = new float[batch * 256], a = new float[batch * 3];
        String[] names = {"preprocess", "encoder", "controller", "LSTM step", "env physics", "env physics+render"};
        double[] ms = new double[names.length];
        for (int pass = 0; pass < 2; pass++) {   // pass 0 warms up
            java.util.Arrays.fill(ms, 0);
            for (int rep = 0; rep < reps; rep++) {
                long t = mx.getCurrentThreadCpuTime(), u;
                for (int i = 0; i < batch; i++) pre.toFloatChw(frames[i], x, i * ConvVae.PIXELS);
                u = mx.getCurrentThreadCpuTime(); ms[0] += (u - t) / 1e6; t = u;
                vae.encode(batch, x, mu, lv);
                u = mx.getCurrentThreadCpuTime(); ms[1] += (u - t) / 1e6; t = u;
                c.act(batch, mu, h, a);
                u = mx.getCurrentThreadCpuTime(); ms[2] += (u - t) / 1e6; t = u;
                rnn.step(scratch, batch, mu, a, h, cc, null);
                u = mx.getCurrentThreadCpuTime(); ms[3] += (u - t) / 1e6; t = u;
                for (int i = 0; i < batch; i++) bare[i].step(0.1 * (rep % 5 - 2), 0.3, 0);
                u = mx.getCurrentThreadCpuTime(); ms[4] += (u - t) / 1e6; t = u;
                for (int i = 0; i < batch; i++) envs[i].step(0.1 * (rep % 5 - 2), 0.3, 0);
                u = mx.getCurrentThreadCpuTime(); ms[5] += (u - t) / 1e6;
            }
        }
        double total = ms[0] + ms[1] + ms[2] + ms[3] + ms[5];
        System.out.printf(Locale.ROOT, "one thread, batch %d, thread CPU per agent-step (us):%n", batch);
        for (int k = 0; k < names.length; k++) {
            System.out.printf(Locale.ROOT, "  %-20s %8.1f%n", names[k], ms[k] * 1000 / (reps * batch));
        }
        System.out.printf(Locale.ROOT, "  total (all but bare physics) %.1f us = %.0f agent-steps per CPU-second%n",
                total * 1000 / (reps * batch), reps * batch / (total / 1000));
    }
}
