// SPDX-License-Identifier: MIT
package org.jbox2d.common;

/**
 * Sine and cosine with exactly the results of {@link StrictMath#sin} and {@link StrictMath#cos}, without
 * allocating: used by our {@link MathUtils} (see there why JBox2D needs it).
 *
 * <p>{@code StrictMath.sin/cos} are the JDK's Java port of fdlibm 5.3. Its argument reduction
 * ({@code FdLibm.RemPio2}) returns the reduced angle as two doubles in a {@code double[2]} that it
 * allocates on every call with |x| > pi/4, and the method is too large to be inlined, so escape
 * analysis cannot remove the array. Here the same algorithm keeps the two doubles in local variables.
 * Every floating-point operation is the one fdlibm does, in the same order, on the same constants
 * (Java evaluates double arithmetic exactly as IEEE 754 says, in every JIT tier), so the results are
 * the same doubles, bit for bit; {@code StrictSinCosTest} checks it on millions of arguments and
 * {@code StrictSinCosExhaustive} (test sources) on every float up to 2^19 pi/2.
 *
 * <p>The method, for sin and cos alike:
 * <ol>
 * <li>|x| <= pi/4: evaluate the kernel polynomial directly.
 * <li>Otherwise write x = n pi/2 + (y0 + y1), |y0 + y1| <= pi/4, with y0 + y1 carrying more than 53 bits
 *     (Cody-Waite: pi/2 split into 33-bit pieces p1, p2, p3 so that n p_k is exact for n < 2^20;
 *     x - n p1 is then exact too, and each further piece is used only when the subtraction cancelled
 *     many leading bits, i.e. when x is very close to a multiple of pi/2).
 * <li>sin x = sin r, cos r, -sin r, -cos r for n mod 4 = 0, 1, 2, 3 (r = y0 + y1); cos x is the
 *     same table shifted by one quadrant.
 * </ol>
 * Beyond 2^19 pi/2 (about 823,550 rad) fdlibm switches to a Payne-Hanek reduction with a table of
 * 2/pi; we hand such arguments (and infinities and NaN) to {@code StrictMath} itself. They allocate, but
 * a body angle of 800,000 rad is 130,000 turns: no car episode gets there.
 *
 * <p>The numeric constants (the split of pi/2 and the minimax polynomials' coefficients) are fdlibm's
 * (Sun Microsystems, freely redistributable); the pi/2 pieces are recomputed and commented below.
 */
final class StrictSinCos {
    private StrictSinCos() {}

    /** sin(x), equal to {@code StrictMath.sin(x)} for every double. */
    static double sin(double x) {
        return sinOrCos(x, 0);
    }

    /** cos(x), equal to {@code StrictMath.cos(x)} for every double. */
    static double cos(double x) {
        return sinOrCos(x, 1);
    }

    // --- argument reduction constants: 2/pi and pi/2 in 33-bit pieces ---
    /** 2/pi rounded to double. */
    private static final double INV_PIO2 = 0x1.45f306dc9c883p-1;
    /** The first 33 bits of pi/2 (n * PIO2_1 is exact for n < 2^20), and pi/2 - PIO2_1 rounded. */
    private static final double PIO2_1 = 0x1.921fb544p0, PIO2_1T = 0x1.0b4611a626331p-34;
    /** The next 33 bits, and pi/2 - (PIO2_1 + PIO2_2) rounded. */
    private static final double PIO2_2 = 0x1.0b4611a6p-34, PIO2_2T = 0x1.3198a2e037073p-69;
    /** The next 33 bits, and pi/2 - (PIO2_1 + PIO2_2 + PIO2_3) rounded. */
    private static final double PIO2_3 = 0x1.3198a2ep-69, PIO2_3T = 0x1.b839a252049c1p-104;
    /**
     * High 32 bits of the doubles nearest n pi/2, n = 1..32: an x with one of these high words may lie
     * so close to n pi/2 that x - n pi/2 cancels, so the reduction takes the careful path for it.
     */
    private static final int[] N_PIO2_HIGH_WORDS = {
        0x3FF921FB, 0x400921FB, 0x4012D97C, 0x401921FB, 0x401F6A7A, 0x4022D97C, 0x4025FDBB, 0x402921FB,
        0x402C463A, 0x402F6A7A, 0x4031475C, 0x4032D97C, 0x40346B9C, 0x4035FDBB, 0x40378FDB, 0x403921FB,
        0x403AB41B, 0x403C463A, 0x403DD85A, 0x403F6A7A, 0x40407E4C, 0x4041475C, 0x4042106C, 0x4042D97C,
        0x4043A28C, 0x40446B9C, 0x404534AC, 0x4045FDBB, 0x4046C6CB, 0x40478FDB, 0x404858EB, 0x404921FB,
    };

