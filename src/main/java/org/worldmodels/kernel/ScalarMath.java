// SPDX-License-Identifier: MIT
// exp, sigmoid and tanh in float32 from IEEE add/mul/fma/div and bit operations only, so that every JIT
// tier and the SIMD twin (VectorMath) give the same bits; the plain-loop versions are the SIMD-off path.
package org.worldmodels.kernel;

/**
 * Float exponential and the two activations built on it, written out operation by operation.
 *
 * <p><b>Why our own.</b> {@code Math.exp} on a double is accurate but scalar (a call per element, about
 * 8 ns each), and the Vector API's {@code EXP}/{@code TANH} lane operations are not reproducible (their
 * results differ between the interpreter, C1 and C2). Every function here is a fixed sequence of
 * correctly rounded IEEE operations (add, sub, mul, div, {@code Math.fma}) and exact bit moves, so its
 * result is one function of its input; {@link VectorMath} runs the very same sequence on 16 lanes and
 * returns bit-identical floats (tested by {@code TranscendentalsTest} in every JIT tier).
 *
 * <p><b>exp(x)</b>, the classic three steps:
 * <pre>
 *   1. range reduction   n = round(x / ln2),  r = x - n ln2,  |r| <= ln2/2 = 0.347
 *                        (ln2 in two parts, hi + lo, so that n*hi is subtracted exactly: Cody and Waite)
 *   2. polynomial        e^r - 1 = r + r^2 Q(r),  Q of degree 5, a minimax fit (relative error 3e-9)
 *   3. reconstruction    e^x = 2^n (1 + (e^r - 1)),  2^n made by writing n + 127 into the exponent bits
 * </pre>
 * n is rounded with the "magic number" 1.5 * 2^23: adding it pushes the fraction bits out of the
 * float, so {@code fma(x, 1/ln2, MAGIC)} is MAGIC + round(x/ln2) and its low mantissa bits are n itself
 * (no float-to-int conversion, whose out-of-range cases differ between scalar and SIMD). 2^n is applied
 * as 2^(n/2) twice so that results near the underflow (subnormal) and overflow ends round correctly.
 * Inputs are clamped to [-104, 89], where exp is already 0 and +Infinity in float; NaN stays NaN.
 *
 * <p><b>Accuracy</b>, measured over every float with 2^-30 <= |x| < 128 ({@code TranscendentalsScan},
 * 621 million per function, against double references): worst error exp 0.99, sigmoid 0.83, tanh
 * 0.72 ulp of the exact value (so always one of the two floats around it); correctly rounded for
 * 97.2 %, 99.5 % and 99.5 % of them; the SIMD twin gave the same bits for all of them. Outside that
 * range the functions are constant or the identity in float (1, 1/2, x, 0, +-1, +Infinity), which
 * TranscendentalsTest checks on samples.
 *
 * <p>The minimax coefficients come from a Remez exchange on Q(r) = (e^r - 1 - r) / r^2 over
 * |r| <= 1.002 ln2/2 minimising the relative error (40-digit arithmetic), then rounded to float; they
 * are close to the Taylor ones 1/2!, 1/3!, ... 1/7!, bent to spread the error over the interval.
 */
public final class ScalarMath {
    private ScalarMath() {}

    /** 1 / ln 2 rounded to float. */
    static final float LOG2E = 0x1.715476p0f;
    /** ln 2 = LN2_HI + LN2_LO to about 2^-53: hi is ln 2 rounded to float, lo the float nearest the rest. */
    static final float LN2_HI = 0x1.62e43p-1f, LN2_LO = -0x1.05c61p-29f;
    /** 1.5 * 2^23: x + MAGIC rounds x to an integer and leaves it in the low mantissa bits. */
    static final float ROUND_MAGIC = 0x1.8p23f;
    static final int ROUND_MAGIC_BITS = Float.floatToRawIntBits(ROUND_MAGIC);
    /** exp(x) is 0 below -104 (e^-104 < 2^-150, half the smallest subnormal) and +Infinity above 89 (> 2^128). */
    static final float EXP_MIN = -104f, EXP_MAX = 89f;
    /** tanh(x) rounds to 1 in float for |x| >= 9.1; clamping at 10 keeps 2^n of e^-2|x| a normal float. */
    static final float TANH_CLAMP = 10f;
    /** Q(r) = C2 + C3 r + ... + C7 r^5 ~ (e^r - 1 - r) / r^2 on |r| <= 0.3473 (Remez, relative error 2.7e-9 before rounding). */
    static final float C2 = 0x1.0p-1f, C3 = 0x1.555556p-3f, C4 = 0x1.5554e8p-5f,
            C5 = 0x1.11114cp-7f, C6 = 0x1.6d43fep-10f, C7 = 0x1.a0731ap-13f;
    static final int SIGN_BIT = 0x80000000;

    /** Q(r) ~ (e^r - 1 - r) / r^2 for |r| <= ln2/2, by Horner with fma (one rounding per coefficient). */
    static float expQ(float r) {
        float q = Math.fma(C7, r, C6);
        q = Math.fma(q, r, C5);
        q = Math.fma(q, r, C4);
        q = Math.fma(q, r, C3);
        return Math.fma(q, r, C2);
    }

    /** e^r - 1 = r + r^2 Q(r) for |r| <= ln2/2. */
    static float expm1Reduced(float r) {
        return Math.fma(r * r, expQ(r), r);
    }

    /** 2^k for -126 <= k <= 127, by writing the biased exponent k + 127 into a float's exponent field. */
    static float pow2(int k) {
        return Float.intBitsToFloat((k + 127) << 23);
    }

