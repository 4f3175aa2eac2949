// SPDX-License-Identifier: MIT
// exp, sigmoid and tanh on whole vectors: the operation sequence of ScalarMath, lane for lane, so the
// results are bit-identical to the scalar twin (no Vector API EXP/TANH: those depend on the JIT tier).
package org.worldmodels.kernel;

import static org.worldmodels.kernel.ScalarMath.C2;
import static org.worldmodels.kernel.ScalarMath.C3;
import static org.worldmodels.kernel.ScalarMath.C4;
import static org.worldmodels.kernel.ScalarMath.C5;
import static org.worldmodels.kernel.ScalarMath.C6;
import static org.worldmodels.kernel.ScalarMath.C7;
import static org.worldmodels.kernel.ScalarMath.EXP_MAX;
import static org.worldmodels.kernel.ScalarMath.EXP_MIN;
import static org.worldmodels.kernel.ScalarMath.LN2_HI;
import static org.worldmodels.kernel.ScalarMath.LN2_LO;
import static org.worldmodels.kernel.ScalarMath.LOG2E;
import static org.worldmodels.kernel.ScalarMath.ROUND_MAGIC;
import static org.worldmodels.kernel.ScalarMath.ROUND_MAGIC_BITS;
import static org.worldmodels.kernel.ScalarMath.SIGN_BIT;
import static org.worldmodels.kernel.ScalarMath.TANH_CLAMP;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD {@link ScalarMath}: same functions, same bits; see there for the method and its accuracy. Each
 * line below is the line of the scalar method (the same names, except xv for the loaded x, v for the
 * argument of exp and nf for n), one lane per element.
 */
public final class VectorMath {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private VectorMath() {}

    /** 2^k per lane, k in [-126, 127]: k + 127 (bias) shifted into the exponent field. */
    private static FloatVector pow2(IntVector k, IntVector bias) {
        return k.add(bias).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    }

    // x (n) -> y (n), y may be x. Full vectors here, the last n % LANES elements by the scalar twin (same
    // bits). The math is written inside each loop rather than in a FloatVector -> FloatVector method: C2
    // compiles such a method on its own once it is hot, then refuses to inline its large code into the
    // loop, and every call boxes its vectors (40 KB of garbage and 10x the time per 1024 elements). For
    // the same reason the constants are broadcast once before each loop, not in helpers (inlining depth).

