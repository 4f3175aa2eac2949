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

    private static FloatVector splat(float v) { return FloatVector.broadcast(SPECIES, v); }

    // scalar: LstmCellScalar.exp
    static FloatVector exp(FloatVector x) {
        x = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector t = x.fma(splat(LOG2E), splat(ROUND_MAGIC));
        FloatVector n = t.sub(ROUND_MAGIC);
        FloatVector r = n.fma(splat(-LN2_HI), x);
        r = n.fma(splat(-LN2_LO), r);
        FloatVector p = splat(E7).fma(r, splat(E6));
        p = p.fma(r, splat(E5));
        p = p.fma(r, splat(E4));
        p = p.fma(r, splat(E3));
        p = p.fma(r, splat(E2));
        p = p.fma(r, splat(1f));
        p = p.fma(r, splat(1f));
        IntVector bits = ((IntVector) t.reinterpretAsInts()).sub(MAGIC_BITS).add(127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats());
    }

    // scalar: LstmCellScalar.sigmoid, 1 / (1 + e^-x)
    static FloatVector sigmoid(FloatVector x) {
        return FloatVector.broadcast(SPECIES, 1f).div(exp(x.neg()).add(1f));
    }

    // scalar: LstmCellScalar.tanh: |x| < TANH_SMALL ? series : sign(x) (1 - e) / (1 + e), e = e^(-2|x|)
    static FloatVector tanh(FloatVector x) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        FloatVector ax = x.abs();
        FloatVector e = exp(ax.mul(-2f));
        FloatVector large = one.sub(e).div(one.add(e)).lanewise(VectorOperators.NEG, x.lt(0f));
        FloatVector x2 = x.mul(x);
        FloatVector q = splat(T9).fma(x2, splat(T7));
        q = q.fma(x2, splat(T5));
        q = q.fma(x2, splat(T3));
        FloatVector small = x.mul(x2).fma(q, x);
        return large.blend(small, ax.lt(TANH_SMALL));
    }

    /** See {@link LstmCell#forward}. */
    public static void forward(int rows, int hidden, float[] gates, int gOff, float[] bias, int biasOff,
                               float[] cPrev, int cPrevOff, float[] c, int cOff, float[] tanhC, int tOff, float[] h, int hOff) {
        int H = hidden, G = 4 * H, bound = SPECIES.loopBound(H);
        for (int b = 0; b < rows; b++) {
            int gr = gOff + b * G, s = b * H, j = 0;
            for (; j < bound; j += LANES) {
                int gi = gr + j;
                // i, f, o = sigmoid(pre + bias), g = tanh(pre + bias), stored over the pre-activations
                FloatVector i = sigmoid(FloatVector.fromArray(SPECIES, gates, gi).add(FloatVector.fromArray(SPECIES, bias, biasOff + j)));
                FloatVector f = sigmoid(FloatVector.fromArray(SPECIES, gates, gi + H).add(FloatVector.fromArray(SPECIES, bias, biasOff + H + j)));
                FloatVector gg = tanh(FloatVector.fromArray(SPECIES, gates, gi + 2 * H).add(FloatVector.fromArray(SPECIES, bias, biasOff + 2 * H + j)));
                FloatVector o = sigmoid(FloatVector.fromArray(SPECIES, gates, gi + 3 * H).add(FloatVector.fromArray(SPECIES, bias, biasOff + 3 * H + j)));
                i.intoArray(gates, gi);
                f.intoArray(gates, gi + H);
                gg.intoArray(gates, gi + 2 * H);
                o.intoArray(gates, gi + 3 * H);
                // c_t = f c_{t-1} + i g (two roundings, as the scalar f * c + i * g);  h_t = o tanh(c_t)
                FloatVector ct = f.mul(FloatVector.fromArray(SPECIES, cPrev, cPrevOff + s + j)).add(i.mul(gg));
                FloatVector tc = tanh(ct);
                ct.intoArray(c, cOff + s + j);
                tc.intoArray(tanhC, tOff + s + j);
                o.mul(tc).intoArray(h, hOff + s + j);
            }
            for (; j < H; j++) {
                LstmCellScalar.forwardOne(gates, gr + j, H, bias, biasOff + j, cPrev, cPrevOff + s + j, c, cOff + s + j, tanhC, tOff + s + j, h, hOff + s + j);
            }
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
