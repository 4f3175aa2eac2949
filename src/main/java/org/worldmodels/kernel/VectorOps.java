// SPDX-License-Identifier: MIT
// Elementwise operations and reductions with the Vector API; every loop has the same anatomy:
// loopBound, vector main loop (reductions keep 4 accumulators to hide the add latency), scalar tail.
package org.worldmodels.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** SIMD versions of {@link ScalarOps}, same contracts (results differ only in summation order). */
public final class VectorOps {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private VectorOps() {}

    /**
     * The sum of v's lanes as the fixed pairwise tree of {@link GemvVector#treeSum} (4 shuffles and
     * adds for 16 lanes instead of 15 dependent scalar adds). Not {@code reduceLanes(ADD)}: its order
     * is unspecified and does differ between the interpreter/C1 fallback and C2's intrinsic, which
     * made identical runs give different float results once the JIT had warmed up; runs must repeat
     * bit for bit, and lanewise adds of fixed lanes give the same bits in every tier.
     */
    static float sumLanes(FloatVector v) {
        return GemvVector.treeSum(v);
    }

    /** sum_i x[i]. */
    public static float sum(float[] x, int xOff, int n) {
        FloatVector s0 = FloatVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0;
        int i = 0, bound4 = n - n % (4 * LANES);
        for (; i < bound4; i += 4 * LANES) {
            // four independent sums so each add waits on its own chain only
            s0 = s0.add(FloatVector.fromArray(SPECIES, x, xOff + i));
            s1 = s1.add(FloatVector.fromArray(SPECIES, x, xOff + i + LANES));
            s2 = s2.add(FloatVector.fromArray(SPECIES, x, xOff + i + 2 * LANES));
            s3 = s3.add(FloatVector.fromArray(SPECIES, x, xOff + i + 3 * LANES));
        }
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            s0 = s0.add(FloatVector.fromArray(SPECIES, x, xOff + i));
        }
        float s = sumLanes(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) s += x[xOff + i];
        return s;
    }

    /** sum_i x[i] y[i]. */
    public static float dot(float[] x, int xOff, float[] y, int yOff, int n) {
        FloatVector s0 = FloatVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0;
        int i = 0, bound4 = n - n % (4 * LANES);
        for (; i < bound4; i += 4 * LANES) {
            s0 = FloatVector.fromArray(SPECIES, x, xOff + i).fma(FloatVector.fromArray(SPECIES, y, yOff + i), s0);
            s1 = FloatVector.fromArray(SPECIES, x, xOff + i + LANES).fma(FloatVector.fromArray(SPECIES, y, yOff + i + LANES), s1);
            s2 = FloatVector.fromArray(SPECIES, x, xOff + i + 2 * LANES).fma(FloatVector.fromArray(SPECIES, y, yOff + i + 2 * LANES), s2);
            s3 = FloatVector.fromArray(SPECIES, x, xOff + i + 3 * LANES).fma(FloatVector.fromArray(SPECIES, y, yOff + i + 3 * LANES), s3);
        }
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            s0 = FloatVector.fromArray(SPECIES, x, xOff + i).fma(FloatVector.fromArray(SPECIES, y, yOff + i), s0);
        }
        float s = sumLanes(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) s += x[xOff + i] * y[yOff + i];
        return s;
    }

    /** y[i] += alpha x[i]. */
    public static void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        FloatVector av = FloatVector.broadcast(SPECIES, alpha);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector yv = FloatVector.fromArray(SPECIES, y, yOff + i);
            FloatVector.fromArray(SPECIES, x, xOff + i).fma(av, yv).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
    }

    /** x[i] *= alpha. */
    public static void scale(int n, float alpha, float[] x, int xOff) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector.fromArray(SPECIES, x, xOff + i).mul(alpha).intoArray(x, xOff + i);
        }
        for (; i < n; i++) x[xOff + i] *= alpha;
    }

    /** y[i] = max(x[i], 0). */
    public static void reluForward(int n, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            FloatVector.fromArray(SPECIES, x, xOff + i).max(0f).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] = Math.max(x[xOff + i], 0f);
    }

    /** dX[i] += y[i] > 0 ? dY[i] : 0. */
    public static void reluBackward(int n, float[] y, int yOff, float[] dY, int dYOff, float[] dX, int dXOff) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            var open = FloatVector.fromArray(SPECIES, y, yOff + i).compare(VectorOperators.GT, 0f);
            FloatVector dx = FloatVector.fromArray(SPECIES, dX, dXOff + i);
            dx.add(FloatVector.fromArray(SPECIES, dY, dYOff + i), open).intoArray(dX, dXOff + i);
        }
        for (; i < n; i++) {
            if (y[yOff + i] > 0f) dX[dXOff + i] += dY[dYOff + i];
        }
    }

    /** x (B, C, plane): x[b, c, :] += bias[c]. */
    public static void addChannelBias(int batch, int channels, int plane, float[] bias, int biasOff, float[] x, int xOff) {
        int bound = SPECIES.loopBound(plane);
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                float v = bias[biasOff + c];
                int base = xOff + (b * channels + c) * plane, i = 0;
                for (; i < bound; i += LANES) {
                    FloatVector.fromArray(SPECIES, x, base + i).add(v).intoArray(x, base + i);
                }
                for (; i < plane; i++) x[base + i] += v;
            }
        }
    }
}
