// SPDX-License-Identifier: MIT
// Replays the 60 recorded reference runs (10 seeds x 3 action scripts x v0/v3) and compares the physics
// state, rewards and tile counts step by step; prints the divergence table of docs/environment.md (section 9).
package org.worldmodels.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our CarRacing against the recorded Box2D 2.3.0 runs. The state after reset is bit-identical; the runs
 * then stay bit-identical until the first float32 sine/cosine that glibc's sinf/cosf round differently
 * from Java's correctly rounded values (steps 2..280), after which the 1-ulp difference grows slowly -
 * and quickly where the car drifts at the friction limit (script B). Cause and figures:
 * docs/environment.md (section 9).
 */
class CarRacingTrajectoryTest {
    /** Steps over which the close-tracking goal applies. */
    static final int SHORT = 100;
    /** Goal for steps 0..99: hull within 0.05 m and 0.01 rad (measured max over the 60 runs: 1.9e-3 m, 4.2e-4 rad). */
    static final double POS_TOL_SHORT = 0.05, ANGLE_TOL_SHORT = 0.01;
    /** Goal for all 300 steps: hull within 0.5 m (met by 58 of 60 runs; the two others are listed below). */
    static final double POS_TOL_LONG = 0.5;
    /** Steps 0..99, not part of the goal; about 4x the measured maxima (1.1e-2 m/s, 2.3e-3 rad/s,
     *  2.3e-3 rad/s, 3.3e-6 rad, 2.6e-3 m), so that a real regression shows. */
    static final double LINVEL_TOL_SHORT = 0.05, ANGVEL_TOL_SHORT = 0.01, OMEGA_TOL_SHORT = 0.01,
            JOINT_TOL_SHORT = 2e-5, WHEEL_POS_TOL_SHORT = 0.01;
    /** v0 records the wheels' rolling phase (drawn as a grey band): steps 0..99, measured max 2.9e-4 rad. */
    static final double PHASE_TOL_SHORT = 0.01;
    /** Step rewards are equal up to float64 rounding of the running sum while the tile counts agree. */
    static final double REWARD_TOL = 1e-9;
    /** After reset: measured bit-identical on all 20 tracks; the tolerance admits one float32 ulp at 300 m. */
    static final double RESET_POS_TOL = 5e-5, RESET_ANGLE_TOL = 1e-6;

    /**
     * Runs that miss the 0.5 m goal over 300 steps, with their measured figure and allowance. Both are
     * script B (sine steering at half gas: the car slides at the friction limit, where the sinf rounding
     * difference is amplified); the first 100 steps still meet the goal.
     */
    record Allowance(double maxPosError300, int tileMismatchSteps) {}
    static final Map<String, Allowance> KNOWN = Map.of(
            // measured 0.561 m at step ~290; tiles identical
            "V3 seed 7 B_sine_steer", new Allowance(0.75, 0),
            // measured 28.6 m: spins out from step ~140 on; reaches tiles 15-16 two steps before the
            // reference (steps 175-176 disagree), counts agree again afterwards
            "V0 seed 8 B_sine_steer", new Allowance(35.0, 4));

    static Stream<Arguments> runs() {
        List<Arguments> out = new ArrayList<>();
        for (EnvVersion v : EnvVersion.values()) {
            for (int seed = 0; seed < 10; seed++) {
                for (String script : ReferenceTrajectory.SCRIPTS) out.add(Arguments.of(v, seed, script));
            }
        }
        return out.stream();
    }

    /** Max hull position error (m) over steps 0..99 and 0..T-1, per run, for the summary table. */
    private static final Map<String, double[]> TABLE = new TreeMap<>();

