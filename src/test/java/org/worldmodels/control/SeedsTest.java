// SPDX-License-Identifier: MIT
// Seed derivation: training tracks stay in their range, evaluation tracks are disjoint from them, and
// seeds of neighbouring (generation, candidate, episode) coordinates differ.
package org.worldmodels.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeedsTest {
    @Test
    void trainingTracksLieInTheirRangeAndRarelyRepeat() {
        Set<Long> seen = new HashSet<>();
        int n = 0;
        for (int g = 1; g <= 10; g++) {
            for (int k = 0; k < 64; k++) {
                for (int j = 0; j < 16; j++) {
                    long s = Seeds.trainingTrack(0, g, k, j);
                    assertTrue(s >= 0 && s < Seeds.TRAIN_TRACKS, "track seed " + s + " outside [0, " + Seeds.TRAIN_TRACKS + ")");
                    assertTrue(s < Seeds.EVAL_FIRST);
                    seen.add(s);
                    n++;
                }
            }
        }
        // 10,240 draws from 10^6 values: about 52 collisions expected (birthday bound n^2 / 2N)
        int repeats = n - seen.size();
        assertTrue(repeats < 120, repeats + " repeated track seeds in " + n + " draws");
    }

    @Test
    void everyCoordinateChangesTheSeed() {
        long base = Seeds.of(7, 1, 2, 3);
        assertEquals(base, Seeds.of(7, 1, 2, 3));
        for (long other : new long[] {Seeds.of(8, 1, 2, 3), Seeds.of(7, 2, 2, 3), Seeds.of(7, 1, 3, 3), Seeds.of(7, 1, 2, 4),
                Seeds.of(7, 2, 1, 3), Seeds.of(7, 1, 2)}) {
            assertTrue(other != base, "seed collision with " + other);
        }
    }
}
