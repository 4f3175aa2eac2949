// SPDX-License-Identifier: MIT
// The per-version seeding factory: which generator each env uses, and refusal of negative seeds.
package org.worldmodels.env.rng;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.worldmodels.env.EnvVersion;

class TrackRandomTest {
    @Test
    void v0IsGymSeededMersenneTwisterAndV3IsPcg64() {
        assertEquals(GymSeeding.npRandom(7).uniform(0, 1), TrackRandom.forSeed(EnvVersion.V0, 7).uniform(0, 1));
        assertEquals(new Pcg64(7).uniform(0, 1), TrackRandom.forSeed(EnvVersion.V3, 7).uniform(0, 1));
        assertTrue(TrackRandom.forSeed(EnvVersion.V0, 7).uniform(0, 1) != TrackRandom.forSeed(EnvVersion.V3, 7).uniform(0, 1));
    }

    @Test
    void negativeSeedsAreRefusedWithAMessage() {
        for (EnvVersion v : EnvVersion.values()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrackRandom.forSeed(v, -1));
            assertTrue(e.getMessage().contains("non-negative") && e.getMessage().contains("-1"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> TrackRandom.forSeed(v, BigInteger.TWO.pow(70).negate()));
        }
        assertThrows(IllegalArgumentException.class, () -> new SeedSequence(-5));
        assertThrows(IllegalArgumentException.class, () -> GymSeeding.hashSeed(BigInteger.valueOf(-5)));
    }
}