    @ParameterizedTest(name = "{0} seed {1} {2}")
    @MethodSource("runs")
    void followsTheReference(EnvVersion version, int seed, String script) {
        ReferenceTrajectory ref = new ReferenceTrajectory(version, seed, script);
        CarRacing env = new CarRacing(version, new NoRenderer());
        env.reset(ref.track);
        checkReset(ref, env);

        Allowance allow = KNOWN.get(ref.toString());
        double maxPos100 = 0, maxPos = 0, maxPhase = 0;
        int tileMismatches = 0;
        boolean tilesAgreedBefore = true;
        for (int k = 0; k < ref.steps; k++) {
            StepResult r = env.step(ref.actions[3 * k], ref.actions[3 * k + 1], ref.actions[3 * k + 2]);
            double pos = Math.hypot(env.hullX() - ref.hullPos[2 * k], env.hullY() - ref.hullPos[2 * k + 1]);
            maxPos = Math.max(maxPos, pos);
            String at = ref + " step " + k;
            if (k < SHORT) {
                maxPos100 = Math.max(maxPos100, pos);
                assertTrue(pos <= POS_TOL_SHORT, at + ": hull position off by " + pos + " m: " + env.hullX() + "," + env.hullY()
                        + " vs " + ref.hullPos[2 * k] + "," + ref.hullPos[2 * k + 1]);
                assertEquals(ref.hullAngle[k], env.hullAngle(), ANGLE_TOL_SHORT, at + ": hull angle");
                assertEquals(ref.hullLinvel[2 * k], env.hullVx(), LINVEL_TOL_SHORT, at + ": hull vx");
                assertEquals(ref.hullLinvel[2 * k + 1], env.hullVy(), LINVEL_TOL_SHORT, at + ": hull vy");
                assertEquals(ref.hullAngvel[k], env.hullAngularVelocity(), ANGVEL_TOL_SHORT, at + ": hull angular velocity");
                for (int w = 0; w < 4; w++) {
                    if (ref.wheelPhase != null) {
                        maxPhase = Math.max(maxPhase, Math.abs(ref.wheelPhase[4 * k + w] - env.wheelPhase(w)));
                        assertEquals(ref.wheelPhase[4 * k + w], env.wheelPhase(w), PHASE_TOL_SHORT, at + ": phase of wheel " + w);
                    }
                    assertEquals(ref.wheelOmega[4 * k + w], env.wheelOmega(w), OMEGA_TOL_SHORT, at + ": omega of wheel " + w);
                    assertEquals(ref.wheelJointAngle[4 * k + w], env.wheel(w).jointAngle(), JOINT_TOL_SHORT, at + ": joint angle of wheel " + w);
                    double wp = Math.hypot(env.wheelX(w) - ref.wheelPos[8 * k + 2 * w], env.wheelY(w) - ref.wheelPos[8 * k + 2 * w + 1]);
                    assertTrue(wp <= WHEEL_POS_TOL_SHORT, at + ": wheel " + w + " position off by " + wp + " m");
                }
            }
            if (ref.envTime != null) assertEquals(ref.envTime[k], env.time(), 0.0, at + ": time (a running float64 sum)");
            boolean tilesAgree = env.tilesVisited() == ref.tilesVisited[k];
            if (!tilesAgree) tileMismatches++;
            // The step reward is a difference of the running sum: comparable while the counts agree at k-1 and k.
            if (tilesAgree && tilesAgreedBefore) {
                assertEquals(ref.reward[k], r.reward(), REWARD_TOL, at + ": reward");
                assertEquals(ref.terminated[k], r.terminated(), at + ": terminated");
            }
            tilesAgreedBefore = tilesAgree;
            assertEquals(false, r.truncated(), at + ": truncated");
        }
        assertTrue(env.steps() == ref.steps && (ref.steps == 300 || ref.terminated[ref.steps - 1]),
                ref + ": the reference ended at step " + ref.steps);
        synchronized (TABLE) { TABLE.put(ref.toString(), new double[] {maxPos100, maxPos, tileMismatches, maxPhase}); }

        double posAllowed = allow != null ? allow.maxPosError300() : POS_TOL_LONG;
        int tilesAllowed = allow != null ? allow.tileMismatchSteps() : 0;
        assertTrue(maxPos <= posAllowed, ref + ": max hull position error over " + ref.steps + " steps " + maxPos + " m > " + posAllowed);
        assertTrue(tileMismatches <= tilesAllowed, ref + ": tiles_visited differs at " + tileMismatches + " steps (allowed " + tilesAllowed + ")");
        assertEquals(ref.tilesVisited[ref.steps - 1], env.tilesVisited(), ref + ": tiles visited at the end");
    }

    private static void checkReset(ReferenceTrajectory ref, CarRacing env) {
        Map<String, org.worldmodels.data.NpyArray> t = ref.tracks;
        double[] pos = t.get("reset_hull_pos").asDoubles();
        String what = ref + " after reset: ";
        assertEquals(pos[0], env.hullX(), RESET_POS_TOL, what + "hull x");
        assertEquals(pos[1], env.hullY(), RESET_POS_TOL, what + "hull y");
        assertEquals(t.get("reset_hull_angle").scalar(), env.hullAngle(), RESET_ANGLE_TOL, what + "hull angle");
        double[] v = t.get("reset_hull_linvel").asDoubles();
        assertEquals(v[0], env.hullVx(), RESET_ANGLE_TOL, what + "hull vx");
        assertEquals(v[1], env.hullVy(), RESET_ANGLE_TOL, what + "hull vy");
        assertEquals(t.get("reset_hull_angvel").scalar(), env.hullAngularVelocity(), RESET_ANGLE_TOL, what + "hull angular velocity");
        double[] wp = t.get("reset_wheel_pos").asDoubles();
        double[] wa = t.get("reset_wheel_angle").asDoubles();
        for (int w = 0; w < 4; w++) {
            assertEquals(wp[2 * w], env.wheelX(w), RESET_POS_TOL, what + "wheel " + w + " x");
            assertEquals(wp[2 * w + 1], env.wheelY(w), RESET_POS_TOL, what + "wheel " + w + " y");
            assertEquals(wa[w], env.wheelAngle(w), RESET_ANGLE_TOL, what + "wheel " + w + " angle");
        }
        assertEquals(t.get("reset_tiles_visited").scalar(), env.tilesVisited(), what + "tiles visited");
        assertEquals(t.get("reset_cum_reward").scalar(), env.cumulativeReward(), REWARD_TOL, what + "running reward");
        assertEquals(0.02, env.time(), 0.0, what + "time");
    }

    @AfterAll
    static void printTable() {
        StringBuilder sb = new StringBuilder("CarRacing vs reference: max hull position error (m) over steps 0..99 / all, steps with other tile counts\n");
        TABLE.forEach((k, v) -> sb.append(String.format("  %-24s %.2e  %.2e  %d   phase(0..99) %.1e%n", k, v[0], v[1], (int) v[2], v[3])));
        System.out.print(sb);
    }
}
