// SPDX-License-Identifier: MIT
// Seeded random numbers addressed by (seed, stream, index): SplitMix64 started from a hash of the three,
// so every batch, episode or epoch draws from its own generator. A resumed run then needs no saved RNG
// state, results do not depend on thread scheduling, and NumPy can replay a stream exactly.
package org.worldmodels.tensor;

/**
 * SplitMix64 (Steele, Lea, Flood 2014): {@code state += GOLDEN; out = mix(state)}. A generator for
 * (seed, stream, index) starts at {@code mix(mix(seed + stream * GOLDEN) + index)}, so what it draws
 * depends on (seed, stream, index) only. The same integer arithmetic in NumPy (uint64, wrapping) gives
 * the same numbers: src/test/python/train_mdn_reference.py and train_vae_reference.py replay our streams.
 * The stages name their streams: {@code memory.BatchRandom}, {@code vision.FrameRandom}.
 */
public final class StreamRandom {
    static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private long state;

    private StreamRandom(long state) { this.state = state; }

    /** A generator whose next output is mix(state + GOLDEN), as java.util.SplittableRandom(state) (same constants). */
    public static StreamRandom fromState(long state) { return new StreamRandom(state); }

    /** The generator of item {@code index} of stream {@code stream} of a run seeded with {@code seed}. */
    public static StreamRandom of(long seed, int stream, long index) {
        return new StreamRandom(mix(mix(seed + stream * GOLDEN) + index));
    }

    /** SplitMix64's output function (a bijection of 64-bit words). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() { return (nextLong() >>> 11) * 0x1.0p-53; }

    /** Uniform in [0, bound): the unsigned 64-bit word mod bound (bias below 2^-40 for our bounds). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive, got " + bound);
        return (int) Long.remainderUnsigned(nextLong(), bound);
    }

    /** N(0, 1) by Box-Muller from two uniforms, the sine half discarded: sqrt(-2 ln(1 - u1)) cos(2 pi u2). */
    public double nextGaussian() {
        double u1 = nextDouble(), u2 = nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** A random permutation of 0..n-1 (Fisher-Yates from the top). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
