// SPDX-License-Identifier: MIT
// FrameStream: every frame exactly once per epoch, a different order each epoch and the same for the
// same seed, frames mixed across files, and an unreadable file skipped with a warning naming it.
package org.worldmodels.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.worldmodels.data.EpisodeFiles;

class FrameStreamTest {
    static final int BATCH = 5, CAPACITY = 7;
    static final int[] LENGTHS = {9, 4, 12, 6, 8};

    @TempDir
    Path dir;

    /** The ids of one epoch, checking each x row against the frame its id names. */
    private static List<Long> epoch(FrameStream s, long seed, int e) throws Exception {
        FrameStream.Epoch ep = s.epoch(seed, e);
        float[] x = new float[BATCH * ConvVae.PIXELS];
        long[] ids = new long[BATCH];
        List<Long> out = new ArrayList<>();
        for (int b; (b = ep.nextBatch(BATCH, x, ids)) > 0; ) {
            for (int i = 0; i < b; i++) {
                int file = (int) (ids[i] >>> 32), t = (int) ids[i];
                // SyntheticEpisodes stores (e, t) in the first two bytes, channels last: R of pixel 0 is e, G is t.
                assertEquals(file, Math.round(x[i * ConvVae.PIXELS] * 255), "episode byte of row " + i);
                assertEquals(t, Math.round(x[i * ConvVae.PIXELS + 64 * 64] * 255), "step byte of row " + i);
                out.add(ids[i]);
            }
        }
        return out;
    }

    @Test
    void everyFrameOncePerEpochInASeededShuffledOrder() throws Exception {
        SyntheticEpisodes.write(dir, LENGTHS);
        FrameStream s = new FrameStream(EpisodeFiles.list(dir, "rollouts"), CAPACITY);
        List<Long> e0 = epoch(s, 3, 0), e1 = epoch(s, 3, 1);
        int total = 0;
        for (int n : LENGTHS) total += n;
        for (List<Long> ids : List.of(e0, e1)) {
            assertEquals(total, ids.size(), "frames per epoch");
            Set<Long> unique = new HashSet<>(ids);
            assertEquals(total, unique.size(), "no frame twice");
            for (int f = 0; f < LENGTHS.length; f++) for (int t = 0; t < LENGTHS[f]; t++) assertTrue(unique.contains(FrameStream.id(f, t)), "frame " + f + "," + t);
        }
        assertNotEquals(e0, e1, "each epoch has its own order");
        assertEquals(e0, epoch(s, 3, 0), "same seed and epoch, same order");
        Set<Integer> firstBatchFiles = new HashSet<>();
        for (int i = 0; i < BATCH; i++) firstBatchFiles.add((int) (e0.get(i) >>> 32));
        assertTrue(firstBatchFiles.size() > 1, "the first batch mixes files: " + e0.subList(0, BATCH));
    }

    @Test
    void filesOpenedCountsUpToEveryFileByTheEndOfTheEpoch() throws Exception {
        SyntheticEpisodes.write(dir, LENGTHS);
        FrameStream.Epoch ep = new FrameStream(EpisodeFiles.list(dir, "rollouts"), CAPACITY).epoch(3, 0);
        float[] x = new float[BATCH * ConvVae.PIXELS];
        assertEquals(0, ep.filesOpened(), "before the first batch");
        int previous = 0, frames = 0;
        for (int b; (b = ep.nextBatch(BATCH, x, null)) > 0; ) {
            frames += b;
            int opened = ep.filesOpened();
            assertTrue(opened >= previous, "never goes back: " + previous + " -> " + opened);
            assertTrue(opened >= 1 && opened <= LENGTHS.length, "within 1.." + LENGTHS.length + ": " + opened);
            previous = opened;
        }
        assertEquals(LENGTHS.length, ep.filesOpened(), "every file opened by the end");
        assertEquals(9 + 4 + 12 + 6 + 8, frames, "all frames handed out");
    }

    @Test
    void anUnreadableFileIsSkippedWithAWarningNamingIt() throws Exception {
        SyntheticEpisodes.write(dir, LENGTHS);
        SyntheticEpisodes.truncate(dir.resolve("ep_000002.npz"));
        FrameStream s = new FrameStream(EpisodeFiles.list(dir, "rollouts"), CAPACITY);
        List<List<Long>> got = new ArrayList<>();
        String err = SyntheticEpisodes.captureStderr(() -> got.add(epoch(s, 1, 0)));
        assertTrue(err.contains("ep_000002.npz"), "warning names the file: " + err);
        assertEquals(9 + 4 + 6 + 8, got.get(0).size(), "frames of the readable files");
        String again = SyntheticEpisodes.captureStderr(() -> epoch(s, 1, 1));
        assertEquals("", again, "warned once per run");
    }
}
