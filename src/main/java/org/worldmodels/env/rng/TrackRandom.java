// SPDX-License-Identifier: MIT
// The random stream each reference environment gives its track generator for a seed.
package org.worldmodels.env.rng;

import java.math.BigInteger;
import org.worldmodels.env.EnvVersion;
import org.worldmodels.env.UniformSource;

/** Factory: the env's {@link UniformSource} right after seeding with {@code seed}. */
public final class TrackRandom {
    private TrackRandom() {}

    /**
     * v0: gym 2018 {@code env.seed(seed)} (SHA-512 -> MT19937 RandomState);
     * v3: Gymnasium {@code reset(seed=seed)} (SeedSequence -> PCG64 Generator).
     */
    public static UniformSource forSeed(EnvVersion version, BigInteger seed) {
        if (seed.signum() < 0) {
            throw new IllegalArgumentException("seed must be a non-negative integer, got " + seed
                    + " (both gym and Gymnasium refuse negative seeds)");
        }
        return switch (version) {
            case V0 -> GymSeeding.npRandom(seed);
            case V3 -> new Pcg64(seed);
        };
    }

    public static UniformSource forSeed(EnvVersion version, long seed) {
        return forSeed(version, BigInteger.valueOf(seed));
    }
}
