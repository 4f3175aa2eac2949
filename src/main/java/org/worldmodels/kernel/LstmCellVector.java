// SPDX-License-Identifier: MIT
// The LSTM cell's element-wise forward and backward with the Vector API: VectorMath's sigmoid and tanh
// over whole gate blocks, and the cell's products in vector loops.
package org.worldmodels.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD version of {@link LstmCellScalar}, equal to it bit for bit (same operations, same order; the
 * scalar code calls Math.fma exactly where this code fuses). Each row's H units go in vectors of LANES
 * units; the four gates of a unit are H apart, so one iteration loads i, f, g, o for LANES units.
 * The last H % LANES units of a row go through the scalar twin.
 */
public final class LstmCellVector {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private LstmCellVector() {}

    /**
     * See {@link LstmCell#forward}. Per row: add the bias, activate each gate block in place with
     * {@link VectorMath} (whose loops keep the math inlined: a FloatVector -> FloatVector helper is
     * compiled on its own, not inlined, and boxes its vectors), then c_t, tanh(c_t) and h_t in three
     * passes. Element for element the arithmetic is the scalar twin's.
     */
    public static void forward(int rows, int hidden, float[] gates, int gOff, float[] bias, int biasOff,
                               float[] cPrev, int cPrevOff, float[] c, int cOff, float[] tanhC, int tOff, float[] h, int hOff) {
        int H = hidden, G = 4 * H;
        for (int b = 0; b < rows; b++) {
            int gr = gOff + b * G, s = b * H;
            addBias(G, gates, gr, bias, biasOff);
            // [i, f] = sigmoid (2H contiguous), g = tanh, o = sigmoid
            VectorMath.sigmoid(2 * H, gates, gr, gates, gr);
            VectorMath.tanh(H, gates, gr + 2 * H, gates, gr + 2 * H);
            VectorMath.sigmoid(H, gates, gr + 3 * H, gates, gr + 3 * H);
            cellState(H, gates, gr, cPrev, cPrevOff + s, c, cOff + s);
            VectorMath.tanh(H, c, cOff + s, tanhC, tOff + s);
            output(H, gates, gr + 3 * H, tanhC, tOff + s, h, hOff + s);
        }
    }

    // x[i] += bias[i]
    private static void addBias(int n, float[] x, int xOff, float[] bias, int bOff) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector.fromArray(SPECIES, x, xOff + i).add(FloatVector.fromArray(SPECIES, bias, bOff + i)).intoArray(x, xOff + i);
        }
        for (; i < n; i++) x[xOff + i] += bias[bOff + i];
    }

    // activated gates [i, f, g, o] of one row at g[gr]: c_t = f c_{t-1} + i g (two roundings, as the scalar f * c + i * g)
    private static void cellState(int H, float[] g, int gr, float[] cPrev, int cpOff, float[] c, int cOff) {
        int j = 0;
        for (int bound = SPECIES.loopBound(H); j < bound; j += LANES) {
            FloatVector i = FloatVector.fromArray(SPECIES, g, gr + j), f = FloatVector.fromArray(SPECIES, g, gr + H + j);
            FloatVector gg = FloatVector.fromArray(SPECIES, g, gr + 2 * H + j);
            f.mul(FloatVector.fromArray(SPECIES, cPrev, cpOff + j)).add(i.mul(gg)).intoArray(c, cOff + j);
        }
        for (; j < H; j++) c[cOff + j] = g[gr + H + j] * cPrev[cpOff + j] + g[gr + j] * g[gr + 2 * H + j];
    }

    // h_t = o tanh(c_t)
    private static void output(int H, float[] o, int oOff, float[] tanhC, int tOff, float[] h, int hOff) {
        int j = 0;
        for (int bound = SPECIES.loopBound(H); j < bound; j += LANES) {
            FloatVector.fromArray(SPECIES, o, oOff + j).mul(FloatVector.fromArray(SPECIES, tanhC, tOff + j)).intoArray(h, hOff + j);
        }
        for (; j < H; j++) h[hOff + j] = o[oOff + j] * tanhC[tOff + j];
    }

    /** See {@link LstmCell#backward}. */
    public static void backward(int rows, int hidden, float[] gates, int gOff, float[] tanhC, int tOff, float[] cPrev, int cPrevOff,
                                float[] dHOut, int dHOff, float[] dh, int dhOff, float[] dc, int dcOff) {
        int H = hidden, G = 4 * H, bound = SPECIES.loopBound(H);
        for (int b = 0; b < rows; b++) {
            int gr = gOff + b * G, s = b * H, j = 0;
            for (; j < bound; j += LANES) {
                int gi = gr + j;
                FloatVector i = FloatVector.fromArray(SPECIES, gates, gi), f = FloatVector.fromArray(SPECIES, gates, gi + H);
                FloatVector gg = FloatVector.fromArray(SPECIES, gates, gi + 2 * H), o = FloatVector.fromArray(SPECIES, gates, gi + 3 * H);
                FloatVector tc = FloatVector.fromArray(SPECIES, tanhC, tOff + s + j);
                // dh_t = dH_t + dh (recurrence);  dc_t = dc + dh_t o (1 - tanh^2 c_t);  do = dh_t tanh c_t
                FloatVector dht = FloatVector.fromArray(SPECIES, dHOut, dHOff + s + j).add(FloatVector.fromArray(SPECIES, dh, dhOff + s + j));
                FloatVector dct = FloatVector.fromArray(SPECIES, dc, dcOff + s + j).add(dht.mul(o).mul(tc.mul(tc).neg().add(1f)));
                FloatVector dO = dht.mul(tc);
                FloatVector dI = dct.mul(gg), dG = dct.mul(i), dF = dct.mul(FloatVector.fromArray(SPECIES, cPrev, cPrevOff + s + j));
                dct.mul(f).intoArray(dc, dcOff + s + j);
                // times the activation's derivative: sigmoid' = s (1 - s), tanh' = 1 - tanh^2
                dI.mul(i).mul(i.neg().add(1f)).intoArray(gates, gi);
                dF.mul(f).mul(f.neg().add(1f)).intoArray(gates, gi + H);
                dG.mul(gg.mul(gg).neg().add(1f)).intoArray(gates, gi + 2 * H);
                dO.mul(o).mul(o.neg().add(1f)).intoArray(gates, gi + 3 * H);
            }
            for (; j < H; j++) {
                LstmCellScalar.backwardOne(gates, gr + j, H, tanhC, tOff + s + j, cPrev, cPrevOff + s + j, dHOut, dHOff + s + j, dh, dhOff + s + j, dc, dcOff + s + j);
            }
        }
    }
}
