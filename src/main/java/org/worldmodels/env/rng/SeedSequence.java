// SPDX-License-Identifier: MIT
// NumPy's SeedSequence (pool size 4): turns a non-negative integer seed into well-mixed 32-bit words.
// Restated from the spec (carracing.md section 2); all arithmetic is mod 2^32, i.e. plain Java int.
package org.worldmodels.env.rng;

import java.math.BigInteger;

/**
 * {@code numpy.random.SeedSequence(seed)} without spawn keys: the seed's 32-bit words are hashed into
 * a pool of 4 words, the pool words are mixed with each other, and {@link #generateState64} hashes
 * the pool again to produce output words (the entropy PCG64 is seeded from).
 */
public final class SeedSequence {
    private static final int POOL_SIZE = 4;
    private static final int INIT_A = 0x43b0d7e5, MULT_A = 0x931e8875;
    private static final int INIT_B = 0x8b51f9dd, MULT_B = 0x58f38ded;
    private static final int MIX_MULT_L = 0xca01f9dd, MIX_MULT_R = 0x4973f715;
    private static final int XSHIFT = 16;

    /** The mixed entropy pool (4 words). */
    private final int[] pool = new int[POOL_SIZE];
    /** hashmix's running constant; it persists across calls while the pool is mixed. */
    private int hashConst = INIT_A;

    /** {@code SeedSequence(seed)} for a non-negative seed. */
    public SeedSequence(long seed) {
        this(BigInteger.valueOf(seed));
    }

    /** {@code SeedSequence(seed)} for any non-negative seed, including ones beyond 64 bits. */
    public SeedSequence(BigInteger seed) {
        if (seed.signum() < 0) throw new IllegalArgumentException("seed must be non-negative, got " + seed);
        int[] words = seedWords(seed);
        // Fill the pool: hashmix of each seed word, or of 0 past the end of the seed.
        for (int i = 0; i < POOL_SIZE; i++) pool[i] = hashMix(i < words.length ? words[i] : 0);
        // Every word of the pool influences every other (ordered pairs src != dst, src outer).
        for (int src = 0; src < POOL_SIZE; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                if (src != dst) pool[dst] = mix(pool[dst], hashMix(pool[src]));
            }
        }
        // Seed words beyond the pool size are mixed into every pool word.
        for (int src = POOL_SIZE; src < words.length; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) pool[dst] = mix(pool[dst], hashMix(words[src]));
        }
    }

    /** The seed as little-endian 32-bit words; 0 gives the single word [0]. */
    static int[] seedWords(BigInteger seed) {
        int n = Math.max(1, (seed.bitLength() + 31) / 32);
        int[] words = new int[n];
        for (int i = 0; i < n; i++) words[i] = seed.shiftRight(32 * i).intValue();  // low 32 bits
        return words;
    }

    // v ^= hc; hc *= MULT_A; v *= hc; v ^= v >> 16
    private int hashMix(int v) {
        v ^= hashConst;
        hashConst *= MULT_A;
        v *= hashConst;
        return v ^ (v >>> XSHIFT);
    }

    // r = L*x - R*y; r ^ (r >> 16)
    private static int mix(int x, int y) {
        int r = MIX_MULT_L * x - MIX_MULT_R * y;
        return r ^ (r >>> XSHIFT);
    }

    /** {@code generate_state(n, uint32)}: cycles through the pool, hashing each word with a fresh constant. */
    public int[] generateState32(int n) {
        int[] out = new int[n];
        int hc = INIT_B;
        for (int i = 0; i < n; i++) {
            int v = pool[i % POOL_SIZE];
            v ^= hc;
            hc *= MULT_B;
            v *= hc;
            out[i] = v ^ (v >>> XSHIFT);
        }
        return out;
    }

    /** {@code generate_state(n, uint64)}: pairs of 32-bit outputs, low word first. */
    public long[] generateState64(int n) {
        int[] w = generateState32(2 * n);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) out[i] = Integer.toUnsignedLong(w[2 * i]) | ((long) w[2 * i + 1] << 32);
        return out;
    }
}
