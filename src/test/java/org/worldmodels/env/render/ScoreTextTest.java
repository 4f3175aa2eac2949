// SPDX-License-Identifier: MIT
// The score labels' number formats against Python's (values printed by python3 for these inputs):
// v3 "{:04.0f}".format(r) rounds half to even and keeps "-" on small negatives; v0 "%04i" % r truncates.
package org.worldmodels.env.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ScoreTextTest {
    static final double[] REWARD = {-0.4, 2.5, 3.5, -12.6, 1000.2, 0.0, -2.5, 6.71, 9999.6};
    static final String[] PYTHON_FORMAT = {"-000", "0002", "0004", "-013", "1000", "0000", "-002", "0007", "10000"};
    static final String[] PYTHON_PERCENT_I = {"0000", "0002", "0003", "-012", "1000", "0000", "-002", "0006", "9999"};

    @Test
    void v3RoundsHalfToEvenLikePythonFormat() {
        for (int i = 0; i < REWARD.length; i++) {
            assertEquals(PYTHON_FORMAT[i], ScoreTextV3.text(REWARD[i]), "reward " + REWARD[i]);
        }
    }

    @Test
    void v0TruncatesLikePercentI() {
        for (int i = 0; i < REWARD.length; i++) {
            int shown = ScoreLabelV0.shownValue(REWARD[i]);
            int expected = Math.max(-100, Math.min(1000, Integer.parseInt(PYTHON_PERCENT_I[i]))); // the table's range
            assertEquals(expected, shown, "reward " + REWARD[i]);
        }
    }
}
