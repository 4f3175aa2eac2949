// SPDX-License-Identifier: MIT
// The LSTM cell's element-wise forward and backward for a block of rows, in plain loops, with sigmoid
// and tanh built on a polynomial exp: the teaching text, the oracle of LstmCellVector, and its tails.
package org.worldmodels.kernel;

/**
 * Scalar twin of {@link LstmCellVector}, bit for bit: the same operations in the same order, with
 * {@link Math#fma} where the vector code fuses. See {@link LstmCell} for the contract.
 *
 * <p><b>Why not Math.exp / Math.tanh?</b> They work in double and cannot be vectorised; a float
 * polynomial from add, multiply and fma can, and gives the same bits on every JIT tier and on the
 * SIMD and scalar paths (the Vector API's own EXP/TANH do not). Accuracy: a few float ulps.
 */
public final class LstmCellScalar {
    private LstmCellScalar() {}

    // ---- exp, sigmoid, tanh from add, multiply, fma and exponent-bit arithmetic ----------------------

    /** exp's argument is clamped here so that 2^n stays a normal float (n in [-126, 127]). */
    static final float EXP_MIN = -87f, EXP_MAX = 88f;
    static final float LOG2E = 1.44269504f;
    /** ln 2 = LN2_HI + LN2_LO, LN2_HI with few mantissa bits so that n * LN2_HI is exact (Cody and Waite). */
    static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    /** Adding 1.5 * 2^23 rounds a float of magnitude < 2^22 to an integer n and leaves n in the low mantissa bits. */
    static final float ROUND_MAGIC = 12582912f;
    /** Taylor coefficients 1/k! of e^r, k = 2..7: for |r| <= ln(2)/2 the first term left out, r^8/8!, is < 6e-9. */
    static final float E2 = 1f / 2, E3 = 1f / 6, E4 = 1f / 24, E5 = 1f / 120, E6 = 1f / 720, E7 = 1f / 5040;
    /** Below this |x|, tanh uses its odd Taylor series (where 1 - e^(-2|x|) would cancel); the x^11 term left out is < 1e-8 x. */
    static final float TANH_SMALL = 0.25f;
    static final float T3 = -1f / 3, T5 = 2f / 15, T7 = -17f / 315, T9 = 62f / 2835;

    /**
     * e^x = 2^n e^r with n = round(x / ln 2), r = x - n ln 2 in [-ln2/2, ln2/2]; e^r by a degree-7
     * polynomial (Horner, one fma per term), 2^n written straight into the float's exponent bits.
     */
    public static float exp(float x) {
        x = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        float t = Math.fma(x, LOG2E, ROUND_MAGIC);          // ROUND_MAGIC + round(x log2 e)
        float n = t - ROUND_MAGIC;
        float r = Math.fma(n, -LN2_HI, x);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(E7, r, E6);
        p = Math.fma(p, r, E5);
        p = Math.fma(p, r, E4);
        p = Math.fma(p, r, E3);
        p = Math.fma(p, r, E2);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        int bits = (Float.floatToRawIntBits(t) - Float.floatToRawIntBits(ROUND_MAGIC) + 127) << 23;   // 2^n
        return p * Float.intBitsToFloat(bits);
    }

    /** sigmoid(x) = 1 / (1 + e^-x). */
    public static float sigmoid(float x) {
        return 1f / (1f + exp(-x));
    }

    /**
     * tanh(x) = (1 - e) / (1 + e) with e = e^(-2x) (for x < -44 the clamped exp still gives -1); for
     * |x| < TANH_SMALL the series x + x^3 (T3 + x^2 (T5 + x^2 (T7 + x^2 T9))) instead, where 1 - e
     * would cancel and lose the relative accuracy near 0.
     */
    public static float tanh(float x) {
        float e = exp(-2f * x);
        float large = (1f - e) / (1f + e);
        float x2 = x * x;
        float q = Math.fma(T9, x2, T7);
        q = Math.fma(q, x2, T5);
        q = Math.fma(q, x2, T3);
        float small = Math.fma(x * x2, q, x);
        return Math.abs(x) < TANH_SMALL ? small : large;
    }

