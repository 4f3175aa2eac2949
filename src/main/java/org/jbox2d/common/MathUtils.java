// SPDX-License-Identifier: MIT
package org.jbox2d.common;

import java.util.Random;

/**
 * Our replacement for JBox2D 2.2.1.1's {@code org.jbox2d.common.MathUtils}: same package and name, so
 * the JVM loads this class instead of the jar's (our classes come before the jar on every classpath:
 * Maven's test and run classpaths, the {@code ./worldmodels} launcher, and the benchmarks' uber-jar,
 * whose build leaves the jar's copy out).
 *
 * <p>Why: with the lookup table off ({@code Settings.SINCOS_LUT_ENABLED = false}, needed to follow
 * Box2D, see docs/environment.md section 3) the jar's {@code sin}/{@code cos} return
 * {@code (float) StrictMath.sin(x)}, and the JDK's StrictMath allocates a {@code double[2]} (and a
 * {@code double[3]}) for every angle beyond pi/4; {@code Rot.set} calls them for every body and joint in
 * every solver pass, about 2.5 KB per CarRacing step. {@link StrictSinCos} computes the same doubles without
 * allocating, so every float result, and with it the physics, is unchanged bit for bit.
 *
 * <p>Every other public member does exactly what the jar's does (read from its bytecode; JBox2D's code
 * calls them by this class's name, so all must exist). {@code fastPow} is inherited from the jar's
 * {@code PlatformMathUtils}, as in the original.
 */
public class MathUtils extends PlatformMathUtils {
    // The jar's values, as floats (javac copies them into JBox2D's own bytecode).
    public static final float PI = 3.1415927f;
    public static final float TWOPI = 6.2831855f;
    public static final float INV_PI = 0.31830987f;
    public static final float HALF_PI = 1.5707964f;
    public static final float QUARTER_PI = 0.7853982f;
    public static final float THREE_HALVES_PI = 4.712389f;
    public static final float DEG2RAD = 0.017453292f;
    public static final float RAD2DEG = 57.295776f;

    /** The sine table of {@link #sinLUT}: sin(i * 1.1e-4), filled as JBox2D fills it. */
    public static final float[] sinLUT = new float[Settings.SINCOS_LUT_LENGTH];

    static {
        for (int i = 0; i < Settings.SINCOS_LUT_LENGTH; i++) {
            sinLUT[i] = (float) Math.sin(i * Settings.SINCOS_LUT_PRECISION);
        }
    }

    /** sin(x): the table if enabled, else {@code (float) StrictMath.sin(x)}, computed without allocating. */
    public static final float sin(float x) {
        if (Settings.SINCOS_LUT_ENABLED) {
            return sinLUT(x);
        }
        return (float) StrictSinCos.sin(x);
    }

    /** sin(x) from the table, reduced to [0, 2 pi), nearest entry or linear interpolation. */
    public static final float sinLUT(float x) {
        x %= TWOPI;
        if (x < 0) {
            x += TWOPI;
        }
        if (Settings.SINCOS_LUT_LERP) {
            x /= Settings.SINCOS_LUT_PRECISION;
            final int index = (int) x;
            if (index != 0) {
                x %= index;
            }
            // the last entry interpolates towards the first
            if (index == Settings.SINCOS_LUT_LENGTH - 1) {
                return (1 - x) * sinLUT[index] + x * sinLUT[0];
            }
            return (1 - x) * sinLUT[index] + x * sinLUT[index + 1];
        }
        return sinLUT[round(x / Settings.SINCOS_LUT_PRECISION) % Settings.SINCOS_LUT_LENGTH];
    }

    /** cos(x): the table (at pi/2 - x) if enabled, else {@code (float) StrictMath.cos(x)} without allocating. */
    public static final float cos(float x) {
        if (Settings.SINCOS_LUT_ENABLED) {
            return sinLUT(HALF_PI - x);
        }
        return (float) StrictSinCos.cos(x);
    }

    public static final float abs(float x) {
        if (Settings.FAST_ABS) {
            return x > 0 ? x : -x;
        }
        return Math.abs(x);
    }

    /** |x| without a branch: the sign mask is all ones for negative x. */
    public static final int abs(int x) {
        int sign = x >> 31;
        return (x ^ sign) - sign;
    }

    public static final int floor(float x) {
        if (Settings.FAST_FLOOR) {
            int y = (int) x;
            if (x < 0 && x != y) {
                return y - 1;
            }
            return y;
        }
        return (int) Math.floor(x);
    }