    /** High words (sign bit cleared) that bound the three ranges of the reduction. */
    private static final int HW_PI_OVER_4 = 0x3fe921fb;        // |x| <= ~pi/4: no reduction
    private static final int HW_3PI_OVER_4 = 0x4002d97c;       // |x| < ~3pi/4: n = +-1
    private static final int HW_PI_OVER_2 = 0x3ff921fb;        // |x| ~ pi/2: needs the second piece
    private static final int HW_2POW19_PI_OVER_2 = 0x413921fb; // |x| <= ~2^19 pi/2: Cody-Waite suffices

    /**
     * sin(x) for quadrantShift 0, cos(x) = sin(x + pi/2) for quadrantShift 1. The shift is applied to
     * the quadrant number n, never to x, so no rounding is added.
     */
    private static double sinOrCos(double x, int quadrantShift) {
        int hx = highWord(x);
        int ix = hx & 0x7fffffff;
        if (ix <= HW_PI_OVER_4) {
            return quadrantShift == 0 ? kernelSin(x, 0.0, false) : kernelCos(x, 0.0);
        }
        if (ix > HW_2POW19_PI_OVER_2) {
            // Huge arguments (Payne-Hanek reduction), infinities and NaN: the JDK's own code.
            return quadrantShift == 0 ? StrictMath.sin(x) : StrictMath.cos(x);
        }
        // x = n pi/2 + (y0 + y1)
        int n;
        double y0, y1;
        if (ix < HW_3PI_OVER_4) {
            // n = +-1: x -/+ pi/2 with 33 + 53 bits of pi/2 (33 + 33 + 53 right next to pi/2)
            if (hx > 0) {
                double z = x - PIO2_1;
                if (ix != HW_PI_OVER_2) {
                    y0 = z - PIO2_1T;
                    y1 = (z - y0) - PIO2_1T;
                } else {
                    z -= PIO2_2;
                    y0 = z - PIO2_2T;
                    y1 = (z - y0) - PIO2_2T;
                }
                n = 1;
            } else {
                double z = x + PIO2_1;
                if (ix != HW_PI_OVER_2) {
                    y0 = z + PIO2_1T;
                    y1 = (z - y0) + PIO2_1T;
                } else {
                    z += PIO2_2;
                    y0 = z + PIO2_2T;
                    y1 = (z - y0) + PIO2_2T;
                }
                n = -1;
            }
        } else {
            // Medium size: reduce |x|, n = round(|x| 2/pi); then restore the sign.
            double t = Math.abs(x);
            n = (int) (t * INV_PIO2 + 0.5);
            double fn = n;
            double r = t - fn * PIO2_1;   // exact
            double w = fn * PIO2_1T;      // r - w is good to about 85 bits
            if (n < 32 && ix != N_PIO2_HIGH_WORDS[n - 1]) {
                y0 = r - w;               // no cancellation possible
            } else {
                // Count the leading bits lost in r - w (exponent drop); add pi/2's next pieces if many.
                int exponentOfX = ix >> 20;
                y0 = r - w;
                int lost = exponentOfX - ((highWord(y0) >> 20) & 0x7ff);
                if (lost > 16) {          // second piece: good to about 118 bits
                    t = r;
                    w = fn * PIO2_2;
                    r = t - w;
                    w = fn * PIO2_2T - ((t - r) - w);
                    y0 = r - w;
                    lost = exponentOfX - ((highWord(y0) >> 20) & 0x7ff);
                    if (lost > 49) {      // third piece: about 151 bits, enough for every double
                        t = r;
                        w = fn * PIO2_3;
                        r = t - w;
                        w = fn * PIO2_3T - ((t - r) - w);
                        y0 = r - w;
                    }
                }
            }
            y1 = (r - y0) - w;
            if (hx < 0) {
                y0 = -y0;
                y1 = -y1;
                n = -n;
            }
        }
        return switch ((n + quadrantShift) & 3) {   // & 3 is n mod 4 for negative n too
            case 0 -> kernelSin(y0, y1, true);
            case 1 -> kernelCos(y0, y1);
            case 2 -> -kernelSin(y0, y1, true);
            default -> -kernelCos(y0, y1);
        };
    }

