// SPDX-License-Identifier: MIT
// NumPy's default bit generator PCG64 (128-bit LCG, XSL-RR output) with Generator.random/uniform:
// the random numbers of Gymnasium's CarRacing-v3 (spec carracing.md section 2).
package org.worldmodels.env.rng;

import java.math.BigInteger;
import org.worldmodels.env.UniformSource;

/**
 * {@code numpy.random.Generator(PCG64(SeedSequence(seed)))}, bit-exact for {@link #nextLong},
 * {@link #random} and {@link #uniform}. The 128-bit state is held as two longs (high, low).
 */
public final class Pcg64 implements UniformSource {
    private static final long MULT_HI = 0x2360ED051FC65DA4L, MULT_LO = 0x4385DF649FCCF645L;
    /** 2^-53: turns the top 53 bits of a draw into a double in [0, 1). */
    private static final double TWO_POW_MINUS_53 = 1.0 / (1L << 53);

    private long stateHi, stateLo;
    /** The increment (odd), fixed by the seed: the LCG's stream. */
    private final long incHi, incLo;

    /** PCG64 seeded from the first four uint64 words of {@code SeedSequence(seed)}. */
    public Pcg64(long seed) {
        this(new SeedSequence(seed));
    }

    public Pcg64(BigInteger seed) {
        this(new SeedSequence(seed));
    }

    /**
     * numpy's seeding from words v0..v3: initstate = v0:v1, initseq = v2:v3, inc = initseq*2 + 1;
     * state = 0, step, state += initstate, step.
     */
    public Pcg64(SeedSequence seq) {
        long[] v = seq.generateState64(4);
        incHi = (v[2] << 1) | (v[3] >>> 63);
        incLo = (v[3] << 1) | 1;
        stateHi = 0;
        stateLo = 0;
        step();
        long lo = stateLo + v[1];
        stateHi = stateHi + v[0] + (Long.compareUnsigned(lo, stateLo) < 0 ? 1 : 0);
        stateLo = lo;
        step();
    }

    // state = state * MULT + inc  (mod 2^128), with the 128-bit product split into 64-bit halves:
    // (hi:lo) * (mh:ml) mod 2^128 = (hi*ml + lo*mh + carry(lo*ml)) : lo*ml
    private void step() {
        long lo = stateLo * MULT_LO;
        long hi = Math.unsignedMultiplyHigh(stateLo, MULT_LO) + stateLo * MULT_HI + stateHi * MULT_LO;
        long sumLo = lo + incLo;
        stateHi = hi + incHi + (Long.compareUnsigned(sumLo, lo) < 0 ? 1 : 0);
        stateLo = sumLo;
    }

    /** The next raw 64-bit output: step, then XSL-RR of the new state (xor the halves, rotate by the top 6 bits). */
    public long nextLong() {
        step();
        return Long.rotateRight(stateHi ^ stateLo, (int) (stateHi >>> 58));
    }

    /** {@code Generator.random()}: (next >> 11) * 2^-53, a double in [0, 1). */
    public double random() {
        return (nextLong() >>> 11) * TWO_POW_MINUS_53;
    }

    /** {@code Generator.uniform(lo, hi)} = lo + (hi - lo) * U. */
    @Override
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * random();
    }

    /** The 128-bit state and increment as numpy reports them: {state high, state low, inc high, inc low}. */
    public long[] stateWords() {
        return new long[] {stateHi, stateLo, incHi, incLo};
    }
}
