// SPDX-License-Identifier: MIT
// The paper code's learning rate (WorldModelsExperiments carracing/rnn_train.py): exponential decay
// of the distance to a floor, lr = (lr0 - floor) * decay^step + floor.
package org.worldmodels.nn;

/**
 * {@code lr(step) = (lr0 - floor) * decay^step + floor}, written exactly as the paper's training
 * loop computes {@code curr_learning_rate} from the global step; it approaches the floor from above
 * and never crosses it for 0 < decay <= 1. The paper's CarRacing setting is lr0 1e-3, floor 1e-5 and
 * decay 1.0, i.e. a constant 1e-3.
 */
public record ExponentialDecaySchedule(double initial, double floor, double decay) implements LearningRateSchedule {
    public ExponentialDecaySchedule {
        if (!(decay > 0 && decay <= 1)) throw new IllegalArgumentException("decay must be in (0, 1], got " + decay);
        if (!(floor >= 0 && floor <= initial)) throw new IllegalArgumentException("need 0 <= floor <= initial, got floor " + floor + ", initial " + initial);
    }

    @Override
    public double at(long step) {
        return (initial - floor) * Math.pow(decay, step) + floor;
    }
}
