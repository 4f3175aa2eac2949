// SPDX-License-Identifier: MIT
package org.jbox2d.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * StrictSinCos must give StrictMath's doubles bit for bit (so JBox2D's physics is unchanged) and must
 * not allocate. Exhaustive over all floats: {@link StrictSinCosExhaustive} (run by hand, minutes).
 */
class StrictSinCosTest {

    /** Compares bit patterns: a 1-ulp difference in the double or -0.0 vs 0.0 would fail. */
    private static void assertSameAsStrictMath(double x) {
        long sin = Double.doubleToRawLongBits(StrictSinCos.sin(x));
        long cos = Double.doubleToRawLongBits(StrictSinCos.cos(x));
        if (sin != Double.doubleToRawLongBits(StrictMath.sin(x))) {
            assertEquals(StrictMath.sin(x), StrictSinCos.sin(x), 0.0, "sin(" + x + ")");
            assertEquals(Double.doubleToRawLongBits(StrictMath.sin(x)), sin, "sin bits at " + x);
        }
        if (cos != Double.doubleToRawLongBits(StrictMath.cos(x))) {
            assertEquals(StrictMath.cos(x), StrictSinCos.cos(x), 0.0, "cos(" + x + ")");
            assertEquals(Double.doubleToRawLongBits(StrictMath.cos(x)), cos, "cos bits at " + x);
        }
    }

    @Test
    void equalsStrictMathOnRandomFloatsAndDoubles() {
        SplittableRandom random = new SplittableRandom(20261204);
        for (int i = 0; i < 1_000_000; i++) {
            // the angles a car meets (a few turns either way), then every float scale up to 2^21
            assertSameAsStrictMath((float) random.nextDouble(-40, 40));
            assertSameAsStrictMath(random.nextDouble(-40, 40));
            double scale = Math.scalb(1.0, random.nextInt(-30, 22));
            assertSameAsStrictMath((float) (random.nextDouble(-1, 1) * scale));
            assertSameAsStrictMath(random.nextDouble(-1, 1) * scale);
        }
    }

    @Test
    void equalsStrictMathNextToMultiplesOfHalfPi() {
        // where x - n pi/2 cancels and the second and third pieces of pi/2 are needed
        for (int n = -100_000; n <= 100_000; n++) {
            double nearest = n * (Math.PI / 2);
            float f = (float) nearest;
            for (int k = 0; k < 8; k++) {
                assertSameAsStrictMath(nearest);
                assertSameAsStrictMath(f);
                nearest = Math.nextUp(nearest);
                f = Math.nextUp(f);
            }
            nearest = n * (Math.PI / 2);
            f = (float) nearest;
            for (int k = 0; k < 8; k++) {
                nearest = Math.nextDown(nearest);
                f = Math.nextDown(f);
                assertSameAsStrictMath(nearest);
                assertSameAsStrictMath(f);
            }
        }
    }

    @Test
    void equalsStrictMathAtSpecialValues() {
        double[] special = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-300, 0x1p-27, 0x1p-28, 0.3, 0.78125,
            Math.PI / 4, Math.nextUp(Math.PI / 4), 3 * Math.PI / 4, 0x1.921fb54442d18p0, 0x1p19 * Math.PI / 2,
            Math.nextUp(0x1p19 * Math.PI / 2), 1e6, 1e22, Double.MAX_VALUE, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.NaN};
        for (double x : special) {
            assertSameAsStrictMath(x);
            assertSameAsStrictMath(-x);
        }
    }

    @Test
    void mathUtilsUsesIt() {
        // the JVM must load our MathUtils and BroadPhase, not the jar's (the classpath order decides)
        Object ours = StrictSinCos.class.getProtectionDomain().getCodeSource().getLocation();
        assertEquals(ours, MathUtils.class.getProtectionDomain().getCodeSource().getLocation());
        assertEquals(ours, org.jbox2d.collision.broadphase.BroadPhase.class.getProtectionDomain().getCodeSource().getLocation());
        boolean lut = Settings.SINCOS_LUT_ENABLED;
        Settings.SINCOS_LUT_ENABLED = false;
        try {
            for (float x = -30f; x < 30f; x += 0.001f) {
                assertEquals(Float.floatToRawIntBits((float) StrictMath.sin(x)), Float.floatToRawIntBits(MathUtils.sin(x)));
                assertEquals(Float.floatToRawIntBits((float) StrictMath.cos(x)), Float.floatToRawIntBits(MathUtils.cos(x)));
            }
        } finally {
            Settings.SINCOS_LUT_ENABLED = lut;
        }
    }

    @Test
    void doesNotAllocate() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        float sum = 0;
        for (int round = 0; round < 3; round++) {   // rounds 0, 1 warm up (JIT); round 2 is measured
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200_000; i++) {
                float angle = -20f + i * 2e-4f;
                sum += (float) StrictSinCos.sin(angle) + (float) StrictSinCos.cos(angle);
            }
            long bytes = threads.getCurrentThreadAllocatedBytes() - before;
            if (round == 2) {
                assertEquals(0, bytes, "bytes allocated by 400,000 sin/cos calls (sum " + sum + ")");
            }
        }
    }
}
