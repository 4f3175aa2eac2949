// SPDX-License-Identifier: MIT
// The 24 uniforms of one track-generation attempt, drawn in the reference's order (test helper).
package org.worldmodels.env.rng;

import org.worldmodels.env.UniformSource;

final class TrackUniforms {
    private TrackUniforms() {}

    /** Even index: uniform(0, 2pi/12) (checkpoint noise); odd index: uniform(50, 150) (radius). */
    static double[] draw(UniformSource rng) {
        double[] out = new double[24];
        for (int c = 0; c < 12; c++) {
            out[2 * c] = rng.uniform(0, 2 * Math.PI * 1 / 12);
            out[2 * c + 1] = rng.uniform(150.0 / 3, 150);
        }
        return out;
    }
}
