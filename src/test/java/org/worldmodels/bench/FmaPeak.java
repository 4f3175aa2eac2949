// SPDX-License-Identifier: MIT
// The machine's single-core float FMA peak as the Vector API reaches it: 16 independent chains of
// vector FMAs on registers only (no memory), so the figure is the ceiling for every kernel here.
package org.worldmodels.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Run: java --add-modules jdk.incubator.vector -cp target/test-classes:target/classes
 * org.worldmodels.bench.FmaPeak. Prints GFLOP/s (2 FLOP per lane per FMA) for 8 rounds; the first
 * ones run before C2 has compiled the loop. Why 16 chains: an FMA's latency (4 cycles) times the
 * FMA units (2 on Zen 5, one 512-bit or two 256-bit on Zen 4) is at most 8 in flight; 16 leaves room.
 * On the machine of 2026-12-04 (AMD EPYC family 26, Zen 5): 211-228 GFLOP/s, 64 FLOP per cycle at
 * about 3.35 GHz: two full 512-bit FMAs per cycle.
 */
public final class FmaPeak {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    public static void main(String[] args) {
        float[] seed = new float[S.length()];
        for (int round = 0; round < 8; round++) {
            long iterations = 50_000_000L;
            long t0 = System.nanoTime();
            float sink = chains(iterations, seed);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double flop = iterations * 16.0 * S.length() * 2;
            System.out.printf("%.1f GFLOP/s (%d lanes; %s)%n", flop / seconds / 1e9, S.length(), sink);
        }
    }

    /** 16 independent a = a * m + c chains, summed at the end so the JIT cannot drop them. */
    private static float chains(long iterations, float[] seed) {
        FloatVector a0 = FloatVector.fromArray(S, seed, 0), a1 = a0.add(1), a2 = a0.add(2), a3 = a0.add(3);
        FloatVector a4 = a0.add(4), a5 = a0.add(5), a6 = a0.add(6), a7 = a0.add(7);
        FloatVector a8 = a0.add(8), a9 = a0.add(9), a10 = a0.add(10), a11 = a0.add(11);
        FloatVector a12 = a0.add(12), a13 = a0.add(13), a14 = a0.add(14), a15 = a0.add(15);
        FloatVector m = FloatVector.broadcast(S, 0.999999f), c = FloatVector.broadcast(S, 1e-7f);
        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(m, c); a1 = a1.fma(m, c); a2 = a2.fma(m, c); a3 = a3.fma(m, c);
            a4 = a4.fma(m, c); a5 = a5.fma(m, c); a6 = a6.fma(m, c); a7 = a7.fma(m, c);
            a8 = a8.fma(m, c); a9 = a9.fma(m, c); a10 = a10.fma(m, c); a11 = a11.fma(m, c);
            a12 = a12.fma(m, c); a13 = a13.fma(m, c); a14 = a14.fma(m, c); a15 = a15.fma(m, c);
        }
        FloatVector sum = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7)
                .add(a8).add(a9).add(a10).add(a11).add(a12).add(a13).add(a14).add(a15);
        return sum.reduceLanes(VectorOperators.ADD);
    }
}
