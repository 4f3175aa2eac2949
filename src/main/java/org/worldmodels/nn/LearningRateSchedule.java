// SPDX-License-Identifier: MIT
// A learning rate as a function of the optimiser step (0 for the first update).
package org.worldmodels.nn;

/** Learning rate for update number {@code step} (0-based, the value of TF's global_step before the update). */
@FunctionalInterface
public interface LearningRateSchedule {
    double at(long step);

    /** The same rate at every step. */
    static LearningRateSchedule constant(double lr) { return step -> lr; }
}
