// SPDX-License-Identifier: MIT
// Tiny encoded episodes with learnable dynamics for the trainer's tests: each latent follows a damped
// drift pushed by the actions, plus noise, so M can do better than its initial guess within a few steps.
package org.worldmodels.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.worldmodels.data.EpisodeFiles;
import org.worldmodels.data.SeriesFile;
import org.worldmodels.data.SeriesFile.Series;

public final class SyntheticSeries {
    private SyntheticSeries() {}

    /** Episodes of the given lengths: mu_{t+1} = 0.9 mu_t + 0.3 (W a_t) + 0.02 noise, logvar = log(0.05^2). */
    public static List<Series> make(long seed, int... lengths) {
        SplittableRandom rng = new SplittableRandom(seed);
        int z = SeriesFile.Z, a = SeriesFile.ACTIONS;
        double[] w = new double[z * a];
        for (int i = 0; i < w.length; i++) w[i] = rng.nextDouble(-1, 1);
        List<Series> out = new ArrayList<>();
        for (int e = 0; e < lengths.length; e++) {
            int T = lengths[e];
            float[] mu = new float[T * z], lv = new float[T * z], act = new float[T * a], rew = new float[T];
            boolean[] done = new boolean[T];
            for (int d = 0; d < z; d++) mu[d] = (float) rng.nextDouble(-1, 1);
            for (int t = 0; t < T; t++) {
                for (int k = 0; k < a; k++) act[t * a + k] = (float) rng.nextDouble(-1, 1);
                for (int d = 0; d < z; d++) lv[t * z + d] = (float) Math.log(0.05 * 0.05);
                if (t + 1 < T) {
                    for (int d = 0; d < z; d++) {
                        double push = 0;
                        for (int k = 0; k < a; k++) push += w[d * a + k] * act[t * a + k];
                        mu[(t + 1) * z + d] = (float) (0.9 * mu[t * z + d] + 0.3 * push + 0.02 * rng.nextGaussian());
                    }
                }
                rew[t] = (float) rng.nextDouble();
            }
            done[T - 1] = true;
            out.add(new Series(EpisodeFiles.fileName(e), T, mu, lv, act, rew, done, e));
        }
        return out;
    }

    /** Writes them as RUN/series files. */
    public static void write(java.nio.file.Path dir, List<Series> series) throws java.io.IOException {
        for (Series s : series) SeriesFile.write(dir.resolve(s.name()), s);
    }
}
