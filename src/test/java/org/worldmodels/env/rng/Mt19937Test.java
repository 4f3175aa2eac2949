// SPDX-License-Identifier: MIT
// gym 2018 seeding (SHA-512 -> key) and MT19937 against NumPy's RandomState (shared rng_mt19937.npz,
// 30 seeds, and a fixture for seeds of 64 bits and more, which gym reduces mod 2^64).
package org.worldmodels.env.rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.worldmodels.env.RefCompare.assertExact;
import static org.worldmodels.env.RefCompare.assertWords;
import static org.worldmodels.env.RefCompare.row;

import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.worldmodels.SharedData;
import org.worldmodels.data.Npy;
import org.worldmodels.data.NpyArray;

class Mt19937Test {
    private static Map<String, NpyArray> ref;
    private static long[] seeds;

    @BeforeAll
    static void load() throws Exception {
        ref = Npy.readNpz(SharedData.reference("carracing-v0", "rng_mt19937.npz"));
        seeds = ref.get("seeds").asLongs();
    }

    @Test
    void sha512WordMatchesGym() {
        long[] expected = ref.get("sha512_first8_le_u64").asLongs();
        for (int s = 0; s < seeds.length; s++) {
            assertEquals(expected[s], GymSeeding.hashSeed(BigInteger.valueOf(seeds[s])),
                    "seed " + seeds[s] + " sha512_first8_le_u64");
        }
    }

    @Test
    void initKeyMatchesGym() {
        long[] expected = ref.get("init_key_u32").asLongs();
        long[] len = ref.get("init_key_len").asLongs();
        for (int s = 0; s < seeds.length; s++) {
            int[] key = GymSeeding.initKey(GymSeeding.hashSeed(BigInteger.valueOf(seeds[s])));
            assertEquals(len[s], key.length, "seed " + seeds[s] + " init_key_len");
            for (int k = 0; k < key.length; k++) {
                assertEquals(expected[2 * s + k], Integer.toUnsignedLong(key[k]), "seed " + seeds[s] + " init_key_u32[" + k + "]");
            }
        }
    }

    @Test
    void initKeyShapes() {
        assertArrayEquals(new int[] {0}, GymSeeding.initKey(0));
        assertArrayEquals(new int[] {7}, GymSeeding.initKey(7));
        assertArrayEquals(new int[] {0, 1}, GymSeeding.initKey(1L << 32));
    }

    @Test
    void rawOutputsMatchNumpy() {
        long[] expected = ref.get("mt_first8_raw_u32").asLongs();
        for (int s = 0; s < seeds.length; s++) {
            Mt19937 mt = GymSeeding.npRandom(seeds[s]);
            long[] got = new long[8];
            for (int k = 0; k < 8; k++) got[k] = Integer.toUnsignedLong(mt.nextInt());
            assertWords("seed " + seeds[s] + " mt_first8_raw_u32", row(expected, 8, s), got);
        }
    }

    @Test
    void randomSampleMatchesNumpyExactly() {
        double[] expected = ref.get("first16_random_sample").asDoubles();
        for (int s = 0; s < seeds.length; s++) {
            Mt19937 mt = GymSeeding.npRandom(seeds[s]);
            double[] got = new double[16];
            for (int k = 0; k < 16; k++) got[k] = mt.randomSample();
            assertExact("seed " + seeds[s] + " first16_random_sample", row(expected, 16, s), got);
        }
    }

    @Test
    void trackUniformsMatchNumpyExactly() {
        double[] expected = ref.get("first24_track_uniforms").asDoubles();
        for (int s = 0; s < seeds.length; s++) {
            assertExact("seed " + seeds[s] + " first24_track_uniforms", row(expected, 24, s),
                    TrackUniforms.draw(GymSeeding.npRandom(seeds[s])));
        }
    }

    @Test
    void bigSeedsMatchNumpy() throws Exception {
        Map<String, NpyArray> big = Npy.readNpz(Fixtures.path("rng_big_seeds.npz"));
        String[] decimal = big.get("seeds_decimal").asStrings();
        long[] keys = big.get("gym_init_key_u32").asLongs();
        long[] raw = big.get("mt_first8_raw_u32").asLongs();
        double[] uniforms = big.get("mt_first24_track_uniforms").asDoubles();
        for (int s = 0; s < decimal.length; s++) {
            BigInteger seed = new BigInteger(decimal[s]);
            int[] key = GymSeeding.initKey(GymSeeding.hashSeed(seed));
            for (int k = 0; k < 2; k++) {
                long want = keys[2 * s + k];
                long got = k < key.length ? Integer.toUnsignedLong(key[k]) : -1;
                assertEquals(want, got, "seed " + seed + " init key word " + k);
            }
            Mt19937 mt = GymSeeding.npRandom(seed);
            long[] got = new long[8];
            for (int k = 0; k < 8; k++) got[k] = Integer.toUnsignedLong(mt.nextInt());
            assertWords("seed " + seed + " mt_first8_raw_u32", row(raw, 8, s), got);
            assertExact("seed " + seed + " track uniforms", row(uniforms, 24, s), TrackUniforms.draw(GymSeeding.npRandom(seed)));
        }
    }

    @Test
    void outputsAcrossTheThirdTwistMatchNumpy() throws Exception {
        // The state regenerates every 624 outputs; outputs 1240..1255 straddle the third regeneration.
        Map<String, NpyArray> big = Npy.readNpz(Fixtures.path("rng_big_seeds.npz"));
        String[] decimal = big.get("seeds_decimal").asStrings();
        long[] late = big.get("mt_raw_u32_1240_to_1255").asLongs();
        for (int s = 0; s < decimal.length; s++) {
            Mt19937 mt = GymSeeding.npRandom(new BigInteger(decimal[s]));
            for (int k = 0; k < 1240; k++) mt.nextInt();
            long[] got = new long[16];
            for (int k = 0; k < 16; k++) got[k] = Integer.toUnsignedLong(mt.nextInt());
            assertWords("seed " + decimal[s] + " mt_raw_u32_1240_to_1255", row(late, 16, s), got);
        }
    }
}