    /** y[i] = e^x[i] (ScalarMath.exp). */
    public static void exp(int n, float[] x, int xOff, float[] y, int yOff) {
        FloatVector expMin = FloatVector.broadcast(SPECIES, EXP_MIN), expMax = FloatVector.broadcast(SPECIES, EXP_MAX);
        FloatVector log2e = FloatVector.broadcast(SPECIES, LOG2E), magic = FloatVector.broadcast(SPECIES, ROUND_MAGIC);
        FloatVector minusLn2Hi = FloatVector.broadcast(SPECIES, -LN2_HI), minusLn2Lo = FloatVector.broadcast(SPECIES, -LN2_LO);
        FloatVector c2 = FloatVector.broadcast(SPECIES, C2), c3 = FloatVector.broadcast(SPECIES, C3), c4 = FloatVector.broadcast(SPECIES, C4);
        FloatVector c5 = FloatVector.broadcast(SPECIES, C5), c6 = FloatVector.broadcast(SPECIES, C6), c7 = FloatVector.broadcast(SPECIES, C7);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        IntVector bias = IntVector.broadcast(INTS, 127);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector xv = FloatVector.fromArray(SPECIES, x, xOff + i).max(expMin).min(expMax);
            FloatVector shifted = xv.fma(log2e, magic);
            FloatVector nf = shifted.sub(magic);
            IntVector k = shifted.reinterpretAsInts().sub(ROUND_MAGIC_BITS);
            FloatVector r = nf.fma(minusLn2Hi, xv);
            r = nf.fma(minusLn2Lo, r);
            FloatVector q = c7.fma(r, c6).fma(r, c5).fma(r, c4).fma(r, c3).fma(r, c2);   // expQ(r), Horner
            FloatVector p = one.add(r.mul(r).fma(q, r));
            IntVector k1 = k.lanewise(VectorOperators.ASHR, 1);
            FloatVector result = p.mul(pow2(k1, bias)).mul(pow2(k.sub(k1), bias));
            result.intoArray(y, yOff + i);
        }
        ScalarMath.exp(n - i, x, xOff + i, y, yOff + i);
    }

    /** y[i] = 1 / (1 + e^-x[i]) (ScalarMath.sigmoid). */
    public static void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
        FloatVector expMin = FloatVector.broadcast(SPECIES, EXP_MIN);
        FloatVector log2e = FloatVector.broadcast(SPECIES, LOG2E), magic = FloatVector.broadcast(SPECIES, ROUND_MAGIC);
        FloatVector minusLn2Hi = FloatVector.broadcast(SPECIES, -LN2_HI), minusLn2Lo = FloatVector.broadcast(SPECIES, -LN2_LO);
        FloatVector c2 = FloatVector.broadcast(SPECIES, C2), c3 = FloatVector.broadcast(SPECIES, C3), c4 = FloatVector.broadcast(SPECIES, C4);
        FloatVector c5 = FloatVector.broadcast(SPECIES, C5), c6 = FloatVector.broadcast(SPECIES, C6), c7 = FloatVector.broadcast(SPECIES, C7);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        IntVector bias = IntVector.broadcast(INTS, 127);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector xv = FloatVector.fromArray(SPECIES, x, xOff + i);
            FloatVector v = xv.abs().neg().max(expMin);
            FloatVector shifted = v.fma(log2e, magic);
            FloatVector nf = shifted.sub(magic);
            IntVector k = shifted.reinterpretAsInts().sub(ROUND_MAGIC_BITS);
            FloatVector r = nf.fma(minusLn2Hi, v);
            r = nf.fma(minusLn2Lo, r);
            FloatVector q = c7.fma(r, c6).fma(r, c5).fma(r, c4).fma(r, c3).fma(r, c2);   // expQ(r), Horner
            FloatVector r2 = r.mul(r);
            FloatVector em1 = r2.fma(q, r), em1Lo = r2.fma(q, r.sub(em1));
            FloatVector pHi = one.add(em1), pLo = one.sub(pHi).add(em1).add(em1Lo);
            IntVector k1 = k.lanewise(VectorOperators.ASHR, 1);
            FloatVector s1 = pow2(k1, bias), s2 = pow2(k.sub(k1), bias);
            FloatVector eHi = pHi.mul(s1).mul(s2), eLo = pLo.mul(s1).mul(s2);
            FloatVector d = one.add(eHi), dLo = one.sub(d).add(eHi).add(eLo);
            VectorMask<Float> negative = xv.compare(VectorOperators.LT, 0f);
            FloatVector num = one.blend(eHi, negative), numLo = FloatVector.zero(SPECIES).blend(eLo, negative);
            FloatVector q0 = num.div(d);                                          // correctedQuotient
            FloatVector result = q0.add(q0.neg().fma(d, num).add(numLo.sub(q0.mul(dLo))).div(d));
            result.intoArray(y, yOff + i);
        }
        ScalarMath.sigmoid(n - i, x, xOff + i, y, yOff + i);
    }

    /** y[i] = tanh(x[i]) (ScalarMath.tanh). */
    public static void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        FloatVector clamp = FloatVector.broadcast(SPECIES, TANH_CLAMP), minusTwo = FloatVector.broadcast(SPECIES, -2f);
        FloatVector two = FloatVector.broadcast(SPECIES, 2f);
        FloatVector log2e = FloatVector.broadcast(SPECIES, LOG2E), magic = FloatVector.broadcast(SPECIES, ROUND_MAGIC);
        FloatVector minusLn2Hi = FloatVector.broadcast(SPECIES, -LN2_HI), minusLn2Lo = FloatVector.broadcast(SPECIES, -LN2_LO);
        FloatVector c2 = FloatVector.broadcast(SPECIES, C2), c3 = FloatVector.broadcast(SPECIES, C3), c4 = FloatVector.broadcast(SPECIES, C4);
        FloatVector c5 = FloatVector.broadcast(SPECIES, C5), c6 = FloatVector.broadcast(SPECIES, C6), c7 = FloatVector.broadcast(SPECIES, C7);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        IntVector bias = IntVector.broadcast(INTS, 127);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector xv = FloatVector.fromArray(SPECIES, x, xOff + i);
            FloatVector v = minusTwo.mul(xv.abs().min(clamp));
            FloatVector shifted = v.fma(log2e, magic);
            FloatVector nf = shifted.sub(magic);
            IntVector k = shifted.reinterpretAsInts().sub(ROUND_MAGIC_BITS);
            FloatVector r = nf.fma(minusLn2Hi, v);
            r = nf.fma(minusLn2Lo, r);
            FloatVector q = c7.fma(r, c6).fma(r, c5).fma(r, c4).fma(r, c3).fma(r, c2);   // expQ(r), Horner
            FloatVector r2 = r.mul(r);
            FloatVector em1 = r2.fma(q, r), em1Lo = r2.fma(q, r.sub(em1));
            FloatVector s = pow2(k, bias);
            FloatVector scaled = s.mul(em1), scaledLo = s.mul(em1Lo);
            FloatVector sm1 = s.sub(one), sm1Lo = s.sub(sm1.add(one));
            FloatVector mHi = sm1.add(scaled);
            FloatVector mLo = sm1.sub(mHi).add(scaled).add(sm1Lo.add(scaledLo));
            FloatVector d = two.add(mHi), dLo = two.sub(d).add(mHi).add(mLo);
            FloatVector num = mHi.neg(), numLo = mLo.neg();
            FloatVector q0 = num.div(d);                                          // correctedQuotient
            FloatVector t = q0.add(q0.neg().fma(d, num).add(numLo.sub(q0.mul(dLo))).div(d));
            // copySign(t, x): the magnitude bits of t with the sign bit of x
            FloatVector result = t.reinterpretAsInts().and(~SIGN_BIT).or(xv.reinterpretAsInts().and(SIGN_BIT)).reinterpretAsFloats();
            result.intoArray(y, yOff + i);
        }
        ScalarMath.tanh(n - i, x, xOff + i, y, yOff + i);
    }
}
