// SPDX-License-Identifier: MIT
// The one thing track generation needs from a random number generator.
package org.worldmodels.env;

/** A stream of uniform doubles, NumPy-style: {@code uniform(lo, hi) = lo + (hi - lo) * U}, U in [0, 1). */
public interface UniformSource {
    double uniform(double lo, double hi);
}