    // ---- the cell ----------------------------------------------------------------------------------

    /** See {@link LstmCell#forward}. */
    public static void forward(int rows, int hidden, float[] gates, int gOff, float[] bias, int biasOff,
                               float[] cPrev, int cPrevOff, float[] c, int cOff, float[] tanhC, int tOff, float[] h, int hOff) {
        int H = hidden, G = 4 * H;
        for (int b = 0; b < rows; b++) {
            int gr = gOff + b * G, s = b * H;
            for (int j = 0; j < H; j++) forwardOne(gates, gr + j, H, bias, biasOff + j, cPrev, cPrevOff + s + j, c, cOff + s + j, tanhC, tOff + s + j, h, hOff + s + j);
        }
    }

    /** One hidden unit: the four gates at g[gi + {0, H, 2H, 3H}]. */
    private static void forwardOne(float[] g, int gi, int H, float[] bias, int bi, float[] cPrev, int cpi, float[] c, int ci, float[] tanhC, int ti, float[] h, int hi) {
        float i = sigmoid(g[gi] + bias[bi]);
        float f = sigmoid(g[gi + H] + bias[bi + H]);
        float gg = tanh(g[gi + 2 * H] + bias[bi + 2 * H]);
        float o = sigmoid(g[gi + 3 * H] + bias[bi + 3 * H]);
        g[gi] = i;
        g[gi + H] = f;
        g[gi + 2 * H] = gg;
        g[gi + 3 * H] = o;
        float ct = f * cPrev[cpi] + i * gg;          // c_t = sigmoid(f) c_{t-1} + sigmoid(i) tanh(g)
        float tc = tanh(ct);
        c[ci] = ct;
        tanhC[ti] = tc;
        h[hi] = o * tc;                               // h_t = sigmoid(o) tanh(c_t)
    }

    /** See {@link LstmCell#backward}. */
    public static void backward(int rows, int hidden, float[] gates, int gOff, float[] tanhC, int tOff, float[] cPrev, int cPrevOff,
                                float[] dHOut, int dHOff, float[] dh, int dhOff, float[] dc, int dcOff) {
        int H = hidden, G = 4 * H;
        for (int b = 0; b < rows; b++) {
            int gr = gOff + b * G, s = b * H;
            for (int j = 0; j < H; j++) backwardOne(gates, gr + j, H, tanhC, tOff + s + j, cPrev, cPrevOff + s + j, dHOut, dHOff + s + j, dh, dhOff + s + j, dc, dcOff + s + j);
        }
    }

    /** One hidden unit of the backward; also the vector kernel's tail. */
    static void backwardOne(float[] g, int gi, int H, float[] tanhC, int ti, float[] cPrev, int cpi, float[] dHOut, int di, float[] dh, int dhi, float[] dc, int dci) {
        float i = g[gi], f = g[gi + H], gg = g[gi + 2 * H], o = g[gi + 3 * H];
        float tc = tanhC[ti];
        // h = o tanh(c): dh flows into o and into c (through tanh).
        float dht = dHOut[di] + dh[dhi];
        float dct = dc[dci] + dht * o * (1f - tc * tc);
        float dO = dht * tc;
        float dI = dct * gg, dG = dct * i, dF = dct * cPrev[cpi];
        dc[dci] = dct * f;                                    // c_{t-1} enters as f * c_{t-1}
        g[gi] = dI * i * (1f - i);                            // sigmoid' = s (1 - s)
        g[gi + H] = dF * f * (1f - f);
        g[gi + 2 * H] = dG * (1f - gg * gg);                  // tanh' = 1 - tanh^2
        g[gi + 3 * H] = dO * o * (1f - o);
    }
}
