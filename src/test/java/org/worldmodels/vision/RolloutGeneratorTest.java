// SPDX-License-Identifier: MIT
// Rollout generation: byte-identical files for the same seed whatever the worker count, different for
// another seed, resume keeps complete files and redoes a corrupt one (named in a warning), policies' ranges.
package org.worldmodels.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.worldmodels.data.EpisodeFile;
import org.worldmodels.data.EpisodeFiles;
import org.worldmodels.env.EnvVersion;

class RolloutGeneratorTest {
    static final int EPISODES = 3, STEPS = 12;

    @TempDir
    Path dir;

    private static RolloutGenerator.Settings settings(long seed) {
        return new RolloutGenerator.Settings(EPISODES, STEPS, ExplorationPolicy.HELD, seed, EnvVersion.V0);
    }

    private static List<Integer> all() { return List.of(0, 1, 2); }

    @Test
    void sameSeedSameBytesForAnyWorkerCount() throws Exception {
        Path one = dir.resolve("one"), two = dir.resolve("two"), other = dir.resolve("other");
        RolloutGenerator.generate(one, settings(4), all(), 1, null);
        RolloutGenerator.generate(two, settings(4), all(), 2, null);
        RolloutGenerator.generate(other, settings(5), List.of(0), 1, null);
        for (int i = 0; i < EPISODES; i++) {
            String n = EpisodeFiles.fileName(i);
            assertArrayEquals(Files.readAllBytes(one.resolve(n)), Files.readAllBytes(two.resolve(n)), n + " with 1 and 2 workers");
        }
        EpisodeFile.Episode e = EpisodeFile.read(one.resolve("ep_000000.npz")), f = EpisodeFile.read(other.resolve("ep_000000.npz"));
        assertEquals(STEPS, e.length());
        assertTrue(e.done()[STEPS - 1], "the last step of a cut episode is marked done");
        assertEquals(RolloutGenerator.trackSeed(4, 0), e.seed());
        assertFalse(e.seed() == f.seed() || Arrays.equals(e.obs(), f.obs()), "another seed, another episode");
    }

    @Test
    void resumeKeepsCompleteFilesAndRedoesCorruptOnes() throws Exception {
        RolloutGenerator.generate(dir, settings(4), all(), 2, null);
        byte[] intact = Files.readAllBytes(dir.resolve("ep_000001.npz"));
        Files.setLastModifiedTime(dir.resolve("ep_000000.npz"), FileTime.fromMillis(1000));
        SyntheticEpisodes.truncate(dir.resolve("ep_000001.npz"));
        Files.delete(dir.resolve("ep_000002.npz"));
        List<List<Integer>> todo = new java.util.ArrayList<>();
        String err = SyntheticEpisodes.captureStderr(() -> todo.add(RolloutGenerator.missing(dir, EPISODES)));
        assertEquals(List.of(1, 2), todo.get(0));
        assertTrue(err.contains("ep_000001.npz"), "the corrupt file is named: " + err);
        RolloutGenerator.generate(dir, settings(4), todo.get(0), 2, null);
        assertEquals(1000, Files.getLastModifiedTime(dir.resolve("ep_000000.npz")).toMillis(), "complete file kept");
        assertArrayEquals(intact, Files.readAllBytes(dir.resolve("ep_000001.npz")), "corrupt file redone identically");
        assertEquals(List.of(), RolloutGenerator.missing(dir, EPISODES));
    }

    @Test
    void policiesStayInTheActionBox() {
        for (ExplorationPolicy p : ExplorationPolicy.values()) {
            ExplorationPolicy.Actor a = p.start(FrameRandom.of(1, FrameRandom.POLICY, 0));
            float[] act = new float[3];
            float[] first = null;
            int changes = 0;
            for (int t = 0; t < 500; t++) {
                a.next(act);
                assertTrue(act[0] >= -1 && act[0] <= 1 && act[1] >= 0 && act[1] <= 1 && act[2] >= 0 && act[2] <= 1,
                        p + " step " + t + ": " + Arrays.toString(act));
                if (first != null && !Arrays.equals(first, act)) changes++;
                first = act.clone();
            }
            // uniform changes every step, held about every MAX_HOLD/2 steps, brownian every step by a little.
            if (p == ExplorationPolicy.HELD) assertTrue(changes > 500 / ExplorationPolicy.MAX_HOLD && changes < 250, p + ": " + changes + " changes");
            else assertEquals(499, changes, p + " changes every step");
        }
    }
}
