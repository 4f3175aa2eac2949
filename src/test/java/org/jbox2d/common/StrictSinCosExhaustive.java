// SPDX-License-Identifier: MIT
package org.jbox2d.common;

import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Checks StrictSinCos against StrictMath on every float from 0 up to a bound (default: every finite
 * float), bit for bit on the doubles, both signs. Minutes of CPU; not a unit test. Run with
 * <pre>
 *   mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 *   java -cp target/classes:target/test-classes:$(cat cp.txt) org.jbox2d.common.StrictSinCosExhaustive [maxAbs]
 * </pre>
 */
public final class StrictSinCosExhaustive {
    public static void main(String[] args) {
        float maxAbs = args.length > 0 ? Float.parseFloat(args[0]) : Float.MAX_VALUE;
        int lastBits = Float.floatToRawIntBits(maxAbs);
        AtomicLong mismatches = new AtomicLong();
        long t0 = System.nanoTime();
        // chunks of 2^20 bit patterns, in parallel
        int chunks = (lastBits >>> 20) + 1;
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int from = c << 20;
            int to = Math.min(lastBits, from + (1 << 20) - 1);
            for (int bits = from; bits <= to; bits++) {
                float f = Float.intBitsToFloat(bits);
                for (double x : new double[] {f, -f}) {
                    if (Double.doubleToRawLongBits(StrictSinCos.sin(x)) != Double.doubleToRawLongBits(StrictMath.sin(x))
                            || Double.doubleToRawLongBits(StrictSinCos.cos(x)) != Double.doubleToRawLongBits(StrictMath.cos(x))) {
                        if (mismatches.incrementAndGet() <= 20) {
                            System.out.printf("mismatch at %s (%a)%n", x, x);
                        }
                    }
                }
            }
        });
        System.out.printf("floats 0..%s (%d bit patterns, both signs): %d mismatches, %.0f s%n",
                maxAbs, (long) lastBits + 1, mismatches.get(), (System.nanoTime() - t0) / 1e9);
        if (mismatches.get() != 0) {
            System.exit(1);
        }
    }
}
