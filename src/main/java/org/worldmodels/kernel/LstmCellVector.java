// SPDX-License-Identifier: MIT
// The LSTM cell's element-wise forward and backward with the Vector API: the polynomial exp, sigmoid
// and tanh of LstmCellScalar on whole vectors, and the cell's products fused in one pass per row.
package org.worldmodels.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import static org.worldmodels.kernel.LstmCellScalar.E2;
import static org.worldmodels.kernel.LstmCellScalar.E3;
import static org.worldmodels.kernel.LstmCellScalar.E4;
import static org.worldmodels.kernel.LstmCellScalar.E5;
import static org.worldmodels.kernel.LstmCellScalar.E6;
import static org.worldmodels.kernel.LstmCellScalar.E7;
import static org.worldmodels.kernel.LstmCellScalar.EXP_MAX;
import static org.worldmodels.kernel.LstmCellScalar.EXP_MIN;
import static org.worldmodels.kernel.LstmCellScalar.LN2_HI;
import static org.worldmodels.kernel.LstmCellScalar.LN2_LO;
import static org.worldmodels.kernel.LstmCellScalar.LOG2E;
import static org.worldmodels.kernel.LstmCellScalar.ROUND_MAGIC;
import static org.worldmodels.kernel.LstmCellScalar.T3;
import static org.worldmodels.kernel.LstmCellScalar.T5;
import static org.worldmodels.kernel.LstmCellScalar.T7;
import static org.worldmodels.kernel.LstmCellScalar.T9;
import static org.worldmodels.kernel.LstmCellScalar.TANH_SMALL;

/**
 * SIMD version of {@link LstmCellScalar}, equal to it bit for bit (same operations, same order; the
 * scalar code calls Math.fma exactly where this code fuses). Each row's H units go in vectors of LANES
 * units; the four gates of a unit are H apart, so one iteration loads i, f, g, o for LANES units.
 * The last H % LANES units of a row go through the scalar twin.
 */
public final class LstmCellVector {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final int MAGIC_BITS = Float.floatToRawIntBits(ROUND_MAGIC);

    private LstmCellVector() {}

    /*
     * The constants as vectors, made once: a broadcast inside exp (a helper method per constant, or
     * fma's vector-only arguments) pushed C2 over its inlining budget, and a vector op that is not
     * inlined allocates (10x slower).
     */
    private static final FloatVector ONE = splat(1f), LOG2E_V = splat(LOG2E), MAGIC_V = splat(ROUND_MAGIC);
    private static final FloatVector MINUS_LN2_HI = splat(-LN2_HI), MINUS_LN2_LO = splat(-LN2_LO);
    private static final FloatVector E2V = splat(E2), E3V = splat(E3), E4V = splat(E4), E5V = splat(E5), E6V = splat(E6), E7V = splat(E7);
    private static final FloatVector T3V = splat(T3), T5V = splat(T5), T7V = splat(T7), T9V = splat(T9);

    private static FloatVector splat(float v) { return FloatVector.broadcast(SPECIES, v); }

    // scalar: LstmCellScalar.exp
    static FloatVector exp(FloatVector x) {
        x = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector t = x.fma(LOG2E_V, MAGIC_V);
        FloatVector n = t.sub(MAGIC_V);
        FloatVector r = n.fma(MINUS_LN2_HI, x);
        r = n.fma(MINUS_LN2_LO, r);
        FloatVector p = E7V.fma(r, E6V);
        p = p.fma(r, E5V);
        p = p.fma(r, E4V);
        p = p.fma(r, E3V);
        p = p.fma(r, E2V);
        p = p.fma(r, ONE);
        p = p.fma(r, ONE);
        IntVector bits = ((IntVector) t.reinterpretAsInts()).sub(MAGIC_BITS).add(127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats());
    }

    // scalar: LstmCellScalar.sigmoid, 1 / (1 + e^-x)
    static FloatVector sigmoid(FloatVector x) {
        return ONE.div(exp(x.neg()).add(ONE));
    }

