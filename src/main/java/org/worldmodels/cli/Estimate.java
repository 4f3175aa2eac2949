// SPDX-License-Identifier: MIT
// The time and disk a pipeline run will take, from its settings and per-unit costs measured on a
// 2-core machine (env steps/s, images/s, timesteps/s, agent-steps/s), scaled by the thread count.
package org.worldmodels.cli;

import java.util.Locale;

/** Work per stage in its own unit, times the measured rate of that unit; an upper bound (full-length episodes). */
record Estimate(double[] seconds, double diskBytes, String[] lines) {
    /**
     * Per-unit rates on 2 free cores, from the quick preset's stage times on an idle 2-core machine
     * (docs/results.md, 2026-12-04 15:02; work / wall time, rounded down), for: generate's frames/s
     * (step + 96x96 render + 64x64 preprocessing + compressed write: 64,000 in 8.7 s), train-vae's
     * images/s (63,200 in 156 s), encode's frames/s (64,000 in 11.2 s), train-rnn's timesteps/s
     * (912,000 in 21.5 s), and agent-steps/s of train-controller and evaluate (environment + frame +
     * V + M + C in lockstep: at most 316,800 in 64 s; AgentRolloutBenchmark measures 5,400).
     */
    static final double ENV_STEPS_PER_S = 7_000, VAE_IMAGES_PER_S = 400, ENCODE_IMAGES_PER_S = 5_700,
            RNN_TIMESTEPS_PER_S = 42_000, AGENT_STEPS_PER_S = 4_900;
    /** Disk per frame: a rollout frame compressed (64x64x3 bytes of road and grass) and a series row (mu, logvar, action...). */
    static final double ROLLOUT_BYTES_PER_FRAME = 600, SERIES_BYTES_PER_FRAME = 220, FIXED_BYTES = 100e6;
    private static final double MEASURED_CORES = 2;

    static Estimate of(RunConfig c, int threads) {
        double scale = Math.min(threads, Runtime.getRuntime().availableProcessors()) / MEASURED_CORES;
        double frames = (double) c.getLong("generate.episodes") * c.getLong("generate.max-steps");
        double vaeImages = frames * c.getLong("vae.epochs");
        double rnnTimesteps = (double) c.getLong("rnn.steps") * c.getLong("rnn.batch") * c.getLong("rnn.seq-len");
        long gens = c.getLong("controller.generations");
        double agentSteps = gens * c.getLong("controller.population") * c.getLong("controller.episodes") * c.getLong("controller.max-steps")
                + Math.ceil((double) gens / c.getLong("controller.eval-every")) * c.getLong("controller.eval-episodes") * c.getLong("controller.max-steps");
        double evalSteps = c.getLong("evaluate.episodes") * c.getLong("evaluate.max-steps") * (c.getBoolean("pipeline.baseline") ? 2 : 1);
        double[] s = {
            frames / (ENV_STEPS_PER_S * scale),
            vaeImages / (VAE_IMAGES_PER_S * scale),
            frames / (ENCODE_IMAGES_PER_S * scale),
            rnnTimesteps / (RNN_TIMESTEPS_PER_S * scale),
            agentSteps / (AGENT_STEPS_PER_S * scale),
            evalSteps / (AGENT_STEPS_PER_S * scale)};
        String[] lines = {
            String.format(Locale.ROOT, "generate          %,14.0f env steps     at %,7.0f /s  %s", frames, ENV_STEPS_PER_S * scale, duration(s[0])),
            String.format(Locale.ROOT, "train-vae         %,14.0f images        at %,7.0f /s  %s", vaeImages, VAE_IMAGES_PER_S * scale, duration(s[1])),
            String.format(Locale.ROOT, "encode            %,14.0f images        at %,7.0f /s  %s", frames, ENCODE_IMAGES_PER_S * scale, duration(s[2])),
            String.format(Locale.ROOT, "train-rnn         %,14.0f timesteps     at %,7.0f /s  %s", rnnTimesteps, RNN_TIMESTEPS_PER_S * scale, duration(s[3])),
            String.format(Locale.ROOT, "train-controller  %,14.0f agent steps   at %,7.0f /s  %s", agentSteps, AGENT_STEPS_PER_S * scale, duration(s[4])),
            String.format(Locale.ROOT, "evaluate(+random) %,14.0f agent steps   at %,7.0f /s  %s", evalSteps, AGENT_STEPS_PER_S * scale, duration(s[5]))};
        double disk = frames * (ROLLOUT_BYTES_PER_FRAME + SERIES_BYTES_PER_FRAME) + FIXED_BYTES;
        return new Estimate(s, disk, lines);
    }

    double totalSeconds() {
        double t = 0;
        for (double x : seconds) t += x;
        return t;
    }

    /** The estimate as printed before a run: one line per stage, the total and the disk. */
    String describe() {
        StringBuilder b = new StringBuilder("estimate (upper bound: full-length episodes; rates measured on 2 idle cores by the quick preset, scaled by --threads):\n");
        for (String l : lines) b.append("  ").append(l).append('\n');
        b.append(String.format(Locale.ROOT, "  total about %s; disk about %.1f GB (rollouts %.0f bytes/frame compressed)%n",
                duration(totalSeconds()), diskBytes / 1e9, ROLLOUT_BYTES_PER_FRAME));
        return b.toString();
    }

    /** "1 h 05 min", "12 min 30 s", "8.2 s". */
    static String duration(double s) {
        if (s >= 3600) return String.format(Locale.ROOT, "%d h %02d min", (long) (s / 3600), (long) (s % 3600 / 60));
        if (s >= 60) return String.format(Locale.ROOT, "%d min %02d s", (long) (s / 60), (long) (s % 60));
        return String.format(Locale.ROOT, "%.1f s", s);
    }
}
