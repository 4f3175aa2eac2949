// SPDX-License-Identifier: MIT
// The random number generator of CMA-ES: xoshiro256** (Blackman & Vigna 2018) whose 256-bit state can be
// saved and restored exactly, so that a resumed run draws the very numbers an unbroken run would.
package org.worldmodels.control;

import java.util.random.RandomGenerator;

/**
 * xoshiro256**: four 64-bit words of state, period 2^256 - 1. Seeded through SplitMix64 (so that any long,
 * even 0, gives a good state). Normal deviates come from {@link RandomGenerator#nextGaussian()}, the JDK's
 * ziggurat method, which is a fixed function of the {@link #nextLong()} stream and keeps no state of its own.
 */
public final class CmaRandom implements RandomGenerator {
    private long s0, s1, s2, s3;

    /** A generator seeded from {@code seed} by SplitMix64. */
    public CmaRandom(long seed) {
        long x = seed;
        x += 0x9E3779B97F4A7C15L; s0 = mix(x);
        x += 0x9E3779B97F4A7C15L; s1 = mix(x);
        x += 0x9E3779B97F4A7C15L; s2 = mix(x);
        x += 0x9E3779B97F4A7C15L; s3 = mix(x);
    }

    /** A generator continuing from a saved {@link #state()}. */
    public static CmaRandom fromState(long[] state) {
        if (state.length != 4) throw new IllegalArgumentException("xoshiro256** state has 4 words, got " + state.length);
        if ((state[0] | state[1] | state[2] | state[3]) == 0) throw new IllegalArgumentException("xoshiro256** state must not be all zero");
        CmaRandom r = new CmaRandom(0);
        r.s0 = state[0];
        r.s1 = state[1];
        r.s2 = state[2];
        r.s3 = state[3];
        return r;
    }

    /** The four state words, for saving. */
    public long[] state() {
        return new long[] {s0, s1, s2, s3};
    }

    @Override
    public long nextLong() {
        // result = rotl(s1 * 5, 7) * 9; then the xor-shift-rotate state transition
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    private static long mix(long z) {
        // SplitMix64 finaliser (Steele, Lea & Flood 2014)
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
