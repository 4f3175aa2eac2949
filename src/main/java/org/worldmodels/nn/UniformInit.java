// SPDX-License-Identifier: MIT
// PyTorch's default layer initialisation: Kaiming-uniform with a = sqrt(5), which reduces to U(-b, b)
// with b = 1/sqrt(fanIn) for weights, and the same bound for biases.
package org.worldmodels.nn;

import org.worldmodels.tensor.ParamSet;

import java.util.random.RandomGenerator;

/** Fills parameters with U(-bound, bound) from a seeded generator (kaiming_uniform_(a=sqrt(5)) and PyTorch's bias init). */
public final class UniformInit {
    private UniformInit() {}

    /** gain = sqrt(2 / (1 + a^2)) = sqrt(1/3); bound = sqrt(3) gain / sqrt(fanIn) = 1 / sqrt(fanIn). */
    public static double kaimingBound(int fanIn) { return 1.0 / Math.sqrt(fanIn); }

    /** Every element of {@code p} becomes U(-bound, bound), drawn in order from {@code rng}. */
    public static void fill(ParamSet.Param p, double bound, RandomGenerator rng) {
        float[] d = p.data();
        for (int i = 0; i < p.size(); i++) d[p.offset() + i] = (float) ((2 * rng.nextDouble() - 1) * bound);
    }

    /** A Dense layer (nn.Linear): fanIn = in for both weight and bias. */
    public static void initDefault(Dense layer, RandomGenerator rng) {
        double bound = kaimingBound(layer.in);
        fill(layer.weight, bound, rng);
        fill(layer.bias, bound, rng);
    }
}
