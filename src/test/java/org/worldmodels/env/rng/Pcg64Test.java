// SPDX-License-Identifier: MIT
// SeedSequence and PCG64 against NumPy's numbers (shared rng_pcg64.npz, 30 seeds, and a fixture for
// seeds of 64 bits and more).
package org.worldmodels.env.rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.worldmodels.env.RefCompare.assertExact;
import static org.worldmodels.env.RefCompare.assertWords;
import static org.worldmodels.env.RefCompare.row;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.worldmodels.SharedData;
import org.worldmodels.data.Npy;
import org.worldmodels.data.NpyArray;

class Pcg64Test {
    private static Map<String, NpyArray> ref;
    private static long[] seeds;

    @BeforeAll
    static void load() throws Exception {
        ref = Npy.readNpz(SharedData.reference("carracing", "rng_pcg64.npz"));
        seeds = ref.get("seeds").asLongs();
    }

    @Test
    void seedSequenceStateMatchesNumpy() {
        long[] expected = ref.get("seedseq_state_u64x4").asLongs();
        for (int s = 0; s < seeds.length; s++) {
            assertWords("seed " + seeds[s] + " seedseq_state_u64x4", row(expected, 4, s),
                    new SeedSequence(seeds[s]).generateState64(4));
        }
    }

    @Test
    void pcg64StateAfterSeedingMatchesNumpy() {
        long[] expected = ref.get("pcg64_state_hi_lo_inc_hi_lo").asLongs();
        for (int s = 0; s < seeds.length; s++) {
            assertWords("seed " + seeds[s] + " pcg64_state_hi_lo_inc_hi_lo", row(expected, 4, s),
                    new Pcg64(seeds[s]).stateWords());
        }
    }

    @Test
    void rawOutputsMatchNumpy() {
        long[] expected = ref.get("pcg64_first16_raw_u64").asLongs();
        for (int s = 0; s < seeds.length; s++) {
            Pcg64 rng = new Pcg64(seeds[s]);
            long[] got = new long[16];
            for (int k = 0; k < 16; k++) got[k] = rng.nextLong();
            assertWords("seed " + seeds[s] + " pcg64_first16_raw_u64", row(expected, 16, s), got);
        }
    }

    @Test
    void randomDoublesMatchNumpyExactly() {
        double[] expected = ref.get("generator_first16_random").asDoubles();
        for (int s = 0; s < seeds.length; s++) {
            Pcg64 rng = new Pcg64(seeds[s]);
            double[] got = new double[16];
            for (int k = 0; k < 16; k++) got[k] = rng.random();
            assertExact("seed " + seeds[s] + " generator_first16_random", row(expected, 16, s), got);
        }
    }

    @Test
    void trackUniformsMatchNumpyExactly() {
        double[] expected = ref.get("generator_first24_track_uniforms").asDoubles();
        for (int s = 0; s < seeds.length; s++) {
            assertExact("seed " + seeds[s] + " generator_first24_track_uniforms", row(expected, 24, s),
                    TrackUniforms.draw(new Pcg64(seeds[s])));
        }
    }

    @Test
    void bigSeedsMatchNumpy() throws Exception {
        Map<String, NpyArray> big = Npy.readNpz(Fixtures.path("rng_big_seeds.npz"));
        String[] decimal = big.get("seeds_decimal").asStrings();
        long[] state = big.get("seedseq_state_u64x4").asLongs();
        long[] raw = big.get("pcg64_first8_raw_u64").asLongs();
        double[] uniforms = big.get("pcg64_first24_track_uniforms").asDoubles();
        for (int s = 0; s < decimal.length; s++) {
            BigInteger seed = new BigInteger(decimal[s]);
            assertWords("seed " + seed + " seedseq_state_u64x4", row(state, 4, s), new SeedSequence(seed).generateState64(4));
            Pcg64 rng = new Pcg64(seed);
            long[] got = new long[8];
            for (int k = 0; k < 8; k++) got[k] = rng.nextLong();
            assertWords("seed " + seed + " pcg64_first8_raw_u64", row(raw, 8, s), got);
            assertExact("seed " + seed + " track uniforms", row(uniforms, 24, s), TrackUniforms.draw(new Pcg64(seed)));
        }
    }

    @Test
    void seedWordsAreLittleEndian32BitWords() {
        assertArrayEquals(new int[] {0}, SeedSequence.seedWords(BigInteger.ZERO));
        assertArrayEquals(new int[] {5, 1}, SeedSequence.seedWords(BigInteger.ONE.shiftLeft(32).add(BigInteger.valueOf(5))));
        assertArrayEquals(new int[] {-1, 0x7fffffff}, SeedSequence.seedWords(BigInteger.valueOf(Long.MAX_VALUE)));
    }
}