    /** e^x in float, within 1 ulp of the exact value; 0 and +Infinity past the ends, NaN for NaN. */
    public static float exp(float x) {
        x = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        float shifted = Math.fma(x, LOG2E, ROUND_MAGIC);          // MAGIC + n, n = round(x / ln2)
        float n = shifted - ROUND_MAGIC;                          // exact
        int k = Float.floatToRawIntBits(shifted) - ROUND_MAGIC_BITS;
        float r = Math.fma(n, -LN2_HI, x);                        // exact (Sterbenz): x and n*hi are close
        r = Math.fma(n, -LN2_LO, r);
        float p = 1f + expm1Reduced(r);                           // e^r in [0.707, 1.414]
        int k1 = k >> 1;                                          // n in [-150, 129]: two normal halves
        return p * pow2(k1) * pow2(k - k1);
    }

    /**
     * sigmoid(x) = 1 / (1 + e^-x), written with e = e^-|x| <= 1 so that nothing overflows and the tiny
     * values of x << 0 keep their relative accuracy: 1 / (1 + e) for x >= 0, e / (1 + e) for x < 0.
     * e and 1 + e are carried as unevaluated sums hi + lo of two floats (the rounding error of each
     * add recovered exactly, Fast2Sum) and the division is corrected once with its remainder: that
     * brings the worst error from 2.2 to 0.83 ulp for one more division and a dozen adds.
     */
    public static float sigmoid(float x) {
        float y = Math.max(-Math.abs(x), EXP_MIN);
        float shifted = Math.fma(y, LOG2E, ROUND_MAGIC);
        float n = shifted - ROUND_MAGIC;
        int k = Float.floatToRawIntBits(shifted) - ROUND_MAGIC_BITS;
        float r = Math.fma(n, -LN2_HI, y);
        r = Math.fma(n, -LN2_LO, r);
        float r2 = r * r, q = expQ(r);
        float em1 = Math.fma(r2, q, r), em1Lo = Math.fma(r2, q, r - em1);   // e^r - 1 = em1 + em1Lo (r - em1 exact)
        float pHi = 1f + em1, pLo = ((1f - pHi) + em1) + em1Lo;  // e^r = pHi + pLo (Fast2Sum: |1| >= |em1|)
        int k1 = k >> 1;
        float s1 = pow2(k1), s2 = pow2(k - k1);
        float eHi = pHi * s1 * s2, eLo = pLo * s1 * s2;           // e^-|x| = eHi + eLo (power-of-two scalings)
        float d = 1f + eHi, dLo = ((1f - d) + eHi) + eLo;         // 1 + e = d + dLo
        boolean negative = x < 0f;
        float num = negative ? eHi : 1f, numLo = negative ? eLo : 0f;
        return correctedQuotient(num, numLo, d, dLo);
    }

    /**
     * (num + numLo) / (d + dLo), both sums with |lo| << |hi|, to about half an ulp: q = num / d, then
     * q + rem / d with the remainder rem = num - q d (exact by fma) + numLo - q dLo.
     */
    static float correctedQuotient(float num, float numLo, float d, float dLo) {
        float q = num / d;
        float rem = Math.fma(-q, d, num) + (numLo - q * dLo);
        return q + rem / d;
    }

    /**
     * tanh(x) = -m / (2 + m) with m = e^(-2|x|) - 1 in (-1, 0], the sign of x put back at the end. The
     * expm1 form keeps small |x| accurate (no 1 - 2/(e^2x + 1) cancellation) and saturates to 1 without
     * overflow. m = 2^n (e^r - 1) + (2^n - 1): both terms exact, their sum carried as hi + lo, and the
     * division corrected as in sigmoid (worst error 0.72 ulp instead of 2.5).
     */
    public static float tanh(float x) {
        float y = -2f * Math.min(Math.abs(x), TANH_CLAMP);       // in [-20, 0]: n in [-29, 0]
        float shifted = Math.fma(y, LOG2E, ROUND_MAGIC);
        float n = shifted - ROUND_MAGIC;
        int k = Float.floatToRawIntBits(shifted) - ROUND_MAGIC_BITS;
        float r = Math.fma(n, -LN2_HI, y);
        r = Math.fma(n, -LN2_LO, r);
        float r2 = r * r, q = expQ(r);
        float em1 = Math.fma(r2, q, r), em1Lo = Math.fma(r2, q, r - em1);   // e^r - 1 = em1 + em1Lo (r - em1 exact)
        float s = pow2(k);
        float scaled = s * em1, scaledLo = s * em1Lo;              // exact: power-of-two products
        float sm1 = s - 1f, sm1Lo = s - (sm1 + 1f);               // 2^n - 1 = sm1 + sm1Lo (sm1 inexact only for n < -24)
        float mHi = sm1 + scaled;                                 // m = mHi + mLo (Fast2Sum: |sm1| >= |scaled| or sm1 = 0)
        float mLo = ((sm1 - mHi) + scaled) + (sm1Lo + scaledLo);
        float d = 2f + mHi, dLo = ((2f - d) + mHi) + mLo;         // 2 + m = d + dLo
        float t = correctedQuotient(-mHi, -mLo, d, dLo);          // >= 0 (or -0 at x = 0: copySign fixes it)
        return Math.copySign(t, x);
    }

    // x (n) -> y (n), y may be x: the plain loops (SIMD off, and the tails of VectorMath's loops)

    public static void exp(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) y[yOff + i] = exp(x[xOff + i]);
    }

    public static void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) y[yOff + i] = sigmoid(x[xOff + i]);
    }

    public static void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) y[yOff + i] = tanh(x[xOff + i]);
    }
}
