// SPDX-License-Identifier: MIT
// The LSTM cell's element-wise forward and backward for a block of rows, in plain loops: the teaching
// text, the oracle of LstmCellVector, and its tails.
package org.worldmodels.kernel;

/**
 * Scalar twin of {@link LstmCellVector}, bit for bit: the same operations in the same order, with
 * {@link Math#fma} where the vector code fuses. See {@link LstmCell} for the contract.
 *
 * <p><b>Why not Math.exp / Math.tanh?</b> They work in double and cannot be vectorised. The sigmoid
 * and tanh here are {@link ScalarMath}'s (float polynomials from add, multiply and fma, within 1 ulp),
 * which {@link VectorMath} computes with the same bits on every JIT tier; the Vector API's own
 * EXP/TANH do not. They are also what {@code Lstm.step} uses, so a step and the sequence agree.
 */
public final class LstmCellScalar {
    private LstmCellScalar() {}

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
        float i = ScalarMath.sigmoid(g[gi] + bias[bi]);
        float f = ScalarMath.sigmoid(g[gi + H] + bias[bi + H]);
        float gg = ScalarMath.tanh(g[gi + 2 * H] + bias[bi + 2 * H]);
        float o = ScalarMath.sigmoid(g[gi + 3 * H] + bias[bi + 3 * H]);
        g[gi] = i;
        g[gi + H] = f;
        g[gi + 2 * H] = gg;
        g[gi + 3 * H] = o;
        float ct = f * cPrev[cpi] + i * gg;          // c_t = sigmoid(f) c_{t-1} + sigmoid(i) tanh(g)
        float tc = ScalarMath.tanh(ct);
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
