// SPDX-License-Identifier: MIT
// gym's 2018 seeding.np_random(seed): seed -> SHA-512 of its decimal string -> 32-bit key -> MT19937.
// This is how CarRacing-v0's env.seed(s) chose its random stream (spec carracing-v0.md, Seeding).
package org.worldmodels.env.rng;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The steps of {@code gym.utils.seeding.np_random}, each public so tests can check it on its own. */
public final class GymSeeding {
    private static final BigInteger TWO_POW_64 = BigInteger.ONE.shiftLeft(64);

    private GymSeeding() {}

    /** {@code np_random(seed)}: the RandomState gym's env.seed(seed) installs. */
    public static Mt19937 npRandom(BigInteger seed) {
        return new Mt19937(initKey(hashSeed(seed)));
    }

    public static Mt19937 npRandom(long seed) {
        return npRandom(BigInteger.valueOf(seed));
    }

    /**
     * {@code hash_seed(create_seed(seed))}: seed mod 2^64, SHA-512 of its decimal string, the first
     * 8 bytes of the digest read as a little-endian unsigned integer (returned as the long's 64 bits).
     */
    public static long hashSeed(BigInteger seed) {
        if (seed.signum() < 0) throw new IllegalArgumentException("seed must be non-negative, got " + seed);
        String decimal = seed.mod(TWO_POW_64).toString();
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-512").digest(decimal.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is missing from this JVM", e);  // every JDK has it
        }
        long v = 0;
        for (int b = 7; b >= 0; b--) v = (v << 8) | (digest[b] & 0xff);
        return v;
    }

    /** {@code _int_list_from_bigint}: little-endian 32-bit words, [lo, hi]; [lo] if hi is 0; [0] for 0. */
    public static int[] initKey(long hashed) {
        int lo = (int) hashed, hi = (int) (hashed >>> 32);
        return hi == 0 ? new int[] {lo} : new int[] {lo, hi};
    }
}
