// SPDX-License-Identifier: MIT
// Unit checks of the CarRacing environment: bodies as Box2D builds them, controls, bad input, episode
// bookkeeping, world reuse across resets, and the renderer contract.
package org.worldmodels.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.Fixture;
import org.junit.jupiter.api.Test;

class CarRacingTest {
    /** Hull mass properties measured in the reference (pybox2d): mass, inertia about the origin, centre y. */
    static final double REF_HULL_MASS = 7.06, REF_HULL_INERTIA = 18.2604, REF_HULL_CENTER_Y = -0.0825;
    /** The reference prints them to 4-5 digits; JBox2D's own computeMass would give 18.2709. */
    static final double MASS_TOL = 1e-4;

    private static ReferenceTrajectory ref(EnvVersion v, int seed, String script) {
        return new ReferenceTrajectory(v, seed, script);
    }

    @Test
    void hullMassIsBox2D230s() {
        CarRacing env = new CarRacing(EnvVersion.V3, new NoRenderer());
        env.reset(ref(EnvVersion.V3, 0, "A_full_gas").track);
        Body hull = env.hullBody();
        assertEquals(REF_HULL_MASS, hull.getMass(), MASS_TOL, "hull mass");
        assertEquals(REF_HULL_INERTIA, hull.getInertia(), MASS_TOL, "hull inertia about the body origin");
        assertEquals(REF_HULL_CENTER_Y, hull.getLocalCenter().y, MASS_TOL, "hull centre of mass y");
        assertEquals(0.0, hull.getLocalCenter().x, 1e-8, "hull centre of mass x");
        assertEquals(0.28 * 0.54 * 4 * 0.1, env.wheel(0).body.getMass(), 1e-6, "wheel mass 0.06048");
    }

    @Test
    void tileShapesAreStoredAsBox2DStoresThem() {
        ReferenceTrajectory r = ref(EnvVersion.V3, 2, "A_full_gas");
        double[] b2 = r.tracks.get("tile_b2_vertices").asDoubles();   // (N,8,2), unused rows NaN
        CarRacing env = new CarRacing(EnvVersion.V3, new NoRenderer());
        env.reset(r.track);
        for (int i = 0; i < r.track.size(); i++) {
            Fixture tile = env.tileFixture(i);
            assertEquals(Integer.valueOf(i), tile.getUserData());
            assertTrue(tile.isSensor(), "tile " + i + " is a sensor");
            assertEquals(0.2f, tile.getFriction(), 0f);
            assertEquals(1, tile.getFilterData().categoryBits);
            PolygonShape s = (PolygonShape) tile.getShape();
            int count = 0;
            while (count < 8 && !Double.isNaN(b2[16 * i + 2 * count])) count++;
            assertEquals(count, s.m_count, "tile " + i + " vertex count");
            for (int v = 0; v < count; v++) {
                assertEquals(b2[16 * i + 2 * v], s.m_vertices[v].x, 0.0, "tile " + i + " vertex " + v + " x");
                assertEquals(b2[16 * i + 2 * v + 1], s.m_vertices[v].y, 0.0, "tile " + i + " vertex " + v + " y");
            }
        }
    }