    // scalar: LstmCellScalar.tanh: |x| < TANH_SMALL ? series : (1 - e) / (1 + e), e = e^(-2x)
    static FloatVector tanh(FloatVector x) {
        FloatVector e = exp(x.mul(-2f));
        FloatVector large = ONE.sub(e).div(ONE.add(e));
        FloatVector x2 = x.mul(x);
        FloatVector q = T9V.fma(x2, T7V);
        q = q.fma(x2, T5V);
        q = q.fma(x2, T3V);
        FloatVector small = x.mul(x2).fma(q, x);
        return large.blend(small, x.abs().lt(TANH_SMALL));
    }

    /**
     * See {@link LstmCell#forward}. Per row, four short loops instead of one: a loop body with five
     * inlined exps exceeds C2's inlining budget, and a vector method that is not inlined boxes its
     * vectors (allocation per call, 10x slower). Element for element the arithmetic is the scalar twin's.
     */
    public static void forward(int rows, int hidden, float[] gates, int gOff, float[] bias, int biasOff,
                               float[] cPrev, int cPrevOff, float[] c, int cOff, float[] tanhC, int tOff, float[] h, int hOff) {
        int H = hidden, G = 4 * H;
        for (int b = 0; b < rows; b++) {
            int gr = gOff + b * G, s = b * H;
            // i, f = sigmoid(pre + bias) (2H contiguous), g = tanh(pre + bias), o = sigmoid(pre + bias), over the pre-activations
            sigmoidPlusBias(2 * H, gates, gr, bias, biasOff);
            tanhPlusBias(H, gates, gr + 2 * H, bias, biasOff + 2 * H);
            sigmoidPlusBias(H, gates, gr + 3 * H, bias, biasOff + 3 * H);
            state(H, gates, gr, cPrev, cPrevOff + s, c, cOff + s, tanhC, tOff + s, h, hOff + s);
        }
    }

    // x[i] = sigmoid(x[i] + bias[i])
    private static void sigmoidPlusBias(int n, float[] x, int xOff, float[] bias, int bOff) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            sigmoid(FloatVector.fromArray(SPECIES, x, xOff + i).add(FloatVector.fromArray(SPECIES, bias, bOff + i))).intoArray(x, xOff + i);
        }
        for (; i < n; i++) x[xOff + i] = LstmCellScalar.sigmoid(x[xOff + i] + bias[bOff + i]);
    }

    // x[i] = tanh(x[i] + bias[i])
    private static void tanhPlusBias(int n, float[] x, int xOff, float[] bias, int bOff) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            tanh(FloatVector.fromArray(SPECIES, x, xOff + i).add(FloatVector.fromArray(SPECIES, bias, bOff + i))).intoArray(x, xOff + i);
        }
        for (; i < n; i++) x[xOff + i] = LstmCellScalar.tanh(x[xOff + i] + bias[bOff + i]);
    }

    // activated gates [i, f, g, o] of one row at g[gr]: c_t = f c_{t-1} + i g;  h_t = o tanh(c_t)
    private static void state(int H, float[] g, int gr, float[] cPrev, int cpOff, float[] c, int cOff, float[] tanhC, int tOff, float[] h, int hOff) {
        int j = 0;
        for (int bound = SPECIES.loopBound(H); j < bound; j += LANES) {
            FloatVector i = FloatVector.fromArray(SPECIES, g, gr + j), f = FloatVector.fromArray(SPECIES, g, gr + H + j);
            FloatVector gg = FloatVector.fromArray(SPECIES, g, gr + 2 * H + j), o = FloatVector.fromArray(SPECIES, g, gr + 3 * H + j);
            // two roundings, as the scalar f * c + i * g
            FloatVector ct = f.mul(FloatVector.fromArray(SPECIES, cPrev, cpOff + j)).add(i.mul(gg));
            FloatVector tc = tanh(ct);
            ct.intoArray(c, cOff + j);
            tc.intoArray(tanhC, tOff + j);
            o.mul(tc).intoArray(h, hOff + j);
        }
        for (; j < H; j++) {
            float ct = g[gr + H + j] * cPrev[cpOff + j] + g[gr + j] * g[gr + 2 * H + j];
            float tc = LstmCellScalar.tanh(ct);
            c[cOff + j] = ct;
            tanhC[tOff + j] = tc;
            h[hOff + j] = g[gr + 3 * H + j] * tc;
        }
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
