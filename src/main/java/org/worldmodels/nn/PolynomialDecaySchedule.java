// SPDX-License-Identifier: MIT
// TF's PolynomialDecay (the TF2 reimplementation's MDN-RNN schedule: 1e-3 -> 1e-5 over training).
package org.worldmodels.nn;

/**
 * {@code lr(step) = (initial - end) * (1 - min(step, steps) / steps)^power + end}, as
 * tf.keras.optimizers.schedules.PolynomialDecay without cycling (power 1 = linear); after
 * {@code steps} updates the rate stays at {@code end}.
 */
public record PolynomialDecaySchedule(double initial, double end, long steps, double power) implements LearningRateSchedule {
    public PolynomialDecaySchedule {
        if (steps < 1) throw new IllegalArgumentException("decay steps must be >= 1, got " + steps);
        if (!(power > 0)) throw new IllegalArgumentException("power must be > 0, got " + power);
    }

    /** Linear decay (power 1), TF's default. */
    public PolynomialDecaySchedule(double initial, double end, long steps) { this(initial, end, steps, 1.0); }

    @Override
    public double at(long step) {
        double fraction = (double) Math.min(Math.max(step, 0), steps) / steps;
        return (initial - end) * Math.pow(1 - fraction, power) + end;
    }
}
