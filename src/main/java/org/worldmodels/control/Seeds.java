// SPDX-License-Identifier: MIT
// Seeds derived from a run seed and integer coordinates (generation, candidate, episode), so that every
// episode's track and noise are fixed by the run seed alone, whatever thread runs it and in what order.
package org.worldmodels.control;

/** Stateless seed mixing: {@code of(runSeed, a, b, ...)} is a well-spread 64-bit function of all parts. */
public final class Seeds {
    /** Track seeds for training are drawn from [0, TRAIN_TRACKS); evaluation uses EVAL_FIRST and up: disjoint. */
    public static final long TRAIN_TRACKS = 1_000_000, EVAL_FIRST = 10_000_000;
    /** Domain tags so that training, evaluation and the track/noise streams never share a seed. */
    public static final long TRACK = 1, NOISE = 2, EVAL = 3;

    private Seeds() {}

    /** A 64-bit seed from the parts: fold each in with a multiply and the murmur3 finaliser. */
    public static long of(long... parts) {
        long s = 0x9E3779B97F4A7C15L;
        for (long p : parts) s = mix64(s ^ mix64(p + 0x632BE59BD9B4E019L)) * 0x9E3779B97F4A7C15L;
        return mix64(s);
    }

    /** A training track seed in [0, TRAIN_TRACKS) for (run, generation, candidate, episode). */
    public static long trainingTrack(long runSeed, long generation, int candidate, int episode) {
        return Math.floorMod(of(runSeed, TRACK, generation, candidate, episode), TRAIN_TRACKS);
    }

    // murmur3's fmix64: every input bit affects every output bit
    static long mix64(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
