// SPDX-License-Identifier: MIT
// The two MDN-RNN learning-rate schedules against values worked out by hand.
package org.worldmodels.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
    private static final double TOL = 1e-15;

    @Test
    void paperSettingIsAConstantRate() {
        // rnn_train.py: learning_rate 0.001, min_learning_rate 0.00001, decay_rate 1.0
        LearningRateSchedule s = new ExponentialDecaySchedule(1e-3, 1e-5, 1.0);
        for (long step : new long[] {0, 1, 1000, 3999}) assertEquals(1e-3, s.at(step), TOL, "step " + step);
    }

    @Test
    void exponentialDecayApproachesTheFloor() {
        LearningRateSchedule s = new ExponentialDecaySchedule(1e-3, 1e-5, 0.99);
        assertEquals(1e-3, s.at(0), TOL);
        assertEquals(9.9e-4 * 0.99 + 1e-5, s.at(1), TOL);
        // 0.99^100 = 0.36603234127322950
        assertEquals(9.9e-4 * 0.36603234127322950 + 1e-5, s.at(100), 1e-16);
        assertEquals(1e-5, s.at(100_000), 1e-12);
    }

    @Test
    void polynomialDecayIsLinearThenHoldsTheEndRate() {
        LearningRateSchedule s = new PolynomialDecaySchedule(1e-3, 1e-5, 1000);
        assertEquals(1e-3, s.at(0), TOL);
        assertEquals(5.05e-4, s.at(500), TOL);
        assertEquals(1e-3 - 0.99e-3 * 0.25, s.at(250), TOL);
        assertEquals(1e-5, s.at(1000), TOL);
        assertEquals(1e-5, s.at(5000), TOL);
        LearningRateSchedule squared = new PolynomialDecaySchedule(1e-3, 1e-5, 1000, 2.0);
        assertEquals(0.99e-3 * 0.25 + 1e-5, squared.at(500), TOL);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new ExponentialDecaySchedule(1e-3, 1e-5, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialDecaySchedule(1e-5, 1e-3, 0.9));
        assertThrows(IllegalArgumentException.class, () -> new PolynomialDecaySchedule(1e-3, 1e-5, 0));
    }
}
