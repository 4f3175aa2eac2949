// SPDX-License-Identifier: MIT
// M's batches: the random stream equals SplitMix64 as the JDK implements it, the held-out split,
// epochs visit every episode once, windows, fresh z consistent between input and target, padding masked.
package org.worldmodels.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.worldmodels.data.SeriesFile.Series;
import org.worldmodels.tensor.StreamRandom;

class SeriesBatchesTest {
    /** mu + exp(logvar/2) eps recomputed here in double vs the float the batch holds. */
    private static final double Z_TOL = 1e-6;
    private static final int Z = MdnRnn.Z, IN = MdnRnn.IN;

    @Test
    void streamIsSplitMix64AsTheJdkComputesIt() {
        for (long seed : new long[] {0, 1234567, -42, Long.MAX_VALUE}) {
            StreamRandom ours = StreamRandom.fromState(seed);
            SplittableRandom jdk = new SplittableRandom(seed);
            for (int i = 0; i < 1000; i++) {
                long want = jdk.nextLong(), got = ours.nextLong();
                assertEquals(want, got, "seed " + seed + " output " + i);
            }
        }
    }

    @Test
    void gaussiansHaveUnitMomentsAndPermutationsArePermutations() {
        StreamRandom r = BatchRandom.of(7, BatchRandom.BATCH, 3);
        int n = 200_000;
        double s = 0, s2 = 0;
        for (int i = 0; i < n; i++) { double g = r.nextGaussian(); s += g; s2 += g * g; }
        assertEquals(0, s / n, 0.01, "mean");
        assertEquals(1, s2 / n, 0.01, "variance");
        int[] p = BatchRandom.of(1, BatchRandom.ORDER, 0).permutation(50);
        Set<Integer> seen = new HashSet<>();
        for (int v : p) seen.add(v);
        assertEquals(50, seen.size());
    }

    @Test
    void splitIsDisjointAndEveryEpochVisitsEachTrainingEpisodeOnce() {
        List<Series> all = SyntheticSeries.make(1, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17);
        SeriesBatches sb = new SeriesBatches(all, 3, 5, 0.2, 11);
        assertEquals(2, sb.heldOut.size());
        assertEquals(8, sb.train.size());
        Set<String> names = new HashSet<>();
        for (Series s : sb.train) names.add(s.name());
        for (Series s : sb.heldOut) assertTrue(names.add(s.name()), "held-out " + s.name() + " also in train");
        assertEquals(3, sb.batchesPerEpoch());
        for (int epoch = 0; epoch < 2; epoch++) {
            List<Integer> sizes = new ArrayList<>();
            for (int k = 0; k < 3; k++) sizes.add(sb.trainBatch(epoch * 3L + k).size);
            assertEquals(List.of(3, 3, 2), sizes, "epoch " + epoch);
        }
    }

    @Test
    void windowsHoldFreshZConsistentAcrossInputAndTargetAndPaddingIsMasked() {
        // Lengths 4 (3 transitions, padded), 12 (11 transitions, windowed) with T = 6.
        List<Series> all = SyntheticSeries.make(2, 4, 12);
        SeriesBatches sb = new SeriesBatches(all, 2, 6, 0, 5);
        assertEquals(6, sb.seqLen);
        SeriesBatches.Batch b = sb.trainBatch(0);
        assertEquals(2, b.size);
        int valid = 0;
        for (int col = 0; col < 2; col++) {
            int len = 0;
            for (int t = 0; t < 6; t++) len += (int) b.mask[t * 2 + col];
            valid += len;
            Series s = len == 3 ? all.get(0) : all.get(1);
            assertEquals(len == 3 ? 3 : 6, len, "column " + col);
            // Locate the window start by the action of the first step (actions are copied exactly).
            int start = -1;
            for (int f = 0; f + 1 < s.length(); f++) {
                if (s.action()[f * 3] == b.x[col * IN + Z] && s.action()[f * 3 + 1] == b.x[col * IN + Z + 1]) start = f;
            }
            assertTrue(start >= 0 && start + len < s.length(), "window start " + start);
            for (int t = 0; t < 6; t++) {
                int row = t * 2 + col;
                if (t < len) {
                    for (int d = 0; d < Z; d++) {
                        // z within a few sigma of mu, and target_t == input_{t+1}: one sample per frame.
                        double sigma = Math.exp(0.5 * s.logVar()[(start + t) * Z + d]);
                        assertTrue(Math.abs(b.x[row * IN + d] - s.mu()[(start + t) * Z + d]) < 6 * sigma, "z far from mu");
                        if (t + 1 < len) assertEquals(b.target[row * Z + d], b.x[(row + 2) * IN + d], "t " + t + " d " + d);
                    }
                } else {
                    for (int i = 0; i < IN; i++) assertEquals(0f, b.x[row * IN + i], "padding x at t " + t);
                    for (int d = 0; d < Z; d++) assertEquals(0f, b.target[row * Z + d], "padding target at t " + t);
                }
            }
        }
        assertEquals(valid, b.timesteps);
        // The same step gives the same batch; another step another sample.
        float[] first = b.x.clone();
        assertArrayEquals(first, sb.trainBatch(0).x);
        assertTrue(!java.util.Arrays.equals(first, sb.trainBatch(1).x));
    }

    @Test
    void heldOutBatchesCoverWholeEpisodesWithFixedEps() {
        List<Series> all = SyntheticSeries.make(3, 5, 9, 7, 6);
        SeriesBatches sb = new SeriesBatches(all, 4, 3, 0.5, 1);
        assertEquals(2, sb.heldOut.size());
        SeriesBatches.Batch b = sb.heldOutBatches().get(0);
        int longest = Math.max(sb.heldOut.get(0).length(), sb.heldOut.get(1).length()) - 1;
        assertEquals(longest, b.steps, "held-out sequences are whole, not windows");
        assertEquals(sb.heldOut.get(0).length() - 1 + sb.heldOut.get(1).length() - 1, b.timesteps);
        // z of the held-out batch: mu + sigma * eps with eps from (EVAL, 0) in frame-major order.
        Series s = sb.heldOut.get(0);
        StreamRandom r = BatchRandom.of(1, BatchRandom.EVAL, 0);
        for (int f = 0; f < 2; f++) {
            for (int d = 0; d < Z; d++) {
                double want = s.mu()[f * Z + d] + Math.exp(0.5 * s.logVar()[f * Z + d]) * (float) r.nextGaussian();
                assertEquals(want, b.x[(f * b.size) * IN + d], Z_TOL, "frame " + f + " dim " + d);
            }
        }
    }
}
