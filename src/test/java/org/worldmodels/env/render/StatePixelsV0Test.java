// SPDX-License-Identifier: MIT
// The v0 renderer against the frames gym's 2018 CarRacing drew with OpenGL, on the recorded states.
package org.worldmodels.env.render;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatePixelsV0Test {
    /** Required share of equal pixels (spec: a faithful software renderer reaches 99.9992%). */
    static final double MIN_EQUAL_FRACTION = 0.9999;
    static final int SEEDS = 10;

    @Test
    void resetFramesMatchTheOpenGlFrames() {
        StatePixelsV0 renderer = new StatePixelsV0();
        byte[] rgb = new byte[RecordedScene.PIXELS * 3];
        int differing = 0, worstSeed = -1, worst = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            RecordedScene scene = new RecordedScene("carracing-v0", seed);
            renderer.render(scene, rgb);
            int d = FrameCompare.differingPixels(rgb, scene.resetObs);
            differing += d;
            if (d > worst) {
                worst = d;
                worstSeed = seed;
            }
            if (seed < 2) FrameCompare.writeSideBySide(String.format("render-v0-reset-seed%02d.png", seed), rgb, scene.resetObs, 96, 96, 4);
        }
        int total = SEEDS * RecordedScene.PIXELS;
        double equal = 1 - differing / (double) total;
        System.out.printf("v0 reset frames: %d of %d pixels differ (%.5f%% equal), worst seed %d with %d%n",
            differing, total, 100 * equal, worstSeed, worst);
        assertTrue(equal >= MIN_EQUAL_FRACTION, String.format("%d of %d pixels differ; worst seed %d (%d pixels)",
            differing, total, worstSeed, worst));
    }

    /**
     * The frames stored along the trajectories (steps 0, 50, 100, 200, 299), drawn from the recorded
     * poses; which tiles were touched is reconstructed by {@link TileTouches} and checked against the
     * recorded visited count.
     */
    @Test
    void trajectoryFramesMatchTheOpenGlFrames() {
        StatePixelsV0 renderer = new StatePixelsV0();
        byte[] rgb = new byte[RecordedScene.PIXELS * 3];
        int[] frames = {0}, differing = {0}, worst = {0};
        String[] worstFrame = {"none"};
        int countMismatches = TrajectoryFrames.forEach("carracing-v0", SEEDS, (scene, ref, seed, script, k) -> {
            renderer.render(scene, rgb);
            int d = FrameCompare.differingPixels(rgb, ref);
            differing[0] += d;
            frames[0]++;
            if (d > worst[0]) {
                worst[0] = d;
                worstFrame[0] = "seed " + seed + " " + script + " step " + k;
            }
            if (seed == 3 && script.startsWith("C") && (k == 100 || k == 200)) {
                FrameCompare.writeSideBySide(String.format("render-v0-seed%02d-C-step%03d.png", seed, k), rgb, ref, 96, 96, 4);
            }
        });
        long total = (long) frames[0] * RecordedScene.PIXELS;
        double equal = 1 - differing[0] / (double) total;
        System.out.printf("v0 trajectory frames: %d frames, %d of %d pixels differ (%.5f%% equal), worst %s with %d;"
            + " steps whose reconstructed visited count differs from the recording: %d of %d%n",
            frames[0], differing[0], total, 100 * equal, worstFrame[0], worst[0], countMismatches, TrajectoryFrames.stepsChecked);
        assertTrue(equal >= MIN_EQUAL_FRACTION, String.format("%d of %d pixels differ; worst %s (%d pixels)",
            differing[0], total, worstFrame[0], worst[0]));
        assertTrue(countMismatches == 0, countMismatches + " steps with a wrong visited-tile count: the touched tiles are not reconstructed");
    }
}
