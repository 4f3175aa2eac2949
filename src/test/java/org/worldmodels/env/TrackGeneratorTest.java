// SPDX-License-Identifier: MIT
// Track generation against the recorded reference tracks: seeds 00..09 of v3 (Gymnasium) and v0
// (gym 2018), every array to 1e-9 (flags, counts and draws exactly). TrackAttemptsTest covers retries.
package org.worldmodels.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.worldmodels.env.RefCompare.assertClose;
import static org.worldmodels.env.RefCompare.assertExact;
import static org.worldmodels.env.RefCompare.assertFlags;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.worldmodels.SharedData;
import org.worldmodels.data.Npy;
import org.worldmodels.data.NpyArray;
import org.worldmodels.env.rng.TrackRandom;

class TrackGeneratorTest {
    /** Positions and angles: the reference is plain double arithmetic, so only libm rounding may differ. */
    static final double TOL = 1e-9;

    /** Records every uniform drawn, to compare with the reference's rng_track_draws. */
    static final class RecordingSource implements UniformSource {
        final UniformSource inner;
        final java.util.List<Double> draws = new java.util.ArrayList<>();

        RecordingSource(UniformSource inner) { this.inner = inner; }

        @Override
        public double uniform(double lo, double hi) {
            double u = inner.uniform(lo, hi);
            draws.add(u);
            return u;
        }
    }

    static String folder(EnvVersion v) {
        return v == EnvVersion.V0 ? "carracing-v0" : "carracing";
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @CsvSource({"V3,0", "V3,1", "V3,2", "V3,3", "V3,4", "V3,5", "V3,6", "V3,7", "V3,8", "V3,9",
                "V0,0", "V0,1", "V0,2", "V0,3", "V0,4", "V0,5", "V0,6", "V0,7", "V0,8", "V0,9"})
    void trackMatchesReference(EnvVersion version, int seed) throws Exception {
        Path file = SharedData.reference(folder(version), "tracks", String.format("seed_%02d.npz", seed));
        Map<String, NpyArray> ref = Npy.readNpz(file);
        String tag = version + " seed " + seed + " ";

        RecordingSource rng = new RecordingSource(TrackRandom.forSeed(version, seed));
        Track t = TrackGenerator.generate(rng);

        // Attempts and the random draws they consumed (24 per attempt, exact).
        assertEquals(ref.get("n_attempts").scalar(), t.attempts, tag + "n_attempts");
        double[] draws = rng.draws.stream().mapToDouble(Double::doubleValue).toArray();
        assertExact(tag + "rng_track_draws", ref.get("rng_track_draws").asDoubles(), draws);

        // Checkpoints of the successful (= only) attempt, from a replay of the same stream.
        double[][] cp = TrackGenerator.checkpoints(TrackRandom.forSeed(version, seed));
        double[] cpFlat = new double[36];
        for (int c = 0; c < 12; c++) System.arraycopy(cp[c], 0, cpFlat, 3 * c, 3);
        assertClose(tag + "checkpoints_alpha_x_y", new int[] {12, 3}, ref.get("checkpoints_alpha_x_y").asDoubles(), cpFlat, TOL);

        // Centre line (N,4): alpha, beta, x, y.
        int n = t.size();
        assertEquals(ref.get("track").dim(0), n, tag + "track length N");
        double[] track = new double[4 * n];
        for (int i = 0; i < n; i++) {
            track[4 * i] = t.alpha[i];
            track[4 * i + 1] = t.beta[i];
            track[4 * i + 2] = t.x[i];
            track[4 * i + 3] = t.y[i];
        }
        assertClose(tag + "track", ref.get("track").shape(), ref.get("track").asDoubles(), track, TOL);
        assertClose(tag + "start_beta_x_y", ref.get("start_beta_x_y").asDoubles(),
                new double[] {t.beta[0], t.x[0], t.y[0]}, TOL);

        // Tiles (N,4,2) in the reference's vertex order, kerb flags and kerb quads (M,4,2).
        assertClose(tag + "tile_polys", ref.get("tile_polys").shape(), ref.get("tile_polys").asDoubles(), t.tileVertices, TOL);
        assertFlags(tag + "border_flags", ref.get("border_flags").asBooleans(), t.border);
        assertEquals(ref.get("border_polys").dim(0), t.kerbCount(), tag + "number of kerbs M");
        assertClose(tag + "border_polys", ref.get("border_polys").shape(), ref.get("border_polys").asDoubles(), t.kerbVertices, TOL);
        long[] kerbTile = ref.get("border_tile_idx").asLongs();
        double[] colours = ref.get("border_colors").asDoubles();
        double white = version == EnvVersion.V0 ? 1.0 : 255.0;
        for (int k = 0; k < kerbTile.length; k++) {
            assertEquals(kerbTile[k], t.kerbTile[k], tag + "border_tile_idx[" + k + "]");
            // Red kerbs are (white, 0, 0); white ones (white, white, white).
            boolean refRed = colours[3 * k + 1] == 0 && colours[3 * k] == white;
            assertEquals(refRed, t.kerbRed[k], tag + "border_colors[" + k + "] red?");
        }
    }

    /**
     * Section 3.5's in-place pass, on 12 hand-made headings: points 1 and 2 are sharp (four rises of
     * 0.1, wrapping through the end of the list). Their marks reach indices 11 and 10, and because
     * the pass runs in place, indices 10 and 11 spread them again to 7..9. (A literal Python
     * restatement of the reference's two loops gives the same [0, 1, 2, 7, 8, 9, 10, 11].)
     */
    @Test
    void kerbMarksWrapAndSpreadAgainInPlace() {
        double[] beta = {0.3, 0.4, 0.5, 0, 0, 0, 0, 0, 0, 0, 0.1, 0.2};
        boolean[] expected = new boolean[12];
        for (int i : new int[] {0, 1, 2, 7, 8, 9, 10, 11}) expected[i] = true;
        assertFlags("border flags of the hand-made headings", expected, TrackGenerator.kerbFlags(beta));
    }

    /** Section 3.4's gap multiplies components, so with a first heading of 0 only dx counts. */
    @Test
    void glueGapIsComponentWiseNotAProjection() {
        double[] beta = {0, 0, 0}, x = {0, 0, 3}, y = {0, 0, 100};
        assertEquals(3.0, TrackGenerator.glueGap(beta, x, y), 0.0, "gap with dx = 3, dy = 100 and heading 0");
    }
}