    @Test
    void badActionsAreRefusedByName() {
        CarRacing env = new CarRacing(EnvVersion.V0, new NoRenderer());
        assertThrows(IllegalStateException.class, () -> env.step(0, 0, 0), "step before reset");
        env.reset(ref(EnvVersion.V0, 0, "A_full_gas").track);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(0, Double.NaN, 0));
        assertEquals("action[1] (gas) is NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {Float.NEGATIVE_INFINITY, 0, 0}));
        assertTrue(e.getMessage().startsWith("action[0] (steer) is infinite"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> env.step(0, 0, Double.POSITIVE_INFINITY));
        assertTrue(e.getMessage().startsWith("action[2] (brake) is infinite"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {0, 1}));
        assertTrue(e.getMessage().contains("3 components"), e.getMessage());
        assertEquals(0, env.steps(), "refused actions do not step");
    }

    @Test
    void gasIsClippedSteerAndBrakeAreNot() {
        Track track = ref(EnvVersion.V3, 1, "A_full_gas").track;
        CarRacing a = new CarRacing(EnvVersion.V3, new NoRenderer());
        CarRacing b = new CarRacing(EnvVersion.V3, new NoRenderer());
        a.reset(track);
        b.reset(track);
        for (int k = 0; k < 60; k++) {
            a.step(0.3, 1.0, 0);
            b.step(0.3, 7.0, -0.5);   // gas 7 acts as 1; a negative brake does nothing, like 0
        }
        assertEquals(a.hullX(), b.hullX(), 0.0);
        assertEquals(a.hullY(), b.hullY(), 0.0);
        assertEquals(a.wheelOmega(2), b.wheelOmega(2), 0.0);
        assertEquals(1.0, b.wheel(2).gas(), 0.0, "rear wheel gas after 60 steps of gas 7");
        assertEquals(0.0, b.wheel(0).gas(), 0.0, "front wheels have no drive");
        double phaseBefore = b.wheel(3).phase();
        b.step(2.5, 0, 3.0);
        assertEquals(-2.5, b.wheel(0).steer(), 0.0, "steer target is minus action[0], unclipped");
        assertEquals(0.0, b.wheel(2).steer(), 0.0, "rear wheels are not steered");
        assertEquals(3.0, b.wheel(3).brake(), 0.0, "brake unclipped");
        // brake >= 0.9 sets omega = 0 before the phase update (the tyre force then spins it a little)
        assertEquals(phaseBefore, b.wheel(3).phase(), 0.0, "a locked wheel does not roll");
    }

    @Test
    void gasRisesByAtMostATenthPerStep() {
        CarRacing env = new CarRacing(EnvVersion.V3, new NoRenderer());
        env.reset(ref(EnvVersion.V3, 1, "A_full_gas").track);
        env.step(0, 1, 0);
        assertEquals(0.1, env.wheel(3).gas(), 0.0);
        env.step(0, 1, 0);
        assertEquals(0.2, env.wheel(3).gas(), 0.0);
        env.step(0, 0.05, 0);
        assertEquals(0.05, env.wheel(3).gas(), 1e-15, "gas drops at once");
    }

    @Test
    void doingNothingReturns2000OverNMinus100AndTruncatesAt1000() {
        ReferenceTrajectory r = ref(EnvVersion.V0, 4, "C_mixed");
        CarRacing env = new CarRacing(EnvVersion.V0, new NoRenderer());
        env.reset(r.track);
        double total = 0;
        for (int k = 1; k <= 1000; k++) {
            StepResult s = env.step(0, 0, 0);
            total += s.reward();
            assertFalse(s.terminated(), "step " + k);
            assertEquals(k == 1000, s.truncated(), "truncated at step " + k);
            assertEquals(k == 1000, s.done(), "v0 done at step " + k);
        }
        // spec section 5: do nothing for 1000 steps = 2000/N - 100 (the car straddles tiles 0 and 1)
        assertEquals(2000.0 / r.track.size() - 100, total, 1e-9);
    }

    @Test
    void aReusedWorldGivesTheSameEpisodeAsAFreshOne() {
        ReferenceTrajectory first = ref(EnvVersion.V3, 3, "C_mixed");
        ReferenceTrajectory second = ref(EnvVersion.V3, 5, "B_sine_steer");
        CarRacing reused = new CarRacing(EnvVersion.V3, new NoRenderer());
        reused.reset(first.track);
        for (int k = 0; k < 150; k++) reused.step(first.actions[3 * k], first.actions[3 * k + 1], first.actions[3 * k + 2]);
        reused.reset(second.track);
        CarRacing fresh = new CarRacing(EnvVersion.V3, new NoRenderer());
        fresh.reset(second.track);
        assertEquals(2, reused.tilesVisited(), "tiles of the previous episode are gone");
        assertEquals(fresh.cumulativeReward(), reused.cumulativeReward(), 0.0);
        for (int k = 0; k < 300; k++) {
            StepResult a = fresh.step(second.actions[3 * k], second.actions[3 * k + 1], second.actions[3 * k + 2]);
            double ra = a.reward();
            StepResult b = reused.step(second.actions[3 * k], second.actions[3 * k + 1], second.actions[3 * k + 2]);
            assertEquals(ra, b.reward(), 0.0, "reward at step " + k);
            assertEquals(fresh.hullX(), reused.hullX(), 0.0, "hull x at step " + k);
            assertEquals(fresh.hullAngle(), reused.hullAngle(), 0.0, "hull angle at step " + k);
            assertEquals(fresh.tilesVisited(), reused.tilesVisited(), "tiles at step " + k);
        }
    }

    @Test
    void seededResetsReproduceTheReferenceResetStateAndContinueTheStream() {
        for (EnvVersion v : EnvVersion.values()) {
            for (int seed : new int[] {0, 4}) {
                ReferenceTrajectory r = ref(v, seed, "A_full_gas");
                CarRacing env = new CarRacing(v, new NoRenderer());
                env.reset(seed);
                double[] pos = r.tracks.get("reset_hull_pos").asDoubles();
                // The generated track equals the recorded one to ~1e-13 m (glibc vs Java sin/cos), so the
                // reset state agrees to float32 precision.
                assertEquals(pos[0], env.hullX(), 1e-4, v + " seed " + seed + " hull x after reset");
                assertEquals(pos[1], env.hullY(), 1e-4, v + " seed " + seed + " hull y after reset");
                assertEquals(r.tracks.get("reset_hull_angle").scalar(), env.hullAngle(), 1e-5, v + " seed " + seed + " hull angle");
                assertEquals(r.track.size(), env.track().size(), "tile count");
            }
            // reset() continues the RNG stream: the second track of a stream is the next 24 x attempts draws.
            CarRacing a = new CarRacing(v, new NoRenderer());
            a.reset(7);
            int first = a.track().size();
            a.reset();
            org.worldmodels.env.UniformSource rng = org.worldmodels.env.rng.TrackRandom.forSeed(v, 7);
            TrackGenerator.generate(rng);
            Track second = TrackGenerator.generate(rng);
            assertEquals(second.size(), a.track().size(), v + ": reset() draws the stream's next track");
            assertArrayEquals(second.x, a.track().x, 0.0);
            assertTrue(first > 0);
        }
        assertThrows(IllegalStateException.class, () -> new CarRacing(EnvVersion.V0, new NoRenderer()).reset());
    }

    /** Records what a renderer sees: the contract between physics and pixels. */
    private static final class RecordingRenderer implements FrameRenderer {
        int frames;
        double lastTime, lastDisplayed;
        boolean tile0Touched, tile5Touched;
        byte[] target;

        @Override
        public void render(RenderScene scene, byte[] rgb) {
            frames++;
            lastTime = scene.time();
            lastDisplayed = scene.displayedReward();
            tile0Touched = scene.tileTouched(0);
            tile5Touched = scene.tileTouched(5);
            target = rgb;
            rgb[0] = (byte) frames;
        }
    }

    @Test
    void rendersEveryStepIntoItsOwnBuffer() {
        ReferenceTrajectory r = ref(EnvVersion.V0, 0, "A_full_gas");
        RecordingRenderer rec = new RecordingRenderer();
        CarRacing env = new CarRacing(EnvVersion.V0, rec);
        byte[] obs = env.reset(r.track);
        assertEquals(1, rec.frames, "the reset step renders");
        assertSame(obs, rec.target);
        assertSame(obs, env.observation());
        assertEquals(0.02, rec.lastTime, 0.0);
        assertEquals(2000.0 / r.track.size(), rec.lastDisplayed, 1e-12, "reset frame shows the two tiles under the car");
        assertTrue(rec.tile0Touched, "tile 0 under the car is drawn plain");
        assertFalse(rec.tile5Touched);
        env.step(0, 1, 0);
        assertEquals(2, rec.frames);
        assertEquals(0.04, rec.lastTime, 0.0);
        // The frame is drawn before the step's -0.1 is booked (v0 "%04i" label; v3 likewise).
        assertEquals(2000.0 / r.track.size(), rec.lastDisplayed, 1e-12);
        assertEquals(2000.0 / r.track.size() - 0.1, env.cumulativeReward(), 1e-12);
        assertEquals(2, obs[0]);
        assertArrayEquals(new int[] {96 * 96 * 3}, new int[] {obs.length});
    }

    /**
     * A straight synthetic road along +y from the car at the origin: tiles 1..39 in driving order, tile 0
     * after them, and tile 40 far off the road (never visited). Reaching tile 0 with 40 of 41 tiles
     * visited (> 95%) completes a lap in v3; v0 has no lap rule and needs every tile.
     */
    private static Track lapTrack() {
        int n = 41;
        double w = CarRacingConstants.TRACK_WIDTH, step = 3.5;
        double[] alpha = new double[n], beta = new double[n], x = new double[n], y = new double[n], tiles = new double[8 * n];
        for (int i = 0; i < n; i++) {
            int slot = i == 0 ? 40 : i;                 // position along the road: tile 0 comes last
            double y0 = (slot - 2) * step, y1 = (slot - 1) * step, cx = i == 40 ? 100 : 0;
            if (i == 40) { y0 = 0; y1 = step; }
            double[] quad = {cx - w, y1, cx + w, y1, cx + w, y0, cx - w, y0};
            System.arraycopy(quad, 0, tiles, 8 * i, 8);
            y[i] = i == 0 ? 0 : y1;                    // point 0 (the car's start) is the origin
            x[i] = cx;
        }
        return new Track(alpha, beta, x, y, tiles, new boolean[n], new double[0], new int[0], new boolean[0], 1);
    }

    @Test
    void v3EndsALapAt95PercentV0NeedsEveryTile() {
        int[] lapStep = new int[2];
        for (EnvVersion v : EnvVersion.values()) {
            CarRacing env = new CarRacing(v, new NoRenderer());
            env.reset(lapTrack());
            assertEquals(2, env.tilesVisited(), v + ": the car starts on tiles 1 and 2");
            int k = 0;
            StepResult r;
            do {
                r = env.step(0, 1, 0);
                k++;
            } while (!r.terminated() && env.tilesVisited() < 40 && k < 400);
            assertEquals(40, env.tilesVisited(), v + ": tile 0 reached after tiles 1..39 at step " + k);
            assertEquals(v == EnvVersion.V3, r.terminated(), v + ": terminated when tile 0 is reached at 40/41");
            lapStep[v.ordinal()] = k;
        }
        assertEquals(lapStep[0], lapStep[1], "same physics in both versions");
    }

    /** Final hull x, angle and reward sum of a 300-step reference script: a fingerprint of the run. */
    private static double[] fingerprint(ReferenceTrajectory r) {
        CarRacing env = new CarRacing(r.version, new NoRenderer());
        env.reset(r.track);
        double total = 0;
        for (int k = 0; k < r.steps; k++) total += env.step(r.actions[3 * k], r.actions[3 * k + 1], r.actions[3 * k + 2]).reward();
        return new double[] {env.hullX(), env.hullY(), env.hullAngle(), total, env.tilesVisited()};
    }

    @Test
    void environmentsOnParallelThreadsDoNotInterfere() throws Exception {
        // JBox2D keeps some static counters and scratch vectors; none is on the path CarRacing uses.
        ReferenceTrajectory[] runs = {
            ref(EnvVersion.V3, 4, "B_sine_steer"), ref(EnvVersion.V0, 5, "C_mixed"),
            ref(EnvVersion.V3, 9, "A_full_gas"), ref(EnvVersion.V0, 2, "B_sine_steer")};
        double[][] alone = new double[runs.length][];
        for (int i = 0; i < runs.length; i++) alone[i] = fingerprint(runs[i]);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(runs.length);
        try {
            java.util.List<java.util.concurrent.Future<double[]>> together = new java.util.ArrayList<>();
            for (ReferenceTrajectory r : runs) together.add(pool.submit(() -> fingerprint(r)));
            for (int i = 0; i < runs.length; i++) {
                assertArrayEquals(alone[i], together.get(i).get(), 0.0, runs[i] + ": same result on a parallel thread");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