    // --- kernels on [-pi/4, pi/4]: minimax polynomials, error below 2^-58 ---
    /** sin x ~ x + S1 x^3 + ... + S6 x^13. */
    private static final double
            S1 = -0x1.5555555555549p-3,
            S2 = 0x1.111111110f8a6p-7,
            S3 = -0x1.a01a019c161d5p-13,
            S4 = 0x1.71de357b1fe7dp-19,
            S5 = -0x1.ae5e68a2b9cebp-26,
            S6 = 0x1.5d93a5acfd57cp-33;
    /** cos x ~ 1 - x^2/2 + C1 x^4 + ... + C6 x^14. */
    private static final double
            C1 = 0x1.555555555554cp-5,
            C2 = -0x1.6c16c16c15177p-10,
            C3 = 0x1.a01a019cb159p-16,
            C4 = -0x1.27e4f809c52adp-22,
            C5 = 0x1.1ee9ebdb4b1c4p-29,
            C6 = -0x1.8fae9be8838d4p-37;

    /**
     * sin(x + y) for |x + y| <= pi/4, y the tail of x (ignored when hasTail is false). With z = x^2,
     * v = x^3 and r = S2 + z (S3 + ... ), sin(x + y) ~ x + (S1 v + (z (v r - y/2) + y)), the tail entering
     * through sin'(x) ~ 1 - x^2/2.
     */
    private static double kernelSin(double x, double y, boolean hasTail) {
        int ix = highWord(x) & 0x7fffffff;
        if (ix < 0x3e400000 && (int) x == 0) {   // |x| < 2^-27: sin x = x in double
            return x;
        }
        double z = x * x;
        double v = z * x;
        double r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
        if (!hasTail) {
            return x + v * (S1 + z * r);
        }
        return x - ((z * (0.5 * y - v * r) - y) - v * S1);
    }

    /**
     * cos(x + y) for |x + y| <= pi/4: 1 - (x^2/2 - (z r - x y)), z = x^2, with cos(x + y) ~ cos x - x y.
     * For |x| >= 0.3 the subtraction 1 - x^2/2 loses bits, so qx = |x|/4 cut to its high word (0.28125
     * beyond 0.78125) is moved across: (1 - qx) - ((x^2/2 - qx) - (z r - x y)), where 1 - qx is exact.
     */
    private static double kernelCos(double x, double y) {
        int ix = highWord(x) & 0x7fffffff;
        if (ix < 0x3e400000 && (int) x == 0) {   // |x| < 2^-27: cos x = 1 in double
            return 1.0;
        }
        double z = x * x;
        double r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
        if (ix < 0x3fd33333) {                   // |x| < 0.3
            return 1.0 - (0.5 * z - (z * r - x * y));
        }
        double qx = ix > 0x3fe90000
                ? 0.28125
                : Double.longBitsToDouble((long) (ix - 0x00200000) << 32);  // |x|/4: exponent - 2, low word 0
        double hz = 0.5 * z - qx;
        double a = 1.0 - qx;
        return a - (hz - (z * r - x * y));
    }

    /** The upper 32 bits of x's IEEE 754 representation (sign, exponent, top 20 bits of the fraction). */
    private static int highWord(double x) {
        return (int) (Double.doubleToRawLongBits(x) >>> 32);
    }
}