    public static final int ceil(float x) {
        if (Settings.FAST_CEIL) {
            int y = (int) x;
            if (x > 0 && x != y) {
                return y + 1;
            }
            return y;
        }
        return (int) Math.ceil(x);
    }

    public static final int round(float x) {
        if (Settings.FAST_ROUND) {
            return floor(x + .5f);
        }
        return StrictMath.round(x);
    }

    /** The smallest power of two >= x (1 for x <= 1). */
    public static final int ceilPowerOf2(int x) {
        int p = 1;
        while (p < x) {
            p <<= 1;
        }
        return p;
    }

    public static final float max(float a, float b) {
        return a > b ? a : b;
    }

    public static final int max(int a, int b) {
        return a > b ? a : b;
    }

    public static final float min(float a, float b) {
        return a < b ? a : b;
    }

    public static final int min(int a, int b) {
        return a < b ? a : b;
    }

    /** val mapped linearly from [fromMin, fromMax] to [toMin, toMax]. */
    public static final float map(float val, float fromMin, float fromMax, float toMin, float toMax) {
        float fraction = (val - fromMin) / (fromMax - fromMin);
        return toMin + fraction * (toMax - toMin);
    }

    public static final float clamp(float a, float low, float high) {
        return max(low, min(a, high));
    }

    /** A new vector: a clamped component-wise to [low, high]. */
    public static final Vec2 clamp(Vec2 a, Vec2 low, Vec2 high) {
        Vec2 out = new Vec2();
        clampToOut(a, low, high, out);
        return out;
    }

    /** a clamped component-wise to [low, high], written to dest. */
    public static final void clampToOut(Vec2 a, Vec2 low, Vec2 high, Vec2 dest) {
        dest.x = a.x < high.x ? a.x : high.x;
        dest.y = a.y < high.y ? a.y : high.y;
        dest.x = low.x > dest.x ? low.x : dest.x;
        dest.y = low.y > dest.y ? low.y : dest.y;
    }

    /** x | x-1 | ... smeared down, plus one: the next power of two above x (x itself is not returned). */
    public static final int nextPowerOfTwo(int x) {
        x |= x >> 1;
        x |= x >> 2;
        x |= x >> 4;
        x |= x >> 8;
        x |= x >> 16;
        return x + 1;
    }

    public static final boolean isPowerOfTwo(int x) {
        return x > 0 && (x & (x - 1)) == 0;
    }

    public static final float atan2(float y, float x) {
        if (Settings.FAST_ATAN2) {
            return fastAtan2(y, x);
        }
        return (float) StrictMath.atan2(y, x);
    }

    /** atan2 by the rational approximation z / (1 + 0.28 z^2) (error about 0.005 rad). */
    public static final float fastAtan2(float y, float x) {
        if (x == 0.0f) {
            if (y > 0.0f) {
                return HALF_PI;
            }
            if (y == 0.0f) {
                return 0.0f;
            }
            return -HALF_PI;
        }
        float atan;
        final float z = y / x;
        if (abs(z) < 1.0f) {
            atan = z / (1.0f + 0.28f * z * z);
            if (x < 0.0f) {
                if (y < 0.0f) {
                    return atan - PI;
                }
                return atan + PI;
            }
        } else {
            atan = HALF_PI - z / (z * z + 0.28f);
            if (y < 0.0f) {
                return atan - PI;
            }
        }
        return atan;
    }

    /** theta folded towards [-pi/2, pi/2] as JBox2D does it (remainder by 2 pi, then two reflections). */
    public static final float reduceAngle(float theta) {
        theta %= TWOPI;
        if (abs(theta) > PI) {
            theta = theta - TWOPI;
        }
        if (abs(theta) > HALF_PI) {
            theta = PI - theta;
        }
        return theta;
    }

    public static final float randomFloat(float low, float high) {
        return (float) Math.random() * (high - low) + low;
    }

    public static final float randomFloat(Random r, float low, float high) {
        return r.nextFloat() * (high - low) + low;
    }

    public static final float sqrt(float x) {
        return (float) StrictMath.sqrt(x);
    }

    public static final float distanceSquared(Vec2 v1, Vec2 v2) {
        float dx = v1.x - v2.x;
        float dy = v1.y - v2.y;
        return dx * dx + dy * dy;
    }

    public static final float distance(Vec2 v1, Vec2 v2) {
        return sqrt(distanceSquared(v1, v2));
    }
}
