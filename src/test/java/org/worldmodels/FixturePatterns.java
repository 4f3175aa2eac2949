// SPDX-License-Identifier: MIT
// Deterministic parameter values shared with src/test/python/fixture_common.py, so PyTorch fixtures
// need not store the initial weights: both sides compute the same numbers.
package org.worldmodels;

import org.worldmodels.tensor.ParamSet;

/** Fills parameters as {@code fixture_common.pattern_fill} does in Python. */
public final class FixturePatterns {
    private FixturePatterns() {}

    /**
     * Every parameter, in registration order (= PyTorch's named_parameters() order), becomes
     * {@code scale * sin(0.7 g + 1.3)} with g the global flat index and scale = 1/sqrt(fan)
     * (fan = size/shape[0] for 2+ dims, else shape[0]); computed in double, rounded to float.
     */
    public static void patternFill(ParamSet params) {
        int g = 0;
        for (ParamSet.Param p : params.all()) {
            int[] shape = p.shape();
            int fan = shape.length >= 2 ? p.size() / shape[0] : shape[0];
            double scale = 1.0 / Math.sqrt(fan);
            for (int i = 0; i < p.size(); i++, g++) {
                params.data[p.offset() + i] = (float) (scale * StrictMath.sin(0.7 * g + 1.3));
            }
        }
    }
}
