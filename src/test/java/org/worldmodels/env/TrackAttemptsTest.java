// SPDX-License-Identifier: MIT
// The retry path and the statistics of many tracks, against each reference folder's
// track_attempts.json (seeds 0..1999: which seeds need 2 or 3 attempts, tile counts).
package org.worldmodels.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.worldmodels.SharedData;
import org.worldmodels.env.rng.TrackRandom;

class TrackAttemptsTest {
    static final int SEEDS = 2000;

    /** The parts of track_attempts.json we check (a flat file; a regex reads it). */
    record Attempts(Map<Integer, Integer> retries, int minTiles, int maxTiles, double meanTiles, List<Integer> first100) {
        static Attempts read(EnvVersion v) throws Exception {
            String json = Files.readString(SharedData.reference(TrackGeneratorTest.folder(v), "track_attempts.json"));
            String block = between(json, "\"seeds_needing_retries\": {", "}");
            Map<Integer, Integer> retries = new TreeMap<>();
            Matcher m = Pattern.compile("\"(\\d+)\":\\s*(\\d+)").matcher(block);
            while (m.find()) retries.put(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            List<Integer> first100 = new ArrayList<>();
            for (String s : between(json, "\"n_tiles_by_seed_first100\": [", "]").split(",")) first100.add(Integer.parseInt(s.trim()));
            return new Attempts(retries, (int) number(json, "n_tiles_min"), (int) number(json, "n_tiles_max"),
                    number(json, "n_tiles_mean"), first100);
        }

        private static String between(String s, String start, String end) {
            int i = s.indexOf(start) + start.length();
            return s.substring(i, s.indexOf(end, i));
        }

        private static double number(String json, String key) {
            Matcher m = Pattern.compile("\"" + key + "\":\\s*([0-9.]+)").matcher(json);
            if (!m.find()) throw new IllegalStateException("track_attempts.json has no " + key);
            return Double.parseDouble(m.group(1));
        }
    }

    /**
     * Every seed 0..1999: the attempt count is the reference's (2 or 3 for the listed seeds, 1 for
     * all others), the first 100 tile counts are equal, and min / max / mean tile counts agree.
     */
    @ParameterizedTest
    @EnumSource(EnvVersion.class)
    void attemptsAndTileCountsOfSeeds0To1999(EnvVersion version) throws Exception {
        Attempts ref = Attempts.read(version);
        assertTrue(ref.retries().size() > 100, "expected a long list of retry seeds, got " + ref.retries().size());
        int min = Integer.MAX_VALUE, max = 0;
        long sum = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            TrackGeneratorTest.RecordingSource rng = new TrackGeneratorTest.RecordingSource(TrackRandom.forSeed(version, seed));
            Track t = TrackGenerator.generate(rng);
            assertEquals(ref.retries().getOrDefault(seed, 1), t.attempts, version + " seed " + seed + " attempts");
            // A failed attempt draws exactly its 24 uniforms and nothing else.
            assertEquals(TrackGenerator.DRAWS_PER_ATTEMPT * t.attempts, rng.draws.size(), version + " seed " + seed + " draws");
            if (seed < 100) assertEquals(ref.first100().get(seed), t.size(), version + " seed " + seed + " tiles N");
            if (t.attempts > 1) assertValidLoop(version + " seed " + seed, t);
            min = Math.min(min, t.size());
            max = Math.max(max, t.size());
            sum += t.size();
        }
        assertEquals(ref.minTiles(), min, version + " n_tiles_min");
        assertEquals(ref.maxTiles(), max, version + " n_tiles_max");
        assertEquals(ref.meanTiles(), (double) sum / SEEDS, 1e-9, version + " n_tiles_mean");
    }

    /** What a successful attempt guarantees: a closed loop of 3.5 m steps that passed the glue check. */
    static void assertValidLoop(String tag, Track t) {
        int n = t.size();
        for (int i = 1; i < n; i++) {
            double step = Math.hypot(t.x[i] - t.x[i - 1], t.y[i] - t.y[i - 1]);
            assertEquals(CarRacingConstants.TRACK_DETAIL_STEP, step, 1e-9, tag + " step length at point " + i);
        }
        // Only the reference's component-wise gap is bounded: the true distance may exceed 2 steps.
        double glue = TrackGenerator.glueGap(t.beta, t.x, t.y);
        assertTrue(glue <= CarRacingConstants.TRACK_DETAIL_STEP, tag + " glue check fails: " + glue);
        assertTrue(t.alpha[0] > TrackGenerator.START_ALPHA, tag + " first alpha " + t.alpha[0] + " not past the start");
    }
}
