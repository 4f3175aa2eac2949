// SPDX-License-Identifier: MIT
// SplitMix64 random numbers addressed by (seed, stream, index), for rollouts and V's training: an
// episode's track and actions, an epoch's order and a step's eps each come from their own generator.
package org.worldmodels.vision;

/**
 * SplitMix64 (Steele, Lea, Flood 2014): {@code state += GOLDEN; out = mix(state)}, started at
 * {@code mix(mix(seed + stream * GOLDEN) + index)}. Nothing depends on what ran before (a thread
 * count, a resumed run), and NumPy's uint64 arithmetic replays it (src/test/python/train_vae_reference.py).
 */
public final class FrameRandom {
    static final long GOLDEN = 0x9E3779B97F4A7C15L;
    /** Streams: an episode's track seed, its policy, an epoch's file order and shuffle, a step's eps. */
    public static final int TRACK = 0, POLICY = 1, ORDER = 2, EPS = 3;

    private long state;

    private FrameRandom(long state) { this.state = state; }

    public static FrameRandom of(long seed, int stream, long index) {
        return new FrameRandom(mix(mix(seed + stream * GOLDEN) + index));
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

    /** Uniform in [0, bound): the unsigned word mod bound (bias below 2^-40 for our bounds). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive, got " + bound);
        return (int) Long.remainderUnsigned(nextLong(), bound);
    }

    /** N(0, 1) by Box-Muller, the sine half discarded: sqrt(-2 ln(1 - u1)) cos(2 pi u2). */
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
