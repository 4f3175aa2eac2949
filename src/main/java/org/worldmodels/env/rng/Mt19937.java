// SPDX-License-Identifier: MIT
// The Mersenne Twister MT19937 as NumPy's legacy RandomState uses it: init_by_array seeding,
// tempered 32-bit outputs, random_sample() from two outputs (the random numbers of gym's CarRacing-v0).
package org.worldmodels.env.rng;

import org.worldmodels.env.UniformSource;

/**
 * {@code numpy.random.RandomState} seeded with a key list (Matsumoto and Nishimura's
 * {@code init_by_array}), bit-exact for {@link #nextInt}, {@link #randomSample} and {@link #uniform}.
 * All arithmetic is mod 2^32 (Java int); shifts of state words are unsigned.
 */
public final class Mt19937 implements UniformSource {
    private static final int N = 624, M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000, LOWER_MASK = 0x7fffffff;
    private static final double TWO_POW_26 = 67108864.0, TWO_POW_53 = 9007199254740992.0;

    private final int[] mt = new int[N];
    /** Next word of {@code mt} to temper; N means "regenerate first". */
    private int index = N;

    /** RandomState.seed(key) for a list of 32-bit words (the array path, even for one word). */
    public Mt19937(int[] key) {
        if (key.length == 0) throw new IllegalArgumentException("MT19937 key must not be empty");
        initByArray(key);
    }

    // mt[0] = s; mt[i] = 1812433253 * (mt[i-1] ^ (mt[i-1] >> 30)) + i
    private void initGenRand(int s) {
        mt[0] = s;
        for (int i = 1; i < N; i++) mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        index = N;
    }

    private void initByArray(int[] key) {
        initGenRand(19650218);
        int i = 1, j = 0;
        // First pass: fold every key word (and its index) into the state, max(N, len) times.
        for (int k = Math.max(N, key.length); k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
            if (j >= key.length) j = 0;
        }
        // Second pass: a non-linear scramble of the whole state.
        for (int k = N - 1; k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
        }
        mt[0] = UPPER_MASK;  // the most significant bit is 1: a non-zero initial state
        index = N;
    }

    // The twist: y = upper bit of mt[k] | lower 31 bits of mt[k+1]; mt[k] = mt[k+M] ^ (y >> 1) ^ (A if y odd).
    private void regenerate() {
        for (int k = 0; k < N; k++) {
            int y = (mt[k] & UPPER_MASK) | (mt[(k + 1) % N] & LOWER_MASK);
            mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
        }
        index = 0;
    }

    /** The next tempered 32-bit output (as an int; read it unsigned). */
    public int nextInt() {
        if (index >= N) regenerate();
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    /** {@code random_sample()}: 53 random bits from two outputs, ((a >> 5) * 2^26 + (b >> 6)) / 2^53. */
    public double randomSample() {
        int a = nextInt() >>> 5, b = nextInt() >>> 6;
        return (a * TWO_POW_26 + b) / TWO_POW_53;
    }

    /** {@code RandomState.uniform(lo, hi)} = lo + (hi - lo) * random_sample(). */
    @Override
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * randomSample();
    }
}
