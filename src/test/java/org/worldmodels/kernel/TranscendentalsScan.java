// SPDX-License-Identifier: MIT
// Exhaustive check of ScalarMath / VectorMath over every float with 2^-30 <= |x| < 128, both signs (1.2
// billion per function, minutes each, so a main and not a test): worst ulp error against the double
// references of TranscendentalsTest, and that the SIMD twin gives the same bits everywhere. Outside that
// range the functions are constant or the identity in float (covered by TranscendentalsTest).
package org.worldmodels.kernel;

/**
 * Run: java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes
 * org.worldmodels.kernel.TranscendentalsScan [exp|sigmoid|tanh ...]
 */
public final class TranscendentalsScan {
    public static void main(String[] args) {
        String[] names = args.length > 0 ? args : new String[] {"exp", "sigmoid", "tanh"};
        int chunk = 1 << 20;
        float[] x = new float[chunk], y = new float[chunk];
        for (String name : names) {
            TranscendentalsTest.Fn f = TranscendentalsTest.Fn.valueOf(name.toUpperCase(java.util.Locale.ROOT));
            double worst = 0, sum = 0;
            float worstX = 0;
            long mismatches = 0, count = 0, overHalf = 0;
            long t0 = System.nanoTime();
            int lo = Float.floatToRawIntBits(0x1p-30f), hi = Float.floatToRawIntBits(128f);   // positive bit patterns, ascending
            for (long start = 0; start < 2L * (hi - lo); start += chunk) {
                for (int i = 0; i < chunk; i++) {
                    long j = start + i;                   // even j: +x, odd j: -x
                    int bits = lo + (int) Math.min(j >> 1, hi - lo - 1);
                    x[i] = Float.intBitsToFloat((j & 1) == 0 ? bits : bits | 0x80000000);
                }
                f.vector(chunk, x, y, 0);
                for (int i = 0; i < chunk; i++) {
                    float s = f.scalar(x[i]);
                    if (Float.floatToIntBits(s) != Float.floatToIntBits(y[i])) mismatches++;
                    double e = TranscendentalsTest.ulpError(s, f.reference.applyAsDouble(x[i]));
                    count++;
                    sum += e;
                    if (e > 0.5) overHalf++;
                    if (e > worst) { worst = e; worstX = x[i]; }
                }
            }
            System.out.printf("%s: %d floats, max %.3f ulp at x = %s, mean %.4f ulp, not correctly rounded: %d (%.3f%%), vector/scalar bit mismatches: %d, %.0f s%n",
                    name, count, worst, worstX, sum / count, overHalf, 100.0 * overHalf / count, mismatches, (System.nanoTime() - t0) / 1e9);
        }
    }
}
